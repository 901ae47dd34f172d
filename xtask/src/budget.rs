//! The first-load budget: everything a citizen's browser must fetch to read and comment
//! (the start page's and a section page's HTML, as the server renders them, and every file
//! they reference: JS, wasm, icon), brotli-compressed.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{app, root, say, status};

/// The most the first load may weigh, brotli-compressed (bytes): the size reached plus at
/// most 5 KB, so a gain cannot silently erode. Reached: 147.5 KB on 2026-11-26 (prerendered
/// pages with their CSS inline, only the live parts in the wasm, JSON through the
/// browser's `JSON`); then 152.2 KB with the embed (+2.7: the frame script in every page's
/// head, the "Einbinden" page's copy buttons) and the kiosk (+2.0 for citizens: the empty
/// bar, the start script's choice of bundle, the kiosk CSS and texts; the kiosk's own code
/// is in its own bundle); then 159.4 KB with English (+4.1 wasm: the English texts and
/// the language's plumbing, −1.6 of it won back by moving the administration's texts into
/// its own bundle; the head script's choice of language and the switch), the dark scheme
/// (CSS in every page) and the sections' Leichte-Sprache and English renderings (their
/// text is in the prerendered section pages, not in the wasm); then 162.7 KB with the one
/// live region, refusals said in the page's language, dates per language and the focus
/// kept on confirmations (+3.1 wasm); then 167.1 KB with applications for an event's
/// seats in the outbox (+4.4 wasm, measured commit by commit: the stored item's serde for
/// `NewApplication` reaches every town's bundle; the event's page, form and sending are
/// compiled only into a town's bundle that has an event, and cost towns without one
/// nothing). That 4.4 could be won back by making the outbox item generic over its
/// payload. Then 175.7 KB with what people stumbled over (issue 20, +8.6 wasm): the form's
/// message following the sent comment, a sent comment's "Zurückziehen" and "Nur von diesem
/// Gerät entfernen" with the link to copy, the receipt page's withdraw and share, the note
/// for Safari on iOS, the start page's way to the sections and end date, and every part's
/// async work tied to its owner (`task.rs`; Leptos' `LocalResource`/`Action` for the same
/// measured +25 KB and were not kept). Then 176.9 KB with the receipt's QR code (+1.4: a
/// form that posts the address to the server, which draws it; the same drawn in the wasm
/// measured +4.4, fetched and shown inline +2.3). Then 182.0 KB with the public list in
/// pages (issue 21, +5.3: the page's type and its serde, "Weitere Kommentare laden" with its
/// states and live message, a change's link that reads the list on to its comment; the
/// same with `Show`/`For` for the list measured +9.0 and +6.3, not kept). Then 183.8 KB
/// (+1.6, measured together) with a draft's move to the changed version of its section
/// (the button, its three texts in two languages, `move_to_version`) and the strategy
/// reaching the views as a context (`content::Content`, sections and the event as `Arc`
/// props): stage 1 of issue 22, whose stage 4 takes the strategy's text out of the wasm.
/// Then 184.3 KB with the event's code in a bundle of its own (issue 22, stage 2: +0.5 for
/// the citizens' wasm, measured with three shapes of the change): one build must serve
/// towns with and without an event, so the outbox asks at run time whether the event's
/// bundle handed it a sender for applications, where a compile-time switch per town left
/// the code out before. (A town with an event starts the event's bundle, 197 KB brotli
/// for Esslingen, as its one bundle was before.) Then 184.6 KB with the pages rendered by
/// the server (issue 22, stage 3, +0.3: the head script is no longer minified by Trunk, only
/// its comment lines and indentation are left out, and the head's attributes are quoted;
/// brotli 11 as before, which the server makes for a page in the background on its first
/// request). Then 184.2 KB with one build for every strategy (issue 22, stage 4): the wasm
/// carries no strategy (−1.2 KB: the compiled text gone, a hand-written reader of the page's
/// JSON in its place — serde's derive with serde-wasm-bindgen for the same measured +4.4
/// KB), and each page carries what its parts need as JSON (+0.4 KB each: titles, the page's
/// own section, empty fields left out; English titles only on English pages). Then the
/// administration's crate of its own (issue 22) changed how LLVM optimises the citizens'
/// shared code before the link (the same code, +0.66 KB brotli: measured with the
/// administration's requests put back unused), and wasm-opt's `--converge` won 0.44 KB back;
/// then the bundles' JavaScript minified by terser (Trunk's minifier had given up on
/// wasm-bindgen's glue): −1.8 KB, to 183.1 KB. Then 186.1 KB with the e-mail request on
/// the receipt page (issue 23, +3.0: its texts in two languages, the form, the request's
/// serde; a hand-written JSON instead of serde is the first thing to measure for a cut).
/// Then 191.3 KB with the rest of issue 23 (+5.1 KB: twiggy diff against the session's
/// start, +22 KB of raw code — the form offered under the comment form and in each row of
/// "Meine Beiträge", push beside the e-mail, the subscription's snippet, nine texts in two
/// languages; most of it Leptos' view code for the three new places). To measure for a
/// cut: a link from "Meine Beiträge" to the receipt page's form instead of a form per row.
/// Lower it with every cut; the goal was 100 KB (`cargo xtask size` shows why it is out of
/// reach).
pub const BUDGET_BROTLI: u64 = 192 * 1000;

/// Prints the first-load sizes of `dist` and fails above [`BUDGET_BROTLI`]; returns each
/// file with its brotli size.
pub fn check(dist: &Path) -> Result<Vec<(String, u64)>, String> {
    status(Command::new("cargo").current_dir(root()).args([
        "build",
        "--quiet",
        "--package",
        "mitreden-server",
    ]))?;
    check_with(dist, &root().join("target/debug/mitreden-server"))
}

/// [`check`] with a server binary built already (`cargo xtask test` has the one its tests
/// built: building it again alone would compile it with other features).
pub fn check_with(dist: &Path, server: &Path) -> Result<Vec<(String, u64)>, String> {
    let pages = render(dist, server)?;
    let index = std::fs::read_to_string(pages.join("index.html"))
        .map_err(|e| format!("{}/index.html: {e}", pages.display()))?;
    let mut files = vec!["index.html".to_owned()];
    // A section page (the first in name order).
    let mut sections: Vec<String> = std::fs::read_dir(pages.join("abschnitt"))
        .map(|dir| {
            dir.flatten()
                .filter_map(|e| e.file_name().into_string().ok())
                .filter(|name| name.ends_with(".html"))
                .map(|name| format!("abschnitt/{name}"))
                .collect()
        })
        .unwrap_or_default();
    sections.sort();
    files.extend(sections.into_iter().take(1));
    // The kiosk's bundle is named in every page too, but only a kiosk fetches it.
    files.extend(
        referenced_files(&index)
            .into_iter()
            .filter(|f| !f.starts_with("kiosk-app/") && dist.join(f).is_file()),
    );
    // wasm-bindgen's JS snippets are imported by the app's JS, not named by the pages: the
    // event's bundle's where the pages start that one (a strategy with an event).
    let bundle = if files.iter().any(|f| f.starts_with("event-app/")) {
        "event-app/snippets"
    } else {
        "snippets"
    };
    files.extend(snippets(&dist.join(bundle), bundle));
    files.sort();
    files.dedup();
    say("first load (what the browser fetches to read and comment):");
    println!(
        "  {:<44} {:>9} {:>9} {:>9}",
        "file", "raw", "gzip", "brotli"
    );
    let (mut raw, mut gz, mut br) = (0, 0, 0);
    let mut sizes = Vec::new();
    for file in files {
        // The pages come from the server's rendering, the rest from the build.
        let base = if file.ends_with(".html") {
            &pages
        } else {
            dist
        };
        let size = |suffix: &str| -> u64 {
            let path = base.join(format!("{file}{suffix}"));
            std::fs::metadata(&path).map_or(0, |m| m.len())
        };
        let (r, g, b) = (size(""), size(".gz"), size(".br"));
        // A file that was not precompressed is sent as it is.
        let (g, b) = (if g == 0 { r } else { g }, if b == 0 { r } else { b });
        println!("  {file:<44} {r:>9} {g:>9} {b:>9}");
        sizes.push((file, b));
        raw += r;
        gz += g;
        br += b;
    }
    println!("  {:<44} {raw:>9} {gz:>9} {br:>9}", "total (bytes)");
    println!(
        "  first-load size: {:.1} KB brotli, {:.1} KB gzip (budget {} KB brotli)",
        br as f64 / 1000.0,
        gz as f64 / 1000.0,
        BUDGET_BROTLI / 1000
    );
    if br > BUDGET_BROTLI {
        return Err(format!(
            "first load is {br} bytes brotli, over the budget of {BUDGET_BROTLI}"
        ));
    }
    Ok(sizes)
}

/// The pages the server renders for the build in `dist` (`mitreden-server render`, with the
/// strategy file the app is built with), into `target/pages`, each with the `.br` and
/// `.gz` the server sends (brotli quality 11, gzip best: as `render.rs` compresses them
/// once a site is served).
fn render(dist: &Path, server: &Path) -> Result<PathBuf, String> {
    let out = root().join("target/pages");
    let _ = std::fs::remove_dir_all(&out);
    say("rendering the pages as the server does (mitreden-server render)");
    status(
        Command::new(server)
            .current_dir(root())
            .arg("--dist")
            .arg(dist)
            .arg("--strategy")
            .arg(app::strategy_file())
            .arg("render")
            .arg("--out")
            .arg(&out),
    )?;
    for page in html_files(&out) {
        let data = std::fs::read(&page).map_err(|e| format!("{}: {e}", page.display()))?;
        let beside = |ext: &str| PathBuf::from(format!("{}.{ext}", page.display()));
        std::fs::write(beside("br"), app::brotli(&data)?).map_err(|e| e.to_string())?;
        std::fs::write(beside("gz"), app::gzip(&data)?).map_err(|e| e.to_string())?;
    }
    Ok(out)
}

/// Every `.html` file below `dir`.
fn html_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .flat_map(|entry| {
            let path = entry.path();
            if path.is_dir() {
                html_files(&path)
            } else if path.extension().is_some_and(|e| e == "html") {
                vec![path]
            } else {
                Vec::new()
            }
        })
        .collect()
}

/// Every file below `dir` (as `prefix/…`), without the precompressed copies.
fn snippets(dir: &Path, prefix: &str) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = format!("{prefix}/{name}");
        if entry.path().is_dir() {
            out.extend(snippets(&entry.path(), &path));
        } else if !name.ends_with(".br") && !name.ends_with(".gz") {
            out.push(path);
        }
    }
    out
}

/// Local paths (`/name.ext`) named anywhere in the HTML: in attributes, quoted or not (Trunk
/// minifies), and in the inline module script that imports the JS and the wasm. The caller
/// keeps only those that exist in `dist/`.
fn referenced_files(html: &str) -> Vec<String> {
    let mut out: Vec<String> = html
        .split(|c: char| c.is_whitespace() || "\"'<>=(),;".contains(c))
        .filter_map(|token| token.strip_prefix('/'))
        .map(|path| path.split(['?', '#']).next().unwrap_or(""))
        .filter(|path| path.contains('.') && !path.starts_with('/'))
        .map(str::to_owned)
        .collect();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_trunks_references() {
        let html = r#"<link rel="stylesheet" href="/main-ab12.css" integrity="sha384-x"/>
            <link rel="modulepreload" href="/app-1234.js"><link rel="preload" href="/app-1234_bg.wasm">
            <script type="module">import init from '/app-1234.js';init({ module_or_path: '/app-1234_bg.wasm' });</script>
            <link href=/favicon-1a2b.svg integrity=sha384-ab/cd rel=icon>
            <a href="https://example.org/x.js">x</a>"#;
        assert_eq!(
            referenced_files(html),
            vec![
                "app-1234.js",
                "app-1234_bg.wasm",
                "favicon-1a2b.svg",
                "main-ab12.css"
            ]
        );
    }
}

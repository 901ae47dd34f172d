//! `cargo xtask size`: where the bytes of the citizens' wasm go, before cutting any.
//!
//! Builds the app's wasm in release with its function names kept (cargo, then
//! wasm-bindgen with `--keep-debug`, no wasm-opt), reads it with twiggy 0.8 (0.7 cannot
//! read this wasm), and prints the largest crates and functions, then the first-load
//! total of the built `dist/`. Sizes here are before wasm-opt and compression, so they
//! show shares, not the bytes a browser fetches; the first-load table shows those.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use crate::{app, budget, output, root, say, status, tools};

/// How many crates and functions the tables show.
const TOP: usize = 20;

/// Builds the name-kept wasm, prints the tables and the first-load total.
pub fn run() -> Result<(), String> {
    let build_tools = tools::ensure_build_tools()?;
    let twiggy = tools::ensure_twiggy()?;
    let root = root();
    say("building the app's wasm with names kept (cargo --release, wasm-bindgen --keep-debug)");
    status(
        Command::new("cargo")
            .current_dir(&root)
            .args(["build", "--release", "--target", "wasm32-unknown-unknown"])
            .args(["--package", "mitreden", "--bin", "mitreden"]),
    )?;
    let out = root.join("target/size");
    status(
        Command::new("wasm-bindgen")
            .env("PATH", &build_tools.path)
            .args(["--target", "web", "--keep-debug", "--out-dir"])
            .arg(&out)
            .arg(root.join("target/wasm32-unknown-unknown/release/mitreden.wasm")),
    )?;
    let wasm = out.join("mitreden_bg.wasm");
    let csv = output(
        Command::new(&twiggy)
            .args(["top", "--format", "csv"])
            .arg(&wasm),
    )
    .ok_or("twiggy top failed")?;
    let items = parse_top(&csv)?;
    let total: u64 = items.iter().map(|(_, size)| size).sum();
    println!(
        "\n  {} ({} bytes before wasm-opt; shares of that)",
        wasm.display(),
        total
    );
    print_table("crate", &by_crate(&items), total);
    let mut largest = items.clone();
    largest.sort_by_key(|item| std::cmp::Reverse(item.1));
    largest.truncate(TOP);
    print_table("function or item", &largest, total);
    println!();
    // The bytes a browser fetches: the budget's table of the last `cargo xtask build`.
    let dist = root.join("dist");
    if !Path::new(&dist).join("index.html").is_file() {
        say("no dist/ yet: `cargo xtask build` builds it, then the first-load total shows here");
        return Ok(());
    }
    let first_load = budget::check(&dist)?;
    let floor = floor(&build_tools)?;
    print_why(&first_load, &by_group(&items), total, floor);
    Ok(())
}

/// The crates of each group in the "why" table; what no group names counts as "other".
const GROUPS: &[(&str, &[&str])] = &[
    (
        "Leptos: views, reactivity, mounting, its executor",
        &[
            "tachys",
            "reactive_graph",
            "leptos",
            "leptos_dom",
            "leptos_macro",
            "leptos_server",
            "leptos_router",
            "any_spawner",
            "reactive_stores",
            "throw_error",
            "or_poisoned",
            "next_tuple",
            "send_wrapper",
            "slotmap",
            "hydration_context",
            "oco_ref",
            "guardian",
            "either_of",
            "futures_util",
            "futures_channel",
            "futures_core",
            "futures_executor",
            "futures_task",
            "pin_project_lite",
            "async_lock",
            "event_listener",
            "indexmap",
            "rustc_hash",
        ],
    ),
    (
        "Rust's runtime: core, alloc, std, allocator, hash maps",
        &[
            "core",
            "alloc",
            "std",
            "dlmalloc",
            "compiler_builtins",
            "hashbrown",
        ],
    ),
    (
        "browser bindings: wasm-bindgen, js-sys, web-sys, imports",
        &[
            "wasm_bindgen",
            "wasm_bindgen_futures",
            "js_sys",
            "web_sys",
            "console_error_panic_hook",
            "(import)",
        ],
    ),
    (
        "serde, serde-wasm-bindgen",
        &["serde", "serde_core", "serde_wasm_bindgen"],
    ),
    (
        "the app's live parts, outbox, storage, HTTP (mitreden)",
        &["mitreden"],
    ),
    (
        "the model: strategy, outbox rules, API types",
        &["mitreden_model"],
    ),
    (
        "read-only data: texts, the strategy, panic locations",
        &["(data)"],
    ),
];

/// The items' bytes summed by [`GROUPS`], in the table's order, "other" last.
fn by_group(items: &[(String, u64)]) -> Vec<(String, u64)> {
    let mut sums = vec![0; GROUPS.len() + 1];
    for (name, size) in items {
        let krate = crate_of(name);
        let group = GROUPS
            .iter()
            .position(|(_, crates)| crates.contains(&krate.as_str()))
            .unwrap_or(GROUPS.len());
        sums[group] += size;
    }
    GROUPS
        .iter()
        .map(|(label, _)| *label)
        .chain(["other: function tables, glue, small crates"])
        .zip(sums)
        .map(|(label, size)| (label.to_owned(), size))
        .collect()
}

/// Brotli bytes of the floor: `examples/leptos_floor.rs` (Leptos and nothing of the app),
/// built as Trunk builds the app — release, wasm-bindgen, wasm-opt with the flags
/// `index.html` gives Trunk — as `(wasm, JS)`.
fn floor(build_tools: &tools::BuildTools) -> Result<(u64, u64), String> {
    let root = root();
    say("building examples/leptos_floor.rs (Leptos alone) as Trunk builds the app");
    status(
        Command::new("cargo")
            .current_dir(&root)
            .args(["build", "--release", "--target", "wasm32-unknown-unknown"])
            .args(["--package", "mitreden", "--example", "leptos_floor"]),
    )?;
    let out = root.join("target/size/floor");
    status(
        Command::new("wasm-bindgen")
            .env("PATH", &build_tools.path)
            .args(["--target", "web", "--out-dir"])
            .arg(&out)
            .arg(root.join("target/wasm32-unknown-unknown/release/examples/leptos_floor.wasm")),
    )?;
    let index = std::fs::read_to_string(root.join("index.html")).map_err(|e| e.to_string())?;
    let level = attribute(&index, "data-wasm-opt").unwrap_or("z");
    let params = attribute(&index, "data-wasm-opt-params").unwrap_or("");
    let optimised = out.join("leptos_floor_opt.wasm");
    status(
        Command::new("wasm-opt")
            .env("PATH", &build_tools.path)
            .arg(format!("-O{level}"))
            .args(params.split_whitespace())
            .arg("-o")
            .arg(&optimised)
            .arg(out.join("leptos_floor_bg.wasm")),
    )?;
    // Trunk minifies the app's JS; this one is not, so its figure is an upper bound.
    let brotli_of = |path: &Path| -> Result<u64, String> {
        let data = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(app::brotli(&data)?.len() as u64)
    };
    Ok((
        brotli_of(&optimised)?,
        brotli_of(&out.join("leptos_floor.js"))?,
    ))
}

/// The value of the first `name="…"` in `html`.
fn attribute<'a>(html: &'a str, name: &str) -> Option<&'a str> {
    let start = html.find(&format!("{name}=\""))? + name.len() + 2;
    let len = html[start..].find('"')?;
    Some(&html[start..start + len])
}

/// Why the first load weighs what it does: the pages, the framework's floor, and the
/// app's wasm by group (names-kept shares applied to its brotli size, so "≈").
fn print_why(
    first_load: &[(String, u64)],
    groups: &[(String, u64)],
    total: u64,
    (floor_wasm, floor_js): (u64, u64),
) {
    let kb = |bytes: u64| bytes as f64 / 1000.0;
    let sum = |pick: &dyn Fn(&str) -> bool| -> u64 {
        first_load
            .iter()
            .filter(|(file, _)| pick(file))
            .map(|(_, size)| size)
            .sum()
    };
    let wasm = sum(&|f| f.ends_with(".wasm"));
    let pages = sum(&|f| f.ends_with(".html") || f.ends_with(".svg"));
    let js = sum(&|f| f.ends_with(".js"));
    println!("\n  why the first load is not 100 KB (brotli, KB)");
    println!(
        "  {:<62} {:>7}",
        "the two pages, their CSS inline, the icon",
        format!("{:.1}", kb(pages))
    );
    println!(
        "  {:<62} {:>7}",
        "the JS: wasm-bindgen's glue and snippets",
        format!("{:.1}", kb(js))
    );
    println!("  {:<62} {:>7}", "the wasm", format!("{:.1}", kb(wasm)));
    println!(
        "\n  {:<62} {:>7} {:>7}",
        "the wasm by group", "share", "≈ KB"
    );
    for (label, size) in groups {
        let share = *size as f64 / total.max(1) as f64;
        println!(
            "  {label:<62} {:>6.1}% {:>7.1}",
            share * 100.0,
            kb(wasm) * share
        );
    }
    let floor = floor_wasm + floor_js;
    println!(
        "\n  Leptos alone (examples/leptos_floor.rs, nothing of the app), built like the app:\n  \
         wasm {:.1} + JS {:.1} = {:.1} KB. With the pages ({:.1} KB) that is {:.1} KB before\n  \
         any of the app's own work; {:.1} KB of a 100 KB first load would be left for the\n  \
         outbox, storage, HTTP, the model, the texts and the parts' views, which take {:.1} KB now.",
        kb(floor_wasm),
        kb(floor_js),
        kb(floor),
        kb(pages),
        kb(floor + pages),
        (100.0 - kb(floor + pages)).max(0.0),
        (kb(wasm + js) - kb(floor)).max(0.0),
    );
}

/// `(name, shallow bytes)` from twiggy's `top --format csv`.
fn parse_top(csv: &str) -> Result<Vec<(String, u64)>, String> {
    let mut lines = csv.lines();
    let header = lines.next().ok_or("twiggy printed nothing")?;
    let column = |name: &str| {
        header
            .split(',')
            .position(|c| c == name)
            .ok_or(format!("twiggy's CSV has no {name} column: {header}"))
    };
    let (name_at, size_at) = (column("Name")?, column("ShallowSize")?);
    let mut items = Vec::new();
    for line in lines {
        let fields = split_csv(line);
        let (Some(name), Some(size)) = (fields.get(name_at), fields.get(size_at)) else {
            continue;
        };
        if let Ok(size) = size.parse::<u64>() {
            // Not code: twiggy's summary row, and the names section this build keeps on
            // purpose (wasm-opt strips it from the real bundle).
            if !name.starts_with("Σ") && !name.contains("\"function names\" subsection") {
                items.push((without_hash(name), size));
            }
        }
    }
    Ok(items)
}

/// A symbol without rustc's `::h<16 hex digits>` suffix.
fn without_hash(name: &str) -> String {
    match name.rsplit_once("::h") {
        Some((path, hash)) if hash.len() == 16 && hash.chars().all(|c| c.is_ascii_hexdigit()) => {
            path.to_owned()
        }
        _ => name.to_owned(),
    }
}

/// One CSV line's fields (RFC 4180 quoting: twiggy quotes names with commas).
fn split_csv(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                if let Some(f) = fields.last_mut() {
                    f.push('"');
                }
            }
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(String::new()),
            c => {
                if let Some(f) = fields.last_mut() {
                    f.push(c);
                }
            }
        }
    }
    fields
}

/// The items' bytes summed by crate, largest first.
fn by_crate(items: &[(String, u64)]) -> Vec<(String, u64)> {
    let mut sums: HashMap<String, u64> = HashMap::new();
    for (name, size) in items {
        *sums.entry(crate_of(name)).or_default() += size;
    }
    let mut sums: Vec<(String, u64)> = sums.into_iter().collect();
    sums.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    sums.truncate(TOP);
    sums
}

/// The crate a demangled name belongs to: the first path segment of the type or function,
/// looking through `<`, `&`, `dyn`, drop glue (`core::ptr::drop_in_place<T>` counts for
/// T's crate) and a bare generic (`<T as tachys::view::Render>` counts for tachys). Names
/// without a path (data, tables, wasm-bindgen's glue) keep their kind.
fn crate_of(name: &str) -> String {
    let mut rest = name.trim();
    loop {
        let before = rest;
        for prefix in [
            "core::ptr::drop_in_place<",
            "<",
            "&",
            "mut ",
            "dyn ",
            "(",
            "[",
        ] {
            if let Some(r) = rest.strip_prefix(prefix) {
                rest = r.trim_start();
            }
        }
        if rest == before {
            break;
        }
    }
    let ident: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    let mut after = &rest[ident.len()..];
    // Names of crates may carry their disambiguator: `dlmalloc[e24a27700634d609]::`.
    if let (Some(r), true) = (after.strip_prefix('['), !ident.is_empty()) {
        if let Some(close) = r.find(']') {
            if r[..close].chars().all(|c| c.is_ascii_hexdigit()) {
                after = &r[close + 1..];
            }
        }
    }
    if after.starts_with("::") && !ident.is_empty() {
        ident
    } else if let Some(r) = after.strip_prefix(" as ") {
        crate_of(r)
    } else {
        // "data[12]", "code[345]", "elem[0]", "import wbg::…": the kind before the index.
        format!("({})", if ident.is_empty() { "other" } else { &ident })
    }
}

fn print_table(what: &str, rows: &[(String, u64)], total: u64) {
    println!("\n  {:<72} {:>9} {:>6}", what, "bytes", "share");
    for (name, size) in rows {
        let shown: String = if name.chars().count() > 72 {
            name.chars().take(71).chain(['…']).collect()
        } else {
            name.clone()
        };
        println!(
            "  {shown:<72} {size:>9} {:>5.1}%",
            *size as f64 * 100.0 / total.max(1) as f64
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_counted_for_their_crate() {
        assert_eq!(crate_of("tachys::html::element::Foo::bar"), "tachys");
        assert_eq!(
            crate_of("<reactive_graph::signal::RwSignal<T> as core::clone::Clone>::clone"),
            "reactive_graph"
        );
        assert_eq!(
            crate_of("core::ptr::drop_in_place<leptos_router::Foo>"),
            "leptos_router"
        );
        assert_eq!(crate_of("core::fmt::write"), "core");
        assert_eq!(crate_of("data[3]"), "(data)");
        assert_eq!(crate_of("code[17]"), "(code)");
        assert_eq!(crate_of("<&mut dyn mitreden::X as Y>::z"), "mitreden");
        assert_eq!(crate_of("<T as tachys::view::Render>::build"), "tachys");
        assert_eq!(
            crate_of("<dlmalloc[e24a27700634d609]::Dlmalloc<A>>::malloc"),
            "dlmalloc"
        );
    }

    #[test]
    fn twiggy_csv_is_read() {
        let csv = "Name,ShallowSize,ShallowSizePercent\n\
                   \"a::b<c, d>::h0123456789abcdef\",120,1.5\n\
                   \"\"\"function names\"\" subsection\",999,9.0\n\
                   data[0],80,1.0\n\
                   Σ [2 Total Rows],200,2.5\n";
        assert_eq!(
            parse_top(csv),
            Ok(vec![
                ("a::b<c, d>".to_owned(), 120),
                ("data[0]".to_owned(), 80)
            ])
        );
    }
}

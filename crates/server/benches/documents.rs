//! Reading the town's document (issue 22, item 3), as the administration's upload does:
//! Sindelfingen's ten Leitmotive as LibreOffice wrote them into Word and OpenDocument
//! files, and a zip bomb (64 MB of one byte packed into a few KB), each read into a
//! strategy beside the current one 50 times in this process. Prints the median and the
//! slowest; the figures that chose reading with `zip` and `quick-xml` over an office tool
//! on the server are in ARCHITECTURE.md. Run by `cargo xtask bench`.

#![allow(
    clippy::unwrap_used,
    missing_docs,
    reason = "a benchmark stops on any failure"
)]

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

const RUNS: usize = 50;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let seed = std::fs::read_to_string(root.join("content/sindelfingen.toml")).unwrap();
    let current = mitreden_server::strategy::read("sindelfingen.toml", &seed).unwrap();
    let fixture =
        |name: &str| std::fs::read(root.join("tests/fixtures/documents").join(name)).unwrap();
    let mut bomb = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut bomb);
        zip.start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        zip.write_all(&vec![b'<'; 64 << 20]).unwrap();
        zip.finish().unwrap();
    }
    let files = [
        ("sindelfingen.docx", fixture("sindelfingen.docx")),
        ("sindelfingen.odt", fixture("sindelfingen.odt")),
        ("musterstadt.docx", fixture("musterstadt.docx")),
        ("bombe.docx (refused)", bomb.into_inner()),
    ];
    println!(
        "reading a document into a strategy beside Sindelfingen's ({RUNS} runs each, one thread):"
    );
    for (name, bytes) in &files {
        let mut times: Vec<Duration> = (0..RUNS)
            .map(|_| {
                let started = Instant::now();
                let read = mitreden_server::document::read(name, bytes, &current, "2026-12-06");
                let took = started.elapsed();
                assert_eq!(read.is_ok(), !name.contains("refused"), "{name}");
                took
            })
            .collect();
        times.sort();
        println!(
            "  {name:<24} {:>7} bytes   median {:>7.2} ms   slowest {:>7.2} ms",
            bytes.len(),
            times[RUNS / 2].as_secs_f64() * 1000.0,
            times[RUNS - 1].as_secs_f64() * 1000.0
        );
    }
}

//! The built app — Trunk's `dist/`, precompressed by `cargo xtask` — held in memory and
//! served from there.
//!
//! It comes from a folder (`--dist`, for development) or from the binary itself: a release
//! made by `cargo xtask dist` is built with the `embed` feature, which puts `dist/` into the
//! executable, so a town's IT installs one file. Either way the files are read once at
//! start; the folder may change underneath without the server noticing (a new build needs
//! a restart, as a new release does).

use std::collections::BTreeMap;
use std::path::Path;

use axum::body::Bytes;
use axum::http::HeaderValue;
use sha2::Digest;

use crate::AppError;

/// Every file of the build, by URL path (`/kiosk-app/mitreden-kiosk-….js`).
#[derive(Debug, Default)]
pub struct Dist {
    files: BTreeMap<String, File>,
    /// Where the files came from, for the log.
    origin: String,
}

/// One file of the build and its precompressed copies.
#[derive(Debug)]
pub struct File {
    /// As it is.
    pub identity: Bytes,
    /// `name.br` beside it, if the build wrote one.
    pub brotli: Option<Bytes>,
    /// `name.gz` beside it, if the build wrote one.
    pub gzip: Option<Bytes>,
    /// The SHA-256 of `identity`: the service worker's precache list and the `ETag`.
    pub sha256: [u8; 32],
    /// Its media type, from its name.
    pub content_type: HeaderValue,
}

impl Dist {
    /// The build named by `--dist`, or without it the one in this binary (a release), or
    /// else `dist/` in the working folder (development).
    pub fn load(folder: Option<&Path>) -> Result<Self, AppError> {
        match folder {
            Some(folder) => Self::read(folder),
            None => Self::built_in().map_or_else(|| Self::read(Path::new("dist")), Ok),
        }
    }

    /// The files below `folder`; a missing or empty folder is an empty build (pages
    /// without a bundle, as the server's tests have them).
    pub fn read(folder: &Path) -> Result<Self, AppError> {
        let mut raw = Vec::new();
        let mut stack = vec![folder.to_path_buf()];
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let Some(url) = url_of(folder, &path) else {
                    continue;
                };
                let bytes = std::fs::read(&path)
                    .map_err(|e| AppError::Startup(format!("{}: {e}", path.display())))?;
                raw.push((url, bytes));
            }
        }
        Ok(Self::from_files(raw, folder.display().to_string()))
    }

    /// The build embedded by the `embed` feature, if this binary has one.
    #[cfg(feature = "embed")]
    fn built_in() -> Option<Self> {
        let raw: Vec<(String, Vec<u8>)> = Embedded::iter()
            .filter_map(|name| {
                let file = Embedded::get(&name)?;
                Some((format!("/{name}"), file.data.into_owned()))
            })
            .collect();
        (!raw.is_empty()).then(|| Self::from_files(raw, "in der Programmdatei".to_owned()))
    }

    #[cfg(not(feature = "embed"))]
    fn built_in() -> Option<Self> {
        None
    }

    /// Pairs every file with its `.br` and `.gz` copies.
    fn from_files(raw: Vec<(String, Vec<u8>)>, origin: String) -> Self {
        let mut plain = BTreeMap::new();
        let mut compressed = BTreeMap::new();
        for (url, bytes) in raw {
            match url
                .strip_suffix(".br")
                .map(|u| (u, "br"))
                .or_else(|| url.strip_suffix(".gz").map(|u| (u, "gz")))
            {
                Some((base, coding)) => {
                    compressed.insert((base.to_owned(), coding), Bytes::from(bytes));
                }
                None => {
                    plain.insert(url, bytes);
                }
            }
        }
        let files = plain
            .into_iter()
            .map(|(url, bytes)| {
                let content_type = mime_guess::from_path(&url)
                    .first()
                    .map(|m| {
                        let text = m.type_() == mime_guess::mime::TEXT
                            || m.subtype() == mime_guess::mime::JAVASCRIPT;
                        if text {
                            format!("{m}; charset=utf-8")
                        } else {
                            m.to_string()
                        }
                    })
                    .and_then(|m| HeaderValue::try_from(m).ok())
                    .unwrap_or_else(|| HeaderValue::from_static("application/octet-stream"));
                let file = File {
                    brotli: compressed.remove(&(url.clone(), "br")),
                    gzip: compressed.remove(&(url.clone(), "gz")),
                    sha256: sha2::Sha256::digest(&bytes).into(),
                    identity: bytes.into(),
                    content_type,
                };
                (url, file)
            })
            .collect();
        Self { files, origin }
    }

    /// The file at `url`.
    pub fn get(&self, url: &str) -> Option<&File> {
        self.files.get(url)
    }

    /// Every file, in URL order.
    pub fn files(&self) -> impl Iterator<Item = (&str, &File)> {
        self.files.iter().map(|(url, file)| (url.as_str(), file))
    }

    /// Where the files came from (a folder, or the binary).
    pub fn origin(&self) -> &str {
        &self.origin
    }
}

/// `dist/` as built by `cargo xtask dist` before the release binary is compiled.
#[cfg(feature = "embed")]
#[derive(rust_embed::Embed)]
#[folder = "../../dist"]
struct Embedded;

/// `path` below `folder` as a URL path (`/kiosk-app/x.js`).
fn url_of(folder: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(folder).ok()?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    Some(format!("/{}", parts?.join("/")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_belong_to_their_file_and_types_come_from_the_name() {
        let dist = Dist::from_files(
            vec![
                ("/a-0123456789abcdef.js".into(), b"let a;".to_vec()),
                ("/a-0123456789abcdef.js.br".into(), b"br".to_vec()),
                ("/a-0123456789abcdef.js.gz".into(), b"gz".to_vec()),
                ("/x_bg.wasm".into(), b"\0asm".to_vec()),
                ("/icon.svg".into(), b"<svg/>".to_vec()),
            ],
            "test".into(),
        );
        let urls: Vec<&str> = dist.files().map(|(u, _)| u).collect();
        assert_eq!(urls, ["/a-0123456789abcdef.js", "/icon.svg", "/x_bg.wasm"]);
        let js = dist.get("/a-0123456789abcdef.js").unwrap();
        assert_eq!(js.brotli.as_deref(), Some(&b"br"[..]));
        assert_eq!(js.gzip.as_deref(), Some(&b"gz"[..]));
        assert_eq!(js.content_type, "text/javascript; charset=utf-8");
        assert_eq!(
            dist.get("/x_bg.wasm").unwrap().content_type,
            "application/wasm"
        );
        assert_eq!(dist.get("/icon.svg").unwrap().content_type, "image/svg+xml");
        assert!(dist.get("/icon.svg").unwrap().brotli.is_none());
    }
}

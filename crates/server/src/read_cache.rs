//! The public reads' answers, kept encoded: a section that a newspaper links to is read by
//! many people at once, and each of them asking the database for the same page made the
//! server slow and then unavailable (issue 21). Here a burst of readers costs one query
//! per page: the first reader builds the answer, the others wait for it and get the same
//! bytes, and everyone gets an `ETag` so that a browser that has it gets a 304.
//!
//! # When an answer is stale
//! - Every request of this server that may write (any method but GET and HEAD) marks all
//!   answers stale when it is done — before its own answer leaves, so whoever learns of a
//!   change learns it after the cache does (see [`mark_writes`]).
//! - Writes this process does not see (a command-line tool on the same database) are
//!   seen at most [`MAX_AGE`] later: no answer is kept longer.
//!
//! A rebuilt answer with the same bytes keeps its `ETag`, so 304s go on after a write
//! elsewhere. `--read-cache off` turns the keeping off (each request builds its answer)
//! to measure what the cache is worth.

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::{AppError, AppState};

/// The longest an answer is kept (so that writes by another process show within it).
pub const MAX_AGE: Duration = Duration::from_secs(1);

/// How many answers are kept at most: keys come from requests (any cursor), so an
/// attacker must not be able to grow the map; when full it is emptied.
const MAX_ENTRIES: usize = 1024;

/// Bodies at least this long are kept compressed too (as the server's compression layer
/// would send them, see `crate::app`).
const COMPRESS_FROM: usize = 1024;

/// An encoded answer and its validator.
#[derive(Clone)]
pub struct Encoded {
    /// The body (JSON).
    pub body: Bytes,
    /// The body brotli-compressed, when it is long enough to be worth it.
    br: Option<Bytes>,
    /// The body gzip-compressed, likewise.
    gzip: Option<Bytes>,
    /// Its entity tag, quoted (weak: the bytes on the wire depend on the encoding).
    pub etag: HeaderValue,
}

impl Encoded {
    /// The answer for `body` with its tag, compressed once here rather than for every
    /// reader (compressing each answer cost three quarters of a 200's time).
    pub fn new(body: Vec<u8>) -> Self {
        let (br, gzip) = if body.len() >= COMPRESS_FROM {
            (compress_br(&body), compress_gzip(&body))
        } else {
            (None, None)
        };
        Self {
            br,
            gzip,
            ..Self::plain(body)
        }
    }

    /// The answer for `body` with its tag, not compressed here.
    pub fn plain(body: Vec<u8>) -> Self {
        let digest = Sha256::digest(&body);
        let hex: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
        let etag = HeaderValue::try_from(format!("W/\"{hex}\""))
            .unwrap_or_else(|_| HeaderValue::from_static("W/\"0\""));
        Self {
            body: Bytes::from(body),
            br: None,
            gzip: None,
            etag,
        }
    }

    /// 304 when `request` already has this answer (`If-None-Match`), else 200 with it as
    /// JSON; both with the tag and `Cache-Control: no-cache` (use it, but ask first).
    pub fn respond(&self, request: &HeaderMap) -> Response {
        let cached = has_tag(request, self.strong_part());
        let headers = [
            (header::ETAG, self.etag.clone()),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ];
        if cached {
            return (StatusCode::NOT_MODIFIED, headers).into_response();
        }
        let (body, encoding) = match (&self.br, &self.gzip) {
            (Some(br), _) if accepts(request, "br") => (br.clone(), Some("br")),
            (_, Some(gzip)) if accepts(request, "gzip") => (gzip.clone(), Some("gzip")),
            _ => (self.body.clone(), None),
        };
        let mut res = (
            headers,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            body,
        )
            .into_response();
        if self.br.is_some() || self.gzip.is_some() {
            res.headers_mut()
                .insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        }
        if let Some(encoding) = encoding {
            res.headers_mut()
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
        }
        res
    }

    fn strong_part(&self) -> &str {
        self.etag
            .to_str()
            .unwrap_or_default()
            .trim_start_matches("W/")
    }
}

/// Whether `request` has the answer tagged `tag` (given without `W/`) already: its
/// `If-None-Match` names it (weak or strong) or is `*`. Also the rendered pages' check
/// (`crate::assets`).
pub(crate) fn has_tag(request: &HeaderMap, tag: &str) -> bool {
    request
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|t| {
            let t = t.trim();
            t == "*" || t.trim_start_matches("W/") == tag
        })
}

/// Whether `Accept-Encoding` accepts `coding` (named or `*`, and not with `q=0`). Also the
/// rendered pages' choice (`crate::assets`).
pub(crate) fn accepts(request: &HeaderMap, coding: &str) -> bool {
    request
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|item| {
            let mut parts = item.split(';').map(str::trim);
            let named = parts
                .next()
                .is_some_and(|c| c.eq_ignore_ascii_case(coding) || c == "*");
            let refused = parts.any(|p| {
                p.strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            named && !refused
        })
}

/// `body` brotli-compressed (quality 9: once per change, not per reader).
fn compress_br(body: &[u8]) -> Option<Bytes> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 9,
        lgwin: 20,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &body[..], &mut out, &params).ok()?;
    Some(Bytes::from(out))
}

/// `body` gzip-compressed.
fn compress_gzip(body: &[u8]) -> Option<Bytes> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(body).ok()?;
    encoder.finish().ok().map(Bytes::from)
}

struct Kept {
    encoded: Encoded,
    /// [`ReadCache::epoch`] when it was built.
    epoch: u64,
    built: Instant,
}

/// One key's answer and the lock its builder holds.
#[derive(Default)]
struct Slot {
    kept: Mutex<Option<Kept>>,
    building: tokio::sync::Mutex<()>,
}

/// The kept answers (cheap to clone; shared by all requests).
#[derive(Clone)]
pub struct ReadCache {
    inner: Arc<Inner>,
}

struct Inner {
    on: bool,
    /// Counts the writes this process has finished.
    epoch: AtomicU64,
    slots: Mutex<HashMap<String, Arc<Slot>>>,
}

impl ReadCache {
    /// A cache that keeps answers (`on`) or builds every one anew.
    pub fn new(on: bool) -> Self {
        Self {
            inner: Arc::new(Inner {
                on,
                epoch: AtomicU64::new(0),
                slots: Mutex::new(HashMap::new()),
            }),
        }
    }

    /// Marks every kept answer stale (something may have changed).
    pub fn wrote(&self) {
        self.inner.epoch.fetch_add(1, Ordering::SeqCst);
    }

    /// The answer for `key`: the kept one while fresh, else `build`'s as JSON (built once,
    /// however many ask at the same time).
    pub async fn get<T, F, Fut>(&self, key: String, build: F) -> Result<Encoded, AppError>
    where
        T: serde::Serialize,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, AppError>>,
    {
        let json = || async {
            serde_json::to_vec(&build().await?).map_err(|e| AppError::Internal(e.to_string()))
        };
        if !self.inner.on {
            // Built for one reader: the compression layer compresses it as it goes.
            return json().await.map(Encoded::plain);
        }
        let slot = {
            let mut slots = self
                .inner
                .slots
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            if slots.len() >= MAX_ENTRIES && !slots.contains_key(&key) {
                slots.clear();
            }
            slots.entry(key).or_default().clone()
        };
        if let Some(fresh) = self.fresh(&slot) {
            return Ok(fresh);
        }
        // One builder per key; the others wait here and then find its answer.
        let _building = slot.building.lock().await;
        if let Some(fresh) = self.fresh(&slot) {
            return Ok(fresh);
        }
        // The epoch before the query: a write that finishes while it runs leaves the
        // answer stale, not fresh.
        let epoch = self.inner.epoch.load(Ordering::SeqCst);
        let built = Encoded::new(json().await?);
        let mut kept = slot.kept.lock().unwrap_or_else(PoisonError::into_inner);
        // Same bytes, same tag: keep the old value (and with it the tag clients hold).
        let encoded = match kept.take() {
            Some(old) if old.encoded.body == built.body => old.encoded,
            _ => built,
        };
        *kept = Some(Kept {
            encoded: encoded.clone(),
            epoch,
            built: Instant::now(),
        });
        Ok(encoded)
    }

    fn fresh(&self, slot: &Slot) -> Option<Encoded> {
        let kept = slot.kept.lock().unwrap_or_else(PoisonError::into_inner);
        let k = kept.as_ref()?;
        (k.epoch == self.inner.epoch.load(Ordering::SeqCst) && k.built.elapsed() < MAX_AGE)
            .then(|| k.encoded.clone())
    }
}

/// A layer for the whole router: when a request that may write is done, the kept answers
/// are stale. Its answer waits for that, so a client that changed something and then reads
/// never gets the answer from before.
pub async fn mark_writes(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let writes = !matches!(*request.method(), Method::GET | Method::HEAD);
    let response = next.run(request).await;
    if writes {
        state.read_cache.wrote();
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    /// A build that counts itself and answers `values` (as JSON: `[1]` for `&[1]`).
    fn built(n: &AtomicUsize, values: &[u32]) -> Result<Vec<u32>, AppError> {
        n.fetch_add(1, Ordering::SeqCst);
        Ok(values.to_vec())
    }

    #[tokio::test]
    async fn a_burst_builds_once_and_a_write_builds_again() {
        let cache = ReadCache::new(true);
        let n = Arc::new(AtomicUsize::new(0));
        let readers: Vec<_> = (0..64)
            .map(|_| {
                let (cache, n) = (cache.clone(), n.clone());
                tokio::spawn(async move {
                    cache
                        .get("k".into(), || async move {
                            tokio::time::sleep(Duration::from_millis(20)).await;
                            built(&n, &[1])
                        })
                        .await
                        .map(|e| e.body)
                })
            })
            .collect();
        for r in readers {
            assert_eq!(&r.await.unwrap().unwrap()[..], b"[1]");
        }
        assert_eq!(n.load(Ordering::SeqCst), 1, "64 readers, one query");
        let tag = cache
            .get("k".into(), || async { built(&n, &[1]) })
            .await
            .unwrap()
            .etag;
        assert_eq!(n.load(Ordering::SeqCst), 1);
        cache.wrote();
        let same = cache
            .get("k".into(), || async { built(&n, &[1]) })
            .await
            .unwrap();
        assert_eq!(n.load(Ordering::SeqCst), 2, "rebuilt after a write");
        assert_eq!(same.etag, tag, "the same bytes keep their tag");
        cache.wrote();
        let other = cache
            .get("k".into(), || async { built(&n, &[2]) })
            .await
            .unwrap();
        assert_ne!(other.etag, tag);
    }

    #[tokio::test]
    async fn off_builds_every_time() {
        let cache = ReadCache::new(false);
        let n = AtomicUsize::new(0);
        for _ in 0..3 {
            cache
                .get("k".into(), || async { built(&n, &[]) })
                .await
                .unwrap();
        }
        assert_eq!(n.load(Ordering::SeqCst), 3);
    }

    #[test]
    fn if_none_match_as_browsers_send_it() {
        let e = Encoded::new(b"[]".to_vec());
        let tag = e.etag.to_str().unwrap().to_owned();
        let with = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::IF_NONE_MATCH, HeaderValue::try_from(v).unwrap());
            e.respond(&h).status()
        };
        assert_eq!(with(&tag), StatusCode::NOT_MODIFIED);
        assert_eq!(with(tag.trim_start_matches("W/")), StatusCode::NOT_MODIFIED);
        assert_eq!(with(&format!("\"x\", {tag}")), StatusCode::NOT_MODIFIED);
        assert_eq!(with("\"x\""), StatusCode::OK);
        assert_eq!(e.respond(&HeaderMap::new()).status(), StatusCode::OK);
    }

    #[test]
    fn a_long_answer_goes_compressed_as_the_client_accepts() {
        let body = format!(
            "[{}]",
            vec!["{\"text\":\"Glasfaser im Umland\"}"; 200].join(",")
        );
        let e = Encoded::new(body.clone().into_bytes());
        assert!(e.br.is_some() && e.gzip.is_some(), "{} bytes", body.len());
        let with = |accept: &str| {
            let mut h = HeaderMap::new();
            h.insert(
                header::ACCEPT_ENCODING,
                HeaderValue::try_from(accept).unwrap(),
            );
            let res = e.respond(&h);
            let encoding = res
                .headers()
                .get(header::CONTENT_ENCODING)
                .map(|v| v.to_str().unwrap().to_owned());
            assert_eq!(res.headers()[header::VARY], "accept-encoding");
            encoding
        };
        assert_eq!(with("gzip, deflate, br"), Some("br".into()));
        assert_eq!(with("gzip"), Some("gzip".into()));
        assert_eq!(with("br;q=0, gzip"), Some("gzip".into()));
        assert_eq!(with("identity"), None);
        let mut out = Vec::new();
        brotli::BrotliDecompress(&mut &e.br.clone().unwrap()[..], &mut out).unwrap();
        assert_eq!(out, body.as_bytes());
        assert!(e.br.unwrap().len() < body.len() / 10);
        let short = Encoded::new(b"[]".to_vec());
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("br"));
        assert!(short
            .respond(&h)
            .headers()
            .get(header::CONTENT_ENCODING)
            .is_none());
    }
}

//! The citizens' pages, rendered by this process from the strategy it holds.
//!
//! At start the server looks at the build once ([`Build::scan`]: which stylesheet, icon and
//! bundles Trunk made, and every file a device should keep offline), then renders every
//! page of the citizens' app with the app's own components (`mitreden::render`) into
//! memory, precompressed, with a strong `ETag` — and the service worker beside them, whose
//! precache list and version are made from those pages and files. Nothing is written to
//! `dist/`, and the build knows nothing of the text: the same build serves any strategy.
//!
//! The rendering starts in the background as the server starts ([`Pages::warm`]); the
//! first request that needs a page waits for it (tens of milliseconds). Renders run one at
//! a time and swap the whole [`Site`] at once — pages and service worker together, never a
//! new page beside an old worker.
//!
//! # Layout
//! - [`Build`]: what the build ([`Dist`]) holds that pages name, scanned once.
//! - [`Site`]: the rendered pages and `sw.js`, each a [`Rendered`] in three encodings.
//! - [`Pages`]: the current site for the handlers, rendered on first use.
//! - [`write`]: the same pages into a folder (`mitreden-server render`, for the first-load
//!   budget and for looking at them).

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock, RwLock};

use axum::body::Bytes;
use axum::http::HeaderValue;
use mitreden::content::Content;
use mitreden::render::{AdminAssets, Assets, Bundle};
use mitreden_model::Strategy;
use sha2::Digest;

use crate::dist::Dist;
use crate::AppError;

/// The service worker's source; `__VERSION__`, `__PRECACHE__` and `__KIOSK__` are filled
/// in per site.
const SERVICE_WORKER: &str = include_str!("../assets/service-worker.js");

/// Served by the server from the strategy, not files of the build; precached so the
/// installed app starts offline.
const DYNAMIC: [&str; 4] = [
    "/manifest.webmanifest",
    "/icons/icon-192.png",
    "/icons/icon-512.png",
    "/icons/maskable-512.png",
];

/// Brotli as a site is first rendered: quality 9 with a 64 KB window compresses
/// Sindelfingen's 34 pages in about 25 ms (measured with node's brotli, the same library),
/// so the pages are there at once.
const QUICK: Brotli = Brotli {
    quality: 9,
    window: 16,
};

/// Brotli a page is then sent with: quality 11 makes it 8 % smaller (the start and a
/// section page 0.95 KB of the first load) but takes about 30 ms a page (1 s for all), so
/// each page is compressed so in the background the first time it is asked for
/// ([`Rendered::brotli`]).
const BEST: Brotli = Brotli {
    quality: 11,
    window: 22,
};

/// A brotli setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Brotli {
    quality: u32,
    window: u32,
}

/// `body` compressed with `setting`.
fn brotli(body: &[u8], setting: Brotli) -> Result<Bytes, AppError> {
    let mut out = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, setting.quality, setting.window);
        w.write_all(body)
            .map_err(|e| AppError::Internal(e.to_string()))?;
    }
    Ok(out.into())
}

/// What Trunk's build in `dist/` holds that the pages and the service worker name.
#[derive(Debug, Clone, Default)]
pub struct Build {
    /// The stylesheet, icon and bundles a document names.
    pub assets: Assets,
    /// What the administration's page names.
    pub admin: AdminAssets,
    /// Every file worth keeping offline (URL → SHA-256 of its content), in URL order: not
    /// the `.br`/`.gz` copies, not Trunk's HTML shells (the pages are rendered), not the
    /// administration's (`/verwaltung/`), which is never offline.
    files: BTreeMap<String, [u8; 32]>,
}

impl Build {
    /// Looks at the build (an empty one gives pages without a bundle, as the server's
    /// tests have them).
    pub fn scan(dist: &Dist) -> Result<Self, AppError> {
        let mut files = BTreeMap::new();
        let mut admin_files = Vec::new();
        for (url, file) in dist.files() {
            if url.starts_with("/verwaltung/") {
                // Only named, never kept offline.
                admin_files.push(url.to_owned());
            } else if url != "/sw.js" && !url.ends_with(".html") {
                files.insert(url.to_owned(), file.sha256);
            }
        }
        let bundle_in = |urls: &mut dyn Iterator<Item = &String>, dir: &str, name: &str| {
            let prefix = format!("{dir}/{name}-");
            let named: Vec<&String> = urls.filter(|u| u.starts_with(&prefix)).collect();
            let js = named.iter().find(|u| u.ends_with(".js"))?;
            let wasm = named.iter().find(|u| u.ends_with("_bg.wasm"))?;
            Some(Bundle {
                js: (*js).clone(),
                wasm: (*wasm).clone(),
            })
        };
        let bundle = |dir: &str, name: &str| bundle_in(&mut files.keys(), dir, name);
        let admin_file = |prefix: &str, end: &str| {
            admin_files
                .iter()
                .find(|u| u.starts_with(prefix) && u.ends_with(end))
                .cloned()
        };
        let admin = AdminAssets {
            // The citizens' stylesheet first, the administration's over it.
            stylesheets: ["/verwaltung/main-", "/verwaltung/admin-"]
                .iter()
                .filter_map(|prefix| admin_file(prefix, ".css"))
                .collect(),
            favicon: admin_file("/verwaltung/favicon", ".svg"),
            bundle: bundle_in(&mut admin_files.iter(), "/verwaltung", "mitreden-admin"),
        };
        let in_root = |prefix: &str, end: &str| {
            files
                .keys()
                .find(|u| u.starts_with(prefix) && u.ends_with(end) && !u[1..].contains('/'))
                .cloned()
        };
        let stylesheet = match in_root("/main-", ".css") {
            Some(url) => {
                let css = dist
                    .get(&url)
                    .map(|f| String::from_utf8_lossy(&f.identity).into_owned())
                    .unwrap_or_default();
                // Inlined into a <style>: a "</" could end it.
                if css.contains("</") {
                    return Err(AppError::Startup(format!(
                        "{url}: holds \"</\" and cannot be inlined"
                    )));
                }
                css
            }
            None => String::new(),
        };
        Ok(Self {
            assets: Assets {
                stylesheet,
                favicon: in_root("/favicon", ".svg"),
                citizens: bundle("", "mitreden"),
                event: bundle("/event-app", "mitreden-event"),
                kiosk: bundle("/kiosk-app", "mitreden-kiosk"),
                mail: false,
                push_key: None,
            },
            admin,
            files,
        })
    }

    /// The inline scripts any page of this build may carry, for the content security
    /// policy: the head's, the start script with and without an event (a publish may add
    /// or remove one), the administration's start.
    pub fn scripts(&self) -> Vec<String> {
        let mut scripts = vec![mitreden::render::head_script().to_owned()];
        for has_event in [false, true] {
            scripts.extend(mitreden::render::start_script(&self.assets, has_event));
        }
        scripts.extend(
            self.admin
                .bundle
                .as_ref()
                .map(mitreden::render::admin_start_script),
        );
        scripts
    }
}

/// One response body, kept in the three encodings a browser may ask for.
#[derive(Debug)]
pub struct Rendered {
    /// As it is.
    pub identity: Bytes,
    /// Brotli, made quickly.
    quick: Bytes,
    /// Brotli at its best, once made.
    best: Arc<OnceLock<Bytes>>,
    /// Whether making the best has started.
    started: AtomicBool,
    /// Gzip.
    pub gzip: Bytes,
    /// A strong validator of the content (the encodings add their own suffix).
    pub etag: String,
}

impl Rendered {
    fn new(body: String, setting: Brotli) -> Result<Self, AppError> {
        let body = body.into_bytes();
        let hash = sha2::Sha256::digest(&body);
        let etag = hash[..12].iter().map(|b| format!("{b:02x}")).collect();
        let br = brotli(&body, setting)?;
        let best = OnceLock::new();
        if setting == BEST {
            let _ = best.set(br.clone());
        }
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&body)
            .map_err(|e| AppError::Internal(e.to_string()))?;
        let gzip = gz.finish().map_err(|e| AppError::Internal(e.to_string()))?;
        Ok(Self {
            identity: body.into(),
            quick: br,
            best: Arc::new(best),
            started: AtomicBool::new(false),
            gzip: gzip.into(),
            etag,
        })
    }

    /// The brotli bytes to send and their `ETag`: the best once made; until then the quick
    /// ones, and the first call starts making the best in the background (a blocking task:
    /// needs Tokio's runtime).
    pub fn brotli(&self) -> (Bytes, HeaderValue) {
        if let Some(best) = self.best.get() {
            return (best.clone(), self.tag("-br"));
        }
        if !self.started.swap(true, Ordering::Relaxed) {
            let (identity, best) = (self.identity.clone(), self.best.clone());
            tokio::task::spawn_blocking(move || match brotli(&identity, BEST) {
                Ok(bytes) => {
                    let _ = best.set(bytes);
                }
                Err(e) => tracing::warn!(error = %e, "page not compressed further"),
            });
        }
        // Other bytes, another tag: a browser with the quick ones fetches the best once.
        (self.quick.clone(), self.tag("-br9"))
    }

    /// The gzip bytes and their `ETag`.
    pub fn gzip(&self) -> (Bytes, HeaderValue) {
        (self.gzip.clone(), self.tag("-gzip"))
    }

    /// The bytes as they are and their `ETag`.
    pub fn identity(&self) -> (Bytes, HeaderValue) {
        (self.identity.clone(), self.tag(""))
    }

    fn tag(&self, suffix: &str) -> HeaderValue {
        HeaderValue::try_from(format!("\"{}{suffix}\"", self.etag))
            .unwrap_or_else(|_| HeaderValue::from_static("\"-\""))
    }
}

/// Every page of one strategy, and the service worker that keeps them offline.
#[derive(Debug)]
pub struct Site {
    /// By name (`index.html`, `abschnitt/leitmotiv-2.html`, `en/404.html`).
    pub pages: HashMap<String, Rendered>,
    /// `sw.js`.
    pub service_worker: Rendered,
    /// The administration's page.
    pub admin: Rendered,
    /// The service worker's version: changes with any page or precached file.
    pub version: String,
    /// The app's icons in the strategy's colour.
    pub icons: crate::pwa::Icons,
}

impl Site {
    /// Renders every page of `strategy` for `build` (blocking: tens of milliseconds),
    /// brotli made quickly (the best per page later, see [`Rendered::brotli`]).
    pub fn render(strategy: Arc<Strategy>, build: &Build) -> Result<Self, AppError> {
        Self::render_with(strategy, build, QUICK)
    }

    fn render_with(
        strategy: Arc<Strategy>,
        build: &Build,
        setting: Brotli,
    ) -> Result<Self, AppError> {
        let content = Content::new(strategy);
        let mut pages = HashMap::new();
        let mut version = sha2::Sha256::new();
        let listed = mitreden::render::pages(&content);
        for page in &listed {
            let html = mitreden::render::document(&content, page, &build.assets);
            version.update(page.file.as_bytes());
            version.update(html.as_bytes());
            pages.insert(page.file.clone(), Rendered::new(html, setting)?);
        }
        // A town with an event starts the event's bundle, which includes the citizens'
        // code: a device fetches one of the two, never both.
        let event = content.event.is_some() && build.assets.event.is_some();
        let citizens_file = |url: &str| {
            (url.starts_with("/mitreden-") && (url.ends_with(".js") || url.ends_with(".wasm")))
                || url.starts_with("/snippets/")
        };
        let mut precache = Vec::new();
        let mut kiosk = Vec::new();
        for (url, hash) in &build.files {
            let keep = if url.starts_with("/kiosk-app/") {
                kiosk.push(url.clone());
                false
            } else if url.starts_with("/event-app/") {
                event
            } else {
                !(event && citizens_file(url))
            };
            if keep || url.starts_with("/kiosk-app/") {
                version.update(url.as_bytes());
                version.update(hash);
            }
            if keep {
                precache.push(url.clone());
            }
        }
        precache.extend(listed.iter().map(|p| format!("/{}", p.file)));
        precache.extend(DYNAMIC.map(str::to_owned));
        let version: String = version.finalize()[..8]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let json = |list: &[String]| serde_json::to_string(list).unwrap_or_else(|_| "[]".into());
        let worker = SERVICE_WORKER
            .replacen("'__VERSION__'", &format!("'{version}'"), 1)
            .replacen("__PRECACHE__", &json(&precache), 1)
            .replacen("__KIOSK__", &json(&kiosk), 1);
        let admin = mitreden::render::admin_document(&content, &build.admin);
        Ok(Self {
            pages,
            service_worker: Rendered::new(worker, setting)?,
            admin: Rendered::new(admin, setting)?,
            version,
            icons: crate::pwa::Icons::new(&content)
                .map_err(|e| AppError::Internal(format!("Symbole nicht erzeugt: {e}")))?,
        })
    }
}

/// The published strategy the server works with, and its pages once rendered.
#[derive(Debug, Clone)]
struct Current {
    strategy: Arc<Strategy>,
    fingerprint: Arc<str>,
    site: Option<Arc<Site>>,
}

/// The strategy the handlers work with and the site they serve: rendered on first use (or
/// ahead by [`Pages::warm`]), and anew when another version is published
/// ([`Pages::publish`]) — strategy and pages swapped together.
#[derive(Debug)]
pub struct Pages {
    build: Arc<Build>,
    current: RwLock<Current>,
    /// One render at a time.
    rendering: tokio::sync::Mutex<()>,
}

impl Pages {
    /// Pages of `strategy` (its file's fingerprint `fingerprint`) for `build`, not rendered
    /// yet.
    pub fn new(build: Arc<Build>, strategy: Arc<Strategy>, fingerprint: Arc<str>) -> Self {
        Self {
            build,
            current: RwLock::new(Current {
                strategy,
                fingerprint,
                site: None,
            }),
            rendering: tokio::sync::Mutex::new(()),
        }
    }

    /// What the build holds.
    pub fn build(&self) -> &Build {
        &self.build
    }

    /// The published strategy.
    pub fn strategy(&self) -> Arc<Strategy> {
        self.now().strategy
    }

    /// The published strategy's fingerprint (of its file).
    pub fn fingerprint(&self) -> Arc<str> {
        self.now().fingerprint
    }

    fn now(&self) -> Current {
        match self.current.read() {
            Ok(current) => current.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// The page at `path` (`/`, `/abschnitt/leitmotiv-2`, `/en/…`) as `strategy` would have
    /// it once published (blocking: a few milliseconds); `None` where it has no such page.
    pub fn preview(&self, strategy: Strategy, path: &str) -> Option<String> {
        let content = Content::new(Arc::new(strategy));
        let wanted = match path.trim_end_matches('/') {
            "" => "/",
            p => p,
        };
        let mut page = mitreden::render::pages(&content)
            .into_iter()
            .find(|p| p.path == wanted)?;
        // The tab says what it is: not the page citizens read now.
        page.title = format!("Vorschau (nicht veröffentlicht): {}", page.title);
        Some(mitreden::render::document(
            &content,
            &page,
            &self.build.assets,
        ))
    }

    /// The current site, rendered now if it is not yet.
    pub async fn site(&self) -> Result<Arc<Site>, AppError> {
        if let Some(site) = self.now().site {
            return Ok(site);
        }
        let _one = self.rendering.lock().await;
        let current = self.now();
        if let Some(site) = current.site {
            return Ok(site);
        }
        let site = self.render(current.strategy.clone()).await?;
        self.swap(|c| {
            if Arc::ptr_eq(&c.strategy, &current.strategy) {
                c.site = Some(site.clone());
            }
        });
        Ok(site)
    }

    /// Makes `strategy` (its file's fingerprint `fingerprint`) the published one: renders
    /// its pages, then swaps strategy and pages at once — a reader gets the old ones or the
    /// new ones, never a mix, and never waits. Answers how long the render took.
    pub async fn publish(
        &self,
        strategy: Strategy,
        fingerprint: Arc<str>,
    ) -> Result<std::time::Duration, AppError> {
        let _one = self.rendering.lock().await;
        let started = std::time::Instant::now();
        let strategy = Arc::new(strategy);
        let site = self.render(strategy.clone()).await?;
        self.swap(|c| {
            *c = Current {
                strategy,
                fingerprint,
                site: Some(site),
            }
        });
        Ok(started.elapsed())
    }

    async fn render(&self, strategy: Arc<Strategy>) -> Result<Arc<Site>, AppError> {
        let build = self.build.clone();
        let started = std::time::Instant::now();
        let site = tokio::task::spawn_blocking(move || Site::render(strategy, &build))
            .await
            .map_err(|e| AppError::Internal(format!("Seiten nicht erzeugt: {e}")))??;
        tracing::info!(
            pages = site.pages.len(),
            version = %site.version,
            ms = started.elapsed().as_millis() as u64,
            "pages rendered"
        );
        Ok(Arc::new(site))
    }

    fn swap(&self, change: impl FnOnce(&mut Current)) {
        match self.current.write() {
            Ok(mut current) => change(&mut current),
            Err(poisoned) => change(&mut poisoned.into_inner()),
        }
    }

    /// Renders the site in the background, so the first visitor does not wait.
    pub fn warm(self: &Arc<Self>) {
        let pages = self.clone();
        tokio::spawn(async move {
            if let Err(e) = pages.site().await {
                tracing::error!(error = %e, "pages not rendered");
            }
        });
    }
}

/// Writes every page of `strategy` for the build in `dist`, and `sw.js`, into `out` — what
/// the server would serve (`mitreden-server render`).
pub fn write(strategy: Strategy, dist: &Dist, out: &Path) -> Result<usize, AppError> {
    let build = Build::scan(dist)?;
    let site = Site::render_with(Arc::new(strategy), &build, BEST)?;
    let put = |name: &str, body: &[u8]| {
        let path: PathBuf = out.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| AppError::Startup(format!("{}: {e}", parent.display())))?;
        }
        std::fs::write(&path, body)
            .map_err(|e| AppError::Startup(format!("{}: {e}", path.display())))
    };
    for (name, page) in &site.pages {
        put(name, &page.identity)?;
    }
    put("sw.js", &site.service_worker.identity)?;
    Ok(site.pages.len())
}

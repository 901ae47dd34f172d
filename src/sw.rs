//! The service worker from the app's side: registration, the "new version" signal, and
//! asking the browser to keep our storage (`navigator.storage.persist()`).
//!
//! The few lines that need promises and worker events are JavaScript (a wasm-bindgen
//! snippet, bundled by Trunk); the decisions stay in Rust. Where service workers are
//! unavailable or blocked, registration fails quietly and the app works online as before.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
export function register_service_worker(on_update) {
  if (!('serviceWorker' in navigator)) return false;
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).then((reg) => {
    const watch = (worker) => worker && worker.addEventListener('statechange', () => {
      if (worker.state === 'installed' && navigator.serviceWorker.controller) on_update();
    });
    if (reg.waiting && navigator.serviceWorker.controller) on_update();
    watch(reg.installing);
    reg.addEventListener('updatefound', () => watch(reg.installing));
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') reg.update().catch(() => {});
    });
  }).catch(() => {});
  return true;
}
export function apply_update() {
  navigator.serviceWorker.getRegistration().then((reg) => {
    if (!reg || !reg.waiting) { location.reload(); return; }
    navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
    reg.waiting.postMessage('skip-waiting');
  });
}
export async function push_subscribe(key) {
  const agent = navigator.userAgent;
  const ios = /iPhone|iPad/.test(agent) || (agent.includes('Macintosh') && navigator.maxTouchPoints > 1);
  const installed = matchMedia('(display-mode: standalone)').matches || navigator.standalone === true;
  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) {
    throw ios && !installed ? 'ios' : 'unsupported';
  }
  if ((await Notification.requestPermission()) !== 'granted') throw 'denied';
  const raw = atob(key.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (key.length % 4)) % 4));
  let json;
  try {
    const reg = await navigator.serviceWorker.ready;
    const sub = await reg.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: Uint8Array.from(raw, (c) => c.charCodeAt(0)),
    });
    json = sub.toJSON();
  } catch (_) {
    throw 'failed';
  }
  return [json.endpoint, json.keys.p256dh, json.keys.auth];
}
export function persist_storage(done) {
  if (!(navigator.storage && navigator.storage.persist)) { done(false); return; }
  navigator.storage.persisted()
    .then((yes) => (yes ? true : navigator.storage.persist()))
    .then((yes) => done(!!yes), () => done(false));
}
"#)]
extern "C" {
    fn register_service_worker(on_update: &Closure<dyn Fn()>) -> bool;
    fn apply_update();
    fn persist_storage(done: &Closure<dyn Fn(bool)>);
    #[wasm_bindgen(catch)]
    async fn push_subscribe(key: &str) -> Result<JsValue, JsValue>;
}

/// Why this browser cannot be pushed to, in the snippet's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoPush {
    /// No service worker, Push API or notifications here.
    Unsupported,
    /// iPhone or iPad outside the home screen.
    Ios,
    /// The person (or the browser) said no to notifications.
    Denied,
    /// The browser's push service did not give a subscription.
    Failed,
}

/// Asks for permission and subscribes this browser with the server's `key`: the
/// subscription (endpoint, p256dh, auth) or why not.
pub async fn subscribe_to_push(
    key: &str,
) -> Result<mitreden_model::notify::PushSubscription, NoPush> {
    let why = |e: JsValue| match e.as_string().as_deref() {
        Some("ios") => NoPush::Ios,
        Some("denied") => NoPush::Denied,
        Some("unsupported") => NoPush::Unsupported,
        _ => NoPush::Failed,
    };
    let parts = js_sys::Array::from(&push_subscribe(key).await.map_err(why)?);
    let part = |i: u32| parts.get(i).as_string().ok_or(NoPush::Failed);
    Ok(mitreden_model::notify::PushSubscription {
        endpoint: part(0)?,
        p256dh: part(1)?,
        auth: part(2)?,
    })
}

/// The app's view of the service worker, shared through context.
#[derive(Clone, Copy)]
pub struct ServiceWorker {
    /// A new deployment is installed and waits for the word to take over.
    pub update_ready: RwSignal<bool>,
    /// Whether the browser promised to keep our storage (`None` until asked).
    pub persisted: RwSignal<Option<bool>>,
    asked: StoredValue<bool>,
}

impl ServiceWorker {
    /// Registers `/sw.js` and starts listening for new versions.
    pub fn register() -> Self {
        let sw = Self {
            update_ready: RwSignal::new(false),
            persisted: RwSignal::new(None),
            asked: StoredValue::new(false),
        };
        let on_update = Closure::<dyn Fn()>::new(move || sw.update_ready.set(true));
        register_service_worker(&on_update);
        on_update.forget();
        sw
    }

    /// Switches to the new version and reloads the page.
    pub fn apply_update(self) {
        apply_update();
    }

    /// Asks once for persistent storage (after the first saved draft).
    pub fn ask_to_persist(self) {
        if self.asked.get_value() {
            return;
        }
        self.asked.set_value(true);
        let done = Closure::<dyn Fn(bool)>::new(move |yes| self.persisted.set(Some(yes)));
        persist_storage(&done);
        done.forget();
    }
}

/// The service worker handle from context, if the app registered one.
pub fn use_service_worker() -> Option<ServiceWorker> {
    use_context::<ServiceWorker>()
}

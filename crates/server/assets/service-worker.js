// mitreden's service worker: the app opens and shows the whole strategy without a network.
// The server fills in VERSION, PRECACHE and KIOSK for the pages it rendered and the files of
// the build (crates/server/src/render.rs); nothing here is maintained by hand.
//
// - install: precache every file of the build; installing finishes only when all are cached.
// - activate: delete the caches of earlier versions, take control of open pages.
// - navigations: network first (short timeout), else the route's cached prerendered page
//   (`/abschnitt/x` → `/abschnitt/x.html`, `/` → `/index.html`, `/beitrag/<id>` →
//   `/beitrag.html`; the same under `/en/`, where `/en` is `/en.html`), else the cached
//   "not found" page of that language.
// - hashed assets and the rest of the precache: cache first.
// - the kiosk's bundle (KIOSK): only a kiosk fetches it; cached the first time, and from
//   then on this browser is marked as a kiosk device, so every later version precaches it
//   too (a kiosk restarts offline after an update). Citizens never download it.
// - /api/*, /healthz and every non-GET request: never intercepted, never cached.
// - push: what became of a comment (issue 23), sent by the server encrypted for this
//   browser's subscription; shown as a notification ({title, body, url, lang} in JSON).
//   A click opens the comment's receipt page (or focuses a window that shows it).
const VERSION = '__VERSION__';
const PRECACHE = __PRECACHE__;
const KIOSK = __KIOSK__;
// Outlives the versions' caches (no `mitreden-` prefix): this browser runs a kiosk.
const KIOSK_DEVICE = 'kiosk-device';
const CACHE = `mitreden-${VERSION}`;
const NAVIGATION_TIMEOUT_MS = 3000;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const urls = (await caches.has(KIOSK_DEVICE)) ? [...PRECACHE, ...KIOSK] : PRECACHE;
      const cache = await caches.open(CACHE);
      await cache.addAll(urls.map((url) => new Request(url, { cache: 'reload' })));
    })(),
  );
});

// A new version waits until the page says so (after it saved any open draft).
self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith('mitreden-') && key !== CACHE) await caches.delete(key);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('push', (event) => {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch (_) {
    message = { body: event.data ? event.data.text() : '' };
  }
  event.waitUntil(
    self.registration.showNotification(message.title || 'mitreden', {
      body: message.body || '',
      lang: message.lang || 'de',
      tag: message.url || undefined,
      data: { url: message.url || '/' },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = new URL((event.notification.data && event.notification.data.url) || '/', self.location.origin);
  // Only our own pages.
  const target = url.origin === self.location.origin ? url.href : self.location.origin + '/';
  event.waitUntil(
    (async () => {
      for (const client of await self.clients.matchAll({ type: 'window', includeUncontrolled: true })) {
        if (client.url === target && 'focus' in client) return client.focus();
      }
      return self.clients.openWindow(target);
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname === '/healthz') return;
  if (request.mode === 'navigate') {
    event.respondWith(networkFirst(request));
  } else if (PRECACHE.includes(url.pathname)) {
    event.respondWith(cacheFirst(request));
  } else if (KIOSK.includes(url.pathname)) {
    event.respondWith(kioskFile(request));
  }
});

/** A file of the kiosk's bundle: from the cache, else fetched and kept (and the browser
 *  marked as a kiosk device, so later versions precache the bundle). */
async function kioskFile(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request, { ignoreSearch: true });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    await cache.put(request, response.clone());
    await caches.open(KIOSK_DEVICE);
  }
  return response;
}

async function networkFirst(request) {
  try {
    const response = await Promise.race([
      fetch(request),
      new Promise((_, fail) => setTimeout(() => fail(new Error('timeout')), NAVIGATION_TIMEOUT_MS)),
    ]);
    if (response.status < 500) return response;
  } catch (_) {
    // Offline, server down, or too slow: the cached page below.
  }
  const cache = await caches.open(CACHE);
  const path = new URL(request.url).pathname.replace(/\/+$/, '');
  const page = path === '' ? '/index.html' : path.endsWith('.html') ? path : `${path}.html`;
  // The English pages live under /en/ (`/en` itself is `/en.html`).
  const lang = path === '/en' || path.startsWith('/en/') ? '/en' : '';
  return (
    (await cache.match(page)) ??
    (path.startsWith(`${lang}/beitrag/`) ? await cache.match(`${lang}/beitrag.html`) : undefined) ??
    (await cache.match(`${lang}/404.html`)) ??
    (await cache.match('/404.html')) ??
    (await cache.match('/index.html')) ??
    Response.error()
  );
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  return (await cache.match(request, { ignoreSearch: true })) ?? fetch(request);
}

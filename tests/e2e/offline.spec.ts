// The installable offline app shell: the service worker, the manifest, and updates.
import { freshTest as test, expect, axeEverywhere, bin, LEITMOTIVE as TITLES } from './fixtures';
import { execFileSync } from 'node:child_process';
import type { BrowserContext, Page } from '@playwright/test';

/** Opens the app and waits until the service worker controls the page. */
async function openControlled(page: Page, path = '/') {
  await page.goto(path);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
    timeout: 30_000,
  });
}

/** Reloads the start page and every section with no server reachable. */
async function everyPageFromCache(page: Page) {
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Leitmotive der Digitalisierung in Sindelfingen',
  );
  await expect(page.locator('main .section-list a')).toHaveCount(10);
  for (const [i, title] of TITLES.entries()) {
    await page.goto(`/abschnitt/leitmotiv-${i + 1}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Leitmotiv ${i + 1} ${title}`);
  }
}

async function writeAndSubmit(page: Page, text: string) {
  await page.getByLabel('Ihr Kommentar zu diesem Abschnitt').fill(text);
  await page.getByLabel('Ich bin mit der Speicherung und Veröffentlichung einverstanden.').check();
  await page.getByRole('button', { name: 'Absenden' }).click();
  await expect(page.locator('.mine .item-state')).toHaveText('wartet auf Verbindung');
}

test('offline (emulated): every page reloads from cache, a comment waits and arrives once', async ({
  page,
  context,
  server,
}) => {
  await openControlled(page);
  // Chromium's offline emulation is set per page target and comes back a moment after a
  // reload (Playwright re-applies it to the new document): in that moment the app, started
  // from the cache and told `navigator.onLine`, sent the queued comment, the server took it,
  // and the answer was cut off — the page said "wartet auf Verbindung" with the row on the
  // server (a clean machine's run failed so). The product did right (the same id again on
  // reconnection, one row); the test's "offline" had a gap. Every request to the server now
  // fails as with no network, for as long as the test says offline, whatever the emulation.
  const offline = (route: import('@playwright/test').Route) => route.abort('internetdisconnected');
  await context.route('**/*', offline);
  await context.setOffline(true);
  await everyPageFromCache(page);
  // The last page is Leitmotiv 10: write there, still offline.
  await writeAndSubmit(page, 'Kommunikation auch in leichter Sprache, bitte.');
  expect(server.rows()).toBe(0);
  await page.reload();
  // Still waiting after the reload. (Whether the server got it in the emulation's gap
  // after a reload is not asked here: the app, started from the cache, sends at once,
  // through the service worker, which `context.route` does not see — a clean machine's
  // run saw a row there. Either way the page may only say "received" once an answer came,
  // and the same id sent again makes no second row: both asserted below.)
  await expect(page.locator('.mine .item-state')).toHaveText('wartet auf Verbindung');
  await context.unroute('**/*', offline);
  await context.setOffline(false);
  await expect(page.locator('.mine .item-state')).toHaveText(/^eingegangen am /);
  expect(server.rows()).toBe(1);
});

test('server stopped: every page reloads from cache, a comment waits and arrives once', async ({
  page,
  server,
}) => {
  await openControlled(page);
  await server.stop();
  await everyPageFromCache(page);
  await writeAndSubmit(page, 'Kommunikation: Antworten bitte auch per Post.');
  await server.restart();
  await expect(page.locator('.mine .item-state')).toHaveText(/^eingegangen am /, { timeout: 30_000 });
  expect(server.rows()).toBe(1);
});

test('API responses never come from the service worker or its cache', async ({ page, server }) => {
  await openControlled(page, '/abschnitt/leitmotiv-4');
  const apiResponses: { url: string; fromSW: boolean }[] = [];
  page.on('response', (r) => {
    if (new URL(r.url()).pathname.startsWith('/api/')) {
      apiResponses.push({ url: r.url(), fromSW: r.fromServiceWorker() });
    }
  });
  await writeAndSubmit(page, 'Impulse aus der Bürgerschaft ernst nehmen.').catch(() => {});
  await expect(page.locator('.mine .item-state')).toHaveText(/^eingegangen am /);
  const strategy = await page.evaluate(async () => (await fetch('/api/v1/strategy')).status);
  expect(strategy).toBe(200);
  expect(apiResponses.length).toBeGreaterThanOrEqual(2);
  expect(apiResponses.filter((r) => r.fromSW)).toEqual([]);
  const cached = await page.evaluate(async () => {
    const urls: string[] = [];
    for (const key of await caches.keys()) {
      for (const req of await (await caches.open(key)).keys()) urls.push(new URL(req.url).pathname);
    }
    return urls;
  });
  expect(cached).toContain('/index.html');
  expect(cached.filter((u) => u.startsWith('/api/'))).toEqual([]);
  // With the server gone, the app still opens, but the API has no cached answer.
  await server.stop();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Leitmotiv 4 Impulsverstärker');
  const offline = await page.evaluate(async () => {
    try {
      return (await fetch('/api/v1/strategy')).status;
    } catch {
      return 'network error';
    }
  });
  expect(offline).toBe('network error');
});

test('where service workers are blocked, the app still works online', async ({ browser, server }) => {
  const context = await browser.newContext({ serviceWorkers: 'block', baseURL: server.url });
  const page = await context.newPage();
  await page.goto('/abschnitt/leitmotiv-8');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Leitmotiv 8 Know-how');
  expect(await page.evaluate(() => navigator.serviceWorker?.controller ?? null)).toBeNull();
  await writeAndSubmit(page, 'Fortbildung auch für Ehrenamtliche.').catch(() => {});
  await expect(page.locator('.mine .item-state')).toHaveText(/^eingegangen am /);
  expect(server.rows()).toBe(1);
  await context.close();
});

test('the web app manifest is valid and its icons are reachable at their sizes', async ({ page, request }) => {
  await page.goto('/');
  const href = await page.locator('link[rel=manifest]').getAttribute('href');
  expect(href).toBe('/manifest.webmanifest');
  const res = await request.get(href!);
  expect(res.headers()['content-type']).toContain('application/manifest+json');
  const manifest = await res.json();
  expect(manifest).toMatchObject({
    lang: 'de',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    theme_color: '#00558c',
  });
  expect(manifest.name).toContain('Leitmotive der Digitalisierung in Sindelfingen');
  expect(manifest.short_name.length).toBeGreaterThan(0);
  const purposes = manifest.icons.map((i: { purpose: string }) => i.purpose);
  expect(purposes).toContain('maskable');
  const sizes = manifest.icons.map((i: { sizes: string }) => i.sizes);
  expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512']));
  for (const icon of manifest.icons) {
    const img = await request.get(icon.src);
    expect(img.status(), icon.src).toBe(200);
    expect(img.headers()['content-type']).toBe('image/png');
    const bytes = await img.body();
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    const [w, h] = [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
    expect(`${w}x${h}`, icon.src).toBe(icon.sizes);
  }
  // Chromium itself finds the manifest and reads it without errors.
  const cdp = await page.context().newCDPSession(page);
  const app = await cdp.send('Page.getAppManifest');
  expect(app.errors).toEqual([]);
  expect(app.url).toContain('/manifest.webmanifest');
});

test('a version published while citizens read replaces the old one on their word, the open draft intact', async ({
  page,
  server,
}) => {
  const strategy = process.env.MITREDEN_STRATEGY_NEXT;
  test.skip(!strategy, 'needs the changed strategy file that `cargo xtask test` writes');
  await openControlled(page, '/abschnitt/leitmotiv-1');
  await page.getByLabel('Ihr Kommentar zu diesem Abschnitt').fill('Mein Entwurf vor dem Update.');
  await expect(page.locator('main').getByText('Entwurf gespeichert.')).toBeVisible();
  const before = await page.evaluate(async () => caches.keys());
  expect(before).toHaveLength(1);

  // The office publishes a changed text while the server runs (another process, as
  // `strategy import --publish` is): no restart, no new build. The server renders the new
  // pages and worker within seconds; the app asks for a new worker whenever the tab comes
  // back — here it is asked until the server has it.
  execFileSync(bin, ['--database', server.database, 'strategy', 'import', strategy!, '--publish']);
  const banner = page.locator('.banner').filter({ hasText: 'Neue Version verfügbar' });
  await expect
    .poll(
      async () => {
        await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
        return banner.isVisible();
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  await axeEverywhere(page, 'update banner');
  // Nothing changes until the citizen says so.
  await expect(page.getByLabel('Ihr Kommentar zu diesem Abschnitt')).toHaveValue('Mein Entwurf vor dem Update.');
  await page.getByRole('button', { name: 'Neu laden' }).click();

  await expect(page.getByText('Neu in dieser Fassung')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByLabel('Ihr Kommentar zu diesem Abschnitt')).toHaveValue('Mein Entwurf vor dem Update.');
  const after = await page.evaluate(async () => caches.keys());
  expect(after).toHaveLength(1);
  expect(after[0]).not.toBe(before[0]);
});

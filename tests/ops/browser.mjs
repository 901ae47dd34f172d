// The browser's part of the operations walk-through (tests/ops/walkthrough.sh): Debian's
// Chromium against the installation behind nginx with TLS, as citizens reach it — the
// service worker over https keeps the pages offline, and the town's homepage on another
// https origin embeds a section with the snippet (frame allowed by the server's
// frame-ancestors, its height sent across the origins). Chromium resolves both names to
// nginx's address and trusts the test's certificate by its key (no CA installed).
// Prints "ok - …" / "not ok - …" lines for the walk-through to count.
//
// usage: node browser.mjs IP SPKI_SHA256_BASE64
import { chromium } from '@playwright/test';

const [ip, spki] = process.argv.slice(2);
const results = [];
const check = async (name, fn) => {
  try {
    await fn();
    results.push(`ok - ${name}`);
  } catch (e) {
    results.push(`not ok - ${name}: ${String(e.message ?? e).split('\n')[0]}`);
  }
};
const assert = (cond, what) => {
  if (!cond) throw new Error(what);
};
const until = async (fn, what, ms = 15_000) => {
  const end = Date.now() + ms;
  for (;;) {
    if (await fn()) return;
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    `--host-resolver-rules=MAP mitreden.test ${ip}, MAP www.stadt.test ${ip}`,
    `--ignore-certificate-errors-spki-list=${spki}`,
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--no-first-run',
  ],
});
const context = await browser.newContext({ locale: 'de-DE' });
const errors = [];
context.on('page', (p) => p.on('pageerror', (e) => errors.push(e.message)));
const page = await context.newPage();
page.on('console', (m) => {
  if (m.text().includes('panicked')) errors.push(m.text());
});

await check('over https (HTTP/2 through nginx) a citizen comments, and it arrives', async () => {
  const res = await page.goto('https://mitreden.test/abschnitt/leitmotiv-3');
  assert(res?.status() === 200, `status ${res?.status()}`);
  assert((await res.headerValue('strict-transport-security')) !== null, 'no HSTS');
  await page.getByLabel('Ihr Kommentar zu diesem Abschnitt').fill('Über TLS gesendet.');
  await page.getByLabel('Ich bin mit der Speicherung und Veröffentlichung einverstanden.').check();
  await page.getByRole('button', { name: 'Absenden' }).click();
  await page.locator('.mine .item-state').filter({ hasText: /^eingegangen am / }).waitFor({ timeout: 30_000 });
});

await check('the service worker installs over https and controls the page', async () => {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await until(() => page.evaluate(() => navigator.serviceWorker.controller !== null), 'a controller');
});

await check('offline, a section page comes from the service worker', async () => {
  await until(
    () => page.evaluate(async () => (await caches.keys()).length > 0),
    'the precache',
  );
  await context.setOffline(true);
  const res = await page.goto('https://mitreden.test/abschnitt/leitmotiv-2');
  assert(res !== null, 'no answer offline');
  await page.locator('h1').first().waitFor({ timeout: 10_000 });
  await context.setOffline(false);
});

await check("the town's homepage (another https origin) embeds a section with the snippet", async () => {
  const home = await context.newPage();
  await home.goto('https://www.stadt.test/');
  const frame = home.frameLocator('iframe');
  await frame.locator('h1').first().waitFor({ timeout: 15_000 });
  // The frame reports its height across the origins; the page takes it.
  await until(
    () => home.evaluate(() => document.querySelector('iframe').style.height.endsWith('px')),
    'the frame to report its height',
  );
  await home.close();
});

await check('no page error and no Rust panic', async () => {
  assert(errors.length === 0, errors.join(' | '));
});

await browser.close();
console.log(results.join('\n'));

// The kiosk in the Rathaus: set up by staff with the command line, used by strangers one
// after another. Idle time, the warning and its countdown run on Playwright's clock.
import {
  freshTest as test,
  expect,
  addStaff,
  axeEverywhere,
  staffSignIn,
  kioskCommand,
} from './fixtures';
import { IDLE, everythingStored, openLeitmotiv2, requests, setUpKiosk } from './kiosk-device';

// What is looked for after a wipe is its words, not its number: "4711" turned up in a
// kiosk token's hex once (1 in about a thousand for each such token).
const SECRET_TEXT = 'Geheimer Entwurf 4711 von Frau Beispiel';
const SECRET = 'Geheimer Entwurf';

test('idle: the warning counts down, "weiter" keeps the text; then everything typed is wiped', async ({
  page,
  server,
}) => {
  await page.clock.install();
  await setUpKiosk(page, server);
  // "Meine Beiträge" is not offered, and its address shows nothing of anyone.
  await expect(page.getByRole('link', { name: 'Meine Beiträge' })).toBeHidden();
  const entries = await page.evaluate(() => history.length);
  await openLeitmotiv2(page);
  const field = page.getByLabel('Ihr Kommentar zu diesem Abschnitt');
  await field.fill(SECRET_TEXT);
  await page.getByLabel('Name oder Pseudonym (freiwillig)').fill('Frau Beispiel');
  await expect(page.locator('main').getByText('Entwurf gespeichert')).toBeVisible();

  const warning = page.getByRole('alertdialog', { name: 'Sind Sie noch da?' });
  // The installed clock also runs with real time: 5 s short of the idle time leaves a
  // loaded machine time between the last keystroke and this (with 1 s short, CI once saw
  // the warning already).
  await page.clock.fastForward((IDLE - 5) * 1000);
  await expect(warning).toBeHidden();
  await page.clock.fastForward(6000);
  await expect(warning).toBeVisible();
  const go_on = warning.getByRole('button', { name: 'Ich bin noch da – weiter' });
  await expect(go_on).toBeFocused();
  // The countdown is a chain of one-second timers: run them one after another.
  await page.clock.runFor(10_000);
  await expect(warning).toContainText('in 20 Sekunden neu');
  await go_on.click();
  await expect(warning).toBeHidden();
  await expect(field).toHaveValue(SECRET_TEXT);
  // The focus is back where it was (the name), and Escape goes on the same way.
  const name = page.getByLabel('Name oder Pseudonym (freiwillig)');
  await expect(name).toBeFocused();
  await page.clock.fastForward((IDLE + 1) * 1000);
  await expect(warning).toBeVisible();
  await expect(go_on).toBeFocused();
  // Tab stays inside the dialog (the page behind it is inert).
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => !!document.activeElement?.closest('dialog'))).toBe(true);
  await page.keyboard.press('Escape');
  await expect(warning).toBeHidden();
  await expect(name).toBeFocused();
  await expect(field).toHaveValue(SECRET_TEXT);

  // Nobody answers: after the idle time and the whole countdown, the start page, wiped.
  await page.clock.fastForward((IDLE + 1) * 1000);
  await expect(warning).toBeVisible();
  await page.clock.runFor(29_000);
  await expect(warning).toContainText('in 1 Sekunde neu');
  await expect(field).toHaveValue(SECRET_TEXT);
  await page.clock.runFor(2_000);
  await expect(page).toHaveURL(`${server.url}/`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(await everythingStored(page)).not.toContain(SECRET);
  expect(await everythingStored(page)).not.toContain('Frau Beispiel');
  // The kiosk stays a kiosk, and its history did not grow: "back" shows nobody's page.
  await expect(page.getByRole('button', { name: 'Neu beginnen' })).toBeVisible();
  expect(await page.evaluate(() => history.length)).toBe(entries);
  // The form on Leitmotiv 2 starts empty for the next person.
  await openLeitmotiv2(page);
  await expect(page.getByLabel('Ihr Kommentar zu diesem Abschnitt')).toHaveValue('');
  await page.goto('/meine-beitraege');
  await expect(page.getByText('An diesem Gerät für alle werden keine Beiträge aufbewahrt.')).toBeVisible();
  await expect(page.locator('.item-list')).toHaveCount(0);
});

test('"Neu beginnen" wipes at once; a draft left on another page is reset without a touch', async ({
  page,
  server,
}) => {
  await page.clock.install();
  await setUpKiosk(page, server);
  await openLeitmotiv2(page);
  await page.getByLabel('Ihr Kommentar zu diesem Abschnitt').fill(SECRET_TEXT);
  await expect(page.locator('main').getByText('Entwurf gespeichert')).toBeVisible();
  await page.getByRole('button', { name: 'Neu beginnen' }).click();
  await expect(page).toHaveURL(`${server.url}/`);
  expect(await everythingStored(page)).not.toContain(SECRET);

  // Someone types, goes to another page and walks away: that page was never touched.
  await openLeitmotiv2(page);
  await page.getByLabel('Ihr Kommentar zu diesem Abschnitt').fill(SECRET_TEXT);
  await expect(page.locator('main').getByText('Entwurf gespeichert')).toBeVisible();
  await page.getByRole('link', { name: /Leitmotiv 3/ }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Leitmotiv 3');
  // The heading is the prerendered page's; the idle timer runs once the app does (its form
  // is enabled then) — fast-forwarding before would pass the time before the timer exists.
  await expect(page.getByLabel('Ihr Kommentar zu diesem Abschnitt')).toBeEnabled();
  await page.clock.fastForward((IDLE - 1) * 1000);
  await page.clock.fastForward(1000);
  await expect(page.getByRole('alertdialog')).toBeVisible();
  await page.clock.runFor(31_000);
  await expect(page).toHaveURL(`${server.url}/`);
  expect(await everythingStored(page)).not.toContain(SECRET);
});

test('the service worker of a citizen\'s device does not precache the kiosk\'s bundle', async ({
  request,
}) => {
  const sw = await (await request.get('/sw.js')).text();
  const precache = JSON.parse(sw.match(/const PRECACHE = (\[.*?\]);/)![1]) as string[];
  const kiosk = JSON.parse(sw.match(/const KIOSK = (\[.*?\]);/)![1]) as string[];
  expect(precache.filter((url) => url.includes('/kiosk-app/'))).toEqual([]);
  expect(kiosk.some((url) => url.endsWith('_bg.wasm'))).toBe(true);
});

test('sent with the server stopped: thanks with a QR code, reset, and it arrives exactly once', async ({
  page,
  server,
}) => {
  await setUpKiosk(page, server);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await openLeitmotiv2(page);
  await server.stop();
  await page.getByLabel('Ihr Kommentar zu diesem Abschnitt').fill('Bitte WLAN im Bürgerbüro.');
  await page.getByLabel('Ich bin mit der Speicherung und Veröffentlichung einverstanden.').check();
  await page.getByRole('button', { name: 'Absenden' }).click();
  const thanks = page.getByRole('dialog', { name: 'Danke für Ihren Kommentar!' });
  await expect(thanks).toBeVisible();
  await expect(thanks.getByRole('img', { name: 'QR-Code mit dem Beleg-Link zu Ihrem Kommentar' })).toBeVisible();
  await expect(thanks.getByRole('button', { name: 'Fertig – neu beginnen' })).toBeFocused();
  await thanks.getByRole('button', { name: 'Fertig – neu beginnen' }).click();
  // Offline the start page comes from the service worker; the comment waits in storage.
  await expect(page).toHaveURL(`${server.url}/`);
  await expect(page.getByRole('button', { name: 'Neu beginnen' })).toBeVisible();
  const waiting = () =>
    page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('mitreden:item:')).length);
  expect(await waiting()).toBe(1);
  expect(server.rows()).toBe(0);
  await server.restart();
  await page.reload();
  // Arrived, marked with the kiosk, and gone from the device: nothing more to send.
  await expect.poll(() => server.rows(), { timeout: 30_000 }).toBe(1);
  await expect.poll(waiting).toBe(0);
  expect(server.rows("WHERE kiosk = 'BürgerBüro Rathaus'")).toBe(1);
});

test('100 comments a minute from the kiosk are taken; a plain client is limited', async ({
  page,
  request,
  server,
}) => {
  await setUpKiosk(page, server);
  const secret = await page.evaluate(() => localStorage.getItem('mitreden:kiosk')!.split('\t')[2]);
  const comment = (n: number) => ({
    comments: [
      {
        id: `0b7e3c1a-5f2d-4c8e-9a6b-${n.toString(16).padStart(12, '0')}`,
        section_id: 'leitmotiv-2',
        section_version: 2,
        text: `Kommentar ${n}`,
        consent: true,
        created_at: new Date().toISOString(),
      },
    ],
  });
  const statuses: number[] = [];
  for (let n = 0; n < 100; n++) {
    const res = await request.post('/api/v1/comments', {
      data: comment(n),
      headers: { 'x-mitreden-kiosk': secret },
    });
    statuses.push(res.status());
  }
  expect(statuses.filter((s) => s !== 200)).toEqual([]);
  const plain: number[] = [];
  for (let n = 100; n < 140; n++) {
    plain.push((await request.post('/api/v1/comments', { data: comment(n) })).status());
  }
  expect(plain.filter((s) => s === 429).length).toBeGreaterThan(0);
  expect(server.rows("WHERE kiosk = 'BürgerBüro Rathaus'")).toBe(100);
});

test('only staff end kiosk mode; a revoked kiosk ends by itself', async ({ page, server }) => {
  addStaff(server);
  await setUpKiosk(page, server, 'Foyer');
  // Staff sign in on the device and end it there.
  await staffSignIn(page);
  await expect(page.getByText('Dieses Gerät ist der Kiosk „Foyer“.')).toBeVisible();
  await page.getByRole('button', { name: 'Kiosk-Modus auf diesem Gerät beenden' }).click();
  const fetched = requests(page);
  await page.goto('/');
  await expect(page.getByRole('link', { name: 'Meine Beiträge' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Neu beginnen' })).toBeHidden();
  // A citizen's device: the citizens' bundle, never the kiosk's.
  await expect.poll(() => fetched.some((url) => url.endsWith('_bg.wasm'))).toBe(true);
  expect(fetched.filter((url) => url.includes('/kiosk-app/'))).toEqual([]);
  // Set up again, then revoked on the command line: the next page is no kiosk's.
  await setUpKiosk(page, server, 'Foyer');
  expect(kioskCommand(server, 'revoke', 'Foyer')).toContain('widerrufen');
  await page.reload();
  await expect(page.getByRole('link', { name: 'Meine Beiträge' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Neu beginnen' })).toBeHidden();
});

test('a spent set-up link says so in the device\'s language, not the server\'s German', async ({
  page,
  browser,
  server,
}) => {
  await setUpKiosk(page, server, 'Foyer');
  const printed = kioskCommand(server, 'add', 'Foyer 2');
  const link = printed.match(/(http\S+\/verwaltung\/kiosk#[0-9a-f]{64})/)![1];
  const first = await browser.newContext();
  await (await first.newPage()).goto(link);
  await expect((first.pages()[0]).getByRole('status')).toContainText('Dieses Gerät ist jetzt der Kiosk „Foyer 2“.');
  await first.close();
  for (const [locale, said] of [
    ['de-DE', 'Dieser Einrichtungslink gilt nicht (mehr): Er wurde schon benutzt oder widerrufen. Die Verwaltung kann einen neuen erstellen.'],
    ['en-GB', 'This set-up link is no longer valid: it has been used or revoked. The administration can create a new one.'],
  ]) {
    const again = await browser.newContext({ locale });
    const device = await again.newPage();
    await device.goto(link);
    await expect(device.getByRole('status')).toHaveText(said);
    await expect(device.getByRole('link', { name: /Startseite|start page/ })).toHaveCount(0);
    await again.close();
  }
});

test('kiosk screens have no axe violations: start, section, warning, thanks', async ({ page, server }) => {
  // Each at 320 px, 360 px and desktop, light and dark: 24 axe runs, near a minute on a
  // busy machine (it timed out at 60 s while a build ran beside it).
  test.slow();
  const axe = (what: string) => axeEverywhere(page, what);
  await page.clock.install();
  await setUpKiosk(page, server);
  await axe('start page');
  await openLeitmotiv2(page);
  await page.getByLabel('Ihr Kommentar zu diesem Abschnitt').fill('Barrierefrei, bitte.');
  await axe('section page');
  await page.clock.fastForward((IDLE + 1) * 1000);
  await expect(page.getByRole('alertdialog')).toBeVisible();
  await axe('idle warning');
  await page.getByRole('button', { name: 'Ich bin noch da – weiter' }).click();
  await page.getByLabel('Ich bin mit der Speicherung und Veröffentlichung einverstanden.').check();
  await page.getByRole('button', { name: 'Absenden' }).click();
  await expect(page.getByRole('dialog', { name: 'Danke für Ihren Kommentar!' })).toBeVisible();
  await axe('thanks');
});

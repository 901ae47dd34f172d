// Issue 14, Esslingen's workshop: 40 applications (some written offline and sent later,
// exactly once), the commitment before the deadline, closing, the draw of 15 with a public
// value, the published list in the app, `lottery verify` on the downloaded inputs, and the
// deletion of every contact. Against the one build of the app, the real server started on
// Esslingen's file (it renders Esslingen's pages) and a fresh SQLite file.
import type { BrowserContext, Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  addStaff,
  base,
  axeEverywhere,
  bin,
  expect,
  kioskCommand,
  startServer,
  staffSignIn,
  type Server,
} from './fixtures';

const root = resolve(__dirname, '../..');
const EVENT = 'buergerworkshop';
const AGES = ['16 bis 29 Jahre', '30 bis 49 Jahre', '50 bis 64 Jahre', '65 Jahre und älter'];
const PLACES = ['Innenstadt', 'ein anderer Stadtteil'];

/** Esslingen's file with the application period around now (the file's own dates are the
 *  installation's; the test must not depend on the day it runs). */
function strategyOpenNow(): string {
  const source = readFileSync(
    process.env.MITREDEN_STRATEGY_ESSLINGEN ?? join(root, 'content/esslingen.toml'),
    'utf8',
  );
  const day = 24 * 3600 * 1000;
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
  const now = Date.now();
  const changed = source
    .replace(/^applications_open = ".*"$/m, `applications_open = "${iso(now - day)}"`)
    .replace(/^applications_close = ".*"$/m, `applications_close = "${iso(now + 30 * day)}"`)
    .replace(/^delete_contacts_after = ".*"$/m, `delete_contacts_after = "${iso(now + 90 * day)}"`);
  expect(changed).not.toBe(source);
  const dir = mkdtempSync(join(tmpdir(), 'mitreden-esslingen-'));
  const file = join(dir, 'esslingen.toml');
  writeFileSync(file, changed);
  return file;
}

const test = base.extend<{ server: Server }>({
  server: async ({}, use) => {
    // No per-address limit: the test sends 36 applications from one address.
    // The same build as every other test: the server renders Esslingen's pages, which
    // start the event's bundle.
    const server = await startServer(['--rate-limit', '0'], { strategy: strategyOpenNow() });
    await use(server);
    await server.dispose();
  },
  baseURL: async ({ server }, use) => {
    await use(server.url);
  },
});

function sql(server: Server, query: string): string {
  return execFileSync('sqlite3', [server.database, query]).toString().trim();
}

/** Fills and sends the application form as a citizen would. */
async function apply(page: Page, name: string, contact: string, age: string, place: string) {
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('radio', { name: 'E-Mail' }).check();
  await page.getByLabel('Kontakt', { exact: true }).fill(contact);
  await page.getByLabel('Altersgruppe').selectOption(age);
  await page.getByLabel('Wohnort').selectOption(place);
  await page.getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Bewerbung absenden' }).click();
}

test('40 applications, the draw of 15, verify the published inputs, delete every contact', async ({
  server,
  browser,
  page,
}) => {
  test.setTimeout(240_000);
  addStaff(server);

  // The town commits to its secret seed before the deadline.
  const staffDevice = await browser.newContext({ baseURL: server.url, locale: 'de-DE' });
  const staff = await staffDevice.newPage();
  await staffSignIn(staff);
  const panel = staff.locator('section.admin-event');
  await expect(panel.getByRole('heading', { level: 2 })).toContainText('Bewerbungen und Auslosung');
  await panel.getByRole('button', { name: 'Startwert festlegen und veröffentlichen' }).click();
  const hash = panel.locator('code.hash');
  await expect(hash).toHaveText(/^[0-9a-f]{64}$/);
  const commitment = (await hash.textContent())!.trim();

  // A citizen applies online and sees the commitment with the time it was made. The page
  // starts the event's bundle, not the citizens' (which has no code of the event).
  const wasm: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('_bg.wasm')) wasm.push(new URL(r.url()).pathname);
  });
  await page.goto('/teilnahme');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Bürger-Workshop');
  await expect(page.getByRole('button', { name: 'Bewerbung absenden' })).toBeEnabled();
  expect(wasm.length).toBeGreaterThan(0);
  expect(wasm.filter((url) => !url.startsWith('/event-app/'))).toEqual([]);
  await expect(page.getByText(commitment)).toBeVisible();
  await axeEverywhere(page, 'Teilnahme: Formular');
  await apply(page, 'Erika Muster', 'erika@example.org', AGES[0], PLACES[1]);
  const code = page.locator('.receipt-code');
  await expect(code).toHaveText(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  const firstCode = (await code.textContent())!.trim();
  // How many applied follows at once (the page asks the server anew).
  await expect(page.getByText('1 Bewerbung bisher.')).toBeVisible();
  await axeEverywhere(page, 'Teilnahme: eingegangen');
  // Once received, the device keeps the code, not the name or the contact.
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
  expect(stored).toContain(firstCode);
  expect(stored).not.toContain('erika@example.org');
  await page.getByRole('button', { name: 'Status prüfen' }).click();
  await expect(page.locator('#ansage')).toContainText('eingegangen');

  // Three devices apply offline; each reloads while offline (the application waits in the
  // outbox), then comes online: each is stored exactly once.
  const offline: { context: BrowserContext; page: Page }[] = [];
  for (let i = 0; i < 3; i++) {
    const context = await browser.newContext({ baseURL: server.url, locale: 'de-DE' });
    const p = await context.newPage();
    await p.goto('/teilnahme');
    // The form works once the app has started; offline, pages come from the service worker.
    await expect(p.getByRole('button', { name: 'Bewerbung absenden' })).toBeEnabled();
    await p.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await context.setOffline(true);
    await apply(p, `Offline ${i}`, `offline${i}@example.org`, AGES[i + 1], PLACES[i % 2]);
    await expect(p.locator('#ansage')).toContainText(/gesendet, sobald|wartet/);
    await p.reload().catch(() => {});
    offline.push({ context, page: p });
  }
  // (Not "0 rows" here: Chromium's offline emulation does not always reach requests the
  // service worker passes on — see comments.spec.ts. Each application waits on its device
  // until it has an answer, and the count below proves exactly once.)
  for (const { page: p } of offline) {
    await expect(p.locator('.item .item-state')).toContainText(/wartet|Postausgang/);
  }
  for (const { context, page: p } of offline) {
    await context.setOffline(false);
    await p.reload();
    await expect(p.locator('.receipt-code')).toHaveText(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  }
  await expect
    .poll(() => sql(server, "SELECT COUNT(*) FROM applications WHERE name LIKE 'Offline%'"))
    .toBe('3');
  // A second tab of an offline device that came online sends nothing again.
  const again = await offline[0].context.newPage();
  await again.goto('/teilnahme');
  await expect(again.locator('.receipt-code')).toBeVisible();
  for (const { context } of offline) await context.close();

  // 36 more through the API, as other devices would send them (exactly once by id).
  for (let i = 0; i < 36; i++) {
    const body = {
      id: randomUUID(),
      event_id: EVENT,
      name: `Person ${i}`,
      contact_kind: 'phone',
      contact: `0711 555 ${String(1000 + i)}`,
      attributes: { alter: AGES[i % 4], wohnort: PLACES[i % 3 === 0 ? 0 : 1] },
      consent: true,
      created_at: new Date().toISOString(),
    };
    const first = await page.request.post(`/api/v1/events/${EVENT}/applications`, { data: body });
    expect(first.status()).toBe(201);
    if (i === 0) {
      const retry = await page.request.post(`/api/v1/events/${EVENT}/applications`, { data: body });
      expect(retry.status()).toBe(200);
      expect((await retry.json()).code).toBe((await first.json()).code);
    }
  }
  expect(sql(server, 'SELECT COUNT(*) FROM applications')).toBe('40');
  await page.reload();
  await expect(page.getByText(/40 (Bewerbungen|haben sich beworben)/)).toBeVisible();

  // The deadline: staff close, then draw with the public value.
  await staff.reload();
  await panel.getByRole('button', { name: 'Bewerbung jetzt schließen' }).click();
  await expect(panel.locator('.event-phase')).toContainText('geschlossen');
  await panel.getByLabel('Öffentlicher Zufallswert').fill('3 12 19 27 33 41, Superzahl 7');
  await panel.getByRole('button', { name: 'Auslosen' }).click();
  await expect(panel.locator('ol.drawn-codes li')).toHaveCount(15);
  await expect(panel.locator('table.event-invitees tbody tr')).toHaveCount(15);

  // The published list in the app, and the inputs to download.
  await page.reload();
  const list = page.getByRole('list', { name: 'Ausgeloste Codes' });
  await expect(list.getByRole('listitem')).toHaveCount(15);
  const published = (await list.getByRole('listitem').allTextContents()).map((c) => c.trim());
  await axeEverywhere(page, 'Teilnahme: ausgelost');
  await axeEverywhere(staff, 'Verwaltung: Auslosung');
  // Nothing wider than a small phone.
  await page.setViewportSize({ width: 320, height: 800 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await page.setViewportSize({ width: 1280, height: 800 });
  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Eingaben herunterladen (JSON)' }).click();
  const file = join(mkdtempSync(join(tmpdir(), 'mitreden-draw-')), 'auslosung.json');
  await (await downloading).saveAs(file);
  const inputs = readFileSync(file, 'utf8');
  expect(inputs).not.toContain('Person 1');
  expect(inputs).not.toContain('erika@example.org');

  // Anyone can re-run it: the same 15 codes, and the seed matches the commitment.
  const out = execFileSync(bin, ['lottery', 'verify', file]).toString();
  const codes = out.split('\n').filter((l) => /^[0-9A-Z]{4}-[0-9A-Z]{4}$/.test(l.trim()));
  expect(codes.map((c) => c.trim())).toEqual(published);
  expect(inputs).toContain(commitment);
  // The first applicant learns their result with their code.
  await page.getByRole('button', { name: 'Status prüfen' }).click();
  await expect(page.locator('#ansage')).toContainText(
    published.includes(firstCode) ? 'ausgelost – die Stadt lädt Sie ein' : 'nicht ausgelost',
  );

  // The English page shows the same draw.
  const english = await page.context().newPage();
  await english.goto('/en/teilnahme');
  await expect(english.getByRole('list', { name: 'Drawn codes' }).getByRole('listitem')).toHaveCount(15);
  await axeEverywhere(english, 'Participation: drawn');
  await english.close();

  // After the event: every contact is deleted, the counts stay. (The files hold them
  // before, so the check below can see them.)
  const bytes = () =>
    ['', '-wal']
      .map((suffix) => {
        try {
          return readFileSync(server.database + suffix).toString('latin1');
        } catch {
          return '';
        }
      })
      .join('');
  expect(bytes()).toContain('0711 555 1000');
  await panel.getByRole('button', { name: 'Kontaktdaten aller Bewerbungen löschen' }).click();
  await panel.getByRole('button', { name: 'Ja, endgültig löschen' }).click();
  await expect(panel.getByText(/Kontaktdaten gelöscht am/).first()).toBeVisible();
  expect(sql(server, "SELECT COUNT(*) FROM applications WHERE name <> '' OR contact <> ''")).toBe('0');
  expect(sql(server, 'SELECT COUNT(*) FROM applications')).toBe('40');
  // Not a byte of them is left in the files either (secure_delete, the WAL erased).
  await expect.poll(() => bytes().includes('erika@example.org')).toBe(false);
  expect(bytes()).not.toContain('0711 555 1000');
  expect(bytes()).not.toContain('Person 12');
  await staffDevice.close();
});

test('at the town hall kiosk the applicant sees the code; "Neu beginnen" leaves nothing of it', async ({
  server,
  page,
}) => {
  addStaff(server);
  const staff = await page.context().browser()!.newPage({ baseURL: server.url });
  await staffSignIn(staff);
  await staff
    .locator('section.admin-event')
    .getByRole('button', { name: 'Startwert festlegen und veröffentlichen' })
    .click();
  await expect(staff.locator('section.admin-event code.hash')).toBeVisible();
  await staff.close();

  const printed = kioskCommand(server, 'add', 'BürgerBüro');
  const link = printed.match(/(http\S+\/verwaltung\/kiosk#[0-9a-f]{64})/)?.[1];
  expect(link, printed).toBeTruthy();
  await page.goto(link!);
  await page.getByRole('link', { name: 'Zur Startseite' }).click();
  await expect(page.getByRole('button', { name: 'Neu beginnen' })).toBeVisible();
  await page.goto('/teilnahme');
  await expect(page.getByRole('button', { name: 'Bewerbung absenden' })).toBeEnabled();
  await apply(page, 'Kiosk Person', 'kiosk@example.org', AGES[3], PLACES[0]);
  const code = page.locator('.receipt-code');
  await expect(code).toHaveText(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  // The kiosk keeps the code for the applicant to note, never the name or the contact.
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
  expect(stored).not.toContain('kiosk@example.org');
  expect(stored).not.toContain('Kiosk Person');
  const shown = (await code.textContent())!.trim();
  expect(stored).toContain(shown);
  await page.getByRole('button', { name: 'Neu beginnen' }).click();
  await expect(page).toHaveURL(`${server.url}/`);
  const after = await page.evaluate(() => JSON.stringify({ ...localStorage }));
  expect(after).not.toContain(shown);
  expect(sql(server, "SELECT COUNT(*) FROM applications WHERE name = 'Kiosk Person'")).toBe('1');
});

test('an application that arrives after the deadline is refused, and the device says so', async ({
  server,
  page,
}) => {
  addStaff(server);
  const staff = await page.context().browser()!.newPage({ baseURL: server.url });
  await staffSignIn(staff);
  const panel = staff.locator('section.admin-event');
  await panel.getByRole('button', { name: 'Startwert festlegen und veröffentlichen' }).click();
  await panel.getByRole('button', { name: 'Bewerbung jetzt schließen' }).click();
  await expect(panel.locator('.event-phase')).toContainText('geschlossen');
  await staff.close();

  // Written and queued offline before the deadline (as the app stores it), sent now.
  await page.goto('/');
  const id = randomUUID();
  const item = {
    comment: { id, section_id: '', section_version: 0, text: '', consent: false, created_at: new Date().toISOString() },
    state: 'queued',
    updated_ms: Date.now(),
    attempts: 0,
    next_attempt_ms: 0,
    application: {
      id,
      event_id: EVENT,
      name: 'Zu spät',
      contact_kind: 'email',
      contact: 'spaet@example.org',
      attributes: { alter: AGES[1], wohnort: PLACES[0] },
      consent: true,
      created_at: new Date().toISOString(),
    },
  };
  await page.evaluate(
    ([key, value]) => localStorage.setItem(key, value),
    [`mitreden:item:${id}`, JSON.stringify({ schema: 1, item })],
  );
  await page.goto('/teilnahme');
  const mine = page.locator('section.mine');
  await expect(mine.locator('.item .item-state')).toHaveText('abgelehnt: Die Bewerbungsfrist ist abgelaufen.');
  await expect(page.getByRole('button', { name: 'Bewerbung absenden' })).toHaveCount(0);
  expect(sql(server, 'SELECT COUNT(*) FROM applications')).toBe('0');
});

test("Verwaltung changes the event's place, seats, a quota and adds an attribute before any application; published, the event's page and form show them; after one, the terms stay", async ({
  server,
  page,
}) => {
  addStaff(server);
  await page.setViewportSize({ width: 1366, height: 900 });
  await staffSignIn(page);
  const form = page.getByRole('region', { name: 'Veranstaltung mit Plätzen durch Los' });
  const place = form.getByLabel('Ort', { exact: true });
  await expect(place).not.toHaveValue('');
  await place.fill('Altes Rathaus, Großer Saal');
  await form.getByLabel('Plätze', { exact: true }).fill('16');
  // The age group's first value gets 4 seats at least instead of 3.
  const ages = form.getByRole('group', { name: 'Merkmal 1' });
  await expect(ages.getByLabel('Bezeichnung im Bewerbungsformular')).toHaveValue('Altersgruppe');
  await expect(ages.getByLabel('Wert 1', { exact: true })).toHaveValue(AGES[0]);
  await ages.getByLabel('Quote für Wert 1 (Plätze mindestens)').fill('4');
  // A new attribute: the focus goes to each row added, and back after a removal.
  await form.getByRole('button', { name: 'Merkmal hinzufügen' }).click();
  const language = form.getByRole('group', { name: 'Merkmal 3' });
  await expect(language.getByLabel('Bezeichnung im Bewerbungsformular')).toBeFocused();
  await page.keyboard.type('Sprache zu Hause');
  await language.getByLabel('Wert 1', { exact: true }).fill('Deutsch');
  await language.getByLabel('Wert 2', { exact: true }).fill('eine andere');
  await language.getByRole('button', { name: 'Wert hinzufügen' }).click();
  await expect(language.getByLabel('Wert 3', { exact: true })).toBeFocused();
  await page.keyboard.type('beides');
  await language.getByRole('button', { name: 'Wert 3 entfernen' }).click();
  await expect(language.getByLabel('Wert 3', { exact: true })).toHaveCount(0);
  await expect(language.getByRole('button', { name: 'Wert hinzufügen' })).toBeFocused();
  await form.getByRole('button', { name: 'Als Entwurf speichern' }).click();
  await expect(form.getByRole('status')).toHaveText('Als Fassung 2 gespeichert (Entwurf).');
  await expect(language.getByLabel('Wert 2', { exact: true })).toHaveValue('eine andere');
  await form.screenshot({ path: test.info().outputPath('event-terms-1366.png') });
  await axeEverywhere(page, 'Verwaltung: Veranstaltung');
  const versions = page.getByRole('region', { name: 'Text der Strategie: Fassungen' });
  await versions.getByRole('button', { name: /^Veröffentlichen … \(Fassung 2:/ }).click();
  await versions.getByRole('button', { name: 'Jetzt veröffentlichen' }).click();
  await expect(versions.getByRole('status')).toContainText('Fassung 2 ist veröffentlicht', {
    // The answer comes once the debug server has rendered the new version's pages (1–3 s
    // alone); beside the other worker's axe matrix one took longer than 10 s (CI, 2026-12-07).
    timeout: 30_000,
  });
  const citizen = await page.context().browser()!.newPage({ baseURL: server.url });
  await citizen.goto('/teilnahme');
  await expect(citizen.locator('main').getByText('Altes Rathaus, Großer Saal').first()).toBeVisible();
  await expect(citizen.locator('main').getByText(/\b16\b/).first()).toBeVisible();
  await expect(citizen.locator('main li').filter({ hasText: AGES[0] })).toContainText('mindestens 4 Plätze für');
  await citizen.getByLabel('Sprache zu Hause').selectOption('eine andere');

  // One application: the terms stay as the applicant read them; the words may change.
  await apply(citizen, 'Erste Person', 'erste@example.org', AGES[0], PLACES[0]);
  await expect(citizen.locator('.receipt-code')).toHaveText(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  await page.reload();
  await form.getByLabel('Plätze', { exact: true }).fill('20');
  await form.getByRole('button', { name: 'Als Entwurf speichern' }).click();
  await expect(form.getByRole('status')).toContainText('Es sind schon Bewerbungen eingegangen');
  await form.getByLabel('Plätze', { exact: true }).fill('16');
  await ages.getByLabel('Quote für Wert 1 (Plätze mindestens)').fill('5');
  await form.getByRole('button', { name: 'Als Entwurf speichern' }).click();
  await expect(form.getByRole('status')).toContainText('Merkmale und Quoten bleiben');
  expect(sql(server, 'SELECT attributes FROM applications')).toContain('"sprache-zu-hause":"eine andere"');
});

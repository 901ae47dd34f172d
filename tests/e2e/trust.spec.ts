// What people believed and what really happened (issue 20): each test here failed on the
// code before it — a panic on every send, a form that said "not sent" after sending, a
// "Löschen" that only forgot, an answer credited to the wrong comment, a rejection reason
// chosen for staff, bulk changes without asking, the consent error far from its box.
import { freshTest as test, expect, addStaff, staffSignIn } from './fixtures';
import type { Page } from '@playwright/test';

const CONSENT = 'Ich bin mit der Speicherung und Veröffentlichung einverstanden.';

async function send(page: Page, text: string) {
  await page.getByLabel('Ihr Kommentar zu diesem Abschnitt').fill(text);
  await page.getByLabel(CONSENT).check();
  await page.getByRole('button', { name: 'Absenden' }).click();
}

test('sending comments and saving drafts, in German and English, raises no panic in the app', async ({ page }) => {
  // The fixture fails the test on any page error or "panicked" in the console; these are the
  // steps that raised "Tried to access a reactive value that has already been disposed".
  await page.goto('/abschnitt/leitmotiv-3');
  for (const n of [1, 2, 3]) {
    await send(page, `Kommentar Nummer ${n} zu Mission Lebenswert.`);
    await expect(page.locator('.mine .item-state').first()).toHaveText(/^eingegangen am /);
  }
  await expect(page.locator('.mine .item')).toHaveCount(3);
  await page.goto('/en/abschnitt/leitmotiv-3');
  const text = page.getByLabel('Your comment on this section');
  // Typed once the app runs (the prerendered form is disabled).
  await expect(text).toBeEnabled();
  for (const word of ['A draft', ' that grows', ' and grows.']) {
    await text.pressSequentially(word);
    await expect(page.locator('.comment-form .form-status')).toHaveText('Draft saved.');
  }
  await page.getByLabel(/I agree to/).check();
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.locator('.mine .item-state').first()).toHaveText(/^received on /);
  // Every received row asked the server what became of it; nothing answered into a row gone.
  await expect(page.locator('.mine .item')).toHaveCount(4);
});

test('the form says what became of the comment: in the outbox offline, received once it arrived', async ({
  page,
  context,
}) => {
  await page.goto('/abschnitt/leitmotiv-1');
  const status = page.locator('.comment-form .form-status');
  // The app runs (its form is enabled) before the network goes.
  await expect(page.getByLabel('Ihr Kommentar zu diesem Abschnitt')).toBeEnabled();
  await context.setOffline(true);
  await send(page, 'Erst offline geschrieben.');
  await expect(status).toHaveText(
    'Ihr Kommentar ist im Postausgang. Er wird gesendet, sobald eine Verbindung besteht.',
  );
  await context.setOffline(false);
  await expect(page.locator('.mine .item-state').first()).toHaveText(/^eingegangen am /);
  await expect(status).toHaveText(/^Ihr Kommentar ist eingegangen; die Stadt prüft ihn\./);
  // Online from the start: the same.
  await send(page, 'Gleich gesendet.');
  await expect(status).toHaveText(/^Ihr Kommentar ist eingegangen; die Stadt prüft ihn\./);
});

test('a sent comment is withdrawn on the server, or — said as such — only removed from this device', async ({
  page,
  context,
  server,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/abschnitt/leitmotiv-5');
  await send(page, 'Transparenz heißt auch: offene Daten.');
  const item = page.locator('.mine .item');
  await expect(item.locator('.item-state')).toHaveText(/^eingegangen am /);
  // No "Löschen" that would only forget it here.
  await expect(item.getByRole('button', { name: 'Löschen' })).toHaveCount(0);
  await expect(item.getByRole('button', { name: 'Zurückziehen' })).toBeVisible();
  await item.getByRole('button', { name: 'Nur von diesem Gerät entfernen' }).click();
  await expect(item.getByText('Der Kommentar bleibt bei der Stadt.', { exact: false })).toBeVisible();
  await expect(item.getByRole('button', { name: 'Ja, von diesem Gerät entfernen' })).toBeFocused();
  // The receipt link can be copied first.
  const href = await item.getByRole('link', { name: /Beleg/ }).getAttribute('href');
  await item.getByRole('button', { name: 'Beleg-Link kopieren' }).click();
  await expect(item.getByText('Beleg-Link kopiert.')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(new URL(href!, server.url).href);
  await item.getByRole('button', { name: 'Ja, von diesem Gerät entfernen' }).click();
  await expect(page.locator('.mine .item')).toHaveCount(0);
  // It stays with the town, and the copied link still opens it.
  expect(server.rows("WHERE moderation_state = 'received'")).toBe(1);
  await page.goto(href!);
  await expect(page.locator('main .item-text')).toHaveText('Transparenz heißt auch: offene Daten.');
});

test('the receipt opened on another device says what happens next, copies its link, shows it as a QR code and withdraws', async ({
  page,
  browser,
  server,
}) => {
  await page.goto('/abschnitt/leitmotiv-4');
  await send(page, 'Mehr Bänke mit Steckdosen am Marktplatz.');
  const item = page.locator('.mine .item');
  await expect(item.locator('.item-state')).toHaveText(/^eingegangen am /);
  const href = new URL((await item.getByRole('link', { name: /Beleg/ }).getAttribute('href'))!, server.url).href;
  const token = href.split('#')[1];

  // Another device: a phone without the comment in its storage.
  const other = await browser.newContext({ viewport: { width: 360, height: 740 } });
  await other.grantPermissions(['clipboard-read', 'clipboard-write']);
  const phone = await other.newPage();
  const requested: string[] = [];
  other.on('request', (r) => requested.push(r.url()));
  await phone.goto(href);
  await expect(phone.locator('main .item-text')).toHaveText('Mehr Bänke mit Steckdosen am Marktplatz.');
  await expect(phone.locator('.receipt-next')).toContainText('Die Stadt prüft Ihren Kommentar.');

  // Share where the phone can, copy otherwise (this Chromium has no share sheet).
  await phone.getByRole('button', { name: 'Beleg-Link teilen oder kopieren' }).click();
  await expect(phone.locator('main .item-message')).toHaveText(/Beleg-Link (kopiert|geteilt)\./);
  if (!(await phone.evaluate(() => 'share' in navigator))) {
    expect(await phone.evaluate(() => navigator.clipboard.readText())).toBe(href);
  }

  // The QR code: the whole link, token included, posted as a form — never in an address —
  // and shown full-size in a tab of its own.
  const posted = other.waitForEvent('request', (r) => r.url().endsWith('/api/v1/qr.svg') && r.method() === 'POST');
  const tab = other.waitForEvent('page');
  await phone.getByRole('button', { name: 'Als QR-Code zeigen' }).click();
  expect(new URLSearchParams((await posted).postData() ?? '').get('text')).toBe(href);
  const qr = await tab;
  await expect(qr.locator('svg[role="img"] path')).toHaveCount(1);
  const size = await qr.evaluate(() => document.documentElement.getBoundingClientRect().width);
  expect(size).toBeGreaterThan(300);
  await qr.close();
  expect(requested.filter((u) => u.includes(token) && !u.includes('#'))).toEqual([]);
  // Offline it says why there is none, and opens nothing: no tab, no request — proven by a
  // later online click whose tab is the first to come.
  const opened: string[] = [];
  other.on('page', (p) => opened.push(p.url()));
  await other.setOffline(true);
  await phone.getByRole('button', { name: 'Als QR-Code zeigen' }).click();
  await expect(phone.locator('main .item-message')).toHaveText('Der QR-Code braucht eine Verbindung. Kopieren Sie den Link stattdessen.');
  await other.setOffline(false);
  const later = other.waitForEvent('page');
  await phone.getByRole('button', { name: 'Als QR-Code zeigen' }).click();
  await (await later).close();
  expect(opened).toHaveLength(1);

  // Withdrawn from the phone: gone on the server.
  await phone.getByRole('button', { name: 'Zurückziehen' }).click();
  await phone.getByRole('button', { name: 'Ja, zurückziehen' }).click();
  await expect(phone.locator('main .item-state')).toHaveText('zurückgezogen – der Text ist gelöscht');
  expect(server.rows("WHERE moderation_state = 'withdrawn'")).toBe(1);
  await other.close();
});

test('the consent error stands at its checkbox, which takes the focus; the button says nothing was sent', async ({
  page,
  server,
}) => {
  await page.goto('/abschnitt/leitmotiv-6');
  await page.getByLabel('Ihr Kommentar zu diesem Abschnitt').fill('Ohne Häkchen.');
  await page.getByRole('button', { name: 'Absenden' }).click();
  const consent = page.getByLabel(CONSENT);
  await expect(consent).toBeFocused();
  await expect(page.locator('.consent + #kommentar-fehler')).toHaveText(
    'Bitte stimmen Sie dem Hinweis zum Datenschutz zu.',
  );
  await expect(consent).toHaveAttribute('aria-describedby', /kommentar-fehler/);
  await expect(page.locator('.comment-form .form-status')).toHaveText(
    'Nichts gesendet – bitte das markierte Feld prüfen.',
  );
  // The button's status sits by the button, the error by the box — not under the counter.
  await expect(page.locator('#kommentar-zaehler + #kommentar-fehler')).toHaveCount(0);
  expect(server.rows()).toBe(0);
});

/** Posts comments on `section` through the API, as the app would. */
async function comments(page: Page, section: string, texts: string[]) {
  for (const text of texts) {
    const id = crypto.randomUUID();
    const res = await page.request.post('/api/v1/comments', {
      data: {
        comments: [
          { id, section_id: section, section_version: section === 'leitmotiv-2' ? 2 : 1, text, consent: true, created_at: new Date().toISOString() },
        ],
      },
    });
    expect(res.status()).toBe(200);
  }
}

test('the answer form shows only its own comment; a change is credited only if it came after, or if staff confirm', async ({
  page,
  server,
}) => {
  await comments(page, 'leitmotiv-2', ['Erster Kommentar zu Leitmotiv 2.', 'Zweiter Kommentar zu Leitmotiv 2.']);
  addStaff(server);
  await staffSignIn(page);
  const detail = page.locator('.work-detail');
  await expect(detail.locator('.item-text')).toHaveText('Erster Kommentar zu Leitmotiv 2.');
  await detail.getByText('Antworten', { exact: true }).click();
  await detail.getByLabel('Geführt zu Änderung').selectOption('leitmotiv-2:2');
  // Fassung 2 is the wording both were written on: not caused by them unless staff say so.
  await expect(detail.getByLabel(/Diese Fassung erschien vor dem Kommentar/)).not.toBeChecked();
  // Published: the pane moves to the next comment — with a form of its own.
  await detail.getByRole('button', { name: 'Veröffentlichen' }).click();
  await expect(detail.locator('.item-text')).toHaveText('Zweiter Kommentar zu Leitmotiv 2.');
  await detail.getByText('Antworten', { exact: true }).click();
  await expect(detail.getByLabel('Geführt zu Änderung')).toHaveValue('');
  await expect(detail.getByLabel(/Diese Fassung erschien vor dem Kommentar/)).toHaveCount(0);
  await detail.getByLabel('Antwort', { exact: true }).fill('Danke, wir prüfen das.');
  await detail.getByRole('button', { name: 'Antwort speichern' }).click();
  await expect(detail.getByRole('status')).toHaveText('Antwort gespeichert.');
  const revisions = await page.request.get('/api/v1/admin/comments?limit=10');
  const list = (await revisions.json()) as { text: string; answer?: { revision?: unknown } }[];
  const second = list.find((c) => c.text.startsWith('Zweiter'));
  expect(second?.answer?.revision ?? null).toBeNull();
});

test('no rejection reason is chosen for staff; without one nothing is rejected', async ({ page, server }) => {
  await comments(page, 'leitmotiv-4', ['Ein ganz normaler Kommentar.']);
  addStaff(server);
  await staffSignIn(page);
  const detail = page.locator('.work-detail');
  await detail.locator('summary').filter({ hasText: 'Ablehnen' }).click();
  const reason = detail.getByLabel('Grund (sieht die Person, die geschrieben hat)');
  await expect(reason).toHaveValue('');
  await detail.getByRole('button', { name: 'Ablehnen' }).click();
  await expect(detail.getByRole('status')).toHaveText('Bitte einen Grund wählen oder schreiben.');
  expect(server.rows("WHERE moderation_state = 'rejected'")).toBe(0);
  await reason.fill('Werbung');
  await detail.getByRole('button', { name: 'Ablehnen' }).click();
  await expect.poll(() => server.rows("WHERE moderation_state = 'rejected'")).toBe(1);
});

test('bulk changes are asked first, said by the buttons, and can be undone for a moment', async ({ page, server }) => {
  await comments(page, 'leitmotiv-7', ['Eins.', 'Zwei.', 'Drei.', 'Vier.']);
  addStaff(server);
  await staffSignIn(page);
  const bulk = page.getByRole('group', { name: 'Mehrere auf einmal' });
  await bulk.getByRole('button', { name: 'Alle auf dieser Seite auswählen' }).click();
  await bulk.getByRole('button', { name: 'Ausgewählte ablehnen (4)' }).click();
  await expect(bulk.getByRole('status')).toHaveText('Bitte einen Grund wählen oder schreiben.');
  await bulk.getByLabel('Grund (sieht die Person, die geschrieben hat)').fill('Werbung');
  await bulk.getByRole('button', { name: 'Ausgewählte ablehnen (4)' }).click();
  await expect(bulk.getByText('4 Kommentare ablehnen mit dem Grund „Werbung“?')).toBeVisible();
  await bulk.getByRole('button', { name: 'Ja, ändern' }).click();
  await expect(bulk.getByText(/^4 Kommentare werden in \d s geändert\.$/)).toBeVisible();
  await bulk.getByRole('button', { name: 'Rückgängig' }).click();
  await expect(bulk.getByRole('status')).toHaveText('Rückgängig gemacht – nichts geändert.');
  // Then publish them: once that has run (after its own wait), the undone rejection —
  // which would have run before it — has certainly not.
  await bulk.getByRole('button', { name: 'Ausgewählte veröffentlichen (4)' }).click();
  await bulk.getByRole('button', { name: 'Ja, ändern' }).click();
  await expect(bulk.getByRole('status')).toHaveText('4 Kommentare geändert.', { timeout: 30_000 });
  expect(server.rows("WHERE moderation_state = 'rejected'")).toBe(0);
  expect(server.rows("WHERE moderation_state = 'published'")).toBe(4);
  // A new filter: what was said of the old list goes.
  await page.getByLabel('Anzeigen:').selectOption('published');
  await expect(bulk.getByRole('status')).toHaveText('');
});

test('the workplace keys work from a fresh sign-in, wherever the focus is but in a field, and can be turned off', async ({
  page,
  server,
}) => {
  await comments(page, 'leitmotiv-8', ['Erster.', 'Zweiter.', 'Dritter.']);
  addStaff(server);
  await staffSignIn(page);
  const detail = page.locator('.work-detail');
  await expect(detail.locator('.item-text')).toHaveText('Erster.');
  await page.keyboard.press('j');
  await expect(detail.locator('.item-text')).toHaveText('Zweiter.');
  await page.keyboard.press('j');
  await expect(detail.locator('.item-text')).toHaveText('Dritter.');
  await page.keyboard.press('k');
  await expect(detail.locator('.item-text')).toHaveText('Zweiter.');
  // From the page's heading (not the list), too.
  await page.getByRole('heading', { level: 1 }).focus();
  await page.keyboard.press('a');
  await expect(detail.getByLabel('Antwort', { exact: true })).toBeFocused();
  // Typing "j" into the answer is typing, not moving.
  await page.keyboard.type('ja');
  await expect(detail.getByLabel('Antwort', { exact: true })).toHaveValue('ja');
  await expect(detail.locator('.item-text')).toHaveText('Zweiter.');
  // Turned off (voice control): a "j" moves nothing.
  await page.getByText('Tastenkürzel', { exact: true }).click();
  await page.getByLabel(/^Tastenkürzel verwenden/).uncheck();
  await page.getByRole('heading', { level: 1 }).focus();
  await page.keyboard.press('j');
  await page.getByLabel(/^Tastenkürzel verwenden/).check();
  await page.getByRole('heading', { level: 1 }).focus();
  // On again: "k" goes back one from the second — so the "j" before it moved nothing.
  await page.keyboard.press('k');
  await expect(detail.locator('.item-text')).toHaveText('Erster.');
});

test('Safari on iPhone is told that a draft left seven days is deleted; other browsers are not', async ({
  page,
  browser,
  server,
}) => {
  const note = 'Auf iPhone und iPad löscht Safari Entwürfe';
  const iphone = await browser.newContext({
    baseURL: server.url,
    userAgent:
      'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
    viewport: { width: 390, height: 844 },
  });
  const phone = await iphone.newPage();
  await phone.goto('/abschnitt/leitmotiv-9');
  await expect(phone.getByText(note, { exact: false })).toHaveCount(0);
  await phone.getByLabel('Ihr Kommentar zu diesem Abschnitt').fill('Ein Entwurf auf dem iPhone.');
  await expect(phone.getByText(note, { exact: false })).toBeVisible();
  await iphone.close();
  // Chromium on Linux: the draft is saved, and no such note.
  await page.goto('/abschnitt/leitmotiv-9');
  await page.getByLabel('Ihr Kommentar zu diesem Abschnitt').fill('Ein Entwurf anderswo.');
  await expect(page.locator('.comment-form .form-status')).toHaveText('Entwurf gespeichert.');
  await expect(page.getByText(note, { exact: false })).toHaveCount(0);
});

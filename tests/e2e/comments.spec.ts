// Writing offline and sending exactly once, against the real server and a real SQLite file.
import { freshTest as test, expect, storedQueuedComment } from './fixtures';
import type { Page } from '@playwright/test';

const TITLES = ['Der Mensch im Mittelpunkt', 'Vorne dabei', 'Mission Lebenswert'];

/** Goes to Leitmotiv `n` inside the app (no page load: works offline), writes a comment
 *  and presses "Absenden". */
async function writeAndSubmit(page: Page, n: number, text: string) {
  await page.getByRole('link', { name: 'Übersicht' }).click();
  await page.getByRole('link', { name: `Leitmotiv ${n} ${TITLES[n - 1]}`, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(TITLES[n - 1]);
  await page.getByLabel('Ihr Kommentar zu diesem Abschnitt').fill(text);
  await page.getByLabel('Ich bin mit der Speicherung und Veröffentlichung einverstanden.').check();
  await page.getByRole('button', { name: 'Absenden' }).click();
  // The form follows the comment: in the outbox (offline), being sent, or received.
  await expect(page.locator('.comment-form .form-status')).toHaveText(
    /^Ihr Kommentar (ist im Postausgang|wird gesendet|ist eingegangen)/,
  );
}

/** The states of all items on "Meine Beiträge", in words. */
async function states(page: Page): Promise<string[]> {
  return page.locator('.item .item-state').allTextContents();
}

const TEXTS = [
  'Leitmotiv 1: Bitte auch an ältere Menschen ohne Smartphone denken.',
  'Leitmotiv 2: Es fehlt das klare Bekenntnis zu den Bildungseinrichtungen.',
  'Leitmotiv 3: Datenschutz zuerst, auch bei Sensoren im Straßenraum.',
];

test('offline: three comments wait, survive a reload, and arrive exactly once', async ({
  page,
  context,
  server,
}) => {
  await page.goto('/');
  // Once the service worker controls the page, the app reloads without a network.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await context.setOffline(true);
  for (const [i, text] of TEXTS.entries()) {
    await writeAndSubmit(page, i + 1, text);
  }
  await expect(page.locator('.sync-status').filter({ hasText: 'Offline – 3 Beiträge warten' })).toBeVisible();
  await page.getByRole('link', { name: 'Meine Beiträge' }).click();
  // The page's text comes first; the list of this device's items when the app has started.
  await expect(page.locator('.item')).toHaveCount(3);
  expect(await states(page)).toEqual(Array(3).fill('wartet auf Verbindung'));
  // (Not `server.rows() == 0` here: Chromium's offline emulation sometimes reaches a page
  // served by the service worker a moment late, and a send then passes through the worker
  // to the real network while the page sees no answer. The comment keeps waiting and its
  // retry is recognised by the server — the end of this test counts exactly one row each.)

  // Reload while still offline: all three are still there, waiting.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Meine Entwürfe und Beiträge');
  await expect(page.locator('.item')).toHaveCount(3);
  await expect(page.locator('.item .item-state')).toHaveText(Array(3).fill('wartet auf Verbindung'));
  for (const text of TEXTS) await expect(page.getByText(text)).toBeVisible();

  // Back online: the browser's online event starts sending at once.
  await context.setOffline(false);
  await expect(page.locator('.item .item-state')).toHaveText(
    Array(3).fill(/^eingegangen am \d\d\.\d\d\.\d{4}, \d\d:\d\d$/),
  );
  expect(server.rows()).toBe(3);
  await expect(page.locator('.sync-status').filter({ hasText: 'Alle Beiträge gesendet' })).toBeVisible();
  for (const text of TEXTS) {
    expect(server.rows(`WHERE body = '${text}'`)).toBe(1);
  }
});

test('server down: the comment waits, and after a restart exactly one row arrives', async ({
  page,
  server,
}) => {
  await page.goto('/abschnitt/leitmotiv-2');
  // The app has started (the text alone arrives before it), and its service worker, which
  // answers navigations while the server is away, controls the page.
  await expect(page.getByLabel('Ihr Kommentar zu diesem Abschnitt')).toBeEnabled();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await server.stop();
  await writeAndSubmit(page, 2, 'Bildung gehört in Leitmotiv 2.');
  await expect(page.locator('.sync-status').filter({ hasText: '1 Beitrag wartet auf Versand' })).toBeVisible();
  await expect(page.locator('.mine .item-state')).toHaveText('wartet auf Verbindung');
  await server.restart();
  // The backoff timer retries by itself (first waits are 1–2 s, 2–4 s, 4–8 s …).
  await expect(page.locator('.mine .item-state')).toHaveText(/^eingegangen am /, { timeout: 30_000 });
  expect(server.rows()).toBe(1);
  await page.waitForTimeout(1_500);
  expect(server.rows()).toBe(1);
});

test('a response lost after the server committed: the retry creates no duplicate', async ({
  page,
  server,
}) => {
  let requests = 0;
  await page.route('**/api/v1/comments', async (route) => {
    requests += 1;
    if (requests === 1) {
      // The request reaches the server and is committed; the answer never reaches the page.
      const committed = await route.fetch();
      expect(committed.status()).toBe(200);
      await route.abort('connectionreset');
    } else {
      await route.continue();
    }
  });
  await page.goto('/');
  await writeAndSubmit(page, 3, 'Lebensqualität heißt auch: Antworten öffentlich machen.');
  await expect(page.locator('.mine .item-state')).toHaveText(/^eingegangen am /, { timeout: 30_000 });
  expect(requests).toBeGreaterThanOrEqual(2);
  expect(server.rows()).toBe(1);
});

test('two tabs write and send at once: no draft lost, no duplicate row', async ({ context, server }) => {
  const a = await context.newPage();
  const b = await context.newPage();
  await a.goto('/abschnitt/leitmotiv-1');
  await b.goto('/abschnitt/leitmotiv-3');
  await a.getByLabel('Ihr Kommentar zu diesem Abschnitt').fill('Aus Tab A: Barrierefreiheit.');
  await b.getByLabel('Ihr Kommentar zu diesem Abschnitt').fill('Aus Tab B: Lebensqualität.');
  await a.getByLabel('Ich bin mit der Speicherung und Veröffentlichung einverstanden.').check();
  await b.getByLabel('Ich bin mit der Speicherung und Veröffentlichung einverstanden.').check();

  // Each tab's draft is saved and visible in the other tab (storage event), none overwritten.
  const other = await context.newPage();
  await other.goto('/meine-beitraege');
  await expect(other.locator('.item .item-state')).toHaveText(['Entwurf', 'Entwurf']);
  await expect(other.getByText('Aus Tab A: Barrierefreiheit.')).toBeVisible();
  await expect(other.getByText('Aus Tab B: Lebensqualität.')).toBeVisible();

  await Promise.all([
    a.getByRole('button', { name: 'Absenden' }).click(),
    b.getByRole('button', { name: 'Absenden' }).click(),
  ]);
  for (const page of [a, b, other]) {
    await page.goto('/meine-beitraege');
    await expect(page.locator('.item .item-state')).toHaveText(
      Array(2).fill(/^eingegangen am /),
      { timeout: 20_000 },
    );
  }
  expect(server.rows()).toBe(2);
  expect(server.rows(`WHERE body = 'Aus Tab A: Barrierefreiheit.'`)).toBe(1);
  expect(server.rows(`WHERE body = 'Aus Tab B: Lebensqualität.'`)).toBe(1);
});

test('a comment crafted past the client check is shown as rejected, text kept', async ({
  page,
  server,
}) => {
  const text = 'Zu lang! '.repeat(400).slice(0, 3001);
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  // Put a queued comment over the limit straight into storage, as a tampered client would.
  const [key, value] = storedQueuedComment('9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', 'leitmotiv-4', 1, text);
  await page.evaluate(([key, value]) => localStorage.setItem(key, value), [key, value]);
  await page.goto('/meine-beitraege');
  await expect(page.locator('.item .item-state')).toHaveText(
    'abgelehnt: Der Kommentar ist mit 3001 Zeichen zu lang (höchstens 3000).',
  );
  expect(server.rows()).toBe(0);
  // The text is still there, to shorten and send again.
  await page.getByRole('link', { name: 'Öffnen' }).click();
  await expect(page.getByLabel('Ihr Kommentar zu diesem Abschnitt')).toHaveValue(text);
  await expect(page.getByText('3001 von 3000 Zeichen')).toBeVisible();
});

test('a draft survives a reload and a closed tab', async ({ context }) => {
  const page = await context.newPage();
  await page.goto('/abschnitt/leitmotiv-6');
  await page.getByLabel('Ihr Kommentar zu diesem Abschnitt').fill('Offene Daten bitte mit Lizenz.');
  await page.getByLabel('Name oder Pseudonym (freiwillig)').fill('Frau M.');
  await expect(page.locator('main').getByText('Entwurf gespeichert.')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Ihr Kommentar zu diesem Abschnitt')).toHaveValue('Offene Daten bitte mit Lizenz.');
  await expect(page.getByLabel('Name oder Pseudonym (freiwillig)')).toHaveValue('Frau M.');
  await page.close();
  const again = await context.newPage();
  await again.goto('/abschnitt/leitmotiv-6');
  await expect(again.getByLabel('Ihr Kommentar zu diesem Abschnitt')).toHaveValue('Offene Daten bitte mit Lizenz.');
  // Deleting asks first.
  await again.goto('/meine-beitraege');
  await again.getByRole('button', { name: 'Löschen' }).click();
  await expect(again.getByText('Wirklich löschen?')).toBeVisible();
  await again.getByRole('button', { name: 'Ja, löschen' }).click();
  await expect(again.getByText('Sie haben auf diesem Gerät noch nichts geschrieben.')).toBeVisible();
});

test('a sent comment can be withdrawn: its text is erased on the server and here', async ({
  page,
  server,
}) => {
  const text = 'Diesen Kommentar ziehe ich zurück.';
  await page.goto('/');
  await writeAndSubmit(page, 1, text);
  await page.getByRole('link', { name: 'Meine Beiträge' }).click();
  await expect(page.locator('.item .item-state')).toHaveText(/^eingegangen am /);
  expect(server.rows(`WHERE body = '${text}'`)).toBe(1);

  await page.getByRole('button', { name: 'Zurückziehen' }).click();
  await expect(page.getByText('Beitrag zurückziehen?')).toBeVisible();
  await page.getByRole('button', { name: 'Ja, zurückziehen' }).click();
  await expect(page.locator('.item .item-state')).toHaveText('zurückgezogen – der Text ist gelöscht');
  await expect(page.getByText(text)).toHaveCount(0);
  expect(server.rows(`WHERE body = '${text}'`)).toBe(0);
  expect(server.rows(`WHERE body = '' AND moderation_state = 'withdrawn'`)).toBe(1);
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
  expect(stored).not.toContain(text);
});

test('a draft begun on an earlier version shows what changed before it is sent', async ({
  page,
  server,
}) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  // A draft on Leitmotiv 2 written when the text was still version 1.
  const [key, value] = storedQueuedComment(
    '7c6d5e4f-3a2b-4c1d-8e9f-0a1b2c3d4e5f', 'leitmotiv-2', 1, 'Die Wirtschaft allein reicht nicht.', 'draft',
  );
  await page.evaluate(([key, value]) => localStorage.setItem(key, value), [key, value]);
  await page.goto('/abschnitt/leitmotiv-2');
  const form = page.locator('.comment-form');
  await expect(form.getByLabel('Ihr Kommentar zu diesem Abschnitt')).toHaveValue('Die Wirtschaft allein reicht nicht.');
  await expect(form.getByText('Dieser Abschnitt wurde geändert, seit Sie Ihren Entwurf begonnen haben.', { exact: false })).toBeVisible();
  await expect(form.locator('.diff ins')).toHaveText('eingefügt: sowie Bildungseinrichtungen');
  await form.getByLabel('Ich bin mit der Speicherung und Veröffentlichung einverstanden.').check();
  await form.getByRole('button', { name: 'Absenden' }).click();
  await expect(page.locator('.mine .item-state').first()).toHaveText(/^eingegangen am /);
  // It is stored against the version it was written on.
  expect(server.rows(`WHERE section_version = 1 AND section_id = 'leitmotiv-2'`)).toBe(1);
});

test('a draft begun on an earlier version is moved to the changed one when the citizen says so', async ({
  page,
  server,
}) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const [key, value] = storedQueuedComment(
    '8d7e6f5a-4b3c-4d2e-9fa0-1b2c3d4e5f60', 'leitmotiv-2', 1, 'Passt auch zum neuen Text.', 'draft',
  );
  await page.evaluate(([key, value]) => localStorage.setItem(key, value), [key, value]);
  await page.goto('/abschnitt/leitmotiv-2');
  const form = page.locator('.comment-form');
  await expect(form.getByText('geht Ihr Kommentar zur Fassung 1, zu der Sie ihn begonnen haben')).toBeVisible();
  await form.getByRole('button', { name: 'Kommentar auf die geänderte Fassung beziehen' }).click();
  await expect(page.locator('main').getByText('Ihr Kommentar bezieht sich jetzt auf die geänderte Fassung.')).toBeVisible();
  await expect(form.getByText('Dieser Abschnitt wurde geändert', { exact: false })).toHaveCount(0);
  await expect(form.getByLabel('Ihr Kommentar zu diesem Abschnitt')).toBeFocused();
  await form.getByLabel('Ich bin mit der Speicherung und Veröffentlichung einverstanden.').check();
  await form.getByRole('button', { name: 'Absenden' }).click();
  await expect(page.locator('.mine .item-state').first()).toHaveText(/^eingegangen am /);
  expect(server.rows(`WHERE section_version = 2 AND section_id = 'leitmotiv-2'`)).toBe(1);
  expect(server.rows(`WHERE section_version = 1`)).toBe(0);
});

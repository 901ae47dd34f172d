// The office's workplace with 2,000 comments: search, filter, bulk-publish 50, answer one,
// re-open the answer and change only its text; the history shows who did what.
import AxeBuilder from '@axe-core/playwright';
import { test as base } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { expect, addStaff, staffSignIn, startServer, type Server } from './fixtures';

const TOPICS = ['Glasfaser', 'Bürgerbüro', 'Schule', 'Radweg'];

const test = base.extend<{ server: Server }>({
  // Seeding sends 40 batches at once: without the citizens' rate limit.
  server: async ({}, use) => {
    const server = await startServer(['--rate-limit', '0']);
    await use(server);
    await server.dispose();
  },
  baseURL: async ({ server }, use) => {
    await use(server.url);
  },
});

test('2,000 comments: search, filter, bulk-publish 50, answer and re-open the answer', async ({
  page,
  request,
  server,
}) => {
  test.setTimeout(120_000);
  for (let batch = 0; batch < 40; batch++) {
    const comments = Array.from({ length: 50 }, (_, k) => {
      const n = batch * 50 + k;
      return {
        id: `0b7e3c1a-5f2d-4c8e-9a6b-${n.toString(16).padStart(12, '0')}`,
        section_id: n % 2 === 0 ? 'leitmotiv-1' : 'leitmotiv-2',
        section_version: n % 2 === 0 ? 1 : 2,
        text: `Kommentar ${n} zum Thema ${TOPICS[n % 4]}`,
        consent: true,
        created_at: new Date().toISOString(),
      };
    });
    const res = await request.post('/api/v1/comments', { data: { comments } });
    expect(res.status()).toBe(200);
  }
  expect(server.rows()).toBe(2000);
  addStaff(server);
  await staffSignIn(page);
  await expect(page.getByText('1–50 von 2000')).toBeVisible();

  // Search and filter.
  await page.getByLabel('Suche in Kommentaren und Antworten').fill('Glasfaser');
  await page.getByRole('button', { name: 'Suchen' }).click();
  await expect(page.getByText('1–50 von 500')).toBeVisible();
  await page.getByLabel('Abschnitt:').selectOption('leitmotiv-1');
  await expect(page.getByText('1–50 von 500')).toBeVisible(); // every Glasfaser comment is even
  await page.getByLabel('Abschnitt:').selectOption('leitmotiv-2');
  await expect(page.getByText('0–0 von 0')).toBeVisible();
  await page.getByLabel('Abschnitt:').selectOption('');
  await expect(page.getByText('1–50 von 500')).toBeVisible();

  // Bulk: the page's 50 at once.
  await page.getByRole('button', { name: 'Alle auf dieser Seite auswählen' }).click();
  await page.getByRole('button', { name: 'Ausgewählte veröffentlichen (50)' }).click();
  await expect(page.getByRole('status').filter({ hasText: '50 Kommentare geändert.' })).toBeVisible();
  await page.getByLabel('Anzeigen:').selectOption('published');
  await expect(page.getByText('1–50 von 50')).toBeVisible();

  // Answer the first one with status, reason and revision.
  const first = page.locator('.admin-item').first();
  const text = (await first.locator('.item-text').textContent())!;
  await first.getByText('Antworten', { exact: true }).click();
  await first.getByLabel('Antwort', { exact: true }).fill('Danke, aufgenommen.');
  await first.getByLabel('Stand').selectOption('beruecksichtigt');
  await first.getByLabel('Begründung:').fill('passt zum Leitbild');
  await first.getByLabel('Geführt zu Änderung').selectOption('leitmotiv-2:2');
  await first.getByRole('button', { name: 'Antwort speichern' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Antwort gespeichert.' })).toBeVisible();

  // Re-open it after a reload: the form shows what is saved; change only the text.
  await page.reload();
  await page.getByLabel('Anzeigen:').selectOption('');
  await page.getByLabel('Suche in Kommentaren und Antworten').fill('aufgenommen');
  await page.getByRole('button', { name: 'Suchen' }).click();
  await expect(page.getByText('1–1 von 1')).toBeVisible();
  const again = page.locator('.admin-item').first();
  await expect(again.locator('.item-text')).toHaveText(text);
  await again.getByText('Antworten', { exact: true }).click();
  await expect(again.getByLabel('Antwort', { exact: true })).toHaveValue('Danke, aufgenommen.');
  await expect(again.getByLabel('Stand')).toHaveValue('beruecksichtigt');
  await expect(again.getByLabel('Begründung:')).toHaveValue('passt zum Leitbild');
  await expect(again.getByLabel('Geführt zu Änderung')).toHaveValue('leitmotiv-2:2');
  await again.getByLabel('Antwort', { exact: true }).fill('Danke, wir haben es aufgenommen.');
  await again.getByRole('button', { name: 'Antwort speichern' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Antwort gespeichert.' })).toBeVisible();

  const id = (await again.locator('input[type=checkbox]').getAttribute('id'))!.replace('auswahl-', '');
  const stored = await page.request.get(`/api/v1/admin/comments?q=wir%20haben%20aufgenommen`);
  const [comment] = await stored.json();
  expect(comment.id).toBe(id);
  expect(comment.answer).toMatchObject({
    text: 'Danke, wir haben es aufgenommen.',
    status: 'beruecksichtigt',
    reason: 'passt zum Leitbild',
    revision: { section_id: 'leitmotiv-2', version: 2 },
  });

  // The history: published, answered, changed — each by "amt".
  await page.reload();
  await page.getByLabel('Anzeigen:').selectOption('');
  await page.getByLabel('Suche in Kommentaren und Antworten').fill('aufgenommen');
  await page.getByRole('button', { name: 'Suchen' }).click();
  const item = page.locator('.admin-item').first();
  await item.getByText('Verlauf').click();
  const history = item.locator('.history li');
  await expect(history).toHaveCount(3);
  await expect(history.nth(0)).toContainText('veröffentlicht von amt');
  await expect(history.nth(1)).toContainText(
    'beantwortet von amt (berücksichtigt: passt zum Leitbild) – „Danke, aufgenommen.“',
  );
  await expect(history.nth(2)).toContainText(
    'Antwort geändert von amt (berücksichtigt: passt zum Leitbild) – „Danke, wir haben es aufgenommen.“',
  );

  // Open data: the CSV as Python's csv module reads it (the BOM for Excel removed by
  // utf-8-sig): a header and the 50 published comments, 13 columns each.
  const csv = await (await request.get('/api/v1/open-data/comments.csv')).body();
  const parsed = JSON.parse(
    execFileSync(
      'python3',
      ['-c', 'import csv,io,json,sys; print(json.dumps(list(csv.reader(io.StringIO(sys.stdin.buffer.read().decode("utf-8-sig"), newline="")))))'],
      { input: csv },
    ).toString(),
  ) as string[][];
  expect(parsed.length).toBe(51);
  expect(parsed[0]).toEqual([
    'id', 'section_id', 'section', 'section_version', 'received_at', 'name', 'text',
    'answer_status', 'answer', 'answer_reason', 'answer_office', 'answered_at', 'revision',
  ]);
  expect(parsed.every((row) => row.length === 13)).toBe(true);
  const row = parsed.find((r) => r[0] === id)!;
  expect(row.slice(7, 10)).toEqual(['beruecksichtigt', 'Danke, wir haben es aufgenommen.', 'passt zum Leitbild']);
  expect(row[12]).toBe('leitmotiv-2:2');

  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});

test('keys: j and k move through the list, p publishes, a and r open their forms', async ({
  page,
  request,
  server,
}) => {
  const comments = [1, 2, 3].map((n) => ({
    id: `0b7e3c1a-5f2d-4c8e-9a6b-00000000000${n}`,
    section_id: 'leitmotiv-1',
    section_version: 1,
    text: `Tastatur-Kommentar ${n}`,
    consent: true,
    created_at: new Date().toISOString(),
  }));
  expect((await request.post('/api/v1/comments', { data: { comments } })).status()).toBe(200);
  addStaff(server);
  await staffSignIn(page);
  await expect(page.getByText('1–3 von 3')).toBeVisible();
  await page.getByRole('heading', { level: 1 }).focus();
  await page.keyboard.press('j');
  const items = page.locator('.admin-item');
  await expect(items.nth(0)).toBeFocused();
  await expect(page.getByRole('status').filter({ hasText: 'Kommentar 1 von 3' })).toBeVisible();
  await page.keyboard.press('p');
  await expect(page.getByRole('status').filter({ hasText: 'Veröffentlicht.' })).toBeVisible();
  await expect(page.getByText('1–2 von 2')).toBeVisible();
  await page.getByRole('heading', { level: 1 }).focus();
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await expect(items.nth(1)).toBeFocused();
  await page.keyboard.press('a');
  await expect(items.nth(1).getByLabel('Antwort', { exact: true })).toBeFocused();
  // In a field, the keys are text.
  await page.keyboard.type('jkpra');
  await expect(items.nth(1).getByLabel('Antwort', { exact: true })).toHaveValue('jkpra');
  await items.nth(0).focus();
  await page.keyboard.press('r');
  await expect(items.nth(0).getByLabel('Grund (sieht die Person, die geschrieben hat)')).toBeFocused();
  await expect(page.getByText('Tastenkürzel')).toBeVisible();
});

// The office's workplace with 2,000 comments: search, filter, bulk-publish 50, answer one,
// re-open the answer and change only its text; the history shows who did what.
import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import { base, expect, addStaff, staffSignIn, startServer, STAFF_PASSWORD, type Server } from './fixtures';

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
  await expect(page.getByText('Kein Kommentar passt zu dieser Auswahl.')).toBeVisible();
  await page.getByLabel('Abschnitt:').selectOption('');
  await expect(page.getByText('1–50 von 500')).toBeVisible();

  // Every match of a filter, across pages: the 500 "Radweg" comments rejected at once.
  await page.getByLabel('Suche in Kommentaren und Antworten').fill('Radweg');
  await page.getByRole('button', { name: 'Suchen' }).click();
  await expect(page.getByText('1–50 von 500')).toBeVisible();
  await page.getByRole('button', { name: 'Alle 500 Treffer auswählen' }).click();
  await expect(page.getByRole('status').filter({ hasText: '500 ausgewählt.' })).toBeVisible();
  const bulk = page.getByRole('group', { name: 'Mehrere auf einmal' });
  await bulk.getByLabel('Grund (sieht die Person, die geschrieben hat)').fill('Kein Bezug zum Abschnitt');
  await page.getByRole('button', { name: 'Ausgewählte ablehnen (500)' }).click();
  await expect(bulk.getByText('500 Kommentare ablehnen mit dem Grund „Kein Bezug zum Abschnitt“?')).toBeVisible();
  await bulk.getByRole('button', { name: 'Ja, ändern' }).click();
  await expect(bulk.getByRole('button', { name: 'Rückgängig' })).toBeFocused();
  await expect(bulk.getByRole('status')).toHaveText('500 Kommentare geändert.', { timeout: 30_000 });
  await expect(page.getByText('Kein Kommentar passt zu dieser Auswahl.')).toBeVisible();
  await page.getByLabel('Anzeigen:').selectOption('rejected');
  await expect(page.getByText('1–50 von 500')).toBeVisible();
  await expect(page.locator('.work-row').first()).toContainText('abgelehnt');
  await page.getByLabel('Anzeigen:').selectOption('received');
  await page.getByLabel('Suche in Kommentaren und Antworten').fill('Glasfaser');
  await page.getByRole('button', { name: 'Suchen' }).click();
  await expect(page.getByText('1–50 von 500')).toBeVisible();

  // Bulk: the page's 50 at once.
  await page.getByRole('button', { name: 'Alle auf dieser Seite auswählen' }).click();
  await page.getByRole('button', { name: 'Ausgewählte veröffentlichen (50)' }).click();
  await bulk.getByRole('button', { name: 'Ja, ändern' }).click();
  await expect(bulk.getByRole('status')).toHaveText('50 Kommentare geändert.', { timeout: 30_000 });
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
  // That change came before these comments: it is linked only when staff say so.
  await first.getByRole('button', { name: 'Antwort speichern' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Nicht gespeichert: Die gewählte Änderung erschien vor dem Kommentar.' })).toBeVisible();
  await first.getByLabel(/Diese Fassung erschien vor dem Kommentar/).check();
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

  const id = (await page.locator('.work-open[aria-current="true"]').getAttribute('data-id'))!;
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
  expect(parsed.some((r) => r[6].includes('Radweg'))).toBe(false);
  const json = await (await request.get('/api/v1/open-data/comments.json')).text();
  expect(json).not.toContain('Radweg');
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
  const rows = page.locator('.work-open');
  const detail = page.locator('.admin-item');
  // Turned off (voice control, WCAG 2.1.4), p publishes nothing and j moves nothing.
  const heading = page.getByRole('heading', { level: 1 });
  await page.getByText('Tastenkürzel', { exact: true }).click();
  await page.getByLabel(/^Tastenkürzel verwenden/).uncheck();
  await heading.focus();
  await page.keyboard.press('p');
  await page.keyboard.press('j');
  await expect(heading).toBeFocused();
  await page.getByLabel(/^Tastenkürzel verwenden/).check();
  // On again: k on the first row stays there and says where it is — and the list still has
  // all three, so the p before did nothing.
  await rows.nth(0).focus();
  await page.keyboard.press('k');
  await expect(page.getByRole('status').filter({ hasText: 'Kommentar 1 von 3' })).toBeVisible();
  await expect(page.getByText('1–3 von 3')).toBeVisible();
  await expect(rows.nth(0)).toBeFocused();
  await expect(detail.locator('.item-text')).toHaveText('Tastatur-Kommentar 1');
  // p publishes it; the next one takes its place, in the list, the detail and the focus.
  await page.keyboard.press('p');
  await expect(page.getByRole('status').filter({ hasText: 'Veröffentlicht.' })).toBeVisible();
  await expect(page.getByText('1–2 von 2')).toBeVisible();
  await expect(detail.locator('.item-text')).toHaveText('Tastatur-Kommentar 2');
  await expect(rows.nth(0)).toBeFocused();
  await page.keyboard.press('j');
  await expect(rows.nth(1)).toBeFocused();
  await expect(rows.nth(1)).toHaveAttribute('aria-current', 'true');
  await expect(detail.locator('.item-text')).toHaveText('Tastatur-Kommentar 3');
  await page.keyboard.press('a');
  await expect(detail.getByLabel('Antwort', { exact: true })).toBeFocused();
  // In a field, the keys are text.
  await page.keyboard.type('jkpra');
  await expect(detail.getByLabel('Antwort', { exact: true })).toHaveValue('jkpra');
  await rows.nth(1).focus();
  await page.keyboard.press('k');
  await expect(rows.nth(0)).toBeFocused();
  await expect(detail.locator('.item-text')).toHaveText('Tastatur-Kommentar 2');
  await page.keyboard.press('r');
  await expect(detail.getByLabel('Grund (sieht die Person, die geschrieben hat)')).toBeFocused();
  await expect(page.getByText('Tastenkürzel', { exact: true })).toBeVisible();
});

test('two panes on a desktop, one column on a tablet; states in words', async ({ page, request, server }) => {
  const comments = [1, 2].map((n) => ({
    id: `0b7e3c1a-5f2d-4c8e-9a6b-00000000010${n}`,
    section_id: 'leitmotiv-3',
    section_version: 1,
    text: `Zweispaltig ${n}: ${'Ein längerer Satz über die Verwaltung. '.repeat(4)}`,
    consent: true,
    created_at: new Date().toISOString(),
  }));
  expect((await request.post('/api/v1/comments', { data: { comments } })).status()).toBe(200);
  addStaff(server);
  await page.setViewportSize({ width: 1366, height: 900 });
  await staffSignIn(page);
  const list = page.locator('.work-list');
  const detail = page.locator('.work-detail');
  await expect(page.locator('.work-row')).toHaveCount(2);
  // The list gives each comment's section, state and answer in words, and its first words.
  const first = page.locator('.work-row').first();
  await expect(first).toContainText('Leitmotiv 3');
  await expect(first).toContainText('eingegangen');
  await expect(first).not.toContainText('received');
  await expect(first.locator('.work-open')).toHaveText(/^Zweispaltig 1: .*…$/);
  await expect(detail.locator('.item-state')).toHaveText('eingegangen');
  // The column the list is sorted by says so.
  const byTime = page.getByRole('columnheader', { name: 'Eingegangen' });
  const bySection = page.getByRole('columnheader', { name: 'Abschnitt' });
  await expect(byTime).toHaveAttribute('aria-sort', 'ascending');
  await page.getByLabel('Reihenfolge:').selectOption('newest');
  await expect(byTime).toHaveAttribute('aria-sort', 'descending');
  await expect(page.locator('.work-open').first()).toHaveText(/^Zweispaltig 2: /);
  await page.getByLabel('Reihenfolge:').selectOption('section');
  await expect(bySection).toHaveAttribute('aria-sort', 'ascending');
  await expect(byTime).not.toHaveAttribute('aria-sort', /./);
  await page.getByLabel('Reihenfolge:').selectOption('oldest');
  await expect(page.locator('.work-open').first()).toHaveText(/^Zweispaltig 1: /);
  // Side by side: the detail starts right of the list, at the same height.
  const [l, d] = [(await list.boundingBox())!, (await detail.boundingBox())!];
  expect(d.x).toBeGreaterThanOrEqual(l.x + l.width);
  expect(Math.abs(d.y - l.y)).toBeLessThan(80);
  // Choosing another comment shows it beside the list, its heading focused.
  await page.locator('.work-open').nth(1).click();
  await expect(detail.locator('.item-text')).toHaveText(/^Zweispaltig 2: /);
  await expect(detail.getByRole('heading', { level: 2 })).toBeFocused();
  // A tablet upright: one column, the detail below, nothing wider than the screen.
  await page.setViewportSize({ width: 800, height: 1100 });
  await expect.poll(async () => (await detail.boundingBox())!.y).toBeGreaterThan((await list.boundingBox())!.y + 50);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(800);
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  // An answer being typed survives the list being loaded anew around it (another comment
  // published in bulk): the detail is drawn anew only for another comment.
  await page.locator('.work-open').nth(0).click();
  await detail.getByText('Antworten', { exact: true }).click();
  await detail.getByLabel('Antwort', { exact: true }).fill('Entwurf einer Antwort');
  await page.getByRole('checkbox', { name: /Zweispaltig 2/ }).check();
  await page.getByRole('button', { name: 'Ausgewählte veröffentlichen (1)' }).click();
  await page.getByRole('button', { name: 'Ja, ändern' }).click();
  await expect(page.getByRole('status').filter({ hasText: '1 Kommentar geändert.' })).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('.work-row')).toHaveCount(1);
  await expect(detail.getByLabel('Antwort', { exact: true })).toHaveValue('Entwurf einer Antwort');
});

test('answer templates: saved once, added to an answer without losing what was typed, deleted', async ({
  page,
  request,
  server,
}) => {
  const comment = {
    id: '0b7e3c1a-5f2d-4c8e-9a6b-000000000201',
    section_id: 'leitmotiv-4',
    section_version: 1,
    text: 'Bitte das WLAN im Rathaus ausbauen.',
    consent: true,
    created_at: new Date().toISOString(),
  };
  expect((await request.post('/api/v1/comments', { data: { comments: [comment] } })).status()).toBe(200);
  addStaff(server);
  // A colleague's template, saved before this browser signs in, is there right after.
  const origin = { Origin: server.url };
  const login = await request.post('/api/v1/admin/login', {
    data: { name: 'amt', password: STAFF_PASSWORD },
    headers: origin,
  });
  expect(login.status()).toBe(200);
  const saved = await request.post('/api/v1/admin/templates', {
    data: { title: 'Gruß', text: 'Mit freundlichen Grüßen, Ihr Amt' },
    headers: origin,
  });
  expect(saved.status()).toBe(201);
  await staffSignIn(page);
  await expect(page.locator('.template-text')).toHaveText('Mit freundlichen Grüßen, Ihr Amt');
  const TEXT = 'Danke, wir prüfen das bei der Umsetzung.';
  await page.getByLabel('Titel der Vorlage').fill('Prüfung');
  await page.getByLabel('Text der Vorlage').fill(TEXT);
  await page.getByRole('button', { name: 'Vorlage speichern' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Vorlage gespeichert.' })).toBeVisible();
  await expect(page.getByLabel('Titel der Vorlage')).toHaveValue('');

  const detail = page.locator('.admin-item');
  await detail.getByText('Antworten', { exact: true }).click();
  await detail.getByLabel('Antwort', { exact: true }).fill('Guten Tag,');
  await detail.getByLabel('Vorlage einfügen').selectOption({ label: 'Prüfung' });
  await expect(detail.getByLabel('Antwort', { exact: true })).toHaveValue(`Guten Tag,\n\n${TEXT}`);
  await expect(page.getByRole('status').filter({ hasText: 'Vorlage „Prüfung“ eingefügt.' })).toBeVisible();
  await expect(detail.getByLabel('Vorlage einfügen')).toHaveValue('');
  await detail.getByLabel('Stand').selectOption('in_pruefung');
  await detail.getByRole('button', { name: 'Antwort speichern' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Antwort gespeichert.' })).toBeVisible();
  const [stored] = await (await page.request.get('/api/v1/admin/comments?state=received')).json();
  expect(stored.answer.text).toBe(`Guten Tag,\n\n${TEXT}`);

  // After a reload the template is still there; deleted, it is gone from the picker too.
  await page.reload();
  await expect(page.locator('.template-text')).toHaveText(['Mit freundlichen Grüßen, Ihr Amt', TEXT]);
  await page.getByRole('button', { name: 'Vorlage „Prüfung“ löschen' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Vorlage gelöscht.' })).toBeVisible();
  await expect(page.locator('.template-text')).toHaveText(['Mit freundlichen Grüßen, Ihr Amt']);
  await expect(detail.getByLabel('Vorlage einfügen').locator('option')).toHaveText(['– keine –', 'Gruß']);
});

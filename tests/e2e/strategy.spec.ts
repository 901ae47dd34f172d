// The strategy's versions in the administration (issue 22): the office sees every stored
// version; Verwaltung reads a strategy file into a preview — nothing stored — and stores it
// as a draft; a file that is no strategy is refused with its line; the served text stays.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freshTest as test, expect, addStaff, axeEverywhere, staffSignIn } from './fixtures';

const documents = join(resolve(__dirname, '..'), 'fixtures/documents');

const seed = readFileSync(
  process.env.MITREDEN_STRATEGY ?? join(resolve(__dirname, '../..'), 'content/sindelfingen.toml'),
  'utf8',
);

test('Verwaltung previews a strategy file and stores it as a draft; the served text stays', async ({
  page,
  server,
}) => {
  addStaff(server);
  await staffSignIn(page);
  const versions = page.getByRole('region', { name: 'Text der Strategie: Fassungen' });
  await expect(versions.getByText(/^Fassung 1: .* \(10 Abschnitte\)$/)).toBeVisible();
  await expect(versions.getByText(/^aktuell · veröffentlicht am /)).toBeVisible();

  // Not a strategy file: where and why, nothing stored.
  const file = versions.getByLabel('Dokument oder Strategiedatei einlesen (.docx, .odt, .md, .toml)');
  await file.setInputFiles({
    name: 'kaputt.toml',
    mimeType: 'text/plain',
    buffer: Buffer.from('id = "x"\ntown = 5\n'),
  });
  await expect(versions.getByRole('status')).toContainText('kaputt.toml:2:');
  await expect(versions.getByRole('button', { name: 'Als Entwurf speichern' })).toHaveCount(0);

  // Leitmotiv 2 with one more earlier text kept: the preview says what changes.
  const amended = seed.replace(
    '[[section.earlier]]',
    '[[section.earlier]]\ndate = "2026-12-06"\ntext = "Ganz alt."\nreason = "Test"\n\n[[section.earlier]]',
  );
  await file.setInputFiles({
    name: 'sindelfingen-neu.toml',
    mimeType: 'text/plain',
    buffer: Buffer.from(amended),
  });
  await expect(versions.getByRole('heading', { name: 'Vorschau: sindelfingen-neu.toml' })).toBeVisible();
  const row = versions.getByRole('row').filter({ hasText: 'Vorne dabei' });
  await expect(row.getByRole('cell').nth(3)).toHaveText('geändert');
  await expect(row.getByRole('cell').nth(2)).toHaveText('3');
  await expect.poll(async () => (await page.request.get('/api/v1/admin/strategy/versions')).json()).toHaveLength(1);

  await versions.getByRole('button', { name: 'Als Entwurf speichern' }).click();
  await expect(versions.getByRole('status')).toHaveText('Als Fassung 2 gespeichert (Entwurf).');
  await expect(versions.getByText(/^Entwurf · gespeichert am .* von amt$/)).toBeVisible();
  // The citizens' text is the one served before.
  const info = await (await page.request.get('/api/v1/strategy')).json();
  expect(info.sections).toBe(10);
  const list = await (await page.request.get('/api/v1/admin/strategy/versions')).json();
  expect(list.map((v: { current: boolean }) => v.current)).toEqual([true, false]);
});

test("Verwaltung reads the town's Word document: the sections found, what is dropped, the preview, a draft", async ({
  page,
  server,
}) => {
  addStaff(server);
  await page.setViewportSize({ width: 1366, height: 900 });
  await staffSignIn(page);
  const versions = page.getByRole('region', { name: 'Text der Strategie: Fassungen' });
  const file = versions.getByLabel('Dokument oder Strategiedatei einlesen (.docx, .odt, .md, .toml)');

  // A Word file cut off in the middle: said, nothing to store.
  const whole = readFileSync(join(documents, 'musterstadt.docx'));
  await file.setInputFiles({
    name: 'halb.docx',
    mimeType: 'application/octet-stream',
    buffer: whole.subarray(0, whole.length / 2),
  });
  await expect(versions.getByRole('status')).toContainText('halb.docx: Die Datei ist kein vollständiges');
  await expect(versions.getByRole('button', { name: 'Als Entwurf speichern' })).toHaveCount(0);

  // The document as LibreOffice wrote it: title, introduction, three goals, and what of
  // it the strategy does not hold.
  await file.setInputFiles(join(documents, 'musterstadt.docx'));
  await expect(versions.getByRole('heading', { name: 'Gefundene Abschnitte (Word-Dokument)' })).toBeVisible();
  const found = versions.locator('ol.strategy-found li');
  await expect(found).toHaveText([
    '„Ziel 1: Verwaltung online“ → ziel-1, 3 Absätze',
    '„Ziel 2: Offene Daten“ → ziel-2, 4 Absätze',
    '„Ziel 3: Bildung“ → ziel-3, 1 Absatz',
  ]);
  const dropped = versions.locator('ul.strategy-dropped li');
  await expect(dropped.filter({ hasText: 'Tabelle weggelassen' })).toHaveText(
    'Tabelle weggelassen, unter „Ziel 2: Offene Daten“',
  );
  await expect(dropped.filter({ hasText: 'Bild oder Zeichnung' })).toHaveCount(1);
  await expect(dropped.filter({ hasText: 'Aufzählung als Absätze' })).toHaveCount(1);
  // Against Sindelfingen's current text: three new sections, the ten Leitmotive dropped.
  await expect(versions.getByRole('heading', { name: 'Vorschau: musterstadt.toml' })).toBeVisible();
  const change = (title: string) =>
    versions.getByRole('row').filter({ hasText: title }).getByRole('cell').nth(3);
  await expect(change('Verwaltung online')).toHaveText('neu');
  await expect(change('Vorne dabei')).toHaveText('entfällt');
  await axeEverywhere(page, 'Verwaltung: Dokument eingelesen');
  await page.screenshot({ path: 'test-results/strategy-document-1366.png', fullPage: true });
  await expect.poll(async () => (await page.request.get('/api/v1/admin/strategy/versions')).json()).toHaveLength(1);

  await versions.getByRole('button', { name: 'Als Entwurf speichern' }).click();
  await expect(versions.getByRole('status')).toHaveText('Als Fassung 2 gespeichert (Entwurf).');
  await expect(versions.getByText('Fassung 2: Digitalstrategie Musterstadt (3 Abschnitte)')).toBeVisible();
  // Stored is the strategy file the document became, with the town's settings kept.
  const list = await (await page.request.get('/api/v1/admin/strategy/versions')).json();
  expect(list[1].town).toBe('Sindelfingen');
  expect(list.map((v: { current: boolean }) => v.current)).toEqual([true, false]);
});

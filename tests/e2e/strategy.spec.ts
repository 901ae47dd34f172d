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

test('Verwaltung edits Leitmotiv 2 with a note; a second editor who loaded it before gets both texts, not an overwrite', async ({
  browser,
  page,
  server,
}) => {
  addStaff(server);
  await page.setViewportSize({ width: 1366, height: 900 });
  await staffSignIn(page);
  const served = await (await page.request.get('/api/v1/strategy')).json();
  // A second editor, signed in on another device, loads the same version first.
  const otherDevice = await browser.newContext({ baseURL: server.url, locale: 'de-DE' });
  const other = await otherDevice.newPage();
  await staffSignIn(other);
  const editorOf = (p: typeof page) => p.getByRole('region', { name: 'Abschnitte bearbeiten' });
  for (const p of [page, other]) {
    await expect(editorOf(p).getByText('Aus Fassung 1 (veröffentlicht).')).toBeVisible();
    await editorOf(p).getByLabel('Abschnitt', { exact: true }).selectOption({ label: '2 Vorne dabei' });
    await expect(editorOf(p).getByLabel('Titel', { exact: true })).toHaveValue('Vorne dabei');
  }

  const editor = editorOf(page);
  const text = editor.getByLabel('Text (Absätze durch eine Leerzeile trennen)');
  const before = await text.inputValue();
  expect(before).toContain('Bildungseinrichtungen');
  await expect(editor.getByText('Der Text ist so, wie ihn die Bürgerinnen und Bürger jetzt lesen.')).toBeVisible();
  await text.fill(`${before}\n\nUnd die Volkshochschule.`);
  // The preview and the diff follow the typing.
  await expect(editor.locator('.editor-diff ins')).toContainText('Volkshochschule');
  await expect(editor.locator('.editor-preview p').last()).toHaveText('Und die Volkshochschule.');
  const save = editor.getByRole('button', { name: 'Als Entwurf speichern' });
  await save.click();
  await expect(editor.getByRole('status')).toContainText('Notiz');
  await editor.getByLabel('Was hat sich geändert und warum? (öffentlich, neben den Änderungen)').fill('Bildung ergänzt.');
  await save.click();
  await expect(editor.getByRole('status')).toHaveText('Als Fassung 2 gespeichert (Entwurf).');
  await expect(editor.getByText('Aus Fassung 2 (Entwurf).')).toBeVisible();
  await expect(page.getByText('Fassung 2: Leitmotive der Digitalisierung in Sindelfingen (10 Abschnitte)')).toBeVisible();
  await axeEverywhere(page, 'Verwaltung: Abschnitt bearbeitet');
  await page.screenshot({ path: 'test-results/strategy-editor-1366.png', fullPage: true });

  // The second editor saves over version 1: refused, the new text in the fields, theirs
  // beside it — and back with one click.
  const second = editorOf(other);
  await second.getByLabel('Text (Absätze durch eine Leerzeile trennen)').fill('Ganz anders.');
  await second.getByLabel('Was hat sich geändert und warum? (öffentlich, neben den Änderungen)').fill('Meins.');
  await second.getByRole('button', { name: 'Als Entwurf speichern' }).click();
  await expect(second.getByRole('status')).toContainText('Inzwischen hat amt diesen Abschnitt geändert (Fassung 2)');
  const secondText = second.getByLabel('Text (Absätze durch eine Leerzeile trennen)');
  await expect(secondText).toHaveValue(/Und die Volkshochschule\.$/);
  const yours = second.getByRole('group', { name: 'Ihr Text (nicht gespeichert)' });
  await expect(yours).toContainText('Ganz anders.');
  await yours.getByRole('button', { name: 'Meinen Text wieder einsetzen' }).click();
  await expect(secondText).toHaveValue('Ganz anders.');
  await expect(second.getByText('Aus Fassung 2 (Entwurf).')).toBeVisible();
  await otherDevice.close();

  // Citizens read what they read before: a draft is not served.
  const list = await (await page.request.get('/api/v1/admin/strategy/versions')).json();
  expect(list).toHaveLength(2);
  expect(await (await page.request.get('/api/v1/strategy')).json()).toEqual(served);
});

test('Verwaltung adds a section, moves it, and removes it while it was never published', async ({
  page,
  server,
}) => {
  addStaff(server);
  await staffSignIn(page);
  const editor = page.getByRole('region', { name: 'Abschnitte bearbeiten' });
  const choice = editor.getByLabel('Abschnitt', { exact: true });
  await expect(choice.locator('option')).toHaveCount(10);
  // A published section cannot be removed: comments may refer to it.
  await expect(editor.getByRole('button', { name: 'Abschnitt entfernen (nie veröffentlicht)' })).toHaveCount(0);

  await editor.getByText('Neuer Abschnitt').click();
  await editor.getByLabel('Art').selectOption({ label: 'Leitmotiv' });
  await editor.getByLabel('Nummer (z. B. 11 oder A.1)').fill('11');
  await editor.getByLabel('Titel des neuen Abschnitts').fill('Nachhaltig');
  await editor.getByLabel('Text des neuen Abschnitts').fill('Digital und sparsam.');
  await editor.getByRole('button', { name: 'Abschnitt anlegen' }).click();
  await expect(editor.getByRole('status')).toHaveText('Als Fassung 2 gespeichert (Entwurf).');
  await expect(choice.locator('option')).toHaveCount(11);
  await expect(choice).toHaveValue('leitmotiv-11');
  await expect(editor.getByLabel('Titel', { exact: true })).toHaveValue('Nachhaltig');

  await editor.getByRole('button', { name: 'Nach oben' }).click();
  await expect(editor.getByRole('status')).toHaveText('Als Fassung 3 gespeichert (Entwurf).');
  await expect(choice.locator('option').nth(9)).toHaveText('11 Nachhaltig');
  await editor.getByRole('button', { name: 'Abschnitt entfernen (nie veröffentlicht)' }).click();
  await expect(editor.getByRole('status')).toHaveText('Als Fassung 4 gespeichert (Entwurf).');
  await expect(choice.locator('option')).toHaveCount(10);
  // None of it reached the citizens.
  expect((await (await page.request.get('/api/v1/strategy')).json()).sections).toBe(10);
});

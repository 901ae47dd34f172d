// The strategy's versions in the administration (issue 22): the office sees every stored
// version; Verwaltung reads a strategy file into a preview — nothing stored — and stores it
// as a draft; a file that is no strategy is refused with its line; the served text stays.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freshTest as test, expect, addStaff, staffSignIn } from './fixtures';

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
  const file = versions.getByLabel('Strategiedatei (TOML) einlesen');
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

// Staff accounts in the administration: Verwaltung makes a moderator; the moderator
// moderates but sees no accounts (403 from the API) and no kiosk forms; a common password
// is refused with its reason; deactivated, the session ends.
import { freshTest as test, expect, addStaff, staffSignIn } from './fixtures';

test('Verwaltung makes a moderator, who manages no accounts, until deactivated', async ({
  page,
  browser,
  server,
}) => {
  addStaff(server);
  const digest = page.waitForResponse((r) => r.url().endsWith('/api/v1/admin/me/digest'));
  await staffSignIn(page);
  const accounts = page.getByRole('region', { name: 'Konten' });
  // This server sends no mail: no digest to ask for.
  expect(await (await digest).json()).toMatchObject({ offered: false });
  await expect(accounts.getByLabel('Mein neues Passwort (mindestens 12 Zeichen)')).toBeVisible();
  await expect(accounts.getByRole('heading', { name: 'Übersicht per E-Mail' })).toHaveCount(0);
  await accounts.getByLabel('Name', { exact: true }).fill('moni');
  await accounts.getByLabel('Erstes Passwort (mindestens 12 Zeichen)').fill('moderieren-2026');
  await accounts.getByLabel('Rolle').selectOption('moderation');
  await accounts.getByRole('button', { name: 'Konto anlegen' }).click();
  await expect(accounts.getByRole('status')).toHaveText('Konto angelegt.');
  await expect(accounts.getByText('Moderation · aktiv')).toBeVisible();

  const other = await browser.newContext({ baseURL: server.url });
  const moni = await other.newPage();
  await moni.goto('/verwaltung/');
  await moni.getByLabel('Name').fill('moni');
  await moni.getByLabel('Passwort').fill('moderieren-2026');
  await moni.getByRole('button', { name: 'Anmelden' }).click();
  await expect(moni.getByRole('button', { name: 'Abmelden' })).toBeVisible();
  await expect(moni.getByRole('heading', { name: 'Konten' })).toBeVisible();
  await expect(moni.getByRole('button', { name: 'Konto anlegen' })).toHaveCount(0);
  expect((await moni.request.get('/api/v1/admin/accounts')).status()).toBe(403);
  // Nor a form to make kiosks, which the server would refuse her: the list, and why.
  const kiosks = moni.getByRole('region', { name: /Kiosks/ });
  await expect(kiosks.getByText('Ändern kann hier nur die Rolle „Verwaltung“.')).toBeVisible();
  await expect(kiosks.getByRole('button', { name: 'Kiosk anlegen' })).toHaveCount(0);
  // The strategy's versions: she reads them, but reads in no file.
  const versions = moni.getByRole('region', { name: 'Text der Strategie: Fassungen' });
  await expect(versions.getByText(/^Fassung 1: /)).toBeVisible();
  await expect(versions.getByLabel('Strategiedatei (TOML) einlesen')).toHaveCount(0);
  await expect(
    page.getByRole('region', { name: /Kiosks/ }).getByRole('button', { name: 'Kiosk anlegen' }),
  ).toBeVisible();

  // Her own password: the current one first; a wrong one changes nothing.
  const mine = moni.getByRole('region', { name: 'Konten' });
  await mine.getByLabel('Mein bisheriges Passwort').fill('falsch-geraten-1');
  await mine.getByLabel('Mein neues Passwort (mindestens 12 Zeichen)').fill('ein-neues-passwort');
  await mine.getByRole('button', { name: 'Passwort ändern' }).click();
  await expect(mine.getByRole('status')).toHaveText('Das bisherige Passwort stimmt nicht.');
  // A common one is refused with a reason she can act on.
  await mine.getByLabel('Mein bisheriges Passwort').fill('moderieren-2026');
  await mine.getByLabel('Mein neues Passwort (mindestens 12 Zeichen)').fill('passwort1234');
  await mine.getByRole('button', { name: 'Passwort ändern' }).click();
  await expect(mine.getByRole('status')).toContainText('zu leicht zu erraten');
  await mine.getByLabel('Mein bisheriges Passwort').fill('moderieren-2026');
  await mine.getByLabel('Mein neues Passwort (mindestens 12 Zeichen)').fill('ein-neues-passwort');
  await mine.getByRole('button', { name: 'Passwort ändern' }).click();
  await expect(mine.getByRole('status')).toHaveText('Passwort geändert.');
  await expect(mine.getByLabel('Mein bisheriges Passwort')).toHaveValue('');

  await accounts.getByRole('button', { name: 'Konto moni abschalten' }).click();
  await expect(accounts.getByRole('status')).toHaveText('Konto abgeschaltet; seine Anmeldungen sind beendet.');
  await moni.reload();
  await expect(moni.getByRole('button', { name: 'Anmelden' })).toBeVisible();
  await other.close();
});

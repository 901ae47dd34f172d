// German and English, Leichte Sprache and the accessibility statement: every page offers the
// other language, the document says its language, the choice is kept, a first visit follows
// the browser, the town's German passages on English pages are marked, and the app works in
// English (errors, dates).
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { freshTest as test, expect, addStaff, kioskCommand, storedQueuedComment, STAFF_PASSWORD } from './fixtures';

const PAGES = ['/', '/abschnitt/leitmotiv-2', '/meine-beitraege', '/einbinden', '/druckfassung', '/beitrag/x', '/gibt-es-nicht'];

test('every page offers the other language; the choice is kept', async ({ page, server }) => {
  for (const path of PAGES) {
    await page.goto(path);
    await expect(page.locator('html'), path).toHaveAttribute('lang', 'de');
    const english = page.getByRole('link', { name: 'English' });
    await expect(english, path).toHaveAttribute('hreflang', 'en');
    await expect(english, path).toHaveAttribute('lang', 'en');
    // Leichte Sprache and the statement are linked from every page.
    await expect(page.getByRole('link', { name: 'Leichte Sprache' }), path).toHaveAttribute('href', '/leichte-sprache');
    await expect(page.getByRole('link', { name: 'Erklärung zur Barrierefreiheit' }), path).toHaveAttribute('href', '/barrierefreiheit');
    await expect(page.getByRole('link', { name: 'Datenschutz', exact: true }), path).toHaveAttribute('href', '/datenschutz');
  }
  // Switch on a section page: the same section in English.
  await page.goto('/abschnitt/leitmotiv-2');
  await page.getByRole('link', { name: 'English' }).click();
  await expect(page).toHaveURL(`${server.url}/en/abschnitt/leitmotiv-2`);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Guiding principle 2 At the forefront');
  await expect(page.locator('.section-text')).toContainText('The town of Sindelfingen');
  await expect(page.locator('.rendering-note').first()).toContainText('Translated by the mitreden project');
  // The town's German text to open, marked as German; Leichte Sprache too.
  await expect(page.locator('details.rendering > div[lang="de"]')).toContainText('Die Stadt Sindelfingen schafft');
  await expect(page.locator('details.rendering[lang="de"] summary')).toHaveText('Diesen Abschnitt in Leichter Sprache lesen');
  await expect(page.getByRole('link', { name: 'Accessibility statement (in German)' })).toHaveAttribute('hreflang', 'de');

  // Kept: the German address now opens the English page, with the app in English.
  await page.goto('/');
  await expect(page).toHaveURL(`${server.url}/en/`);
  await expect(page.getByRole('heading', { level: 1 }).locator('[lang="de"]')).toHaveText(
    'Leitmotive der Digitalisierung in Sindelfingen',
  );
  await expect(page.locator('.introduction')).toHaveAttribute('lang', 'de');
  await expect(page.getByRole('link', { name: /Guiding principle 2\s+At the forefront/ })).toHaveAttribute(
    'href',
    '/en/abschnitt/leitmotiv-2',
  );
  // A receipt link keeps its id and token through the switch.
  await page.goto('/en/beitrag/0b7e3c1a-5f2d-4c8e-9a6b-000000000001#abc');
  await page.getByRole('link', { name: 'Deutsch' }).click();
  await expect(page).toHaveURL(`${server.url}/beitrag/0b7e3c1a-5f2d-4c8e-9a6b-000000000001#abc`);
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  // Back to German is kept too: an English address opens the German page.
  await page.goto('/en/abschnitt/leitmotiv-1');
  await expect(page).toHaveURL(`${server.url}/abschnitt/leitmotiv-1`);
});

test('a first visit follows the browser language; a link to English is followed as it is', async ({
  browser,
  server,
}) => {
  const english = await browser.newContext({ baseURL: server.url, locale: 'en-GB' });
  const page = await english.newPage();
  await page.goto('/abschnitt/leitmotiv-3');
  await expect(page).toHaveURL(`${server.url}/en/abschnitt/leitmotiv-3`);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await english.close();
  const german = await browser.newContext({ baseURL: server.url, locale: 'de-DE' });
  const other = await german.newPage();
  await other.goto('/en/');
  await expect(other.locator('html')).toHaveAttribute('lang', 'en');
  await expect(other).toHaveURL(`${server.url}/en/`);
  await german.close();
});

test('the app in English: errors, the focus on the invalid field, sending, dates', async ({ page, server }) => {
  await page.goto('/en/abschnitt/leitmotiv-1');
  const text = page.getByLabel('Your comment on this section');
  const consent = page.getByLabel('I agree to my comment being stored and published.');
  await expect(text).toBeEnabled();
  // Nothing typed: the error, and the focus on the text.
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.locator('#kommentar-fehler')).toHaveText('The comment is empty.');
  await expect(text).toBeFocused();
  await expect(text).toHaveAttribute('aria-invalid', 'true');
  // Text without consent: the focus on the consent, which says what is missing.
  await text.fill('Please also think of people without a smartphone.');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.locator('#kommentar-fehler')).toHaveText('Please agree to the privacy notice.');
  await expect(consent).toBeFocused();
  await expect(consent).toHaveAttribute('aria-invalid', 'true');
  await expect(consent).toHaveAttribute('aria-describedby', /kommentar-fehler/);
  await expect(text).toHaveAttribute('aria-invalid', 'false');
  await consent.check();
  await page.getByRole('button', { name: 'Send' }).click();
  await expect.poll(() => server.rows()).toBe(1);
  // The state with an English date: "received on 26 Nov 2026, 10:15".
  await expect(page.locator('.mine .item-state').first()).toHaveText(
    /^received on \d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}, \d{2}:\d{2}$/,
  );
});

test('Leichte Sprache and the accessibility statement: German, complete, no axe violations', async ({ page }) => {
  await page.goto('/leichte-sprache');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('mitreden in Leichter Sprache');
  await expect(page.getByRole('heading', { level: 2, name: 'So schreiben Sie einen Kommentar' })).toBeVisible();
  await expect(page.locator('.easy-page ol li')).toHaveCount(4);
  await page.goto('/barrierefreiheit');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Erklärung zur Barrierefreiheit');
  await expect(page.getByText('Diese Seite ist mit den Anforderungen teilweise vereinbar.')).toBeVisible();
  for (const heading of ['Nicht barrierefreie Inhalte', 'Erstellung dieser Erklärung', 'Barriere melden: Feedback und Kontakt', 'Durchsetzungsverfahren']) {
    await expect(page.getByRole('heading', { level: 2, name: heading })).toBeVisible();
  }
  await expect(page.getByText('Diese Erklärung wurde am 26.11.2026 erstellt')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Eine Barriere per E-Mail melden' })).toHaveAttribute(
    'href',
    /^mailto:[^?]+\?subject=Barriere%20auf%20der%20Beteiligungsseite$/,
  );
  await expect(page.locator('.statement')).toContainText('Landeszentrum Barrierefreiheit');
  for (const path of ['/leichte-sprache', '/barrierefreiheit']) {
    await page.goto(path);
    const results = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
      .analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help}`), path).toEqual([]);
  }
});

test('the privacy page says what is kept, why and how long, in German and in English', async ({ page }) => {
  await page.goto('/datenschutz');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Datenschutz');
  for (const heading of ['Auf Ihrem Gerät', 'Auf dem Server der Stadt', 'Benachrichtigung per E-Mail', 'Ihre Rechte']) {
    await expect(page.getByRole('heading', { level: 2, name: heading })).toBeVisible();
  }
  // Filled from the strategy file: the town, the last day, the event's deletion date.
  await expect(page.locator('.statement')).toContainText('betreibt die Stadt Sindelfingen');
  await expect(page.locator('.statement')).toContainText('am Tag nach dem letzten Tag der Beteiligung (28.02.2027)');
  await page.getByRole('link', { name: 'English' }).click();
  await expect(page).toHaveURL(/\/en\/datenschutz$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Privacy');
  await expect(page.getByRole('heading', { level: 2, name: 'Notification by e-mail' })).toBeVisible();
  await expect(page.locator('.statement')).toContainText("the day after the participation's last day (28 February 2027)");
  await expect(page.locator('footer').getByRole('link', { name: 'Privacy' })).toHaveAttribute('href', '/en/datenschutz');
});

test('the administration in English: switched there, kept for the citizens pages too', async ({ page, server }) => {
  addStaff(server);
  await page.goto('/verwaltung/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await page.getByRole('button', { name: 'English' }).press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Administration: review and respond to comments');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByLabel('Name').fill('amt');
  await page.getByLabel('Password').fill(STAFF_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).press('Enter');
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  // The choice is the device's: the citizens' pages follow it.
  await page.goto('/');
  await expect(page).toHaveURL(`${server.url}/en/`);
  await page.goto('/verwaltung/');
  await page.getByRole('button', { name: 'Deutsch' }).press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Verwaltung: Kommentare prüfen und beantworten');
});

test("the server's refusal is said in the page's language", async ({ page, server }) => {
  const text = 'Too long! '.repeat(400).slice(0, 3001);
  await page.goto('/en/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  // A queued comment over the limit, put into storage as a tampered client would.
  const [key, value] = storedQueuedComment('9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6e', 'leitmotiv-4', 1, text);
  await page.evaluate(([key, value]) => localStorage.setItem(key, value), [key, value]);
  await page.goto('/en/meine-beitraege');
  await expect(page.locator('.item .item-state')).toContainText(
    'The comment is too long with 3001 characters (at most 3000).',
  );
  expect(server.rows()).toBe(0);
});

/** The German texts of the UI's tables (written by the native test
 *  `german_ui_texts_for_the_browser_walk`, which `cargo xtask test` runs first). */
function germanUiTexts(): string[] {
  return ['german-ui.json', 'german-ui-admin.json'].flatMap((name) => {
    const file = resolve(__dirname, '../../target/e2e', name);
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as string[];
    } catch {
      throw new Error(`${file} is missing: run the native tests first (cargo xtask test does)`);
    }
  });
}

/** German UI texts in everything the page says (text, labels, titles, placeholders), the
 *  town's own words — marked lang="de" — left out. */
async function germanOn(page: Page, german: string[], where: string): Promise<string[]> {
  const said = await page.evaluate(() => {
    const parts: string[] = [document.title];
    const walk = (el: Element) => {
      if (el.getAttribute('lang') === 'de' && el !== document.documentElement) return;
      for (const a of ['aria-label', 'title', 'placeholder', 'alt']) {
        const v = el.getAttribute(a);
        if (v) parts.push(v);
      }
      for (const c of Array.from(el.childNodes)) {
        if (c.nodeType === Node.TEXT_NODE) parts.push(c.textContent ?? '');
        else if (c instanceof Element && !['SCRIPT', 'STYLE', 'TEMPLATE'].includes(c.tagName)) walk(c);
      }
    };
    walk(document.body);
    return parts.join('\n').replace(/\s+/g, ' ');
  });
  return german.filter((g) => said.includes(g.replace(/\s+/g, ' '))).map((g) => `${where}: ${g}`);
}

test('the English app, walked through its live parts as a citizen and as staff, says no German UI text', async ({
  page,
  browser,
  server,
}) => {
  // Some 15 pages, a sign-in (argon2) and two more browser contexts.
  test.slow();
  const german = germanUiTexts();
  expect(german.length).toBeGreaterThan(200);
  const found: string[] = [];
  const look = async (where: string) => found.push(...(await germanOn(page, german, where)));
  // The check sees German where there is German.
  await page.goto('/abschnitt/leitmotiv-2');
  await expect(page.getByLabel('Ihr Kommentar zu diesem Abschnitt')).toBeEnabled();
  expect((await germanOn(page, german, 'German page')).length).toBeGreaterThan(10);

  // A citizen: the start page, a section with a draft, sent, offline, the receipt.
  await page.goto('/en/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await look('start');
  await page.goto('/en/abschnitt/leitmotiv-2');
  const text = page.getByLabel('Your comment on this section');
  await expect(text).toBeEnabled();
  await text.fill('More benches with sockets.');
  await expect(page.locator('.comment-form .form-status')).toHaveText('Draft saved.');
  await look('section, draft');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.locator('.consent + #kommentar-fehler')).toBeVisible();
  await look('section, consent missing');
  await page.getByLabel(/I agree to/).check();
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.locator('.mine .item-state').first()).toHaveText(/^received on /);
  await look('section, sent');
  await page.locator('.mine .item').first().getByRole('button', { name: 'Withdraw' }).click();
  await expect(page.locator('.mine .item').first().getByRole('button', { name: 'Yes, withdraw' })).toBeFocused();
  await look('section, withdraw asked');
  await page.context().setOffline(true);
  await text.fill('Written offline.');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.locator('.comment-form .form-status')).toContainText('outbox');
  await look('section, offline');
  await page.context().setOffline(false);
  await expect(page.locator('.mine .item-state').first()).toHaveText(/^received on /);
  await page.goto('/en/meine-beitraege');
  await expect(page.locator('.item')).toHaveCount(2);
  await look('my comments');
  const receipt = await page.locator('.item').first().getByRole('link', { name: /receipt/i }).getAttribute('href');
  await page.goto(receipt!);
  await expect(page.locator('main .item-text')).toBeVisible();
  await look('receipt');
  for (const path of ['/en/zahlen', '/en/bericht', '/en/einbinden', '/en/druckfassung', '/en/gibt-es-nicht']) {
    await page.goto(path);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await look(path);
  }

  // Staff, in English: the queue, a comment's detail and forms.
  addStaff(server);
  await page.goto('/verwaltung/');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByLabel('Password')).toBeVisible();
  await look('sign-in');
  await page.getByLabel('Name').fill('amt');
  await page.getByLabel('Password').fill(STAFF_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await expect(page.locator('.work-open').first()).toBeVisible();
  await page.locator('.work-open').first().click();
  await expect(page.locator('.admin-item .item-text')).toBeVisible();
  await look('workplace');
  for (const summary of await page.locator('.admin-item summary').all()) await summary.click();
  await expect(page.locator('.admin-item details[open]')).toHaveCount(await page.locator('.admin-item details').count());
  await expect(page.locator('.admin-item details[open]').last()).not.toContainText(/loading|Loading/);
  await look('workplace, forms open');

  // A kiosk set-up link opened twice: the second says it is spent.
  const printed = kioskCommand(server, 'add', 'Foyer');
  const link = printed.match(/(http\S+\/verwaltung\/kiosk#[0-9a-f]{64})/)![1];
  const once = await browser.newContext({ locale: 'en-GB' });
  await (await once.newPage()).goto(link);
  await expect(once.pages()[0].getByRole('status')).toContainText('This device is now the kiosk “Foyer”.');
  await once.close();
  await page.goto(link);
  await expect(page.getByRole('status')).toContainText('no longer valid');
  await look('kiosk set-up');

  expect(found, 'German UI texts on English pages').toEqual([]);
});

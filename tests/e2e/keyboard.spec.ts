// The whole citizen flow and the whole staff flow with the keyboard alone: these tests use
// page.keyboard and page.goto only — no click, no tap, no mouse. Every element the Tab key
// reaches shows where the focus is; after following a link the focus is on the new page's
// heading; a failed submit puts it on the invalid field; a question that replaces its
// button takes the focus and gives it back (Escape too).
import type { Page } from '@playwright/test';
import { freshTest as test, expect, addStaff, STAFF_PASSWORD } from './fixtures';

/** What has the focus: tag, accessible-ish name, and whether a focus indicator shows. */
async function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { tag: 'BODY', name: '', visible: false };
    const style = getComputedStyle(el);
    const visible =
      (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none';
    const label = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null;
    const name = (el.getAttribute('aria-label') ?? label ?? el.textContent ?? '').trim().replace(/\s+/g, ' ');
    return { tag: el.tagName, name, visible };
  });
}

/** Presses Tab until the focused element's name matches `name` (at most `limit` times);
 *  every element on the way must show its focus. Returns the names passed. */
async function tabTo(page: Page, name: RegExp, limit = 60, key = 'Tab'): Promise<string[]> {
  const passed: string[] = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press(key);
    const now = await focused(page);
    expect(now.visible, `no visible focus on ${now.tag} "${now.name}"`).toBe(true);
    passed.push(now.name);
    if (name.test(now.name)) return passed;
  }
  throw new Error(`never reached ${name} with ${key}; passed: ${passed.join(' | ')}`);
}

test('citizen, keyboard only: find a section, write, send, see the state, withdraw', async ({ page, server }) => {
  await page.goto('/');
  // The first Tab reaches the skip link.
  await page.keyboard.press('Tab');
  expect((await focused(page)).name).toBe('Zum Inhalt springen');
  const order = await tabTo(page, /^Leitmotiv 3 Mission Lebenswert$/);
  // A logical order: the header's links before the content's.
  expect(order.indexOf('Übersicht')).toBeLessThan(order.indexOf('Leitmotiv 1 Der Mensch im Mittelpunkt'));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/abschnitt\/leitmotiv-3$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  const text = page.getByLabel('Ihr Kommentar zu diesem Abschnitt');
  await expect(text).toBeEnabled();

  // A failed submit: the focus goes to the field that is wrong.
  await tabTo(page, /^Ihr Kommentar zu diesem Abschnitt$/);
  await page.keyboard.type('Bitte die Ortsteile mitdenken.');
  await tabTo(page, /^Absenden$/);
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Ich bin mit der Speicherung und Veröffentlichung einverstanden.')).toBeFocused();
  await page.keyboard.press('Space');
  await tabTo(page, /^Absenden$/);
  await page.keyboard.press('Enter');
  await expect.poll(() => server.rows()).toBe(1);
  const mine = page.locator('.mine .item').first();
  await expect(mine.locator('.item-state')).toHaveText(/^eingegangen am /);

  // Withdraw: the question takes the focus; Escape takes it back to the button.
  await tabTo(page, /^Zurückziehen$/);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Ja, zurückziehen' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: 'Zurückziehen' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Ja, zurückziehen' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(mine.locator('.item-state')).toHaveText('zurückgezogen – der Text ist gelöscht');
  await expect.poll(() => server.rows("WHERE moderation_state = 'withdrawn'")).toBe(1);
});

test('staff, keyboard only: sign in, filter, publish, answer', async ({ page, request, server }) => {
  const comments = [1, 2].map((n) => ({
    id: `0b7e3c1a-5f2d-4c8e-9a6b-00000000d00${n}`,
    section_id: n === 1 ? 'leitmotiv-1' : 'leitmotiv-6',
    section_version: 1,
    text: `Tastatur ${n}: ein Kommentar zum Prüfen.`,
    consent: true,
    created_at: new Date().toISOString(),
  }));
  expect((await request.post('/api/v1/comments', { data: { comments } })).status()).toBe(200);
  addStaff(server);
  await page.goto('/verwaltung/');
  await expect(page.getByLabel('Name')).toBeVisible();
  await tabTo(page, /^Name$/);
  await page.keyboard.type('amt');
  await tabTo(page, /^Passwort$/);
  await page.keyboard.type(STAFF_PASSWORD);
  await page.keyboard.press('Enter');
  await expect(page.getByText('1–2 von 2')).toBeVisible();
  // The sign-in form is gone: the focus is on the page's heading, not lost.
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();

  // Filter by section: the select takes arrow keys.
  await tabTo(page, /^Abschnitt:/);
  for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowDown');
  await expect(page.getByLabel('Abschnitt:')).toHaveValue('leitmotiv-6');
  await expect(page.getByText('1–1 von 1')).toBeVisible();

  // Open the comment from the list: the detail's heading takes the focus; publish it.
  await tabTo(page, /^Tastatur 2:/);
  await page.keyboard.press('Enter');
  await expect(page.locator('#detail-titel')).toBeFocused();
  await tabTo(page, /^Veröffentlichen$/);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Veröffentlicht.' })).toBeVisible();
  await expect.poll(() => server.rows("WHERE moderation_state = 'published'")).toBe(1);
  // It left "neue Kommentare": the pane that now says none is chosen has the focus.
  await expect(page.getByText('Kein Kommentar passt zu dieser Auswahl.')).toBeVisible();
  await expect(page.locator('#detail')).toBeFocused();

  // Answer it: the list of all, the comment, its answer form.
  await tabTo(page, /^Anzeigen:/, 60, 'Shift+Tab');
  await page.keyboard.press('End');
  await expect(page.getByLabel('Anzeigen:')).toHaveValue('');
  await expect(page.getByText('1–1 von 1')).toBeVisible();
  await tabTo(page, /^Tastatur 2:/);
  await page.keyboard.press('Enter');
  await tabTo(page, /^Antworten$/);
  await page.keyboard.press('Enter');
  await tabTo(page, /^Antwort$/);
  await page.keyboard.type('Danke, das nehmen wir auf.');
  await tabTo(page, /^Antwort speichern$/);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Antwort gespeichert.' })).toBeVisible();
  const [stored] = await (await page.request.get('/api/v1/admin/comments?q=Tastatur%202')).json();
  expect(stored.answer.text).toBe('Danke, das nehmen wir auf.');
});

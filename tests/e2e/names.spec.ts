// What a screen reader gets. Every control has an accessible name, read from Chromium's own
// accessibility tree, not only from axe: no "button" without a name, no "0 button" (a bare
// number as a name, as other platforms' comment actions were announced). And state changes
// are said in one polite live region, without the focus moving.
import type { Page } from '@playwright/test';
import { freshTest as test, expect, addStaff, staffSignIn } from './fixtures';


const CONTROLS = new Set([
  'button', 'link', 'textbox', 'searchbox', 'checkbox', 'radio', 'combobox', 'listbox',
  'menuitem', 'tab', 'switch', 'slider', 'spinbutton', 'DisclosureTriangle',
]);

type AXNode = {
  ignored: boolean;
  role?: { value: string };
  name?: { value: string };
};

/** The controls of the page's accessibility tree with their names. */
async function controls(page: Page): Promise<{ role: string; name: string }[]> {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AXNode[] };
  await cdp.detach();
  return nodes
    .filter((n) => !n.ignored && n.role && CONTROLS.has(n.role.value))
    .map((n) => ({ role: n.role!.value, name: (n.name?.value ?? '').trim() }));
}

test('every control in the accessibility tree has a name', async ({ page, request, server }) => {
  const comments = [1, 2].map((n) => ({
    id: `0b7e3c1a-5f2d-4c8e-9a6b-00000000e00${n}`,
    section_id: 'leitmotiv-2',
    section_version: 2,
    text: `Kommentar ${n}`,
    consent: true,
    created_at: new Date().toISOString(),
  }));
  expect((await request.post('/api/v1/comments', { data: { comments } })).status()).toBe(200);
  addStaff(server);
  const pages: [string, (page: Page) => Promise<void>][] = [
    ['/', async () => { await page.goto('/'); }],
    ['/abschnitt/leitmotiv-2', async () => {
      await page.goto('/abschnitt/leitmotiv-2');
      await expect(page.getByLabel('Ihr Kommentar zu diesem Abschnitt')).toBeEnabled();
      await page.getByLabel('Ihr Kommentar zu diesem Abschnitt').fill('Ein Entwurf');
    }],
    ['/meine-beitraege (a draft)', async () => {
      await page.goto('/meine-beitraege');
      await expect(page.locator('.item')).toHaveCount(1);
    }],
    ['/en/abschnitt/leitmotiv-5', async () => {
      await page.goto('/en/abschnitt/leitmotiv-5');
      await expect(page.getByLabel('Your comment on this section')).toBeEnabled();
    }],
    ['/einbinden', async () => { await page.goto('/einbinden'); }],
    ['/verwaltung/ (workplace, answer form open)', async () => {
      await staffSignIn(page);
      await page.locator('.admin-item').getByText('Antworten', { exact: true }).click();
    }],
  ];
  let counted = 0;
  for (const [name, reach] of pages) {
    await reach(page);
    const list = await controls(page);
    expect(list.length, name).toBeGreaterThan(3);
    const nameless = list.filter((c) => c.name === '' || /^\d+$/.test(c.name));
    expect(nameless, `${name}: ${JSON.stringify(nameless)}`).toEqual([]);
    counted += list.length;
  }
  console.log(`accessibility tree: ${counted} controls on ${pages.length} pages, each with a name`);
});

test('state changes are said in one polite live region, and the focus stays', async ({ page, context, server }) => {
  await page.goto('/abschnitt/leitmotiv-6');
  await expect(page.getByLabel('Ihr Kommentar zu diesem Abschnitt')).toBeEnabled();
  // One live region on the page, polite.
  const live = page.locator('[role="status"], [role="alert"], [role="log"], [aria-live]');
  await expect(live).toHaveCount(1);
  await expect(live).toHaveAttribute('aria-live', 'polite');
  // Everything said there, in order.
  await page.evaluate(() => {
    const w = window as unknown as { said: string[] };
    w.said = [];
    const region = document.getElementById('ansage')!;
    new MutationObserver(() => {
      const text = region.textContent ?? '';
      if (text) w.said.push(text);
    }).observe(region, { childList: true, characterData: true, subtree: true });
  });
  const said = () => page.evaluate(() => (window as unknown as { said: string[] }).said);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await context.setOffline(true);
  await page.getByLabel('Ihr Kommentar zu diesem Abschnitt').fill('Gesagt, nicht gezeigt.');
  await page.getByLabel('Ich bin mit der Speicherung und Veröffentlichung einverstanden.').check();
  const send = page.getByRole('button', { name: 'Absenden' });
  await send.focus();
  await page.keyboard.press('Enter');
  await expect.poll(said).toEqual(expect.arrayContaining([
    'Ihr Kommentar ist im Postausgang. Er wird gesendet, sobald eine Verbindung besteht.',
    'Offline – 1 Beitrag wartet und wird von selbst gesendet',
  ]));
  await expect(send).toBeFocused();
  await context.setOffline(false);
  // Both are said once it arrived: the header's "all sent" and the form's "received".
  await expect.poll(async () => (await said()).slice(-2)).toEqual(expect.arrayContaining([
    'Alle Beiträge gesendet',
    expect.stringMatching(/^Ihr Kommentar ist eingegangen; die Stadt prüft ihn\./),
  ]));
  await expect(send).toBeFocused();
  await expect.poll(() => server.rows()).toBe(1);
  // The same on "Meine Beiträge".
  await page.goto('/meine-beitraege');
  await expect(page.locator('.item')).toHaveCount(1);
  await expect(live).toHaveCount(1);
});

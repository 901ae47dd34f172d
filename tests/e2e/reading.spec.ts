// Reading the strategy as a citizen does: start page, a click, a reload, the keyboard,
// a small phone.
import { test, expect, LEITMOTIVE } from './fixtures';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';


// Leitmotiv 2 as amended after the citizen's comment (word for word from the town).
const LEITMOTIV_2 =
  'Die Stadt Sindelfingen setzt Digitalisierung gezielt ein, um lokale Wirtschaft und neue ' +
  'Wertschöpfungsprozesse sowie Bildungseinrichtungen zu stärken und stellt passende ' +
  'Infrastrukturangebote zur Verfügung.';

async function expectLeitmotiv2(page: Page) {
  await expect(page).toHaveURL(/\/abschnitt\/leitmotiv-2$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Leitmotiv 2 Vorne dabei');
  await expect(page.getByText(LEITMOTIV_2)).toBeVisible();
  await expect(page).toHaveTitle('Leitmotiv 2: Vorne dabei – Leitmotive der Digitalisierung in Sindelfingen');
}

test('the start page shows town, title, status, invitation and all ten Leitmotive', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Leitmotive der Digitalisierung in Sindelfingen',
  );
  await expect(page.getByText('Entwurf zur Bürgerbeteiligung')).toBeVisible();
  await expect(page.getByText('Machen Sie mit: Schreiben Sie uns Ihre Anmerkungen')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Leitmotive', exact: true })).toBeVisible();
  const links = page.locator('main .section-list a');
  await expect(links).toHaveCount(10);
  for (const [i, title] of LEITMOTIVE.entries()) {
    await expect(links.nth(i)).toHaveText(`Leitmotiv ${i + 1} ${title}`);
    await expect(links.nth(i)).toBeVisible();
  }
  await expect(page).toHaveTitle('Leitmotive der Digitalisierung in Sindelfingen');
});

test('a click opens Leitmotiv 2 with its full text, and a reload keeps it', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: 'Leitmotiv 2 Vorne dabei' }).click();
  await expectLeitmotiv2(page);
  // What changed, word by word, and why — marked without relying on colour.
  await expect(page.getByRole('heading', { name: 'Änderungen am Text' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Geändert – an welchem Tag, wissen wir nicht' })).toBeVisible();
  await expect(page.locator('.diff ins')).toHaveText('eingefügt: sowie Bildungseinrichtungen');
  await expect(page.locator('.diff del')).toHaveCount(0);
  await expect(page.getByText('Der reine Bezug auf die Wirtschaft sei zu wenig', { exact: false })).toBeVisible();
  await expect(page.getByText('wieder zusammengesetzt', { exact: false })).toBeVisible();
  await page.getByText('Frühere Fassung ganz lesen').click();
  await expect(
    page.getByText('um lokale Wirtschaft und neue Wertschöpfungsprozesse zu stärken', { exact: false }),
  ).toBeVisible();

  await page.reload();
  await expectLeitmotiv2(page);

  // A deep link opened fresh, as from a bookmark or a shared link.
  const fresh = await page.context().newPage();
  await fresh.goto('/abschnitt/leitmotiv-2');
  await expectLeitmotiv2(fresh);
});

test('a link pressed while the app starts still opens its page when released', async ({ page }) => {
  // The app takes over the page's live parts when it starts; a tap that began on the
  // prerendered link must not be lost when the link is swapped before it ends.
  let release!: () => void;
  const held = new Promise<void>((ok) => (release = ok));
  await page.route('**/*_bg.wasm', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('/');
  await page.getByRole('link', { name: 'Leitmotiv 2 Vorne dabei' }).hover();
  await page.mouse.down();
  // Let the app start, and wait until it has run: its start page part asks for the counts.
  const started = page.waitForRequest((r) => r.url().endsWith('/api/v1/counts'));
  release();
  await started;
  await page.mouse.up();
  await expectLeitmotiv2(page);
});

test('next and previous lead through the sections in order', async ({ page }) => {
  await page.goto('/abschnitt/leitmotiv-1');
  await expect(page.getByRole('link', { name: /Vorheriger Abschnitt/ })).toHaveCount(0);
  await page.getByRole('link', { name: /Nächster Abschnitt/ }).click();
  await expectLeitmotiv2(page);
  await page.getByRole('link', { name: /Vorheriger Abschnitt/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Leitmotiv 1 Der Mensch im Mittelpunkt',
  );
});

test('keyboard alone: skip link, then Tab and Enter reach a section', async ({ page }) => {
  await page.goto('/');
  // On first load the focus stays at the top of the page, where the skip link is.
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).not.toBeFocused();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Zum Inhalt springen' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();

  // From the main content, Tab forward until Leitmotiv 3 has focus.
  const target = page.getByRole('link', { name: 'Leitmotiv 3 Mission Lebenswert' });
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === document.activeElement)) break;
  }
  await expect(target).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/abschnitt\/leitmotiv-3$/);
  const h1 = page.getByRole('heading', { level: 1 });
  await expect(h1).toHaveText('Leitmotiv 3 Mission Lebenswert');
  // Focus moved to the new page's heading, so a screen reader starts reading there.
  await expect(h1).toBeFocused();
});

for (const width of [360, 320]) {
  test(`a ${width} px phone has no horizontal scroll`, async ({ page }) => {
    await page.setViewportSize({ width, height: 740 });
    for (const path of ['/', '/abschnitt/leitmotiv-2', '/abschnitt/leitmotiv-9']) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, `horizontal overflow on ${path}`).toBeLessThanOrEqual(0);
    }
  });
}

test('an unknown section says so in plain words', async ({ page }) => {
  await page.goto('/abschnitt/gibt-es-nicht');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Seite nicht gefunden');
});

test('start page and a section page have no WCAG 2.1 A/AA violations (axe)', async ({ page }) => {
  for (const path of ['/', '/abschnitt/leitmotiv-2']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    const results = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help}`), path).toEqual([]);
  }
});

test('the server answers the strategy API for the bundled strategy', async ({ request }) => {
  const res = await request.get('/api/v1/strategy');
  expect(res.ok()).toBeTruthy();
  const info = await res.json();
  expect(info.id).toBe('sindelfingen-leitmotive');
  expect(info.sections).toBe(10);
});

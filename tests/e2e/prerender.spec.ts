// The text before the wasm: every page with strategy text arrives as complete HTML, is
// readable without JavaScript, and the app takes it over without a visible change.
import { test, expect, LEITMOTIVE } from './fixtures';


// Leitmotiv 2's full text, word for word from the town (the strategy file).
const LEITMOTIV_2 =
  'Die Stadt Sindelfingen schafft Rahmenbedingungen und unterstützt dadurch die Gestaltung der ' +
  'digitalen Transformation zur Stärkung des Standorts. Die Stadt Sindelfingen setzt ' +
  'Digitalisierung gezielt ein, um lokale Wirtschaft und neue Wertschöpfungsprozesse sowie ' +
  'Bildungseinrichtungen zu stärken und stellt passende Infrastrukturangebote zur Verfügung.';

test('the raw HTML of / and of a section holds the ten titles and the full text', async ({ request }) => {
  const start = await request.get('/');
  expect(start.status()).toBe(200);
  const html = await start.text();
  for (const title of LEITMOTIVE) expect(html).toContain(title);
  expect(html).toContain('<title>Leitmotive der Digitalisierung in Sindelfingen</title>');

  const section = await request.get('/abschnitt/leitmotiv-2');
  expect(section.status()).toBe(200);
  const text = await section.text();
  expect(text).toContain(LEITMOTIV_2);
  expect(text).toContain(
    '<title>Leitmotiv 2: Vorne dabei – Leitmotive der Digitalisierung in Sindelfingen</title>',
  );
  expect(text).toMatch(/<meta name="description" content="Die Stadt Sindelfingen schafft/);
  expect(text).toContain('<noscript><p class="banner">Zum Kommentieren braucht diese Seite JavaScript.');

  // "Meine Beiträge" cannot know this browser's drafts: it never claims there are none.
  const mine = await (await request.get('/meine-beitraege')).text();
  expect(mine).toContain('werden aus diesem Browser gelesen');
  expect(mine).not.toContain('noch nichts geschrieben');
});

test('without JavaScript all ten sections are readable by following links', async ({ browser, server }) => {
  const context = await browser.newContext({ baseURL: server.url, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Leitmotive der Digitalisierung in Sindelfingen',
  );
  await page.getByRole('link', { name: `Leitmotiv 1 ${LEITMOTIVE[0]}` }).click();
  for (const [i, title] of LEITMOTIVE.entries()) {
    await expect(page).toHaveURL(new RegExp(`/abschnitt/leitmotiv-${i + 1}$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Leitmotiv ${i + 1} ${title}`);
    await expect(page.locator('.section-text p').first()).toBeVisible();
    if (i === 1) await expect(page.getByText(LEITMOTIV_2)).toBeVisible();
    // The comment area says plainly how to take part without the app (and, in a browser with
    // scripting switched off, its <noscript> why the form rests: see the raw HTML test).
    await expect(page.getByText('Rathausplatz 1, 71063 Sindelfingen')).toBeVisible();
    await expect(page.getByLabel('Ihr Kommentar zu diesem Abschnitt')).toBeDisabled();
    if (i + 1 < LEITMOTIVE.length) await page.locator('.pager a[rel="next"]').click();
  }
  // Back to the start through the navigation.
  await page.getByRole('link', { name: 'Übersicht' }).click();
  await expect(page.locator('main .section-list a')).toHaveCount(10);
  await context.close();
});

test('with the wasm 3 s late the text shows at once; the app takes over without a shift', async ({ page }) => {
  // Layout shifts as the browser records them, from the first paint on.
  await page.addInitScript(() => {
    (window as any).__shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) (window as any).__shifts.push((e as any).value);
    }).observe({ type: 'layout-shift', buffered: true });
  });
  let release!: () => void;
  const wasmHeld = new Promise<void>((ok) => (release = ok));
  await page.route('**/*_bg.wasm', async (route) => {
    await Promise.race([wasmHeld, new Promise((ok) => setTimeout(ok, 3000))]);
    await route.continue();
  });
  // The published comments load after the app starts and then rightly change the page; here
  // they wait, so that what is measured is the take-over alone.
  await page.route('**/api/**', () => new Promise(() => {}));
  await page.setViewportSize({ width: 360, height: 640 });
  const started = Date.now();
  await page.goto('/abschnitt/leitmotiv-2', { waitUntil: 'commit' });
  const heading = page.getByRole('heading', { level: 1 });
  await expect(heading).toHaveText('Leitmotiv 2 Vorne dabei');
  await expect(page.getByText(LEITMOTIV_2)).toBeVisible();
  // Shown by the HTML alone: the app has not started (its form is still disabled).
  await expect(page.getByLabel('Ihr Kommentar zu diesem Abschnitt')).toBeDisabled();
  expect(Date.now() - started).toBeLessThan(2500);
  // Meanwhile the reader opened the earlier wording, and put the focus on the
  // next-section link (which scrolls to it).
  await page.evaluate(() => (document.querySelector('details.earlier-version') as HTMLDetailsElement).open = true);
  await page.locator('.pager a').last().focus();
  const focusedHref = await page.evaluate(() => document.activeElement?.getAttribute('href'));
  const scrolled = await page.evaluate(() => window.scrollY);
  expect(scrolled).toBeGreaterThan(0);
  const before = await heading.boundingBox();
  // A mark on the elements themselves (not an attribute, which a copy would carry along).
  await page.evaluate(() => {
    (document.querySelector('h1') as any).prerendered = true;
    (document.querySelector('[data-part="section"]') as any).prerendered = true;
  });
  release();

  // The app has taken over its part of the page (its own form, enabled, in a new element);
  // the text around it stays the very same elements ...
  await expect(page.getByLabel('Ihr Kommentar zu diesem Abschnitt')).toBeEnabled({ timeout: 10_000 });
  expect(await page.evaluate(() => (document.querySelector('[data-part="section"]') as any).prerendered)).toBeUndefined();
  expect(await page.evaluate(() => (document.querySelector('h1') as any).prerendered)).toBe(true);
  await expect(page.locator('details.earlier-version')).toHaveAttribute('open', '');
  // ... at the same place, with no layout shift, the scroll position and the focus kept.
  // (Within a pixel: the focused link's scroll position may be fractional.)
  const after = await heading.boundingBox();
  for (const key of ['x', 'y', 'width', 'height'] as const) {
    expect(Math.abs(after![key] - before![key]), key).toBeLessThan(1);
  }
  expect(await page.evaluate(() => (window as any).__shifts)).toEqual([]);
  expect(Math.abs((await page.evaluate(() => window.scrollY)) - scrolled)).toBeLessThan(1);
  expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe(focusedHref);
});

test('when the wasm cannot be downloaded, the page says so and how to take part otherwise', async ({ page }) => {
  await page.route('**/*_bg.wasm', (route) => route.abort('failed'));
  await page.goto('/abschnitt/leitmotiv-2');
  await expect(page.getByText(LEITMOTIV_2)).toBeVisible();
  await expect(page.getByText('Das Kommentarformular konnte nicht starten')).toBeVisible();
  await expect(page.getByText('Rathausplatz 1, 71063 Sindelfingen')).toBeVisible();
  await expect(page.getByLabel('Ihr Kommentar zu diesem Abschnitt')).toBeDisabled();
});

test('when the app starts, the failure note stays hidden', async ({ page }) => {
  await page.goto('/abschnitt/leitmotiv-2');
  await expect(page.getByLabel('Ihr Kommentar zu diesem Abschnitt')).toBeEnabled();
  await expect(page.getByText('Das Kommentarformular konnte nicht starten')).toBeHidden();
});

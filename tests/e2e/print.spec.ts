// The strategy to take away: the print view for citizens, as a PDF through Chromium's
// print (A4, the sections flowing on, each address with its QR code), with contents and where
// to send comments.
import AxeBuilder from '@axe-core/playwright';
import { test, expect, LEITMOTIVE, pdfPageSizes, isA4 } from './fixtures';

test('the print view: A4, sections flowing on, contents, addresses with QR codes; linked from every page', async ({
  page,
  server,
}) => {
  await page.goto('/');
  await page.getByRole('link', { name: 'Druckfassung' }).click();
  await expect(page).toHaveURL(/\/druckfassung$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Leitmotive der Digitalisierung in Sindelfingen');

  // Contents: one link per section, each to its heading on this page.
  const contents = page.getByRole('navigation', { name: 'Inhalt' }).getByRole('link');
  await expect(contents).toHaveCount(LEITMOTIVE.length);
  for (const [i, title] of LEITMOTIVE.entries()) {
    await expect(contents.nth(i)).toHaveText(`Leitmotiv ${i + 1}: ${title}`);
    const target = (await contents.nth(i).getAttribute('href'))!;
    await expect(page.locator(`${target} h2`)).toHaveText(`Leitmotiv ${i + 1}: ${title}`);
  }
  // Where comments go: this site's address (put in by the app) and the office's.
  await expect(page.locator('.print-take-part')).toContainText(`${server.url}/`);
  await expect(page.locator('.print-take-part')).toContainText('Rathausplatz 1, 71063 Sindelfingen');
  await expect(page.locator('#abschnitt-leitmotiv-2 .print-address')).toContainText(
    `${server.url}/abschnitt/leitmotiv-2`,
  );

  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  // Beside each section's address its QR code, for this site's address (drawn by the server).
  const qr = page.locator('#qr-leitmotiv-2');
  await expect(qr).toHaveAttribute(
    'src',
    `/api/v1/qr.svg?text=${encodeURIComponent(`${server.url}/abschnitt/leitmotiv-2`)}`,
  );
  await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);

  // Printed: A4 throughout, the sections flowing on — not a mostly blank page each (it was
  // 12 pages; 10 short Leitmotive and the front matter fit in far fewer).
  const sizes = pdfPageSizes(await page.pdf({ format: 'A4' }));
  console.log(`print view: ${sizes.length} A4 pages`);
  expect(sizes.every(isA4)).toBe(true);
  expect(sizes.length).toBeLessThanOrEqual(8);
  // The site's blue header is not printed.
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.site-header')).toBeHidden();
  // Nothing of the screen's navigation is printed.
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.site-footer')).toBeHidden();
  await expect(page.getByText('Zum Mitnehmen: Drucken Sie diese Seite')).toBeHidden();
});

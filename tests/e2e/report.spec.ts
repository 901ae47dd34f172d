// The council's report (/bericht) and the figures (/zahlen), rendered by the server: no
// accessibility violations, and printed by Chromium a short A4 PDF.
import AxeBuilder from '@axe-core/playwright';
import type { APIRequestContext } from '@playwright/test';
import {
  freshTest as test,
  expect,
  addStaff,
  isA4,
  pdfPageSizes,
  STAFF_PASSWORD,
  LEITMOTIVE,
  type Server,
} from './fixtures';

const SPECIAL = 'Bitte <b>Glasfaser</b> & "WLAN" im Rathaus';

/** Comments on two sections: published and answered (taken into account and not), one
 *  published without an answer, one rejected. */
async function seed(request: APIRequestContext, server: Server) {
  const id = (n: number) => `0b7e3c1a-5f2d-4c8e-9a6b-${n.toString(16).padStart(12, '0')}`;
  const comment = (n: number, section: string, text: string) => ({
    id: id(n),
    section_id: section,
    section_version: section === 'leitmotiv-2' ? 2 : 1,
    text,
    consent: true,
    created_at: new Date().toISOString(),
  });
  const res = await request.post('/api/v1/comments', {
    data: {
      comments: [
        comment(1, 'leitmotiv-2', SPECIAL),
        comment(2, 'leitmotiv-2', 'Mehr Angebote für Schulen.'),
        comment(3, 'leitmotiv-1', 'Barrierefreie Formulare, bitte.'),
        comment(4, 'leitmotiv-1', 'Geheim-abgelehnt'),
      ],
    },
  });
  expect(res.status()).toBe(200);
  addStaff(server);
  const origin = { Origin: server.url };
  const login = await request.post('/api/v1/admin/login', {
    data: { name: 'amt', password: STAFF_PASSWORD },
    headers: origin,
  });
  expect(login.status()).toBe(200);
  for (const n of [1, 2, 3]) {
    expect((await request.post(`/api/v1/admin/comments/${id(n)}/publish`, { headers: origin })).status()).toBe(204);
  }
  expect(
    (await request.post(`/api/v1/admin/comments/${id(4)}/reject`, { data: { reason: 'Test' }, headers: origin })).status(),
  ).toBe(204);
  const answers = [
    [1, { text: 'Ist geplant.', status: 'beruecksichtigt' }],
    [2, { text: 'Leider nicht.', status: 'nicht_beruecksichtigt', reason: 'nicht im Auftrag' }],
  ] as const;
  for (const [n, answer] of answers) {
    expect((await request.put(`/api/v1/admin/comments/${id(n)}/answer`, { data: answer, headers: origin })).status()).toBe(204);
  }
}

test('the report and the figures: no axe violations, short A4 pages, no tables for empty sections', async ({
  page,
  request,
  server,
}) => {
  await seed(request, server);

  for (const path of ['/bericht', '/zahlen']) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(200);
    expect(res?.headers()['content-type'], path).toBe('text/html; charset=utf-8');
    await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
    await expect(page.locator('main')).toHaveCount(1);
    // The site's navigation, as on every page of the app.
    await expect(
      page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Zur Strategie' }),
    ).toHaveAttribute('href', '/');
    await expect(page.getByRole('img', { name: /Beiträge nach Stand der Moderation/ }).first()).toBeVisible();
    await expect(page.getByText('Geheim-abgelehnt')).toHaveCount(0);
    const results = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
      .analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`), path).toEqual([]);
  }

  // The report as the council gets it: the citizen's text as text, the quota, every section.
  await page.goto('/bericht');
  await expect(page.getByText(SPECIAL)).toBeVisible();
  await expect(page.locator('#zahlen .quota').first()).toContainText('50,0 %');
  await expect(page.locator('section.report-section')).toHaveCount(LEITMOTIVE.length);
  await expect(page.locator('#abschnitt-leitmotiv-2 .diff ins').first()).toContainText('sowie Bildungseinrichtungen');

  // Sections nobody commented on: a sentence, not tables of zeros.
  await expect(page.locator('#abschnitt-leitmotiv-5 table')).toHaveCount(0);
  await expect(page.locator('#abschnitt-leitmotiv-5')).toContainText('Zu diesem Abschnitt gibt es keine Beiträge.');
  await expect(page.locator('#abschnitt-leitmotiv-2 table').first()).toBeVisible();

  // Printed: A4, short — the sections flow on (it was 25 pages for two comments).
  const printed = pdfPageSizes(await page.pdf({ format: 'A4' }));
  console.log(`council report: ${printed.length} A4 pages`);
  expect(printed.every(isA4)).toBe(true);
  expect(printed.length).toBeLessThanOrEqual(12);
});

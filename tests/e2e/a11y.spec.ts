// The accessibility matrix: axe-core with the WCAG 2.0/2.1/2.2 A and AA rules and best
// practice, on every route and state a citizen or staff member meets, at 320 px and
// desktop width, in the light and the dark scheme. The test prints the rules it ran and
// every state it checked, and checks that no page is wider than the screen at 320 px, or at
// desktop width with the text at 200 %. (The update banner and the kiosk's dialog are checked the same
// way where their tests bring them about: offline.spec.ts and kiosk.spec.ts.)
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from '@playwright/test';
import { freshTest as test, expect, addStaff, staffSignIn, type Server } from './fixtures';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const VIEWPORTS = [
  { name: '320', width: 320, height: 640 },
  // 360 px (the citizens' phone) was a third width here until the matrix took a quarter
  // of the end-to-end suite's time: its layout is 320 px's with more room (one column;
  // the style's only width breakpoints are at 40 and 64 rem), and no rule or reflow check
  // ever failed at 360 alone. Citizens' flows run at 360 px in paging, reading, notify and
  // publish.spec.ts.
  { name: 'desktop', width: 1280, height: 900 },
];
const SCHEMES = ['light', 'dark'] as const;

/** An outbox item as the app stores it, in any state. */
function stored(id: string, text: string, state: unknown): [string, string] {
  const item = {
    comment: {
      id,
      section_id: 'leitmotiv-4',
      section_version: 1,
      text,
      consent: true,
      created_at: new Date().toISOString(),
    },
    state,
    updated_ms: Date.now(),
    attempts: 0,
    next_attempt_ms: 0,
  };
  return [`mitreden:item:${id}`, JSON.stringify({ schema: 1, item })];
}

const ITEMS = [
  stored('0b7e3c1a-5f2d-4c8e-9a6b-00000000a001', 'Ein Entwurf', 'draft'),
  stored('0b7e3c1a-5f2d-4c8e-9a6b-00000000a002', 'Wartet auf Verbindung', 'queued'),
  stored('0b7e3c1a-5f2d-4c8e-9a6b-00000000a003', 'Ist angekommen', { received: { at: new Date().toISOString() } }),
  stored('0b7e3c1a-5f2d-4c8e-9a6b-00000000a004', 'Abgelehnt', { rejected: { reason: 'Diese Fassung ist unbekannt.' } }),
  stored('0b7e3c1a-5f2d-4c8e-9a6b-00000000a005', '', 'withdrawn'),
];

type State = { name: string; reach: (page: Page) => Promise<void> };

/** Sends a comment to the server with a receipt token: its receipt page. */
async function receipt(server: Server): Promise<string> {
  const id = '0b7e3c1a-5f2d-4c8e-9a6b-00000000b001';
  const token = 'a1'.repeat(16);
  const res = await fetch(`${server.url}/api/v1/comments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      comments: [{ id, section_id: 'leitmotiv-5', section_version: 1, text: 'Mit Beleg.', consent: true,
        created_at: new Date().toISOString(), receipt_token: token }],
    }),
  });
  expect(res.status).toBe(200);
  return `/beitrag/${id}#${token}`;
}

function citizenStates(receiptPath: string): State[] {
  const form = (page: Page) => page.getByRole('button', { name: 'Absenden' });
  const goto = (path: string) => async (page: Page) => {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  };
  return [
    { name: 'start', reach: goto('/') },
    { name: 'start (English)', reach: goto('/en/') },
    { name: 'section, editor empty', reach: async (page) => {
      await goto('/abschnitt/leitmotiv-2')(page);
      await expect(page.getByLabel('Ihr Kommentar zu diesem Abschnitt')).toBeEnabled();
    } },
    { name: 'editor: empty text', reach: async (page) => {
      await goto('/abschnitt/leitmotiv-2')(page);
      await page.getByLabel('Ihr Kommentar zu diesem Abschnitt').focus();
      await form(page).click();
      await expect(page.locator('#kommentar-fehler')).toHaveText('Der Kommentar ist leer.');
    } },
    { name: 'editor: no consent', reach: async (page) => {
      await goto('/abschnitt/leitmotiv-2')(page);
      await page.getByLabel('Ihr Kommentar zu diesem Abschnitt').fill('Ein Gedanke.');
      await form(page).click();
      await expect(page.locator('#kommentar-fehler')).toContainText('Datenschutz');
    } },
    { name: 'editor: too long', reach: async (page) => {
      await goto('/abschnitt/leitmotiv-2')(page);
      await page.getByLabel('Ihr Kommentar zu diesem Abschnitt').fill('x'.repeat(5001));
      await page.getByLabel('Ich bin mit der Speicherung und Veröffentlichung einverstanden.').check();
      await form(page).click();
      await expect(page.locator('#kommentar-fehler')).toContainText('zu lang');
    } },
    { name: 'Meine Beiträge: draft, waiting, received, rejected, withdrawn', reach: async (page) => {
      await page.goto('/meine-beitraege');
      await page.evaluate((items) => items.forEach(([k, v]) => localStorage.setItem(k, v)), ITEMS);
      await page.reload();
      for (const text of ['Ein Entwurf', 'Wartet auf Verbindung', 'Ist angekommen', 'Abgelehnt']) {
        await expect(page.locator('.item').filter({ hasText: text })).toBeVisible();
      }
    } },
    { name: 'section with own items, offline banner', reach: async (page) => {
      await page.goto('/abschnitt/leitmotiv-4');
      // Offline from here on (the service worker serves the page): the queued one waits.
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
      await page.context().setOffline(true);
      await page.evaluate((items) => items.forEach(([k, v]) => localStorage.setItem(k, v)), ITEMS);
      await page.reload();
      await expect(page.locator('.mine .item').filter({ hasText: 'Ist angekommen' })).toBeVisible();
      await expect(page.locator('.sync-status')).toContainText('Offline');
    } },
    { name: 'receipt', reach: async (page) => {
      await page.goto(receiptPath);
      await expect(page.getByText('Mit Beleg.')).toBeVisible();
    } },
    { name: 'Einbinden', reach: goto('/einbinden') },
    { name: 'Druckfassung', reach: goto('/druckfassung') },
    { name: 'Leichte Sprache', reach: goto('/leichte-sprache') },
    { name: 'Erklärung zur Barrierefreiheit', reach: goto('/barrierefreiheit') },
    { name: 'Datenschutz', reach: goto('/datenschutz') },
    { name: 'Privacy', reach: goto('/en/datenschutz') },
    { name: 'not found', reach: goto('/gibt-es-nicht') },
    { name: 'report', reach: goto('/bericht') },
    { name: 'figures', reach: goto('/zahlen') },
  ];
}

const STAFF_STATES: State[] = [
  { name: 'staff sign-in', reach: async (page) => {
    await page.goto('/verwaltung/');
    await expect(page.getByLabel('Passwort')).toBeVisible();
  } },
  { name: 'workplace', reach: async (page) => {
    await staffSignIn(page);
    await expect(page.locator('.work-row')).not.toHaveCount(0);
  } },
  // Signed in by the state before (the same browser context).
  { name: 'answer form', reach: async (page) => {
    await page.goto('/verwaltung/');
    const detail = page.locator('.admin-item');
    await detail.getByText('Antworten', { exact: true }).click();
    await expect(detail.getByLabel('Antwort', { exact: true })).toBeVisible();
  } },
];

async function check(
  browser: Browser,
  server: Server,
  states: State[],
  checked: string[],
  rules: Set<string>,
) {
  const failures: string[] = [];
  for (const viewport of VIEWPORTS) {
    const context = await browser.newContext({
      baseURL: server.url,
      viewport: { width: viewport.width, height: viewport.height },
      locale: 'de-DE',
    });
    for (const state of states) {
      const page = await context.newPage();
      await state.reach(page);
      // Both schemes on the one reached state: the scheme is CSS only
      // (`prefers-color-scheme` in style/main.css), so switching it on the page shows what
      // loading the page in it would — and each state is reached once per width, not twice.
      for (const scheme of SCHEMES) {
        await page.emulateMedia({ colorScheme: scheme });
        expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(scheme === 'dark');
        const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
        for (const r of [...results.passes, ...results.violations, ...results.incomplete]) rules.add(r.id);
        for (const v of results.violations) {
          failures.push(`${state.name} @ ${viewport.name} ${scheme}: ${v.id} (${v.nodes.length}): ${v.nodes[0]?.target}`);
        }
        // Reflow: nothing wider than the screen (WCAG 1.4.10) — at desktop width with the
        // text at 200 % (1.4.4) too.
        if (viewport.width === 1280) {
          await page.evaluate(() => { document.documentElement.style.fontSize = '200%'; });
        }
        const wide = await page.evaluate(() => document.documentElement.scrollWidth);
        if (wide > viewport.width) {
          failures.push(`${state.name} @ ${viewport.name} ${scheme}: ${wide} px wide (reflow)`);
        }
        await page.evaluate(() => { document.documentElement.style.fontSize = ''; });
        checked.push(`${state.name} @ ${viewport.name} ${scheme}`);
      }
      await context.setOffline(false);
      await page.close();
    }
    await context.close();
  }
  return failures;
}

test('axe: every route and state, at 320 px and desktop, light and dark', async ({
  browser,
  request,
  server,
}) => {
  test.setTimeout(600_000);
  // Something to moderate and to report: three comments, one published and answered.
  const comments = [1, 2, 3].map((n) => ({
    id: `0b7e3c1a-5f2d-4c8e-9a6b-00000000c00${n}`,
    section_id: 'leitmotiv-2',
    section_version: 2,
    text: `Kommentar ${n} für die Prüfung der Barrierefreiheit.`,
    consent: true,
    created_at: new Date().toISOString(),
    self_description: 'Jugend',
  }));
  expect((await request.post('/api/v1/comments', { data: { comments } })).status()).toBe(200);
  addStaff(server);
  const receiptPath = await receipt(server);

  const checked: string[] = [];
  const rules = new Set<string>();
  const failures = [
    ...(await check(browser, server, citizenStates(receiptPath), checked, rules)),
    ...(await check(browser, server, STAFF_STATES, checked, rules)),
  ];
  console.log(`axe ${TAGS.join(', ')}: ${rules.size} rules ran: ${[...rules].sort().join(', ')}`);
  console.log(`${checked.length} states checked:\n  ${checked.join('\n  ')}`);
  expect(failures).toEqual([]);
  expect(checked.length).toBe((citizenStates('').length + STAFF_STATES.length) * VIEWPORTS.length * SCHEMES.length);
});

/** Contrast ratio of two CSS colours `rgb(r, g, b)` (WCAG relative luminance). */
function contrast(a: string, b: string): number {
  // `rgb(r, g, b)` in 0–255, or `color(srgb r g b)` (what color-mix() gives) in 0–1.
  const lum = (c: string) => {
    const scale = c.startsWith('color(srgb') ? 1 : 255;
    const [r, g, bl] = (c.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number).map((v) => {
      const s = v / scale;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

test('the dark scheme is honoured and keeps the contrast', async ({ browser, server }) => {
  const context = await browser.newContext({ baseURL: server.url, colorScheme: 'dark', locale: 'de-DE' });
  const page = await context.newPage();
  await page.goto('/abschnitt/leitmotiv-2');
  await expect(page.getByLabel('Ihr Kommentar zu diesem Abschnitt')).toBeEnabled();
  const colours = await page.evaluate(() => {
    const style = (selector: string) => getComputedStyle(document.querySelector(selector)!);
    return {
      bg: style('body').backgroundColor,
      text: style('body').color,
      link: style('.site-footer a').color,
      muted: style('.position').color,
      field: style('#kommentar-text').backgroundColor,
      fieldText: style('#kommentar-text').color,
      fieldLine: style('#kommentar-text').borderTopColor,
      header: style('.site-header').backgroundColor,
      headerText: style('.site-header a').color,
      insBg: style('ins').backgroundColor,
      insText: style('ins').color,
    };
  });
  console.log(`dark scheme: ${JSON.stringify(colours)}`);
  // Dark indeed: the page's background is dark, its text light.
  expect(contrast(colours.bg, 'rgb(0, 0, 0)')).toBeLessThan(1.5);
  for (const [what, fg, bg, least] of [
    ['text', colours.text, colours.bg, 4.5],
    ['links', colours.link, colours.bg, 4.5],
    ['muted text', colours.muted, colours.bg, 4.5],
    ['field text', colours.fieldText, colours.field, 4.5],
    ['field border', colours.fieldLine, colours.field, 3],
    ['header', colours.headerText, colours.header, 4.5],
    ['insertions', colours.insText, colours.insBg, 4.5],
  ] as const) {
    expect(contrast(fg, bg), `${what}: ${fg} on ${bg}`).toBeGreaterThanOrEqual(least);
  }
  await context.close();
});

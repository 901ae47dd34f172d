// One build for every strategy (issue 22): the same server binary and the same built app
// serve Sindelfingen, Stutensee and Esslingen — three servers, three databases, each seeded
// from its town's file. The app carries no strategy: each page's JSON tells it which town
// and which section it is on, so a comment sent from each town arrives for that town's
// section, and Esslingen's pages start the event's bundle from the same build.
import { base, expect, startServer, type Server } from './fixtures';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');

const TOWNS = [
  {
    file: 'sindelfingen',
    title: 'Leitmotive der Digitalisierung in Sindelfingen',
    section: 'leitmotiv-2',
    heading: 'Leitmotiv 2 Vorne dabei',
    bundle: /^\/mitreden-[0-9a-f]+_bg\.wasm$/,
  },
  {
    file: 'stutensee',
    title: 'Lebendige Zukunftskommune – Stutensee 4.0',
    section: 'ziel-gemeinschaft-kompetenz',
    heading: 'Ziel 1 Gemeinschaft und digitale Kompetenz stärken',
    bundle: /^\/mitreden-[0-9a-f]+_bg\.wasm$/,
  },
  {
    file: 'esslingen',
    title: 'Digitalisierungsstrategie „Esslingen 4.0“',
    section: 'thema-homepage',
    heading: 'Thema 1 Relaunch der Homepage',
    bundle: /^\/event-app\/mitreden-event-[0-9a-f]+_bg\.wasm$/,
  },
];

const test = base.extend<{ servers: Server[] }>({
  servers: async ({}, use) => {
    const servers = await Promise.all(
      TOWNS.map((town) =>
        startServer([], {
          strategy:
            process.env[`MITREDEN_STRATEGY_${town.file.toUpperCase()}`] ??
            join(root, `content/${town.file}.toml`),
        }),
      ),
    );
    await use(servers);
    await Promise.all(servers.map((s) => s.dispose()));
  },
});

test('one build serves three towns: each its own text, and a comment arrives for its own section', async ({
  browser,
  servers,
}) => {
  const wasms = new Set<string>();
  for (const [i, town] of TOWNS.entries()) {
    const server = servers[i];
    const context = await browser.newContext({ baseURL: server.url });
    const page = await context.newPage();
    const fetched: string[] = [];
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (path.endsWith('.wasm')) fetched.push(path);
    });
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(town.title);
    await page.goto(`/abschnitt/${town.section}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(town.heading);
    // The app started on this town's page from the page's JSON: the form works.
    const field = page.getByLabel('Ihr Kommentar zu diesem Abschnitt');
    await expect(field).toBeEnabled();
    await field.fill(`Ein Kommentar aus ${town.file}.`);
    await page.getByLabel('Ich bin mit der Speicherung und Veröffentlichung einverstanden.').check();
    await page.getByRole('button', { name: 'Absenden' }).click();
    await expect(page.locator('.comment-form .form-status')).toHaveText(/^Ihr Kommentar ist eingegangen/);
    await expect.poll(() => server.rows(`WHERE section_id = '${town.section}'`)).toBe(1);
    expect(server.rows()).toBe(1);
    expect(await page.locator('html').getAttribute('data-app')).toBeNull();
    // The town's bundle: the citizens' — or, for a town with an event, the event's.
    expect(fetched.length).toBeGreaterThan(0);
    for (const wasm of fetched) {
      expect(wasm).toMatch(town.bundle);
      wasms.add(wasm);
    }
    await context.close();
  }
  // The same build: Sindelfingen and Stutensee fetched the very same file.
  expect(wasms.size).toBe(2);
});

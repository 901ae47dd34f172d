// The embed on the town's homepage: a host page on another origin pastes the snippet, the
// frame shows the section, grows with what is typed, sends a comment; origins not allowed
// by --frame-ancestors get no frame, and nobody gets the administration in one.
import AxeBuilder from '@axe-core/playwright';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Frame, Page } from '@playwright/test';
import { base, expect, startServer, type Server } from './fixtures';

interface Host {
  url: string;
  /** The app's address, set once its server runs (the snippet points there). */
  app: string;
  close(): Promise<unknown>;
}

/** A host page server on `address` (another origin than the app's 127.0.0.1). Its page has
 *  one landmark, a region: the frame's page brings banner and main, and axe counts
 *  landmarks across frames. */
async function host(address: string, body: (app: string) => string): Promise<Host> {
  const h = { url: '', app: '', close: async (): Promise<unknown> => undefined };
  const http: HttpServer = createServer((_, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Stadt – Homepage</title></head>` +
        `<body><section aria-label="Digitalisierungsstrategie">` +
        `<h1>Homepage der Stadt</h1>${body(h.app)}</section></body></html>`,
    );
  });
  await new Promise<void>((ok) => http.listen(0, address, ok));
  h.url = `http://${address}:${(http.address() as AddressInfo).port}`;
  h.close = () => new Promise((ok) => http.close(ok));
  return h;
}

const test = base.extend<{ server: Server; allowed: Host; other: Host }>({
  // On the list: embeds Leitmotiv 2 in the town's yellow, and tries the administration.
  allowed: async ({}, use) => {
    const h = await host(
      '127.0.0.2',
      (app) =>
        `<script src="${app}/embed.js" data-section="leitmotiv-2" data-accent="#ffdd00" ` +
        `data-title="Leitmotiv 2 kommentieren" async></script>` +
        `<iframe src="${app}/verwaltung/" title="Verwaltung"></iframe>`,
    );
    await use(h);
    await h.close();
  },
  other: async ({}, use) => {
    const h = await host(
      '127.0.0.3',
      (app) => `<script src="${app}/embed.js" data-section="leitmotiv-2" async></script>`,
    );
    await use(h);
    await h.close();
  },
  // The allowed host exists before the server starts: its origin is a server flag.
  server: async ({ allowed, other }, use) => {
    const server = await startServer(['--frame-ancestors', allowed.url]);
    allowed.app = server.url;
    other.app = server.url;
    await use(server);
    await server.dispose();
  },
});

/** The frame the snippet inserted, once it shows the app's page. */
async function appFrame(page: Page, server: Server): Promise<Frame> {
  await expect
    .poll(() => page.frames().find((f) => f.url().startsWith(`${server.url}/abschnitt/`))?.url())
    .toContain('/abschnitt/leitmotiv-2');
  return page.frames().find((f) => f.url().startsWith(`${server.url}/abschnitt/`))!;
}

const frameHeight = (page: Page) =>
  page.locator('iframe[title="Leitmotiv 2 kommentieren"]').evaluate((f) => f.getBoundingClientRect().height);

test('an allowed homepage embeds Leitmotiv 2: text, compact, its colour, growing, sending', async ({
  page,
  server,
  allowed,
}) => {
  await page.goto(allowed.url);
  const frame = await appFrame(page, server);
  await expect(frame.getByRole('heading', { level: 1 })).toHaveText('Leitmotiv 2 Vorne dabei');
  await expect(frame.locator('.site-header nav')).toBeHidden();
  await expect(frame.locator('.site-footer')).toBeHidden();
  await expect(frame.getByText('Ihr Entwurf bleibt nur in diesem Browser gespeichert')).toBeVisible();
  // The host's yellow is darkened until white text on it keeps 4.5:1.
  const contrast = await frame.evaluate(() => {
    const rgb = getComputedStyle(document.querySelector('.app')!).getPropertyValue('--accent');
    const probe = document.createElement('span');
    probe.style.color = rgb;
    document.body.append(probe);
    const [r, g, b] = getComputedStyle(probe).color.match(/\d+/g)!.map(Number);
    probe.remove();
    const lin = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    const lum = ([r, g, b]: number[]) => 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    // Against the lighter of the backgrounds it is used on: white and --surface.
    const surface = getComputedStyle(document.documentElement).getPropertyValue('--surface').trim();
    const [sr, sg, sb] = [1, 3, 5].map((i) => parseInt(surface.slice(i, i + 2), 16));
    const l = lum([r, g, b]);
    return { rgb: `${r},${g},${b}`, white: 1.05 / (l + 0.05), surface: (lum([sr, sg, sb]) + 0.05) / (l + 0.05) };
  });
  expect(contrast.rgb).not.toBe('0,85,140'); // not the town's own colour
  expect(contrast.white).toBeGreaterThanOrEqual(4.5);
  expect(contrast.surface).toBeGreaterThanOrEqual(4.5);
  // The host page itself cannot set the height: only the frame's own messages count.
  await page.evaluate(() => window.postMessage({ mitreden: 'height', height: 77 }, '*'));
  // The height follows the content: no scrollbar in the frame, and a long comment grows it.
  await expect.poll(() => frame.evaluate(() => document.documentElement.scrollHeight)).toBeGreaterThan(300);
  await expect
    .poll(async () => Math.abs((await frameHeight(page)) - (await frame.evaluate(() => document.documentElement.scrollHeight))))
    .toBeLessThanOrEqual(2);
  const before = await frameHeight(page);
  expect(before).not.toBe(77);
  const field = frame.getByLabel('Ihr Kommentar zu diesem Abschnitt');
  await expect(field).toBeEnabled();
  await field.fill(Array.from({ length: 30 }, (_, i) => `Zeile ${i + 1} meines Kommentars.`).join('\n'));
  await expect.poll(() => frameHeight(page)).toBeGreaterThan(before + 300);
  await frame.getByLabel('Ich bin mit der Speicherung und Veröffentlichung einverstanden.').check();
  await frame.getByRole('button', { name: 'Absenden' }).click();
  await expect.poll(() => server.rows()).toBe(1);
  // The administration is never in a frame, not even on an allowed homepage.
  await expect
    .poll(() => page.frames().map((f) => f.url()))
    .toContain('chrome-error://chromewebdata/');
  expect(page.frames().some((f) => f.url().startsWith(`${server.url}/verwaltung`))).toBe(false);
});

test('a homepage not on the list gets no frame', async ({ page, server, other }) => {
  await page.goto(other.url);
  const iframe = page.locator('iframe');
  await expect(iframe).toHaveCount(1);
  await expect.poll(() => page.frames().map((f) => f.url())).toContain('chrome-error://chromewebdata/');
  expect(page.frames().some((f) => f.url().startsWith(server.url))).toBe(false);
});

test('the embed and its homepage have no axe violations', async ({ page, server, allowed }) => {
  await page.goto(allowed.url);
  const frame = await appFrame(page, server);
  await expect(frame.getByLabel('Ihr Kommentar zu diesem Abschnitt')).toBeEnabled();
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    // The blocked administration frame is the browser's error page, not ours.
    .exclude('iframe[title="Verwaltung"]')
    .analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(' ')})`)).toEqual([]);
});

test('"Einbinden" shows each snippet with this server address, copies it, previews it', async ({
  page,
  context,
  server,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  await page.goto(`${server.url}/einbinden`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Auf Ihrer Website einbinden');
  const codes = page.locator('code[data-snippet]');
  await expect(codes).toHaveCount(11);
  const second = `<script src="${server.url}/embed.js" data-section="leitmotiv-2" async></script>`;
  await expect(codes.nth(0)).toHaveText(`<script src="${server.url}/embed.js" async></script>`);
  await expect(codes.nth(2)).toHaveText(second);
  const section = page.getByRole('region', { name: 'Leitmotiv 2: Vorne dabei' });
  await section.getByRole('button', { name: 'Code kopieren' }).click();
  await expect(section.locator('[id$="-code-status"]')).toHaveText('Kopiert.');
  await expect(page.locator('#ansage')).toHaveText('Kopiert.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(second);
  // The preview is the snippet itself at work: a frame with the section.
  await section.getByText('Vorschau').click();
  const preview = section.locator('iframe');
  await expect(preview).toHaveAttribute('src', `${server.url}/abschnitt/leitmotiv-2`);
  await expect(
    preview.contentFrame().getByRole('heading', { level: 1 }),
  ).toHaveText('Leitmotiv 2 Vorne dabei');
});

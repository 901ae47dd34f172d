// The security headers as a browser obeys them: the app runs under its content security
// policy, and the administration cannot be put into a frame by another site (clickjacking
// of "Veröffentlichen").
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, expect } from './fixtures';

test('the app runs under its content security policy without a single violation', async ({
  page,
}) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  const res = await page.goto('/abschnitt/leitmotiv-2');
  expect(res?.headers()['content-security-policy']).toMatch(/script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Leitmotiv 2 Vorne dabei');
  await page.goto('/verwaltung/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(violations).toEqual([]);
});

/** A page of another origin (another port of this machine) that frames `src`. */
async function framingSite(src: string): Promise<{ url: string; close: () => void }> {
  const site = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(
      `<!doctype html><title>Rahmen</title><iframe title="Rahmen" src="${src}" width="800" height="600"></iframe>`,
    );
  });
  await new Promise<void>((ok) => site.listen(0, '127.0.0.1', ok));
  const { port } = site.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => site.close() };
}

test('another site cannot frame the administration; the app itself may frame its pages', async ({
  page,
  server,
}) => {
  // Framing works where it is allowed: a page of the app's own origin frames a section.
  await page.route(`${server.url}/rahmen`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><title>Rahmen</title><iframe title="Rahmen" src="/abschnitt/leitmotiv-2"></iframe>`,
    }),
  );
  await page.goto(`${server.url}/rahmen`);
  await expect(page.frameLocator('iframe').getByRole('heading', { level: 1 })).toHaveText(
    'Leitmotiv 2 Vorne dabei',
  );

  const other = await framingSite(`${server.url}/verwaltung/`);
  try {
    const framed = page.waitForResponse(`${server.url}/verwaltung/`);
    await page.goto(other.url);
    // The server answered the frame's request (with its policy) …
    const res = await framed;
    expect(res.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    // … and the browser put an error page in its place instead of the administration.
    const frame = () => page.frames().find((f) => f !== page.mainFrame());
    await expect.poll(() => frame()?.url()).toMatch(/^chrome-error:/);
    expect(await frame()!.content()).not.toContain('Verwaltung');
  } finally {
    other.close();
  }
});

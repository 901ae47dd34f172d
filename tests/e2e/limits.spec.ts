// The rate limit as a citizen meets it: a comment over the limit waits, visibly, and is
// sent by itself when the server's Retry-After has passed.
import { test0 as test, expect, startServer, type Server } from './fixtures';

let server: Server;
test.beforeEach(async () => {
  // One batch at once, one more every 4 seconds.
  server = await startServer(['--rate-limit', '1/4']);
});
test.afterEach(async () => server.dispose());

test('over the rate limit a comment shows "wartet" and is sent after the wait, once', async ({
  page,
}) => {
  const write = async (text: string) => {
    await page.getByLabel('Ihr Kommentar zu diesem Abschnitt').fill(text);
    await page.getByLabel('Ich bin mit der Speicherung und Veröffentlichung einverstanden.').check();
    await page.getByRole('button', { name: 'Absenden' }).click();
    // The form follows the comment: in the outbox, being sent, or already received.
    await expect(page.locator('.comment-form .form-status')).toHaveText(
      /^Ihr Kommentar (ist im Postausgang|wird gesendet|ist eingegangen)/,
    );
  };
  await page.goto(`${server.url}/abschnitt/leitmotiv-2`);
  await write('Erster Kommentar: Bildung gehört dazu.');
  await expect.poll(() => server.rows()).toBe(1);

  const limited = page.waitForResponse(
    (r) => r.url().endsWith('/api/v1/comments') && r.status() === 429,
  );
  await write('Zweiter Kommentar, gleich danach.');
  const res = await limited;
  // Refused for now (429): it waits in the outbox, and the form says so.
  await expect(page.locator('.comment-form .form-status')).toHaveText(
    'Ihr Kommentar ist im Postausgang. Er wird gesendet, sobald eine Verbindung besteht.',
  );
  expect(Number(res.headers()['retry-after'])).toBeGreaterThanOrEqual(1);
  expect((await res.json()).detail).toContain('Sekunden');

  await page.getByRole('link', { name: 'Meine Beiträge' }).click();
  const second = page.locator('.item', { hasText: 'Zweiter Kommentar' }).locator('.item-state');
  await expect(second).toHaveText('wartet auf Verbindung');
  expect(server.rows()).toBe(1);
  // After the wait the outbox sends it by itself: received, stored once.
  await expect(second).toHaveText(/^eingegangen am /, { timeout: 15_000 });
  expect(server.rows()).toBe(2);
  expect(server.rows(`WHERE body = 'Zweiter Kommentar, gleich danach.'`)).toBe(1);
});

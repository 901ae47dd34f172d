// How long 1,000 queued comments take to reach the server from a real browser.
import { freshTest as test, expect, storedQueuedComment } from '../e2e/fixtures';

const COMMENTS = 1000;

test(`${COMMENTS} queued comments drain to the server`, async ({ page, server }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const stored = Array.from({ length: COMMENTS }, (_, i) => {
    const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
    const id = `${hex(i, 8)}-0000-4000-8000-${hex(i, 12)}`;
    return storedQueuedComment(id, `leitmotiv-${(i % 10) + 1}`, 1, `Kommentar Nummer ${i}: Bildung gehört dazu.`);
  });
  await page.evaluate((stored) => {
    for (const [key, value] of stored) localStorage.setItem(key, value);
  }, stored);
  const started = Date.now();
  await page.reload();
  while (server.rows() < COMMENTS && Date.now() - started < 240_000) {
    await page.waitForTimeout(25);
  }
  const toServer = Date.now() - started;
  expect(server.rows()).toBe(COMMENTS);
  await expect(page.getByRole('status').filter({ hasText: 'Alle Beiträge gesendet' })).toBeVisible({
    timeout: 120_000,
  });
  const allConfirmed = Date.now() - started;
  console.log(
    `outbox drain: ${COMMENTS} queued comments on the server ${toServer} ms after the page ` +
      `load started (${Math.round((COMMENTS * 1000) / toServer)} comments/s); all marked ` +
      `eingegangen in the UI after ${allConfirmed} ms`,
  );
});

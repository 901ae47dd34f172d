// How long 1,000 queued comments take to reach the server from a real browser.
import { freshTest as test, expect } from '../e2e/fixtures';

const COMMENTS = 1000;

test(`${COMMENTS} queued comments drain to the server`, async ({ page, server }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.evaluate((n) => {
    for (let i = 0; i < n; i++) {
      const id = `${i.toString(16).padStart(8, '0')}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
      const item = {
        comment: {
          id,
          section_id: `leitmotiv-${(i % 10) + 1}`,
          section_version: 1,
          text: `Kommentar Nummer ${i}: Bildung gehört dazu.`,
          consent: true,
          created_at: new Date().toISOString(),
        },
        state: 'queued',
        updated_ms: Date.now(),
        attempts: 0,
        next_attempt_ms: 0,
      };
      localStorage.setItem(`mitreden:item:${id}`, JSON.stringify({ schema: 1, item }));
    }
  }, COMMENTS);
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

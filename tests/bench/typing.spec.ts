// Typing into a draft on a crowded device: 200 stored drafts, a 5,000-character text. Prints
// the long tasks (> 50 ms) Chromium records while typing, at full speed and at 4× CPU
// slowdown (a cheap phone). Asserts only that the typing arrived.
import { test, expect, storedQueuedComment } from '../e2e/fixtures';

const DRAFTS = 200;
const TYPED = 'Bildung gehört dazu. '.repeat(3);

test(`typing with ${DRAFTS} stored drafts and a 5,000-character text`, async ({ page }) => {
  const drafts = Array.from({ length: DRAFTS }, (_, i) => {
    const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
    const id = `${hex(i, 8)}-0000-4000-8000-${hex(i, 12)}`;
    return storedQueuedComment(id, `leitmotiv-${(i % 10) + 1}`, 1, `Entwurf ${i}: ${'Text '.repeat(40)}`, 'draft');
  });
  await page.goto('/abschnitt/leitmotiv-3');
  await page.evaluate((drafts) => {
    for (const [key, value] of drafts) localStorage.setItem(key, value);
  }, drafts);
  const cdp = await page.context().newCDPSession(page);
  for (const slowdown of [1, 4]) {
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await page.reload();
    const box = page.getByLabel('Ihr Kommentar zu diesem Abschnitt');
    await expect(box).toBeEnabled();
    // The newest of this section's drafts opens in the form; start from a long text.
    await box.fill('x'.repeat(5000 - TYPED.length));
    await page.evaluate(() => {
      (window as any).__long = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) (window as any).__long.push(e.duration);
      }).observe({ type: 'longtask' });
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: slowdown });
    const started = Date.now();
    await box.pressSequentially(TYPED, { delay: 30 });
    // The debounced save has written the whole text into the stored draft.
    await expect
      .poll(() =>
        page.evaluate((typed) => {
          for (let i = 0; i < localStorage.length; i++) {
            const value = localStorage.getItem(localStorage.key(i)!) ?? '';
            if (value.includes(JSON.stringify(typed).slice(1, -1) + '"')) return true;
          }
          return false;
        }, TYPED),
      )
      .toBe(true);
    const ms = Date.now() - started;
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await expect(box).toHaveValue(new RegExp(`${TYPED}$`));
    const long: number[] = await page.evaluate(() => (window as any).__long);
    const max = long.length ? Math.round(Math.max(...long)) : 0;
    console.log(
      `typing at ${slowdown}× CPU slowdown: ${TYPED.length} keystrokes into a ` +
        `${5000} character draft with ${DRAFTS} drafts stored, ${ms} ms; ` +
        `${long.length} long tasks (> 50 ms), longest ${max} ms`,
    );
  }
});

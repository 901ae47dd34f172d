// A section with many published comments, as a citizen on a phone reads it: the first 20
// and how many there are, "Weitere Kommentare laden" for the next 20 (said in the live
// region), offline a clear message and nothing lost, and the link from a change to the
// comment that caused it even when that comment is on a page not yet loaded.
import { base, expect, startServer, addStaff, STAFF_PASSWORD, type Server } from './fixtures';

const test = base.extend<{ server: Server }>({
  server: async ({}, use) => {
    // Public unless rejected: the comments need no one to publish them. 45 citizens, seeded
    // from one address: no rate limit.
    const server = await startServer(['--moderation', 'post', '--rate-limit', '0']);
    await use(server);
    await server.dispose();
  },
  baseURL: async ({ server }, use) => {
    await use(server.url);
  },
});

test.use({ viewport: { width: 360, height: 740 } });

const id = (n: number) => `${n.toString(16).padStart(8, '0')}-0000-4000-8000-00000000abcd`;

test('45 comments: 20 at first, more on request, offline nothing lost, a cause on the last page', async ({
  page,
  request,
  server,
}) => {
  const comment = (n: number, name: string) => ({
    id: id(n),
    section_id: 'leitmotiv-2',
    section_version: 2,
    text: `Kommentar Nummer ${n} zu Leitmotiv 2.`,
    name,
    consent: true,
    created_at: new Date().toISOString(),
  });
  // The oldest comment is the one the answer credits: newest first, it is the 45th.
  expect((await request.post('/api/v1/comments', { data: { comments: [comment(1, 'Frau Ursache')] } })).status()).toBe(200);
  const rest = Array.from({ length: 44 }, (_, i) => comment(i + 2, `Person ${i + 2}`));
  expect((await request.post('/api/v1/comments', { data: { comments: rest } })).status()).toBe(200);
  addStaff(server);
  const origin = { Origin: server.url };
  expect((await request.post('/api/v1/admin/login', { data: { name: 'amt', password: STAFF_PASSWORD }, headers: origin })).status()).toBe(200);
  const answer = {
    text: 'Aufgenommen.',
    status: 'beruecksichtigt',
    revision: { section_id: 'leitmotiv-2', version: 2 },
    revision_confirmed: true,
  };
  expect((await request.put(`/api/v1/admin/comments/${id(1)}/answer`, { data: answer, headers: origin })).status()).toBe(204);

  // The first page: 20 comments, the newest first, in one small answer.
  const first = page.waitForResponse((r) => r.url().endsWith('/api/v1/sections/leitmotiv-2/comments'));
  await page.goto('/abschnitt/leitmotiv-2');
  const body = await (await first).json();
  expect(body.comments).toHaveLength(20);
  expect(body.total).toBe(45);
  const shown = page.locator('.public-comment');
  await expect(shown).toHaveCount(20);
  await expect(shown.first()).toContainText('Kommentar Nummer 45');
  await expect(page.locator('.public-shown')).toHaveText('20 von 45 Kommentaren');

  // Offline, the button says why nothing came, and the 20 stay.
  const more = page.getByRole('button', { name: 'Weitere Kommentare laden' });
  await more.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/paging-more.png' });
  await page.context().setOffline(true);
  await more.click();
  const failed = 'Weitere Kommentare lassen sich gerade nicht laden.';
  await expect(page.locator('.public-comments .form-error')).toContainText(failed);
  await expect(page.locator('#ansage')).toContainText(failed);
  await expect(shown).toHaveCount(20);
  await page.context().setOffline(false);

  // Online: the next 20, said in the live region; the keyboard stays on the button.
  await more.click();
  await expect(shown).toHaveCount(40);
  await expect(page.locator('#ansage')).toHaveText('20 weitere Kommentare geladen.');
  await expect(page.locator('.public-comments .form-error')).toHaveCount(0);
  await expect(page.locator('.public-shown')).toHaveText('40 von 45 Kommentaren');
  await expect(more).toBeFocused();
  const ids = await shown.evaluateAll((els) => els.map((e) => e.id));
  expect(new Set(ids).size).toBe(40);
  await more.click();
  await expect(shown).toHaveCount(45);
  await expect(more).toHaveCount(0);
  await expect(page.locator('.public-shown')).toHaveText('45 von 45 Kommentaren');

  // Anew: the change links to the comment behind it, which is on the third page — the
  // list is read on until it is there.
  await page.reload();
  await expect(shown).toHaveCount(20);
  const cause = page.locator('.change-causes').getByRole('link', { name: 'Kommentar von Frau Ursache' });
  await cause.click();
  await expect(page).toHaveURL(new RegExp(`#kommentar-${id(1)}$`));
  await expect(page.locator(`#kommentar-${id(1)}`)).toBeInViewport();
  await expect(shown).toHaveCount(45);
  await page.screenshot({ path: 'test-results/paging-phone.png', fullPage: false });
});

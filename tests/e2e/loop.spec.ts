// "You said, we did": a comment, its moderation, the official answer with the revision it
// led to — as the citizen, the staff member and the public see it. And markup in comments
// stays inert text everywhere.
import {
  freshTest as test,
  expect,
  storedQueuedComment,
  addStaff,
  staffSignIn,
  STAFF_PASSWORD as PASSWORD,
  type Server,
} from './fixtures';
import AxeBuilder from '@axe-core/playwright';
import type { APIRequestContext, Page } from '@playwright/test';

/** No WCAG 2.1 A/AA violations that axe can find on the page as it is now. */
async function expectAccessible(page: Page, what: string) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help}`), what).toEqual([]);
}

const COMMENT =
  'Es fehlt das klare Bekenntnis, dass die Digitalisierung in allen Bildungseinrichtungen Vorrang haben muss.';
const ANSWER =
  'Vielen Dank für Ihre Nachricht. Wir haben Ihren Vorschlag aufgenommen und das 2. Leitmotiv entsprechend ergänzt.';

test('the whole loop: comment, publish, answer with revision; citizen and public see it', async ({
  page,
  browser,
  server,
}) => {
  // The citizen comments on Leitmotiv 2.
  await page.goto('/abschnitt/leitmotiv-2');
  await page.getByLabel('Ihr Kommentar zu diesem Abschnitt').fill(COMMENT);
  await page.getByLabel('Name oder Pseudonym (freiwillig)').fill('Herr K.');
  await page.getByLabel('Ich bin mit der Speicherung und Veröffentlichung einverstanden.').check();
  await page.getByRole('button', { name: 'Absenden' }).click();
  await expect(page.locator('.mine .item-state').first()).toHaveText(/^eingegangen am /);
  await expect(page.getByText('Zu diesem Abschnitt ist noch kein Kommentar veröffentlicht.')).toBeVisible();

  // A staff member signs in, publishes it, and answers with a pointer to the revision.
  addStaff(server);
  const staffContext = await browser.newContext({ baseURL: server.url });
  const staff = await staffContext.newPage();
  await staffSignIn(staff);
  const item = staff.locator('.admin-item').filter({ hasText: COMMENT });
  await expect(item).toBeVisible();
  await item.getByRole('button', { name: 'Veröffentlichen' }).click();
  await expect(staff.getByRole('status').filter({ hasText: 'Veröffentlicht.' })).toBeVisible();
  await staff.getByLabel('Anzeigen:').selectOption({ label: 'alle' });
  const published = staff.locator('.admin-item').filter({ hasText: COMMENT });
  // The pane shows the comment as it is now (a pane drawn anew closes an open form).
  await expect(published.locator('.item-state')).toHaveText(/^veröffentlicht/);
  await published.getByText('Antworten').click();
  await expect(published.getByLabel('Antwort', { exact: true })).toBeVisible();
  await published.getByLabel('Antwort', { exact: true }).fill(ANSWER);
  await published.getByLabel('Stand').selectOption({ label: 'berücksichtigt' });
  await published.getByLabel('Geführt zu Änderung').selectOption({ label: 'siehe Leitmotiv 2, Fassung 2' });
  // Fassung 2 is the wording this comment was written on: crediting it is said explicitly.
  await published.getByLabel(/Diese Fassung erschien vor dem Kommentar/).check();
  await published.getByRole('button', { name: 'Antwort speichern' }).click();
  await expect(staff.getByRole('status').filter({ hasText: 'Antwort gespeichert.' })).toBeVisible();
  // Filters by section and answer status, and the figures per section.
  await staff.getByLabel('Abschnitt:').selectOption({ label: 'Leitmotiv 1: Der Mensch im Mittelpunkt' });
  await expect(staff.getByText('Kein Kommentar passt zu dieser Auswahl.')).toBeVisible();
  await staff.getByLabel('Abschnitt:').selectOption({ label: 'Leitmotiv 2: Vorne dabei' });
  await staff.locator('#filter-status').selectOption({ label: 'berücksichtigt' });
  await expect(staff.getByText('1–1 von 1')).toBeVisible();
  await staff.getByText('Zahlen je Abschnitt').click();
  const row = staff.locator('.section-counts tr').filter({ hasText: 'Leitmotiv 2' });
  await expect(row.locator('td')).toHaveText(['0', '1', '0', '0']);
  await expectAccessible(staff, 'the administration');

  // The citizen's "Meine Beiträge" shows the state and the answer.
  await page.goto('/meine-beitraege');
  await expect(page.getByText('veröffentlicht', { exact: true })).toBeVisible();
  await expect(page.getByText(ANSWER)).toBeVisible();
  await expect(page.locator('.item .answer-status')).toHaveText('berücksichtigt');
  await expectAccessible(page, 'Meine Beiträge with an answer');
  const receiptLink = await page.getByRole('link', { name: /^Beleg-Link/ }).getAttribute('href');
  expect(receiptLink).toMatch(/^\/beitrag\/[0-9a-f-]{36}#[0-9a-f]{64}$/);

  // The public (another browser, nothing stored) sees comment and answer on the section,
  // the count on the start page, and the word-by-word change the answer points to.
  const publicContext = await browser.newContext({ baseURL: server.url });
  const visitor = await publicContext.newPage();
  await visitor.goto('/');
  await expect(
    visitor.locator('li').filter({ hasText: 'Leitmotiv 2 Vorne dabei' }).locator('.section-count'),
  ).toHaveText('1 Kommentar');
  await visitor.goto('/abschnitt/leitmotiv-2');
  const shown = visitor.locator('.public-comment');
  await expect(shown).toHaveCount(1);
  await expect(shown).toContainText(COMMENT);
  await expect(shown).toContainText('Herr K.');
  await expect(shown.locator('.answer-by')).toHaveText('Antwort: Stadtverwaltung – berücksichtigt');
  await expectAccessible(visitor, 'a section with a published comment and its answer');
  await shown.getByRole('link', { name: 'siehe Leitmotiv 2, Fassung 2' }).click();
  await expect(visitor.locator('.diff ins')).toHaveText('eingefügt: sowie Bildungseinrichtungen');
  // And back: the change links to the comment that led to it.
  const cause = visitor.locator('.change-causes').getByRole('link', { name: 'Kommentar von Herr K.' });
  await cause.click();
  await expect(visitor).toHaveURL(/#kommentar-[0-9a-f-]{36}$/);
  await expect(visitor.locator('.public-comment')).toBeInViewport();

  // The receipt link opens the comment, its state and the answer on another device;
  // without the right token it opens nothing.
  const otherDevice = await publicContext.newPage();
  await otherDevice.goto(receiptLink!);
  await expect(otherDevice.getByRole('heading', { level: 1 })).toHaveText('Ihr Beitrag');
  await expect(otherDevice.getByText(COMMENT)).toBeVisible();
  await expect(otherDevice.getByText('veröffentlicht', { exact: true })).toBeVisible();
  await expect(otherDevice.getByText(ANSWER)).toBeVisible();
  const wrongToken = await publicContext.newPage();
  await wrongToken.goto(receiptLink!.replace(/#.*$/, '#' + 'f'.repeat(64)));
  await expect(wrongToken.locator('main .form-error')).toContainText('Dieser Beleg-Link öffnet keinen Beitrag');
  await expect(wrongToken.locator('#ansage')).toContainText('Dieser Beleg-Link öffnet keinen Beitrag');
  await expect(wrongToken.getByText(COMMENT)).toHaveCount(0);
  await staffContext.close();
  await publicContext.close();
});

// Markup, scripts and event handlers, as text, name and answer: none may run or render.
const XSS = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror="window.__xss=1">',
  '<svg onload="window.__xss=1"></svg>',
  '<iframe src="javascript:window.__xss=1"></iframe>',
  '<body onload="window.__xss=1">',
  '"><script>window.__xss=1</script>',
  "'><img src=x onerror=window.__xss=1>",
  '<a href="javascript:window.__xss=1">klick</a>',
  '<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>',
  '<details open ontoggle="window.__xss=1">',
  '<input autofocus onfocus="window.__xss=1">',
  '<video><source onerror="window.__xss=1"></video>',
  '<audio src=x onerror="window.__xss=1">',
  '<object data="javascript:window.__xss=1"></object>',
  '<embed src="javascript:window.__xss=1">',
  '<marquee onstart="window.__xss=1">',
  '<div style="background:url(javascript:window.__xss=1)">',
  '<link rel=import href="data:text/html,<script>window.__xss=1</script>">',
  '<meta http-equiv="refresh" content="0;url=javascript:window.__xss=1">',
  '<form action="javascript:window.__xss=1"><button>x</button></form>',
  '<base href="javascript:window.__xss=1//">',
  '<select autofocus onfocus="window.__xss=1">',
  '<textarea autofocus onfocus="window.__xss=1">',
  '<keygen autofocus onfocus="window.__xss=1">',
  '<isindex type=image src=1 onerror="window.__xss=1">',
  '<scr<script>ipt>window.__xss=1</scr</script>ipt>',
  '{{constructor.constructor("window.__xss=1")()}}',
  '${window.__xss=1}',
  '&lt;script&gt;window.__xss=1&lt;/script&gt;',
  '<svg><animate onbegin="window.__xss=1" attributeName=x dur=1s>',
  '<style>@import "javascript:window.__xss=1";</style>',
  '</textarea><script>window.__xss=1</script>',
];

async function postAndPublish(request: APIRequestContext, server: Server) {
  const ids = XSS.map((_, i) => `${(i + 1).toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`);
  const comments = XSS.map((payload, i) => ({
    id: ids[i],
    section_id: 'leitmotiv-7',
    section_version: 1,
    text: `Kommentar ${i}: ${payload}`,
    name: payload.slice(0, 80),
    consent: true,
    created_at: new Date().toISOString(),
  }));
  const res = await request.post('/api/v1/comments', { data: { comments } });
  const results = (await res.json()).results;
  expect(results.map((r: { outcome: string }) => r.outcome)).toEqual(XSS.map(() => 'created'));
  const origin = { Origin: server.url };
  const login = await request.post('/api/v1/admin/login', {
    data: { name: 'amt', password: PASSWORD },
    headers: origin,
  });
  expect(login.status()).toBe(200);
  for (const [i, id] of ids.entries()) {
    expect((await request.post(`/api/v1/admin/comments/${id}/publish`, { headers: origin })).status()).toBe(204);
    const answer = { text: `Antwort ${i}: ${XSS[i]}`, status: 'in_pruefung' };
    expect((await request.put(`/api/v1/admin/comments/${id}/answer`, { data: answer, headers: origin })).status()).toBe(204);
  }
}

/** Elements a payload could bring; none may appear where citizens' words are shown. */
const INJECTED =
  'script, img, svg, iframe, object, embed, video, audio, input, select, textarea, style, base, meta, link, marquee, math, form, a[href^="javascript"], details, isindex, keygen';

async function expectInert(page: Page, container: string) {
  await expect(page.locator(container).first()).toBeVisible();
  for (const payload of XSS) {
    await expect(page.locator(container).getByText(payload, { exact: false }).first()).toBeAttached();
  }
  // Where the citizens' and staff's words are shown, there are only text nodes and the
  // app's own plain elements: no element a payload could have brought.
  const texts = `${container} :is(.item-text, .item-time, .item-state, .answer, .public-text, .public-meta)`;
  expect(await page.locator(texts).count()).toBeGreaterThan(XSS.length);
  const injected = await page
    .locator(`${texts} :is(${INJECTED})`)
    .count();
  expect(injected).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
}

test('a bot that fills in the hidden field is answered like a citizen but never reaches staff', async ({
  page,
  browser,
  server,
}) => {
  const SPAM = 'Billige Uhren, nur heute!';
  const HUMAN = 'Bitte auch an die Ortsteile denken.';
  // A bot fills in every field it finds, the hidden one too, and sends.
  await page.goto('/abschnitt/leitmotiv-2');
  await page.getByLabel('Ihr Kommentar zu diesem Abschnitt').fill(SPAM);
  await page.locator('input[name="website"]').fill('https://uhren.example', { force: true });
  await page.getByLabel('Ich bin mit der Speicherung und Veröffentlichung einverstanden.').check();
  await page.getByRole('button', { name: 'Absenden' }).click();
  await expect(page.locator('.mine .item-state').first()).toHaveText(/^eingegangen am /);

  // A citizen using the keyboard never reaches the field: Tab goes from consent to "Absenden".
  const citizenContext = await browser.newContext({ baseURL: server.url });
  const citizen = await citizenContext.newPage();
  await citizen.goto('/abschnitt/leitmotiv-2');
  await citizen.getByLabel('Ihr Kommentar zu diesem Abschnitt').fill(HUMAN);
  await citizen.getByLabel('Ich bin mit der Speicherung und Veröffentlichung einverstanden.').focus();
  await citizen.keyboard.press('Space');
  await citizen.keyboard.press('Tab');
  await expect(citizen.getByRole('button', { name: 'Absenden' })).toBeFocused();
  await citizen.keyboard.press('Enter');
  await expect(citizen.locator('.mine .item-state').first()).toHaveText(/^eingegangen am /);
  await citizenContext.close();

  // Staff see the citizen's comment, which arrived after the bot's, and not the bot's.
  addStaff(server);
  const staffContext = await browser.newContext({ baseURL: server.url });
  const staff = await staffContext.newPage();
  await staffSignIn(staff);
  await expect(staff.locator('.work-row').filter({ hasText: HUMAN })).toBeVisible();
  await expect(staff.locator('.work-row').filter({ hasText: SPAM })).toHaveCount(0);
  await expect(staff.locator('.work-row')).toHaveCount(1);
  await staffContext.close();
});

test(`${XSS.length} XSS payloads in comments, names and answers render as inert text`, async ({
  page,
  request,
  server,
}) => {
  addStaff(server);
  await postAndPublish(request, server);
  page.on('dialog', () => {
    throw new Error('a dialog opened: script ran');
  });
  await page.goto('/abschnitt/leitmotiv-7');
  // The list comes 20 at a time: the rest on request.
  await expect(page.locator('.public-comment')).toHaveCount(20);
  await page.getByRole('button', { name: 'Weitere Kommentare laden' }).click();
  await expect(page.locator('.public-comment')).toHaveCount(XSS.length);
  await expectInert(page, '.public-list');
  // The citizen's own list shows what was typed, from browser storage: also inert.
  for (const [i, payload] of XSS.entries()) {
    const id = `${(i + 100).toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;
    const [key, value] = storedQueuedComment(id, 'leitmotiv-7', 1, `Entwurf ${i}: ${payload}`, 'draft');
    await page.evaluate(([key, value]) => localStorage.setItem(key, value), [key, value]);
  }
  await page.goto('/meine-beitraege');
  await expect(page.locator('.item')).toHaveCount(XSS.length);
  await expectInert(page, '.item-list');
  // The staff view shows the same texts, also inert.
  await page.goto('/verwaltung/');
  await page.getByLabel('Name').fill('amt');
  await page.getByLabel('Passwort').fill(PASSWORD);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.getByLabel('Anzeigen:').selectOption({ label: 'alle' });
  // The list shows their first words, the detail each one in full: all inert.
  await expect(page.locator('.work-row')).toHaveCount(XSS.length);
  const detail = page.locator('.work-detail');
  for (const [i, payload] of XSS.entries()) {
    await page.locator('.work-open').nth(i).click();
    await expect(detail.locator('.item-text')).toHaveText(`Kommentar ${i}: ${payload}`);
    await expect(detail.locator('.answer')).toContainText(`Antwort ${i}: ${payload}`);
    const injected = page.locator(
      `:is(.work-open, .work-table td:nth-child(n+3), .work-detail :is(.item-text, .item-time, .item-state, .answer)) :is(${INJECTED})`,
    );
    expect(await injected.count()).toBe(0);
  }
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
});

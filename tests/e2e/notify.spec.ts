// "Tell me when they answer" by e-mail (issue 23): a citizen on a phone asks on the receipt
// page, the confirmation mail arrives at a real SMTP server (Python's aiosmtpd on loopback),
// its link and button confirm; staff publish and answer; exactly one mail per event, the
// answer's with the receipt link, which opens the answer; then the address is gone from
// the database and its WAL, byte for byte.
import type { Browser, Page } from '@playwright/test';
import { base, expect, startServer, addStaff, staffSignIn, axeEverywhere, type Server } from './fixtures';
import { everythingStored, openLeitmotiv2, setUpKiosk } from './kiosk-device';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ADDRESS = 'erika.muster@example.org';
const COMMENT = 'Bitte sagen Sie mir Bescheid, wenn die Stadt hierzu etwas beschließt.';
const ANSWER = 'Danke, der Gemeinderat berät das im Frühjahr.';

function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

/** aiosmtpd writing every accepted message into `maildir`. */
async function startSmtp(port: number, maildir: string): Promise<ChildProcess> {
  const python =
    process.env.MITREDEN_PYTHON ?? resolve(__dirname, '../../target/schemathesis-venv/bin/python');
  const child = spawn(python, ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${port}`, '-c', 'aiosmtpd.handlers.Mailbox', maildir], {
    stdio: 'ignore',
  });
  await expect
    .poll(
      () =>
        new Promise<boolean>((ok) => {
          const socket = require('node:net').connect(port, '127.0.0.1');
          socket.on('connect', () => (socket.end(), ok(true)));
          socket.on('error', () => ok(false));
        }),
      { message: `aiosmtpd (${python}) listens`, timeout: 20_000 },
    )
    .toBe(true);
  return child;
}

/** The accepted messages, quoted-printable read. */
function mails(maildir: string): string[] {
  const dir = join(maildir, 'new');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).map((f) =>
    readFileSync(join(dir, f), 'utf8')
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_, h) => '%' + h),
  ).map((m) => {
    try {
      return decodeURIComponent(m.replace(/%(?![0-9A-F]{2})/g, '%25'));
    } catch {
      return m;
    }
  });
}

/** The server under test with mail to a real SMTP server, which a test may stop and start
 *  again on its port. */
interface MailStory {
  server: Server;
  maildir: string;
  stopSmtp(): void;
  startSmtp(): Promise<void>;
}

const test = base.extend<{ mail: MailStory }>({
  mail: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'mitreden-mail-'));
    const maildir = join(dir, 'maildir');
    const smtpPort = await freePort();
    let smtp: ChildProcess | undefined = await startSmtp(smtpPort, maildir);
    const port = await freePort();
    const server = await startServer(
      [
        '--smtp-url', `smtp://127.0.0.1:${smtpPort}`,
        '--mail-from', 'Stadt Sindelfingen <mitreden@example.org>',
        '--public-url', `http://127.0.0.1:${port}`,
      ],
      undefined,
      `127.0.0.1:${port}`,
    );
    await use({
      server,
      maildir,
      stopSmtp() {
        smtp?.kill();
        smtp = undefined;
      },
      async startSmtp() {
        smtp = await startSmtp(smtpPort, maildir);
      },
    });
    await server.dispose();
    smtp?.kill();
    rmSync(dir, { recursive: true, force: true });
  },
  baseURL: async ({ mail }, use) => {
    await use(mail.server.url);
  },
});

/** The link in the confirmation mail, opened and confirmed in `page`. */
async function confirmFromMail(page: Page, confirmation: string) {
  const confirm = confirmation.match(/http:\/\/127\.0\.0\.1:\d+\/benachrichtigung\?token=[0-9a-f]+/)![0];
  await page.goto(confirm);
  await page.getByRole('button', { name: 'Bestätigen' }).click();
  await expect(page.getByRole('heading', { name: 'Bestätigt' })).toBeVisible();
}

/** Staff sign in (a new account), in a context of their own at 1366 px. */
async function staffPage(browser: Browser, server: Server): Promise<Page> {
  addStaff(server);
  const staffContext = await browser.newContext({ baseURL: server.url });
  const staff = await staffContext.newPage();
  await staff.setViewportSize({ width: 1366, height: 900 });
  await staffSignIn(staff);
  return staff;
}

/** Staff publish the comment with `text` (`published`: waits for what that does), then
 *  answer it with `answer`. */
async function publishAndAnswer(staff: Page, text: string, answer: string, published: () => Promise<void>) {
  const item = staff.locator('.admin-item').filter({ hasText: text });
  await item.getByRole('button', { name: 'Veröffentlichen' }).click();
  await expect(staff.getByRole('status').filter({ hasText: 'Veröffentlicht.' })).toBeVisible();
  await published();
  await staff.getByLabel('Anzeigen:').selectOption({ label: 'alle' });
  const shown = staff.locator('.admin-item').filter({ hasText: text });
  await shown.getByText('Antworten').click();
  await shown.getByLabel('Antwort', { exact: true }).fill(answer);
  await shown.getByLabel('Stand').selectOption({ label: 'berücksichtigt' });
  await shown.getByRole('button', { name: 'Antwort speichern' }).click();
}

/** A number the sqlite3 command-line tool reads from `database`. */
function count(database: string, sql: string): number {
  return Number(execFileSync('sqlite3', [database, sql]).toString().trim());
}

test('a citizen asks on the receipt page, confirms, and gets one mail per event; then the address is gone', async ({
  page,
  browser,
  mail,
}) => {
  const { server, maildir } = mail;
  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto('/abschnitt/leitmotiv-2');
  await page.getByLabel('Ihr Kommentar zu diesem Abschnitt').fill(COMMENT);
  await page.getByLabel('Ich bin mit der Speicherung und Veröffentlichung einverstanden.').check();
  await page.getByRole('button', { name: 'Absenden' }).click();
  await expect(page.locator('.mine .item-state').first()).toHaveText(/^eingegangen am /);

  // The receipt page offers the e-mail.
  await page.goto('/meine-beitraege');
  await page.getByRole('link', { name: 'Beleg-Link' }).first().click();
  const form = page.getByRole('region', { name: 'Erfahren, was aus dem Kommentar wird' });
  await form.getByLabel('E-Mail-Adresse').fill(ADDRESS);
  await form.getByLabel(/^Ich bin einverstanden/).check();
  await form.getByRole('button', { name: 'E-Mail anfordern' }).click();
  await expect(form.getByText('Wir haben Ihnen eine E-Mail geschickt.', { exact: false })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('notify-360.png'), fullPage: true });
  await axeEverywhere(page, 'receipt page with the e-mail form, sent');

  // The confirmation arrives; its link opens a page whose button confirms.
  await expect.poll(() => mails(maildir).length, { timeout: 30_000 }).toBe(1);
  const confirmation = mails(maildir)[0];
  expect(confirmation).toContain(`To: ${ADDRESS}`);
  await confirmFromMail(page, confirmation);
  await axeEverywhere(page, 'notification confirmed');

  // Staff see that a notification waits, never the address; they publish and answer.
  const staff = await staffPage(browser, server);
  const waiting = staff.locator('.admin-item').filter({ hasText: COMMENT });
  await expect(waiting.getByText('Die Person wartet auf eine E-Mail', { exact: false })).toBeVisible();
  expect(await staff.content()).not.toContain(ADDRESS);
  await publishAndAnswer(staff, COMMENT, ANSWER, () =>
    expect.poll(() => mails(maildir).length, { timeout: 30_000 }).toBe(2),
  );
  await expect.poll(() => mails(maildir).length, { timeout: 30_000 }).toBe(3);
  const answered = mails(maildir).find((m) => m.includes('Message-ID: <answered-'))!;
  expect(answered).toContain(ANSWER);
  const receipt = answered.match(/http:\/\/127\.0\.0\.1:\d+\/beitrag\/[0-9a-f-]+#[0-9a-f]+/)![0];

  // The receipt link opens the answer (in a browser that has nothing stored).
  const other = await browser.newContext();
  const reader = await other.newPage();
  await reader.goto(receipt);
  await expect(reader.getByText(ANSWER)).toBeVisible();
  // No more form: the comment has its answer.
  await expect(reader.getByLabel('E-Mail-Adresse')).toHaveCount(0);

  // The address is gone from the tables and from the files, byte for byte.
  await expect
    .poll(() => count(server.database, 'SELECT COUNT(*) FROM mail_queue WHERE recipient IS NOT NULL'))
    .toBe(0);
  expect(count(server.database, 'SELECT COUNT(*) FROM notify_requests WHERE address IS NOT NULL')).toBe(0);
  const inFiles = () =>
    readdirSync(resolve(server.database, '..'))
      .filter((f) => f.startsWith('mitreden.sqlite3'))
      .some((f) => readFileSync(join(resolve(server.database, '..'), f)).includes(ADDRESS));
  await expect.poll(inFiles, { timeout: 30_000 }).toBe(false);
  // Exactly three were ever queued: the changed state made no second mail.
  expect(count(server.database, 'SELECT COUNT(*) FROM mail_queue')).toBe(3);
  expect(mails(maildir)).toHaveLength(3);
});

test('asked right after "Absenden", and under "Meine Beiträge" on a button', async ({ page, mail }) => {
  const { maildir } = mail;
  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto('/abschnitt/leitmotiv-2');
  await page.getByLabel('Ihr Kommentar zu diesem Abschnitt').fill(COMMENT);
  await page.getByLabel('Ich bin mit der Speicherung und Veröffentlichung einverstanden.').check();
  await page.getByRole('button', { name: 'Absenden' }).click();
  // Once the town has it, the form offers the e-mail (not before: there is nothing to
  // follow yet).
  const form = page.getByRole('region', { name: 'Erfahren, was aus dem Kommentar wird' });
  await expect(page.locator('main').getByText('Ihr Kommentar ist eingegangen', { exact: false }).first()).toBeVisible();
  await expect(form).toBeVisible();
  await expect(form.getByLabel('E-Mail-Adresse')).toHaveAttribute('autocomplete', 'email');
  await axeEverywhere(page, 'section page, the e-mail offered after sending');
  await form.getByLabel('E-Mail-Adresse').fill(ADDRESS);
  await form.getByLabel(/^Ich bin einverstanden/).check();
  await form.getByRole('button', { name: 'E-Mail anfordern' }).click();
  await expect(form.getByText('Wir haben Ihnen eine E-Mail geschickt.', { exact: false })).toBeVisible();
  // Its work done, the form goes; what the server said stays.
  await expect(form.getByLabel('E-Mail-Adresse')).toHaveCount(0);
  await expect.poll(() => mails(maildir).length, { timeout: 30_000 }).toBe(1);
  expect(mails(maildir)[0]).toContain(`To: ${ADDRESS}`);

  // "Meine Beiträge": a button unfolds the same form for this comment.
  await page.goto('/meine-beitraege');
  const offer = page.getByRole('button', { name: 'Benachrichtigen lassen' });
  await expect(offer).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByLabel('E-Mail-Adresse')).toHaveCount(0);
  await offer.click();
  await expect(offer).toHaveAttribute('aria-expanded', 'true');
  const mine = page.getByRole('region', { name: 'Erfahren, was aus dem Kommentar wird' });
  await axeEverywhere(page, 'my items with the e-mail form unfolded');
  await mine.getByLabel('E-Mail-Adresse').fill('max.muster@example.org');
  await mine.getByLabel(/^Ich bin einverstanden/).check();
  await mine.getByRole('button', { name: 'E-Mail anfordern' }).click();
  await expect(mine.getByText('Wir haben Ihnen eine E-Mail geschickt.', { exact: false })).toBeVisible();
  await expect.poll(() => mails(maildir).length, { timeout: 30_000 }).toBe(2);
  expect(mails(maildir).some((m) => m.includes('To: max.muster@example.org'))).toBe(true);
  await page.screenshot({ path: test.info().outputPath('notify-my-items-360.png'), fullPage: true });
});

test('at the kiosk: the e-mail in the thanks, kept nowhere on the device; the mail server down and the server killed during the answer, the answer arrives once', async ({
  page,
  browser,
  mail,
}) => {
  const { server, maildir } = mail;
  await setUpKiosk(page, server);
  await openLeitmotiv2(page);
  await page.getByLabel('Ihr Kommentar zu diesem Abschnitt').fill(COMMENT);
  await page.getByLabel('Ich bin mit der Speicherung und Veröffentlichung einverstanden.').check();
  await page.getByRole('button', { name: 'Absenden' }).click();
  const thanks = page.getByRole('dialog', { name: 'Danke für Ihren Kommentar!' });
  await expect(thanks).toBeVisible();
  const form = thanks.getByRole('region', { name: 'Erfahren, was aus dem Kommentar wird' });
  // The browser must not offer this address to the next passer-by.
  await expect(form.getByLabel('E-Mail-Adresse')).toHaveAttribute('autocomplete', 'off');
  await axeEverywhere(page, 'kiosk thanks with the e-mail form');
  await form.getByLabel('E-Mail-Adresse').fill(ADDRESS);
  await form.getByLabel(/^Ich bin einverstanden/).check();
  await form.getByRole('button', { name: 'E-Mail anfordern' }).click();
  await expect(form.getByText('Wir haben Ihnen eine E-Mail geschickt.', { exact: false })).toBeVisible();
  await expect.poll(() => mails(maildir).length, { timeout: 30_000 }).toBe(1);
  await thanks.getByRole('button', { name: 'Fertig – neu beginnen' }).click();
  await expect(page).toHaveURL(`${server.url}/`);
  await expect(page.getByRole('button', { name: 'Neu beginnen' })).toBeVisible();
  expect(await everythingStored(page)).not.toContain(ADDRESS);

  // The passer-by confirms on their own phone.
  const phone = await (await browser.newContext({ baseURL: server.url })).newPage();
  await confirmFromMail(phone, mails(maildir)[0]);

  // Published: a mail. Then the mail server goes down, staff answer, the server is killed.
  const staff = await staffPage(browser, server);
  await publishAndAnswer(staff, COMMENT, ANSWER, async () => {
    await expect.poll(() => mails(maildir).length, { timeout: 30_000 }).toBe(2);
    mail.stopSmtp();
  });
  await expect(staff.getByRole('status').filter({ hasText: 'Antwort gespeichert' })).toBeVisible();
  const answer = "SELECT attempts FROM mail_queue WHERE message_id LIKE 'answered-%'";
  await expect.poll(() => count(server.database, answer), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
  await server.stop('SIGKILL');
  // Back: the mail server, then the server on the same database.
  await mail.startSmtp();
  await server.restart();
  await expect.poll(() => mails(maildir).length, { timeout: 30_000 }).toBe(3);
  // Marked sent (nothing more can go out for it), and exactly one answer arrived.
  await expect
    .poll(() => count(server.database, "SELECT COUNT(*) FROM mail_queue WHERE sent_at IS NULL"))
    .toBe(0);
  expect(mails(maildir).filter((m) => m.includes('Message-ID: <answered-'))).toHaveLength(1);
  expect(mails(maildir).find((m) => m.includes('Message-ID: <answered-'))).toContain(ANSWER);
});

test('staff ask for the digest of what waits: their own address, hourly, kept', async ({ browser, mail }) => {
  const staff = await staffPage(browser, mail.server);
  const form = staff.getByRole('form', { name: 'Übersicht per E-Mail' });
  await form.getByLabel('Meine E-Mail-Adresse für die Übersicht').fill('amt@sindelfingen.example');
  await form.getByLabel('Wie oft').selectOption({ label: 'stündlich' });
  await form.getByRole('button', { name: 'Übersicht speichern' }).click();
  await expect(form.getByRole('status')).toHaveText('Übersicht gespeichert.');
  await axeEverywhere(staff, 'accounts with the digest saved');
  await staff.reload();
  const again = staff.getByRole('form', { name: 'Übersicht per E-Mail' });
  await expect(again.getByLabel('Meine E-Mail-Adresse für die Übersicht')).toHaveValue('amt@sindelfingen.example');
  await expect(again.getByLabel('Wie oft')).toHaveValue('hourly');
  expect(count(mail.server.database, "SELECT COUNT(*) FROM staff WHERE digest = 'hourly'")).toBe(1);
});

/** A subscription as a browser's push service would hand it out: an https endpoint and
 *  keys of the right lengths (Chromium's own push service, FCM, is not reachable here). */
const FAKE_SUBSCRIPTION = {
  endpoint: 'https://push.example.org/send/abc',
  keys: { p256dh: 'B' + 'A'.repeat(86), auth: 'A'.repeat(22) },
};

test('push on this device: refused permission says so and offers the e-mail; a subscription reaches the server; the service worker shows the push and opens the receipt', async ({
  page,
  context,
  mail,
}) => {
  const { server } = mail;
  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto('/abschnitt/leitmotiv-2');
  await expect(page.locator('html')).toHaveAttribute('data-push', /^[A-Za-z0-9_-]{87}$/);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await page.getByLabel('Ihr Kommentar zu diesem Abschnitt').fill(COMMENT);
  await page.getByLabel('Ich bin mit der Speicherung und Veröffentlichung einverstanden.').check();
  await page.getByRole('button', { name: 'Absenden' }).click();
  const form = page.getByRole('region', { name: 'Erfahren, was aus dem Kommentar wird' });
  const push = form.getByRole('button', { name: 'Auf diesem Gerät benachrichtigen' });
  await expect(push).toBeVisible();

  // Notifications refused (headless Chromium refuses what nobody granted): said plainly,
  // with the e-mail offered.
  await push.click();
  await expect(form.getByText('Mitteilungen sind für diese Seite nicht erlaubt', { exact: false })).toBeVisible();
  await expect(form.getByText('Nehmen Sie stattdessen die E-Mail.', { exact: false })).toBeVisible();
  await expect(form.getByLabel('E-Mail-Adresse')).toBeVisible();
  await axeEverywhere(page, 'push refused, the e-mail offered');

  // Granted: the browser's subscription (its push service stood in for) goes to the server.
  await context.grantPermissions(['notifications']);
  await page.evaluate((sub) => {
    PushManager.prototype.subscribe = async () => ({ toJSON: () => sub }) as unknown as PushSubscription;
  }, FAKE_SUBSCRIPTION);
  await push.click();
  await expect(form.getByText('Erledigt: Dieses Gerät zeigt eine Mitteilung', { exact: false })).toBeVisible();
  await expect
    .poll(() => count(server.database, "SELECT COUNT(*) FROM notify_requests WHERE kind = 'push' AND confirmed_at IS NOT NULL"))
    .toBe(1);
  expect(
    execFileSync('sqlite3', [server.database, "SELECT address FROM notify_requests WHERE kind = 'push'"]).toString(),
  ).toContain(FAKE_SUBSCRIPTION.endpoint);

  // The service worker: a push delivered by the browser (DevTools' own delivery, as a push
  // service's message arrives) is shown; a click on it opens the receipt page.
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const cdp = await context.newCDPSession(page);
  const registration = new Promise<string>((ok) =>
    cdp.on('ServiceWorker.workerRegistrationUpdated', (e) => {
      const mine = e.registrations.find((r) => r.scopeURL === `${server.url}/` && !r.isDeleted);
      if (mine) ok(mine.registrationId);
    }),
  );
  await cdp.send('ServiceWorker.enable');
  const receipt = `${server.url}/beitrag/x#y`;
  await cdp.send('ServiceWorker.deliverPushMessage', {
    origin: server.url,
    registrationId: await registration,
    data: JSON.stringify({ title: 'Ihr Kommentar ist veröffentlicht', body: 'Er ist jetzt zu lesen.', url: receipt, lang: 'de' }),
  });
  await expect
    .poll(() => worker.evaluate(async () => (await self.registration.getNotifications()).map((n) => [n.title, n.body, n.data.url])))
    .toEqual([['Ihr Kommentar ist veröffentlicht', 'Er ist jetzt zu lesen.', receipt]]);
  // A click: only the browser may open a window for a click it saw itself, so the test
  // notes where the worker opens one.
  const opened = await worker.evaluate(async () => {
    const [notification] = await self.registration.getNotifications();
    let url = '';
    (self as any).clients.openWindow = async (u: string) => ((url = u), null);
    self.dispatchEvent(new NotificationEvent('notificationclick', { notification }));
    await new Promise((r) => setTimeout(r, 0));
    for (let i = 0; i < 50 && !url; i++) await new Promise((r) => setTimeout(r, 20));
    return { url, left: (await self.registration.getNotifications()).length };
  });
  expect(opened).toEqual({ url: receipt, left: 0 });
});

// "Tell me when they answer" by e-mail (issue 23): a citizen on a phone asks on the receipt
// page, the confirmation mail arrives at a real SMTP server (Python's aiosmtpd on loopback),
// its link and button confirm; staff publish and answer; exactly one mail per event, the
// answer's with the receipt link, which opens the answer; then the address is gone from
// the database and its WAL, byte for byte.
import { base, expect, startServer, addStaff, staffSignIn, axeEverywhere, type Server } from './fixtures';
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

const test = base.extend<{ mail: { server: Server; maildir: string } }>({
  mail: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'mitreden-mail-'));
    const maildir = join(dir, 'maildir');
    const smtpPort = await freePort();
    const smtp = await startSmtp(smtpPort, maildir);
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
    await use({ server, maildir });
    await server.dispose();
    smtp.kill();
    rmSync(dir, { recursive: true, force: true });
  },
  baseURL: async ({ mail }, use) => {
    await use(mail.server.url);
  },
});

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
  const form = page.getByRole('region', { name: 'Per E-Mail erfahren, was aus dem Kommentar wird' });
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
  const confirm = confirmation.match(/http:\/\/127\.0\.0\.1:\d+\/benachrichtigung\?token=[0-9a-f]+/)![0];
  await page.goto(confirm);
  await page.getByRole('button', { name: 'Bestätigen' }).click();
  await expect(page.getByRole('heading', { name: 'Bestätigt' })).toBeVisible();
  await axeEverywhere(page, 'notification confirmed');

  // Staff publish and answer.
  addStaff(server);
  const staffContext = await browser.newContext({ baseURL: server.url });
  const staff = await staffContext.newPage();
  await staff.setViewportSize({ width: 1366, height: 900 });
  await staffSignIn(staff);
  const item = staff.locator('.admin-item').filter({ hasText: COMMENT });
  await item.getByRole('button', { name: 'Veröffentlichen' }).click();
  await expect(staff.getByRole('status').filter({ hasText: 'Veröffentlicht.' })).toBeVisible();
  await expect.poll(() => mails(maildir).length, { timeout: 30_000 }).toBe(2);
  await staff.getByLabel('Anzeigen:').selectOption({ label: 'alle' });
  const published = staff.locator('.admin-item').filter({ hasText: COMMENT });
  await published.getByText('Antworten').click();
  await published.getByLabel('Antwort', { exact: true }).fill(ANSWER);
  await published.getByLabel('Stand').selectOption({ label: 'berücksichtigt' });
  await published.getByRole('button', { name: 'Antwort speichern' }).click();
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
    .poll(() =>
      execFileSync('sqlite3', [server.database, "SELECT COUNT(*) FROM mail_queue WHERE recipient IS NOT NULL"]).toString().trim(),
    )
    .toBe('0');
  expect(execFileSync('sqlite3', [server.database, 'SELECT COUNT(*) FROM notify_requests WHERE address IS NOT NULL']).toString().trim()).toBe('0');
  const inFiles = () =>
    readdirSync(resolve(server.database, '..'))
      .filter((f) => f.startsWith('mitreden.sqlite3'))
      .some((f) => readFileSync(join(resolve(server.database, '..'), f)).includes(ADDRESS));
  await expect.poll(inFiles, { timeout: 30_000 }).toBe(false);
  // Exactly three were ever queued: the changed state made no second mail.
  expect(execFileSync('sqlite3', [server.database, 'SELECT COUNT(*) FROM mail_queue']).toString().trim()).toBe('3');
  expect(mails(maildir)).toHaveLength(3);
});

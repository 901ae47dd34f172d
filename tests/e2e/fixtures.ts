// The real server for each test worker: the debug binary that `cargo xtask test` builds,
// a fresh SQLite file in a temporary folder, the release app from dist/, port 0.
import { test as playwright, expect, type BrowserContext, type Page } from '@playwright/test';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface Server {
  /** e.g. http://127.0.0.1:40123 */
  url: string;
  /** The SQLite file this server writes to. */
  database: string;
  /** Stops the process (SIGTERM, or `signal`: SIGKILL as a crash); the database file stays. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the process again on the same port with the same database (stopped with
   *  `signal` first). */
  restart(signal?: NodeJS.Signals): Promise<void>;
  /** Stops it and deletes its temporary folder. */
  dispose(): Promise<void>;
  /** Rows in the comments table, read with the sqlite3 command-line tool. */
  rows(where?: string): number;
}

const root = resolve(__dirname, '../..');

/** Where every server of the run writes its log (JSON lines, level info) and every test
 *  what the browser sent that is personal: `cargo xtask test` reads both after the run and
 *  fails if any sent value is in a log (issue 24: no comment text, name, e-mail, token). */
export const logDir = process.env.MITREDEN_E2E_LOGS ?? join(root, 'target/e2e/logs');
mkdirSync(logDir, { recursive: true });

function required(name: string, fallback: string): string {
  return process.env[name] ?? fallback;
}

/** Starts the server process; resolves with its URL once it printed it. */
function spawnServer(
  database: string,
  listen: string,
  build?: { strategy: string },
  extra: string[] = [],
): Promise<{ url: string; child: ChildProcess }> {
  const bin = required('MITREDEN_SERVER_BIN', join(root, 'target/debug/mitreden-server'));
  const child: ChildProcess = spawn(
    bin,
    [
      '--listen', listen,
      '--database', database,
      '--dist', required('MITREDEN_DIST', join(root, 'dist')),
      '--strategy',
      build?.strategy ?? required('MITREDEN_STRATEGY', join(root, 'content/sindelfingen.toml')),
      ...extra,
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, RUST_LOG: 'info', MITREDEN_LOG_FORMAT: 'json' },
    },
  );
  const log = createWriteStream(join(logDir, `server-${process.pid}-${child.pid}.log`), {
    flags: 'a',
  });
  child.stderr?.on('data', (d: Buffer) => {
    log.write(d);
    // Warnings and errors also where the person running the tests sees them.
    for (const line of d.toString().split('\n')) {
      if (/"level":"(WARN|ERROR)"/.test(line) || (line && !line.startsWith('{'))) {
        process.stderr.write(`[server] ${line}\n`);
      }
    }
  });
  child.on('exit', () => log.end());
  return new Promise((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`server did not start: ${out}`)), 30_000);
    child.stdout?.on('data', (d) => {
      out += d.toString();
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        ok({ url: m[1], child });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`server exited with ${code}: ${out}`));
    });
  });
}

/** Starts a server with a fresh SQLite file on a free port (`extra`: more server flags;
 *  `listen`: a fixed address, where a flag must name the server's own URL). */
export async function startServer(
  extra: string[] = [],
  build?: { strategy: string },
  listen = '127.0.0.1:0',
): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), 'mitreden-e2e-'));
  const database = join(dir, 'mitreden.sqlite3');
  let { url, child } = await spawnServer(database, listen, build, extra);
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((ok) => child.once('exit', ok));
      child.kill(signal);
      await exited;
    }
  };
  return {
    url,
    database,
    stop,
    async restart(signal: NodeJS.Signals = 'SIGTERM') {
      await stop(signal);
      ({ child } = await spawnServer(database, new URL(url).host, build, extra));
    },
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
    rows(where = '') {
      const out = execFileSync('sqlite3', [database, `SELECT COUNT(*) FROM comments ${where}`]);
      return Number(out.toString().trim());
    },
  };
}

/** A queued comment in the app's stored form (schema 1), as a tampering or scripted
 *  client would put it into localStorage: [key, value]. */
export function storedQueuedComment(
  id: string,
  sectionId: string,
  sectionVersion: number,
  text: string,
  state: 'queued' | 'draft' = 'queued',
): [string, string] {
  const item = {
    comment: {
      id,
      section_id: sectionId,
      section_version: sectionVersion,
      text,
      consent: true,
      created_at: new Date().toISOString(),
    },
    state,
    updated_ms: Date.now(),
    attempts: 0,
    next_attempt_ms: 0,
  };
  return [`mitreden:item:${id}`, JSON.stringify({ schema: 1, item })];
}

/** The JSON fields a browser sends that are a person's: comment texts, names, addresses,
 *  passwords and tokens (`answer`/`reason` are the office's, not a citizen's). */
const PERSONAL = /^(text|name|self_description|email|address|password|new_password|receipt_token|token|subscription|endpoint)$/;

/** Notes what `request` sends that is personal (≥ 8 characters; the first 24 of each, so
 *  that a log that cuts a text short is caught too) in the run's list. */
function noteSent(request: import('@playwright/test').Request) {
  const values: string[] = [];
  const token = request.headers()['x-receipt-token'];
  if (token) values.push(token);
  const walk = (v: unknown, key = '') => {
    if (typeof v === 'string') {
      if (PERSONAL.test(key)) values.push(v);
    } else if (Array.isArray(v)) {
      v.forEach((x) => walk(x, key));
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) walk(x, k);
    }
  };
  try {
    if (request.method() !== 'GET') walk(JSON.parse(request.postData() ?? 'null'));
  } catch {
    // Not JSON (a form, a file): nothing of it is noted.
  }
  const kept = values.map((v) => v.trim().slice(0, 24)).filter((v) => v.length >= 8);
  if (kept.length > 0) {
    appendFileSync(join(logDir, `sent-${process.pid}.txt`), kept.map((v) => JSON.stringify(v)).join('\n') + '\n');
  }
}

/** A page error (an uncaught exception, e.g. wasm's `unreachable` after a Rust panic) or a
 *  console message that says a Rust panic ("panicked at …", also Leptos' "disposed" reads)
 *  on any page a test opens — in its own `page`, in tabs of that context, and in contexts
 *  it makes with `browser.newContext()`/`newPage()`. */
function watchPage(page: Page, errors: string[]) {
  page.on('pageerror', (e) => errors.push(`page error on ${page.url()}: ${e.message}`));
  page.on('console', (m) => {
    const text = m.text();
    if (text.includes('panicked') || text.includes('already been disposed')) {
      errors.push(`console ${m.type()} on ${page.url()}: ${text.slice(0, 400)}`);
    }
  });
}

/** Every end-to-end test: fails on a page error or a Rust panic in any page it opened
 *  (one fixture for all tests, so a disposed signal read from a late effect or timer can
 *  never pass unnoticed). A test that provokes an error on purpose empties `pageErrors`. */
export const test0 = playwright.extend<{ pageErrors: string[] }>({
  pageErrors: [
    async ({ browser, context }, use) => {
      const errors: string[] = [];
      const watchContext = (c: BrowserContext) => {
        for (const p of c.pages()) watchPage(p, errors);
        c.on('page', (p) => watchPage(p, errors));
        c.on('request', noteSent);
      };
      watchContext(context);
      const newContext = browser.newContext;
      browser.newContext = async (...args: Parameters<typeof newContext>) => {
        const c = await newContext.apply(browser, args);
        watchContext(c);
        return c;
      };
      try {
        await use(errors);
      } finally {
        browser.newContext = newContext;
      }
      expect(errors, 'page errors or Rust panics in the browser').toEqual([]);
    },
    { auto: true },
  ],
});
/** The base of every spec's own fixtures (instead of `@playwright/test`'s `test`). */
export const base = test0;

/** Reading tests share one server per worker. */
export const test = test0.extend<{}, { server: Server }>({
  server: [
    async ({}, use) => {
      const server = await startServer();
      await use(server);
      await server.dispose();
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ server }, use) => {
    await use(server.url);
  },
});

/** Tests that count rows get a server and database of their own. */
export const freshTest = test0.extend<{ server: Server }>({
  server: async ({}, use) => {
    const server = await startServer();
    await use(server);
    await server.dispose();
  },
  baseURL: async ({ server }, use) => {
    await use(server.url);
  },
});

/** The titles of Sindelfingen's ten Leitmotive, in reading order (the default strategy). */
export const LEITMOTIVE = [
  'Der Mensch im Mittelpunkt',
  'Vorne dabei',
  'Mission Lebenswert',
  'Impulsverstärker',
  'Transparentes Handeln',
  'Teilen und Vernetzen',
  'Kulturwandel(n)',
  'Know-how',
  'Zusammenarbeit',
  'Kommunikation',
];

/** The staff password [`addStaff`] gives. */
export const STAFF_PASSWORD = 'ein-langes-passwort';
/** The server binary under test (its command line is tested too). */
export const bin = required('MITREDEN_SERVER_BIN', join(root, 'target/debug/mitreden-server'));

/** Creates a staff account with the server's command line, as an administrator would. */
export function addStaff(server: Server, name = 'amt') {
  const out = execFileSync(bin, ['--database', server.database, 'user', 'add', name], {
    input: `${STAFF_PASSWORD}\n`,
  });
  expect(out.toString()).toContain(`Konto ${name} ist angelegt.`);
}

/** Signs in to the administration as `amt`. */
export async function staffSignIn(page: Page) {
  await page.goto('/verwaltung/');
  await page.getByLabel('Name').fill('amt');
  await page.getByLabel('Passwort').fill(STAFF_PASSWORD);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(page.getByRole('button', { name: 'Abmelden' })).toBeVisible();
}

/** `mitreden-server kiosk ARGS…` against this server's database; what it printed. */
export function kioskCommand(server: Server, ...args: string[]): string {
  return execFileSync(bin, ['--database', server.database, '--public-url', server.url, 'kiosk', ...args])
    .toString();
}

export { expect };

/** The pages of a PDF as Chromium writes it (page objects are plain text in Skia's PDFs):
 *  each page's size in points, from its `/MediaBox`. */
export function pdfPageSizes(pdf: Buffer): { width: number; height: number }[] {
  const text = pdf.toString('latin1');
  const pages = text.match(/\/Type\s*\/Page(?!s)[\s\S]*?endobj/g) ?? [];
  return pages.map((page) => {
    const box = /\/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(page);
    if (!box) throw new Error('a PDF page without /MediaBox');
    return { width: Number(box[3]) - Number(box[1]), height: Number(box[4]) - Number(box[2]) };
  });
}

/** A4 in PostScript points (210 × 297 mm), within a point. */
export function isA4(size: { width: number; height: number }): boolean {
  return Math.abs(size.width - 595.28) < 1.5 && Math.abs(size.height - 841.89) < 1.5;
}

/** axe (WCAG 2.0–2.2 A/AA, best practice) on the page as it is, at 320 px, 360 px and
 *  desktop width, light and dark (the matrix of a11y.spec.ts, for states that only a
 *  test's own steps bring about); the viewport is the desktop one afterwards. */
export async function axeEverywhere(page: Page, what: string) {
  const { default: AxeBuilder } = await import('@axe-core/playwright');
  const failures: string[] = [];
  for (const width of [320, 360, 1280]) {
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.setViewportSize({ width, height: 800 });
      await page.emulateMedia({ colorScheme });
      const results = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
        .analyze();
      failures.push(...results.violations.map((v) => `${what} @ ${width} ${colorScheme}: ${v.id}: ${v.help}`));
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  expect(failures).toEqual([]);
}

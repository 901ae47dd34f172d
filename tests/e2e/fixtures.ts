// The real server for each test worker: the debug binary that `cargo xtask test` builds,
// a fresh SQLite file in a temporary folder, the release app from dist/, port 0.
import { test as base, expect } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface Server {
  /** e.g. http://127.0.0.1:40123 */
  url: string;
  /** The SQLite file this server writes to. */
  database: string;
  stop(): Promise<void>;
}

const root = resolve(__dirname, '../..');

function required(name: string, fallback: string): string {
  return process.env[name] ?? fallback;
}

/** Starts the server and resolves once it printed the address it listens on. */
export async function startServer(database?: string, listen = '127.0.0.1:0'): Promise<Server> {
  const dir = database ? undefined : mkdtempSync(join(tmpdir(), 'mitreden-e2e-'));
  const db = database ?? join(dir!, 'mitreden.sqlite3');
  const bin = required('MITREDEN_SERVER_BIN', join(root, 'target/debug/mitreden-server'));
  const child: ChildProcess = spawn(
    bin,
    [
      '--listen', listen,
      '--database', db,
      '--dist', required('MITREDEN_DIST', join(root, 'dist')),
      '--strategy', required('MITREDEN_STRATEGY', join(root, 'content/sindelfingen.toml')),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, RUST_LOG: 'warn' } },
  );
  child.stderr?.on('data', (d) => process.stderr.write(`[server] ${d}`));
  const url = await new Promise<string>((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`server did not start: ${out}`)), 30_000);
    child.stdout?.on('data', (d) => {
      out += d.toString();
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`server exited with ${code}: ${out}`));
    });
  });
  return {
    url,
    database: db,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((ok) => child.once('exit', ok));
        child.kill('SIGTERM');
        await exited;
      }
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const test = base.extend<{}, { server: Server }>({
  server: [
    async ({}, use) => {
      const server = await startServer();
      await use(server);
      await server.stop();
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ server }, use) => {
    await use(server.url);
  },
});

export { expect };

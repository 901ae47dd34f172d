// A small W3C WebDriver client (Node's fetch, no dependency) for the engines Playwright
// cannot drive from Debian: WebKitGTK through its WebKitWebDriver (under Xvfb) and Firefox
// ESR through geckodriver. Only what the citizen flow needs.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? ok(address.port) : fail(new Error('no port'))));
    });
  });
}

/** A process to stop at the end. */
export interface Running {
  stop(): Promise<void>;
}

function stopper(child: ChildProcess): Running {
  return {
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((ok) => child.once('exit', ok));
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/** Xvfb on a display it picks itself (`-displayfd`); resolves with `:N`. */
export function startXvfb(): Promise<{ display: string } & Running> {
  const child = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x900x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  return new Promise((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error('Xvfb did not start')), 15_000);
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (d) => {
      out += d.toString();
      const n = out.trim();
      if (/^\d+$/.test(n) && out.includes('\n')) {
        clearTimeout(timer);
        ok({ display: `:${n}`, ...stopper(child) });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`Xvfb exited with ${code}`));
    });
  });
}

/** Starts a WebDriver server (`args` say the port) and waits until `/status` says ready. */
export async function startDriver(
  program: string,
  args: string[],
  port: number,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Running> {
  const child = spawn(program, args, { stdio: ['ignore', 'ignore', 'pipe'], env });
  child.stderr?.on('data', (d) => process.stderr.write(`[${program}] ${d}`));
  const running = stopper(child);
  for (let i = 0; i < 100; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/status`);
      if (res.ok && (await res.json()).value?.ready !== false) return running;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) break;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  await running.stop();
  throw new Error(`${program} did not start`);
}

/** One browser session. */
export class Session {
  private constructor(
    private readonly base: string,
    private readonly id: string,
  ) {}

  static async start(port: number, capabilities: object): Promise<Session> {
    const base = `http://127.0.0.1:${port}`;
    const res = await fetch(`${base}/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ capabilities: { alwaysMatch: capabilities } }),
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`new session: ${JSON.stringify(json)}`);
    return new Session(base, json.value.sessionId);
  }

  private async call(method: string, path: string, body?: object): Promise<any> {
    const res = await fetch(`${this.base}/session/${this.id}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`${method} ${path}: ${JSON.stringify(json.value)}`);
    return json.value;
  }

  goto(url: string) {
    return this.call('POST', '/url', { url });
  }

  refresh() {
    return this.call('POST', '/refresh', {});
  }

  async find(css: string): Promise<string> {
    const value = await this.call('POST', '/element', { using: 'css selector', value: css });
    return value[ELEMENT];
  }

  type(element: string, text: string) {
    return this.call('POST', `/element/${element}/value`, { text });
  }

  click(element: string) {
    return this.call('POST', `/element/${element}/click`, {});
  }

  /** Runs `script` (a function body; `arguments` as usual) in the page. */
  execute<T>(script: string, args: unknown[] = []): Promise<T> {
    return this.call('POST', '/execute/sync', { script, args });
  }

  /** Polls `script` until it returns something truthy; returns that. */
  async waitFor<T>(script: string, what: string, timeout = 30_000): Promise<T> {
    const end = Date.now() + timeout;
    let last: unknown;
    while (Date.now() < end) {
      try {
        last = await this.execute<T>(script);
        if (last) return last as T;
      } catch (e) {
        last = e;
      }
      await new Promise((ok) => setTimeout(ok, 200));
    }
    throw new Error(`timed out waiting for ${what} (last: ${String(last)})`);
  }

  quit() {
    return this.call('DELETE', '', undefined).catch(() => undefined);
  }
}

// The citizen's flow in the other engines citizens use: WebKit (about a third of German
// phones run Safari's WebKit; here Debian's WebKitGTK through WebKitWebDriver, under Xvfb)
// and Firefox ESR (geckodriver from crates.io, headless) — read, draft, reload, send,
// receipt — against the real server, as the Chromium tests do.
//
// What a WebKit engine on Linux cannot show about iOS: Safari's own storage policy (a
// site's storage is deleted after seven days without a visit, which can take an unsent
// draft — the app tells iOS readers to send or add it to the home screen), its process
// model under memory pressure, and the installed web app's behaviour.
import { freshTest as test, expect } from './fixtures';
import { freePort, Session, startDriver, startXvfb, type Running } from './webdriver';

const TEXT = 'Mission Lebenswert: mehr Bänke im Park, bitte.';

/** Read, draft, reload (the draft stays), send, see it arrive, open the receipt. */
async function citizenFlow(browser: Session, url: string, rows: () => number) {
  // German, whatever language the engine says it reads (the app would follow it).
  await browser.goto(`${url}/`);
  await browser.execute("localStorage.setItem('mitreden:sprache', 'de')");
  await browser.goto(`${url}/abschnitt/leitmotiv-3`);
  const heading = await browser.waitFor<string>(
    "return document.querySelector('main h1')?.textContent",
    'the heading',
  );
  expect(heading.replace(/\s+/g, ' ').trim()).toBe('Leitmotiv 3 Mission Lebenswert');
  // The app runs when the form is enabled (the prerendered one is disabled).
  const appRuns = "const f = document.querySelector('#kommentar-text'); return !!f && !f.closest('fieldset').disabled";
  await browser.waitFor(appRuns, 'the app');
  await browser.type(await browser.find('#kommentar-text'), TEXT);
  await browser.waitFor(
    "return document.querySelector('.comment-form .form-status')?.textContent === 'Entwurf gespeichert.'",
    'the draft saved',
  );
  await browser.refresh();
  await browser.waitFor(appRuns, 'the app after the reload');
  const kept = await browser.waitFor<string>(
    "return document.querySelector('#kommentar-text').value",
    'the draft back in the form',
  );
  expect(kept).toBe(TEXT);
  await browser.click(await browser.find('#kommentar-einwilligung'));
  await browser.click(await browser.find('.comment-form button[type=submit]'));
  const state = await browser.waitFor<string>(
    "const s = document.querySelector('.mine .item-state'); return s && /^eingegangen am /.test(s.textContent) && s.textContent",
    'the comment received',
  );
  expect(state).toMatch(/^eingegangen am /);
  expect(rows()).toBe(1);
  const receipt = await browser.execute<string>("return document.querySelector('.mine .receipt-link a').href");
  await browser.goto(receipt);
  const shown = await browser.waitFor<string>(
    "return document.querySelector('main .item-text')?.textContent",
    'the receipt',
  );
  expect(shown.trim()).toBe(TEXT);
  // The app never gave up (its banner shows where it could not start).
  const failed = await browser.execute<boolean>(
    "const b = document.querySelector('.app-failed'); return !!b && getComputedStyle(b).display !== 'none'",
  );
  expect(failed).toBe(false);
}

test('WebKit (WebKitGTK through WebKitWebDriver): read, draft, reload, send, receipt', async ({ server }) => {
  test.setTimeout(120_000);
  const running: Running[] = [];
  try {
    const x = await startXvfb();
    running.push(x);
    const port = await freePort();
    running.unshift(
      await startDriver('WebKitWebDriver', [`--port=${port}`], port, { ...process.env, DISPLAY: x.display }),
    );
    const browser = await Session.start(port, {
      'webkitgtk:browserOptions': {
        binary: '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
        args: ['--automation'],
      },
    });
    try {
      await citizenFlow(browser, server.url, () => server.rows());
    } finally {
      await browser.quit();
    }
  } finally {
    for (const r of running) await r.stop();
  }
});

test('Firefox ESR (geckodriver, headless): read, draft, reload, send, receipt', async ({ server }) => {
  test.setTimeout(120_000);
  const port = await freePort();
  const driver = await startDriver(process.env.GECKODRIVER ?? 'geckodriver', ['--port', String(port)], port);
  try {
    const browser = await Session.start(port, {
      browserName: 'firefox',
      'moz:firefoxOptions': {
        binary: '/usr/bin/firefox-esr',
        args: ['-headless'],
        prefs: { 'intl.accept_languages': 'de-DE,de' },
      },
    });
    try {
      await citizenFlow(browser, server.url, () => server.rows());
    } finally {
      await browser.quit();
    }
  } finally {
    await driver.stop();
  }
});

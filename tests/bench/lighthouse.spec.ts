// Lighthouse 12 as a citizen on a cheap phone meets the app: mobile defaults (slow 4G,
// 4× CPU slowdown), Debian's Chromium, our release server. Three runs on the start page and
// on a section page; prints the medians. Asserts only that the runs happened.
import { test, expect } from '../e2e/fixtures';

const RUNS = 3;
const PAGES = ['/', '/abschnitt/leitmotiv-2'];

interface Figures {
  score: number;
  fcp: number;
  lcp: number;
  tbt: number;
  cls: number;
  bytes: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

test('Lighthouse (mobile, slow 4G, 4× CPU): start page and a section page', async ({ server }) => {
  test.setTimeout(600_000);
  // Lighthouse and chrome-launcher are ES modules.
  const { default: lighthouse } = await import('lighthouse');
  const chromeLauncher = await import('chrome-launcher');
  for (const path of PAGES) {
    const runs: Figures[] = [];
    for (let i = 0; i < RUNS; i++) {
      // A fresh browser per run: nothing cached, no service worker yet (a first visit).
      const chrome = await chromeLauncher.launch({
        chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'],
      });
      try {
        const result = await lighthouse(`${server.url}${path}`, {
          port: chrome.port,
          output: 'json',
          logLevel: 'error',
          onlyCategories: ['performance'],
        });
        const lhr = result!.lhr;
        const audit = (id: string) => lhr.audits[id]?.numericValue ?? NaN;
        runs.push({
          score: Math.round((lhr.categories.performance.score ?? 0) * 100),
          fcp: audit('first-contentful-paint'),
          lcp: audit('largest-contentful-paint'),
          tbt: audit('total-blocking-time'),
          cls: audit('cumulative-layout-shift'),
          bytes: audit('total-byte-weight'),
        });
      } finally {
        await chrome.kill();
      }
    }
    const m = (key: keyof Figures) => median(runs.map((r) => r[key]));
    const spread = (key: keyof Figures) => {
      const values = runs.map((r) => r[key]);
      return `${Math.round(Math.min(...values))}–${Math.round(Math.max(...values))}`;
    };
    console.log(
      `lighthouse ${path}: performance ${m('score')} (runs ${spread('score')}), ` +
        `FCP ${Math.round(m('fcp'))} ms, LCP ${Math.round(m('lcp'))} ms (runs ${spread('lcp')}), ` +
        `TBT ${Math.round(m('tbt'))} ms, CLS ${m('cls').toFixed(3)}, ` +
        `${(m('bytes') / 1000).toFixed(1)} KB transferred — medians of ${RUNS}`,
    );
    expect(runs).toHaveLength(RUNS);
    for (const r of runs) expect(Number.isFinite(r.lcp)).toBe(true);
  }
});

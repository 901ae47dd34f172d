// End-to-end tests: Debian's Chromium (never a downloaded browser) against the real
// server, which each test worker starts itself on a free port (see e2e/fixtures.ts).
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results',
  // Two workers on two cores: most of a story is waiting (for a poll, a timer, a server
  // start), so two at once took the suite from 18 to 13.5 minutes with every test green;
  // tests of one file stay in one worker, in order. E2E_WORKERS=1 to see one alone.
  workers: Number(process.env.E2E_WORKERS ?? 2),
  fullyParallel: false,
  retries: 0,
  // The longest stories took 35–57 s alone; beside a second worker on two cores one went
  // past 60 s (a clean CI run, 2026-12-07). A timeout only says when to give up.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: 'results/e2e.json' }], ['./reporters/failed-steps.ts']],
  use: {
    browserName: 'chromium',
    locale: 'de-DE',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});

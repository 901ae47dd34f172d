// Benchmarks in the browser (`cargo xtask bench`): print figures, assert only that the
// work was done. Same browser and server set-up as the end-to-end tests.
import { defineConfig } from '@playwright/test';
import base from './playwright.config';

export default defineConfig({
  ...base,
  testDir: './bench',
  timeout: 300_000,
  reporter: [['list']],
});

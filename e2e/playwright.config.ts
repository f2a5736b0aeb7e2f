// End-to-end tests: the real UI in Debian's Chromium, served by real `starling serve` hosts on a
// real devnet (e2e/support/starlingHosts.ts). `npm run test:e2e` builds first.
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { chromiumArguments, chromiumPath } from '../test/chromium';

export default defineConfig({
  testDir: __dirname,
  testMatch: '**/*.spec.ts',
  timeout: 180_000,
  expect: { timeout: 30_000 },
  workers: 1,
  retries: 0,
  outputDir: path.resolve(__dirname, '..', 'out', 'e2e', 'results'),
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: { executablePath: chromiumPath(), args: chromiumArguments() },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});

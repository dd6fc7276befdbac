/**
 * Browser journeys against the real app: `steward start` on 127.0.0.1:18080 with a fresh data
 * directory, driven by Debian's Chromium (Playwright never downloads a browser here).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { toolSettings } from './src/config.ts';
import { smtpListenPort } from './test/e2e/support/mail.ts';

const port = 18080;
const baseURL = `http://127.0.0.1:${port}`;
const node = JSON.stringify(process.execPath);

// A fresh, empty installation per run; removed when the run ends.
const dataDir = mkdtempSync(path.join(tmpdir(), 'steward-e2e-'));
process.on('exit', () => {
  try {
    rmSync(dataDir, { recursive: true, force: true });
  } catch {
    // the server may still hold a file open while it exits; the OS cleans tmp eventually
  }
});

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL,
    headless: true,
    locale: 'en-GB',
    timezoneId: 'UTC',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: toolSettings().chromiumPath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    // Builds the UI first only if web/ changed since the last build (CI has just built it).
    command: `${node} scripts/ensure-web-build.mjs && ${node} src/main.ts start`,
    url: `${baseURL}/readyz`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      STEWARD_PORT: String(port),
      STEWARD_HOST: '127.0.0.1',
      STEWARD_DATA_DIR: dataDir,
      STEWARD_ADMIN_PASSWORD: 'E2e-admin-password-1',
      STEWARD_LOG_LEVEL: 'warn',
      STEWARD_SMTP_LISTEN_PORT: String(smtpListenPort),
    },
  },
});

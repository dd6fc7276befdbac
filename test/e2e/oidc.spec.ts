/**
 * Journey (c): single sign-on in a real browser. A real OpenID provider (test/support/oidc-provider.ts)
 * and a second Steward process configured for it are started here, separate from the Steward that
 * playwright.config.ts starts without SSO.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { startOidcProvider, type TestOidcProvider } from '../support/oidc-provider.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const stewardPort = 18082;
const providerPort = 18443;
const stewardUrl = `http://127.0.0.1:${stewardPort}`;
const ssoName = 'Test SSO';

let provider: TestOidcProvider | undefined;
let steward: ChildProcess | undefined;
let dataDir: string | undefined;
let output = '';

async function waitUntilReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (steward?.exitCode !== null) throw new Error(`Steward exited early (code ${steward?.exitCode}):\n${output}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Steward did not become ready at ${url} within ${timeoutMs} ms:\n${output}`);
}

/** Fills in oidc-provider's development sign-in page (any password is accepted for a known login). */
async function signInAtProvider(page: import('@playwright/test').Page, login: string): Promise<void> {
  await expect(page).toHaveURL(new RegExp(`^http://127\\.0\\.0\\.1:${providerPort}/interaction/`));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any-password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
}

test.describe.configure({ mode: 'serial' });
test.use({ baseURL: stewardUrl });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  provider = await startOidcProvider({ port: providerPort, redirectUris: [`${stewardUrl}/api/v1/auth/oidc/callback`] });
  dataDir = mkdtempSync(path.join(tmpdir(), 'steward-e2e-oidc-'));
  steward = spawn(process.execPath, ['src/main.ts', 'start'], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Only what this server needs: no DATABASE_URL or STEWARD_* leaks in from the caller's shell.
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      STEWARD_PORT: String(stewardPort),
      STEWARD_HOST: '127.0.0.1',
      STEWARD_PUBLIC_URL: stewardUrl,
      STEWARD_DATA_DIR: dataDir,
      STEWARD_ADMIN_PASSWORD: 'E2e-admin-password-1',
      STEWARD_LOG_LEVEL: 'warn',
      STEWARD_OIDC_ISSUER: provider.issuer,
      STEWARD_OIDC_CLIENT_ID: provider.clientId,
      STEWARD_OIDC_CLIENT_SECRET: provider.clientSecret,
      STEWARD_OIDC_NAME: ssoName,
      STEWARD_OIDC_ALLOW_HTTP: 'true',
      STEWARD_OIDC_ROLE_MAP: 'it-admins=admin,helpdesk=agent',
    },
  });
  steward.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  steward.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await waitUntilReady(`${stewardUrl}/readyz`, 90_000);
});

test.afterAll(async () => {
  if (steward && steward.exitCode === null) {
    const exited = new Promise((resolve) => steward!.once('exit', resolve));
    steward.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
    if (steward.exitCode === null) steward.kill('SIGKILL');
  }
  await provider?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('signs in through the identity provider and returns to the page asked for', async ({ page }) => {
  await page.goto('/admin/people');
  await expect(page).toHaveURL(/\/login\?redirect=%2Fadmin%2Fpeople/);
  await page.getByRole('link', { name: `Sign in with ${ssoName}` }).click();
  await signInAtProvider(page, 'ada');

  await expect(page).toHaveURL(`${stewardUrl}/admin/people`);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Account menu for Ada Admin' })).toBeVisible();
  const me = await page.request.get('/api/v1/auth/session');
  expect(me.ok()).toBe(true);
  expect((await me.json()).user).toMatchObject({ email: 'ada@example.test', role: { key: 'admin' } });
});

test('sends people back to the sign-in page when the provider cannot vouch for them', async ({ page }) => {
  await page.goto('/login');
  await page.getByRole('link', { name: `Sign in with ${ssoName}` }).click();
  await signInAtProvider(page, 'una');

  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole('link', { name: `Sign in with ${ssoName}` })).toBeVisible();
  await expect(page.getByTestId('login-error')).toHaveText('Your e-mail address is not verified at your identity provider.');
  expect((await page.request.get('/api/v1/auth/session')).status()).toBe(401);
});

/** The `steward` command line, run as a real process on a throwaway database. */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { newPostgresDatabaseUrl, onPostgres } from '../../test/support/database.ts';

const run = promisify(execFile);
const main = path.resolve(import.meta.dirname, '../main.ts');

async function environment(): Promise<Record<string, string>> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    STEWARD_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'steward-cli-')),
    STEWARD_ADMIN_PASSWORD: 'Cli-admin-password-1',
    STEWARD_LOG_LEVEL: 'warn',
  };
  if (onPostgres()) env.DATABASE_URL = await newPostgresDatabaseUrl();
  return env;
}

async function steward(env: Record<string, string>, ...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [main, ...args], { env, timeout: 60_000 });
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

describe('steward CLI', () => {
  it('seeds, manages users, verifies the audit trail, and moves data to another database', { timeout: 180_000 }, async () => {
    const env = await environment();
    expect((await steward(env, 'seed')).code).toBe(0);

    const created = await steward(env, 'users', 'create', '--email', 'cli.person@example.test', '--name', 'Cli Person', '--role', 'agent');
    expect(created.code).toBe(0);
    expect(created.stdout + created.stderr).toMatch(/cli\.person@example\.test/);
    const duplicate = await steward(env, 'users', 'create', '--email', 'cli.person@example.test', '--name', 'Again');
    expect(duplicate.code).not.toBe(0);
    expect(duplicate.stderr).toMatch(/already/i);

    const listed = await steward(env, 'users', 'list');
    expect(listed.stdout).toMatch(/cli\.person@example\.test.*Cli Person.*Agent/);
    expect(listed.stdout).toMatch(/admin@localhost/);

    const reset = await steward(env, 'users', 'reset-password', 'cli.person@example.test');
    expect(reset.code).toBe(0);
    expect(reset.stdout + reset.stderr).toMatch(/[A-Za-z0-9_-]{20,}/);
    expect((await steward(env, 'users', 'reset-password', 'nobody@example.test')).code).not.toBe(0);

    const verified = await steward(env, 'audit', 'verify');
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/Audit chain intact: \d+ events verified/);

    const file = path.join(env.STEWARD_DATA_DIR!, 'backup.jsonl.gz');
    expect((await steward(env, 'backup', file)).code).toBe(0);
    const target = await environment();
    const restored = await steward(target, 'restore', file);
    expect(restored.code).toBe(0);
    expect((await steward(target, 'users', 'list')).stdout).toMatch(/cli\.person@example\.test/);
    expect((await steward(target, 'audit', 'verify')).code).toBe(0);
    const again = await steward(target, 'restore', file);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/not empty|already/i);
  });

  it('explains bad settings and unknown commands instead of crashing', async () => {
    const env = await environment();
    const badPort = await steward({ ...env, STEWARD_PORT: 'eighty' }, 'migrate');
    expect(badPort.code).not.toBe(0);
    expect(badPort.stderr).toMatch(/STEWARD_PORT/);
    const unknown = await steward(env, 'frobnicate');
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/unknown command/i);
    const help = await steward(env, '--help');
    for (const command of ['start', 'migrate', 'seed', 'users', 'export', 'import', 'backup', 'restore', 'audit']) expect(help.stdout).toContain(command);
  });
});

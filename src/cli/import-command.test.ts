/** `steward import-csv`, run as a real process on a throwaway database. */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { newPostgresDatabaseUrl, onPostgres } from '../../test/support/database.ts';

const exec = promisify(execFile);
const main = path.resolve(import.meta.dirname, '../main.ts');

async function steward(env: Record<string, string>, ...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [main, ...args], { env, timeout: 120_000 });
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

describe('steward import-csv', () => {
  it('dry-runs, imports with a progress bar, writes the rejected rows, and re-imports as unchanged', { timeout: 300_000 }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'steward-import-cli-'));
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', STEWARD_DATA_DIR: dir, STEWARD_ADMIN_PASSWORD: 'Cli-admin-password-1', STEWARD_LOG_LEVEL: 'warn' };
    if (onPostgres()) env.DATABASE_URL = await newPostgresDatabaseUrl();
    expect((await steward(env, 'seed')).code).toBe(0);
    expect((await steward(env, 'users', 'create', '--email', 'reader@example.test', '--name', 'Rea Der', '--role', 'read-only')).code).toBe(0);

    const file = path.join(dir, 'laptops.csv');
    const rows = (memory: string) => `Gerät;Klasse;Seriennummer;Kaufdatum;Speicher\r\nlt-001;laptop;SER-001;31.01.2024;16\r\nlt-002;laptop;SER-002;29.02.2024;${memory}\r\nlt-003;Laptop;SER-003;01.03.2024;32\r\n`;
    writeFileSync(file, rows('viel'));
    const map = ['--map', 'Gerät=name', '--map', 'Klasse=class', '--map', 'Seriennummer=Serial number', '--map', 'Speicher=attr_memoryGb', '--map', 'Kaufdatum='];

    const dry = await steward(env, 'import-csv', file, '--kind', 'configuration-items', '--dry-run', ...map);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/Dry run: 3 rows checked; 2 would be imported and 1 row with errors would be skipped\. Nothing was written\./);
    expect(dry.stdout).toMatch(/line 3 — Speicher: "viel" is not a number/);
    expect(dry.stderr).toMatch(/Gerät → name, Klasse → class, Seriennummer → serialNumber, Speicher → attr_memoryGb/);
    expect(dry.stderr).toMatch(/Not imported: Kaufdatum/);
    expect(dry.stderr).toMatch(/import \[.*\] 100%/);

    const partial = await steward(env, 'import-csv', file, ...map, '--decimal', ',');
    expect(partial.code).toBe(1);
    expect(partial.stdout).toMatch(/3 rows read: 2 created, 0 updated, 0 unchanged; 1 row with errors was skipped/);
    const rejected = path.join(dir, 'laptops-rejected.csv');
    expect(existsSync(rejected)).toBe(true);
    expect(readFileSync(rejected, 'utf8')).toMatch(/^\uFEFFerror;Gerät;Klasse;Seriennummer;Kaufdatum;Speicher\r\n.*viel/);

    writeFileSync(file, rows('24,5'));
    const fixed = await steward(env, 'import-csv', file, ...map, '--decimal', ',');
    expect(fixed.code, fixed.stdout + fixed.stderr).toBe(0);
    expect(fixed.stdout).toMatch(/3 rows read: 1 created, 0 updated, 2 unchanged; no row had errors\./);
    const again = await steward(env, 'import-csv', file, ...map, '--decimal', ',', '--as', 'admin@localhost');
    expect(again.stdout).toMatch(/0 created, 0 updated, 3 unchanged/);

    const refused = await steward(env, 'import-csv', file, ...map, '--as', 'reader@example.test');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/does not hold the cmdb:write permission/);
    const badMap = await steward(env, 'import-csv', file, '--map', 'Nope=name');
    expect(badMap.code).not.toBe(0);
    expect(badMap.stderr).toMatch(/the file has no column "Nope"/);
    const missing = await steward(env, 'import-csv', file);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/the required field Name \(name\) has no column/);
    writeFileSync(path.join(dir, 'empty.csv'), '');
    const empty = await steward(env, 'import-csv', path.join(dir, 'empty.csv'));
    expect(empty.code).not.toBe(0);
    expect(empty.stderr).toMatch(/empty/);
    expect((await steward(env, 'audit', 'verify')).code).toBe(0);
  });
});

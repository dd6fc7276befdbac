import { request } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { newPostgresDatabaseUrl, onPostgres } from '../../test/support/database.ts';
import { startStewardProcess } from '../../test/support/process.ts';

describe('steward start', () => {
  it('finishes an in-flight request on SIGTERM, then exits 0', { timeout: 90_000 }, async () => {
    const env: Record<string, string> = {
      STEWARD_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'steward-term-')),
      STEWARD_ADMIN_PASSWORD: 'Shutdown-password-1',
      STEWARD_LOG_LEVEL: 'info',
    };
    if (onPostgres()) env.DATABASE_URL = await newPostgresDatabaseUrl();
    const steward = await startStewardProcess(env);
    const { port } = new URL(steward.url);
    const body = JSON.stringify({ email: 'admin@localhost', password: 'Shutdown-password-1' });
    // Start a request and send only half of its body, so it is in flight when SIGTERM arrives.
    const response = new Promise<number>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, method: 'POST', path: '/api/v1/auth/login', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 10));
      setTimeout(() => {
        steward.child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(10)), 500);
      }, 300);
    });
    expect(await response).toBe(200);
    expect(await steward.exited).toBe(0);
    expect(steward.output()).toContain('SIGTERM received');
  });

  it('prints the generated first-administrator password once', { timeout: 90_000 }, async () => {
    const env: Record<string, string> = { STEWARD_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'steward-first-')), STEWARD_LOG_LEVEL: 'info' };
    if (onPostgres()) env.DATABASE_URL = await newPostgresDatabaseUrl();
    const steward = await startStewardProcess(env);
    const match = /password (\S+) \(shown only once/.exec(steward.output());
    expect(match).not.toBeNull();
    const res = await fetch(`${steward.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@localhost', password: match![1] }),
    });
    expect(res.status).toBe(200);
    steward.child.kill('SIGTERM');
    expect(await steward.exited).toBe(0);
    const again = await startStewardProcess(env);
    expect(again.output()).not.toContain('First administrator created');
    again.child.kill('SIGTERM');
    await again.exited;
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { startSteward } from '../../runtime.ts';
import { makeTestApp, type TestApp } from '../../../test/support/app.ts';
import { newPostgresDatabaseUrl, onPostgres } from '../../../test/support/database.ts';
import { httpLogin, startStewardProcess } from '../../../test/support/process.ts';
import { SubscriberRegistry, type StoredEvent } from './subscribers.ts';
import { JobRuntime } from '../jobs/runtime.ts';

function recorder(name: string, types: string[] | '*' = '*') {
  const seen: StoredEvent[] = [];
  const registry = new SubscriberRegistry();
  registry.add({ name, types, handle: async (_ctx, event) => void seen.push(event) });
  return { seen, registry };
}

describe('outbox delivery', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp();
  });
  afterAll(() => t.close());

  it('writes events in the same transaction as the change and delivers each once per subscriber', async () => {
    const admin = await t.admin();
    const { seen, registry } = recorder('test-recorder', ['team.created', 'team.updated']);
    const jobs = new JobRuntime({ database: t.database, clock: t.clock, subscribers: registry, log: t.app.log, pollMs: 1000, work: false });
    const team = (await admin.post('/api/v1/teams', { name: 'Outbox' })).json();
    await admin.patch(`/api/v1/teams/${team.id}`, { version: team.version, name: 'Outbox 2' });
    expect(await jobs.dispatchNow()).toBe(2);
    expect(seen.map((e) => e.type)).toEqual(['team.created', 'team.updated']);
    expect(seen[0]!.entityId).toBe(team.id);
    expect(await jobs.dispatchNow()).toBe(0);
    const failed = await admin.post('/api/v1/teams', { name: 'outbox 2' });
    expect(failed.statusCode).toBe(409);
    expect(await jobs.dispatchNow()).toBe(0);
  });

  it('a failing subscriber is retried and does not block others', async () => {
    const admin = await t.admin();
    let attempts = 0;
    const registry = new SubscriberRegistry();
    const ok: string[] = [];
    registry.add({ name: 'flaky', types: ['department.created'], handle: async () => { if (++attempts === 1) throw new Error('temporary'); } });
    registry.add({ name: 'steady', types: ['department.created'], handle: async (_c, e) => void ok.push(e.entityId) });
    const jobs = new JobRuntime({ database: t.database, clock: t.clock, subscribers: registry, log: { error: () => {}, warn: () => {} }, pollMs: 1000, work: false });
    await admin.post('/api/v1/departments', { name: 'Retry' });
    expect(await jobs.dispatchNow()).toBe(1);
    expect(await jobs.dispatchNow()).toBe(1);
    expect(attempts).toBe(2);
    expect(ok).toHaveLength(1);
  });
});

describe('outbox with long transactions', () => {
  it.skipIf(!onPostgres())('delivers an event whose transaction commits after later events were delivered', async () => {
    const t = await makeTestApp();
    try {
      const admin = await t.admin();
      const { seen, registry } = recorder('long-tx', ['test.slow', 'team.created']);
      const jobs = new JobRuntime({ database: t.database, clock: t.clock, subscribers: registry, log: t.app.log, pollMs: 1000, work: false });
      const slow = await t.database.pool!.connect();
      try {
        await slow.query('BEGIN');
        // This event gets its sequence number now but becomes visible only at COMMIT.
        await slow.query(
          "INSERT INTO events (org_id, type, entity_type, entity_id, payload, created_at) VALUES ($1, 'test.slow', 'test', 'slow', '{}', $2)",
          [t.orgId, t.clock.now().toISOString()],
        );
        await admin.post('/api/v1/teams', { name: 'Committed meanwhile' });
        t.clock.advance(10 * 60_000);
        expect(await jobs.dispatchNow()).toBe(1);
        await admin.post('/api/v1/teams', { name: 'And another' });
        expect(await jobs.dispatchNow()).toBe(1);
        await slow.query('COMMIT');
      } finally {
        slow.release();
      }
      expect(await jobs.dispatchNow()).toBe(1);
      expect(seen.map((e) => e.type)).toEqual(['team.created', 'team.created', 'test.slow']);
      expect(await jobs.dispatchNow()).toBe(0);
    } finally {
      await t.close();
    }
  });
});

describe('outbox after a crash', () => {
  it('delivers an event committed just before the process was killed, after restart', { timeout: 120_000 }, async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'steward-crash-'));
    const env: Record<string, string> = { STEWARD_DATA_DIR: dataDir, STEWARD_ADMIN_PASSWORD: 'Crash-test-password-1', STEWARD_ROLE: 'web' };
    if (onPostgres()) env.DATABASE_URL = await newPostgresDatabaseUrl();
    // A web-only process commits the change (and its event) but never delivers it: then it is killed.
    const first = await startStewardProcess(env);
    const headers = await httpLogin(first.url, 'admin@localhost', 'Crash-test-password-1');
    const res = await fetch(`${first.url}/api/v1/teams`, { method: 'POST', headers, body: JSON.stringify({ name: 'Committed before crash' }) });
    expect(res.status).toBe(201);
    const team = (await res.json()) as { id: string };
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');

    const { seen, registry } = recorder('crash-recorder', ['team.created']);
    const steward = await startSteward(loadConfig({ ...env, STEWARD_ROLE: 'all', STEWARD_LOG_LEVEL: 'silent', STEWARD_OUTBOX_POLL_MS: '200' }), {
      listen: false,
      subscribers: registry,
    });
    try {
      const deadline = Date.now() + 30_000;
      while (!seen.some((e) => e.entityId === team.id) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(seen.filter((e) => e.entityId === team.id)).toHaveLength(1);
    } finally {
      await steward.stop();
    }
  });
});

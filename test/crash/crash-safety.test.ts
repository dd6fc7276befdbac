/**
 * Kills Steward with SIGKILL in the middle of a stream of writes, restarts it, and checks that every
 * acknowledged write is there, the audit chain verifies, and no outbox event was lost or delivered twice.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.ts';
import { verifyAuditChain } from '../../src/platform/audit/verify.ts';
import { newPostgresDatabaseUrl, onPostgres } from '../support/database.ts';
import { crashChildScript, httpLogin, startStewardProcess } from '../support/process.ts';

const password = 'Crash-safety-password-1';

describe('crash safety', () => {
  it('keeps every acknowledged write and delivers every event exactly once after SIGKILL', { timeout: 180_000 }, async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'steward-crash-stream-'));
    const env: Record<string, string> = { STEWARD_DATA_DIR: dataDir, STEWARD_ADMIN_PASSWORD: password, STEWARD_OUTBOX_POLL_MS: '100' };
    if (onPostgres()) env.DATABASE_URL = await newPostgresDatabaseUrl();

    const first = await startStewardProcess(env, [], 60_000, crashChildScript);
    const headers = await httpLogin(first.url, 'admin@localhost', password);
    const acknowledged: string[] = [];
    let attempted = 0;
    let killed = false;
    const writer = async (lane: number) => {
      for (let i = 0; !killed; i++) {
        attempted++;
        try {
          const res = await fetch(`${first.url}/api/v1/teams`, { method: 'POST', headers, body: JSON.stringify({ name: `crash ${lane}-${i}` }) });
          if (res.status === 201) acknowledged.push(((await res.json()) as { id: string }).id);
        } catch {
          return; // the connection died with the process
        }
      }
    };
    const lanes = [0, 1, 2, 3].map(writer);
    await new Promise((r) => setTimeout(r, 2000));
    first.child.kill('SIGKILL');
    killed = true;
    await Promise.all(lanes);
    expect(await first.exited).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThan(5);

    // The killed process may have left a progress file behind; only the restarted one's counts matter.
    const statusFile = path.join(dataDir, 'probe-status.json');
    rmSync(statusFile, { force: true });
    const second = await startStewardProcess(env, [], 60_000, crashChildScript);
    const after = await httpLogin(second.url, 'admin@localhost', password);
    const present = new Set<string>();
    let cursor: string | null = null;
    do {
      const page = (await (await fetch(`${second.url}/api/v1/teams?limit=200${cursor ? `&cursor=${cursor}` : ''}`, { headers: after })).json()) as {
        items: { id: string }[];
        nextCursor: string | null;
      };
      for (const team of page.items) present.add(team.id);
      cursor = page.nextCursor;
    } while (cursor);
    const lost = acknowledged.filter((id) => !present.has(id));
    expect(lost).toEqual([]);

    // Let the restarted worker drain the outbox (it reports progress to a file), then stop it cleanly.
    const lastRequestAt = Date.now();
    const deadline = lastRequestAt + 60_000;
    for (;;) {
      const status = existsSync(statusFile) ? (JSON.parse(readFileSync(statusFile, 'utf8')) as { events: number; delivered: number; at: number }) : undefined;
      if ((status && status.at > lastRequestAt && status.delivered >= status.events) || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir });
    try {
      const chain = await verifyAuditChain(database.db);
      expect(chain).toMatchObject({ ok: true });
      const [counts] = await database.query<{ events: number; delivered: number; distinct: number }>(
        'SELECT (SELECT count(*)::int FROM events) AS events, (SELECT count(*)::int FROM crash_probe) AS delivered, (SELECT count(DISTINCT event_seq)::int FROM crash_probe) AS distinct',
      );
      expect(counts!.delivered).toBe(counts!.distinct); // never twice
      const undelivered = await database.query(
        'SELECT e.seq, e.type, e.created_at, (SELECT count(*) FROM event_deliveries d WHERE d.event_seq = e.seq) AS marks FROM events e WHERE NOT EXISTS (SELECT 1 FROM crash_probe p WHERE p.event_seq = e.seq)',
      );
      expect(undelivered).toEqual([]); // never lost
      const [teams] = await database.query<{ n: number }>("SELECT count(*)::int AS n FROM teams WHERE name LIKE 'crash %'");
      const [created] = await database.query<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE type = 'team.created'");
      expect(created!.n).toBe(teams!.n); // every committed write has its event, and no event lacks its write
      console.log(`crash safety (${database.kind}): ${attempted} writes attempted, ${acknowledged.length} acknowledged, ${teams!.n} committed, ${counts!.events} events delivered once each`);
    } finally {
      await database.close();
    }
  });
});

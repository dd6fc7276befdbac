import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type Caller, type TestApp } from '../../../test/support/app.ts';
import { verifyAuditChain } from './verify.ts';

let t: TestApp;
let admin: Caller;
beforeAll(async () => {
  t = await makeTestApp();
  admin = await t.admin();
  for (const name of ['Alpha', 'Bravo', 'Charlie']) await admin.post('/api/v1/teams', { name });
});
afterAll(() => t.close());

describe('audit trail', () => {
  it('records actor, entity, diff and request id for every write, filterable', async () => {
    const res = await admin.request({ method: 'POST', url: '/api/v1/departments', payload: { name: 'Legal' }, headers: { 'x-request-id': 'req-audit-1' } });
    const dep = res.json();
    const events = (await admin.get(`/api/v1/audit-events?entityType=department&entityId=${dep.id}`)).json().items;
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'created', entityType: 'department', requestId: 'req-audit-1', actor: { type: 'user', label: 'admin@localhost' } });
    expect(events[0].changes.name).toEqual({ from: null, to: 'Legal' });
    const me = (await admin.get('/api/v1/auth/session')).json().user;
    const byActor = (await admin.get(`/api/v1/audit-events?actorId=${me.id}&entityType=team`)).json().items;
    expect(byActor.map((e: { after: { name: string } }) => e.after.name)).toEqual(['Charlie', 'Bravo', 'Alpha']);
    const future = (await admin.get(`/api/v1/audit-events?from=${new Date(Date.now() + 86_400_000).toISOString()}`)).json();
    expect(future.items).toHaveLength(0);
    const bad = await admin.get('/api/v1/audit-events?from=yesterday');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('from');
  });

  it('paginates newest first without gaps or repeats', async () => {
    const all = (await admin.get('/api/v1/audit-events?limit=200')).json().items.map((e: { id: string }) => e.id);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = (await admin.get(`/api/v1/audit-events?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json();
      paged.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all);
  });

  it('is append-only in the database', async () => {
    await expect(t.database.query("UPDATE audit_events SET action = 'x'")).rejects.toThrow(/append-only/);
    await expect(t.database.query('DELETE FROM audit_events')).rejects.toThrow(/append-only/);
  });

  it('verifies the hash chain and reports the first tampered row', async () => {
    const ok = await verifyAuditChain(t.database.db);
    expect(ok.ok).toBe(true);
    expect(ok.checked).toBeGreaterThan(3);
    const [victim] = await t.database.query<{ seq: number }>("SELECT seq FROM audit_events WHERE entity_type = 'team' ORDER BY seq LIMIT 1");
    // An attacker with database access disables the guard and rewrites history.
    await t.database.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only');
    await t.database.query(`UPDATE audit_events SET after = '{"name":"Forged"}' WHERE seq = ${victim!.seq}`);
    const broken = await verifyAuditChain(t.database.db);
    expect(broken.ok).toBe(false);
    expect(broken.brokenAt!.seq).toBe(victim!.seq);
    expect(broken.brokenAt!.reason).toMatch(/altered/);
    // Deleting a row instead breaks the link of the next one.
    await t.database.query(`DELETE FROM audit_events WHERE seq = ${victim!.seq}`);
    const gap = await verifyAuditChain(t.database.db);
    expect(gap.ok).toBe(false);
    expect(gap.brokenAt!.reason).toMatch(/removed or inserted/);
  });
});

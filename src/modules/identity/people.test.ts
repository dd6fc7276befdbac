import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type Caller, type TestApp } from '../../../test/support/app.ts';
import { builtinRoleId } from './organisation-service.ts';

let t: TestApp;
let admin: Caller;
let agentRole: string;
let requesterRole: string;

beforeAll(async () => {
  t = await makeTestApp();
  admin = await t.admin();
  agentRole = (await builtinRoleId(t.database.db, t.orgId, 'agent'))!;
  requesterRole = (await builtinRoleId(t.database.db, t.orgId, 'requester'))!;
});
afterAll(() => t.close());

async function auditCount() {
  const rows = await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_events');
  return rows[0]!.n;
}

describe('people', () => {
  it('creates a person with a generated password shown once, and audits it', async () => {
    const res = await admin.post('/api/v1/people', { name: 'Ada Lovelace', email: 'Ada@Example.test', roleId: agentRole, jobTitle: 'Engineer', generatePassword: true });
    expect(res.statusCode).toBe(201);
    const person = res.json();
    expect(person).toMatchObject({ name: 'Ada Lovelace', email: 'ada@example.test', kind: 'agent', role: { key: 'agent' }, version: 1 });
    expect(person.temporaryPassword).toMatch(/.{16,}/);
    expect(JSON.stringify(person)).not.toMatch(/argon2|passwordHash/);
    await t.login('ada@example.test', person.temporaryPassword);
    const again = await admin.get(`/api/v1/people/${person.id}`);
    expect(again.json().temporaryPassword).toBeUndefined();
    const audit = await admin.get(`/api/v1/audit-events?entityType=person&entityId=${person.id}&action=created`);
    expect(audit.json().items[0]).toMatchObject({ action: 'created', actor: { type: 'user', label: 'admin@localhost' } });
    expect(JSON.stringify(audit.json())).not.toMatch(/argon2/);
  });

  it('rejects bad input naming every field and writes nothing', async () => {
    const before = await auditCount();
    const res = await admin.post('/api/v1/people', { name: '', email: 'not-an-email', roleId: 'x', bogus: 1 });
    expect(res.statusCode).toBe(400);
    const fields = res.json().errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(expect.arrayContaining(['email', 'name', 'roleId']));
    expect(res.json().errors.some((e: { message: string }) => /bogus|unrecognized/i.test(e.message))).toBe(true);
    expect(await auditCount()).toBe(before);
  });

  it('refuses a duplicate e-mail with 409', async () => {
    await admin.post('/api/v1/people', { name: 'Dup One', email: 'dup@example.test', roleId: agentRole });
    const res = await admin.post('/api/v1/people', { name: 'Dup Two', email: 'DUP@example.test', roleId: agentRole });
    expect(res.statusCode).toBe(409);
    expect(res.json().errors[0].field).toBe('email');
  });

  it('updates with optimistic concurrency: a stale version gets 409 and changes nothing', async () => {
    const created = (await admin.post('/api/v1/people', { name: 'Grace Hopper', email: 'grace@example.test', roleId: agentRole })).json();
    const first = await admin.patch(`/api/v1/people/${created.id}`, { version: 1, jobTitle: 'Rear Admiral' });
    expect(first.statusCode).toBe(200);
    expect(first.json().version).toBe(2);
    const stale = await admin.patch(`/api/v1/people/${created.id}`, { version: 1, jobTitle: 'Overwritten' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('VERSION_CONFLICT');
    const now = (await admin.get(`/api/v1/people/${created.id}`)).json();
    expect(now.jobTitle).toBe('Rear Admiral');
    const audit = (await admin.get(`/api/v1/audit-events?entityId=${created.id}&action=updated`)).json();
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0].changes).toEqual({ jobTitle: { from: '', to: 'Rear Admiral' } });
  });

  it('two concurrent updates with the same version: exactly one wins', async () => {
    const created = (await admin.post('/api/v1/people', { name: 'Race Person', email: 'race@example.test', roleId: agentRole })).json();
    const [a, b] = await Promise.all([
      admin.patch(`/api/v1/people/${created.id}`, { version: 1, phone: '111' }),
      admin.patch(`/api/v1/people/${created.id}`, { version: 1, phone: '222' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const winner = a.statusCode === 200 ? a : b;
    expect((await admin.get(`/api/v1/people/${created.id}`)).json().phone).toBe(winner.json().phone);
  });

  it('searches, filters, sorts and paginates with cursors', async () => {
    for (let i = 0; i < 7; i++) {
      await admin.post('/api/v1/people', { name: `Pager ${String(i).padStart(2, '0')}`, email: `pager${i}@example.test`, roleId: requesterRole });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/people?q=pager&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await admin.get(url)).json();
      seen.push(...page.items.map((p: { name: string }) => p.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['Pager 00', 'Pager 01', 'Pager 02', 'Pager 03', 'Pager 04', 'Pager 05', 'Pager 06']);
    const desc = (await admin.get('/api/v1/people?q=pager&sort=-name&limit=2')).json();
    expect(desc.items.map((p: { name: string }) => p.name)).toEqual(['Pager 06', 'Pager 05']);
    const byRole = (await admin.get(`/api/v1/people?role=${requesterRole}&limit=200`)).json();
    expect(byRole.items.every((p: { role: { key: string } }) => p.role.key === 'requester')).toBe(true);
    const limit = await admin.get('/api/v1/people?limit=500');
    expect(limit.statusCode).toBe(400);
    expect(limit.json().errors[0].field).toBe('limit');
  });

  it('resets a password (returned once) and ends that person\'s sessions', async () => {
    const person = await t.makePerson();
    const session = await t.login(person.email, person.password);
    const res = await admin.post(`/api/v1/people/${person.id}/reset-password`, {});
    expect(res.statusCode).toBe(200);
    const { temporaryPassword } = res.json();
    expect((await session.get('/api/v1/auth/session')).statusCode).toBe(401);
    await t.login(person.email, temporaryPassword);
  });

  it('keeps at least one administrator', async () => {
    const me = (await admin.get('/api/v1/auth/session')).json().user;
    const person = (await admin.get(`/api/v1/people/${me.id}`)).json();
    const res = await admin.patch(`/api/v1/people/${me.id}`, { version: person.version, roleId: agentRole });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('LAST_ADMIN');
  });
});

describe('permissions', () => {
  it('an agent can read people but not create them; a requester reads only themselves', async () => {
    const agent = await t.makePerson({ role: 'agent' });
    const requester = await t.makePerson({ role: 'requester' });
    const other = await t.makePerson({ role: 'requester' });
    const asAgent = await t.login(agent.email, agent.password);
    expect((await asAgent.get('/api/v1/people')).statusCode).toBe(200);
    const denied = await asAgent.post('/api/v1/people', { name: 'X', email: 'x@example.test', roleId: agentRole });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().code).toBe('FORBIDDEN');
    const asRequester = await t.login(requester.email, requester.password);
    expect((await asRequester.get('/api/v1/people')).statusCode).toBe(403);
    expect((await asRequester.get(`/api/v1/people/${requester.id}`)).statusCode).toBe(200);
    expect((await asRequester.get(`/api/v1/people/${other.id}`)).statusCode).toBe(404);
    expect((await asRequester.get('/api/v1/audit-events')).statusCode).toBe(403);
  });
});

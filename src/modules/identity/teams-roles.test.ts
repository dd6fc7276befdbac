import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type Caller, type TestApp } from '../../../test/support/app.ts';

let t: TestApp;
let admin: Caller;
beforeAll(async () => {
  t = await makeTestApp();
  admin = await t.admin();
});
afterAll(() => t.close());

describe('teams and departments', () => {
  it('creates a team, adds and removes members, renames with a version, deletes', async () => {
    const person = await t.makePerson();
    const team = (await admin.post('/api/v1/teams', { name: 'Network', description: 'Switches and routers' })).json();
    expect(team).toMatchObject({ name: 'Network', memberCount: 0, members: [], version: 1 });
    const added = (await admin.post(`/api/v1/teams/${team.id}/members`, { userId: person.id })).json();
    expect(added.members.map((m: { id: string }) => m.id)).toEqual([person.id]);
    expect((await admin.get(`/api/v1/people/${person.id}`)).json().teams).toEqual([{ id: team.id, name: 'Network' }]);
    const filtered = (await admin.get(`/api/v1/people?team=${team.id}`)).json();
    expect(filtered.items.map((p: { id: string }) => p.id)).toEqual([person.id]);
    const stale = await admin.patch(`/api/v1/teams/${team.id}`, { version: 1, name: 'Networks' });
    expect(stale.statusCode).toBe(409);
    const renamed = await admin.patch(`/api/v1/teams/${team.id}`, { version: added.version, name: 'Networks' });
    expect(renamed.statusCode).toBe(200);
    expect((await admin.delete(`/api/v1/teams/${team.id}/members/${person.id}`)).json().memberCount).toBe(0);
    expect((await admin.delete(`/api/v1/teams/${team.id}`)).statusCode).toBe(204);
    expect((await admin.get(`/api/v1/teams/${team.id}`)).statusCode).toBe(404);
  });

  it('refuses duplicate team names regardless of case', async () => {
    await admin.post('/api/v1/teams', { name: 'Service Desk' });
    const dup = await admin.post('/api/v1/teams', { name: 'service desk' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().errors[0].field).toBe('name');
  });

  it('manages departments and assigns people to them', async () => {
    const dep = (await admin.post('/api/v1/departments', { name: 'Finance' })).json();
    const person = await t.makePerson();
    const p = (await admin.get(`/api/v1/people/${person.id}`)).json();
    const updated = await admin.patch(`/api/v1/people/${person.id}`, { version: p.version, departmentId: dep.id });
    expect(updated.json().department).toEqual({ id: dep.id, name: 'Finance' });
    expect((await admin.get(`/api/v1/departments/${dep.id}`)).json().peopleCount).toBe(1);
    const bad = await admin.patch(`/api/v1/people/${person.id}`, { version: updated.json().version, departmentId: '01a20102-0000-7000-8000-000000000000' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('departmentId');
    expect((await admin.delete(`/api/v1/departments/${dep.id}`)).statusCode).toBe(204);
    expect((await admin.get(`/api/v1/people/${person.id}`)).json().department).toBeNull();
  });
});

describe('roles', () => {
  it('lists built-in roles read-only and the permission catalogue', async () => {
    const roles = (await admin.get('/api/v1/roles')).json().items;
    expect(roles.map((r: { key: string }) => r.key).sort()).toEqual(['admin', 'agent', 'read-only', 'requester']);
    const builtin = roles.find((r: { key: string }) => r.key === 'agent');
    const res = await admin.patch(`/api/v1/roles/${builtin.id}`, { version: builtin.version, name: 'Changed' });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('BUILTIN_ROLE');
    const perms = (await admin.get('/api/v1/permissions')).json().items.map((p: { key: string }) => p.key);
    expect(perms).toContain('audit:read');
  });

  it('a custom role grants exactly its permissions, and cannot be deleted while in use', async () => {
    const role = (await admin.post('/api/v1/roles', { name: 'Auditor', permissions: ['audit:read'] })).json();
    expect(role).toMatchObject({ builtin: false, permissions: ['audit:read'] });
    const bad = await admin.post('/api/v1/roles', { name: 'Bad', permissions: ['nope:read'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toMatch(/^permissions/);
    const created = (await admin.post('/api/v1/people', { name: 'Audrey', email: 'audrey@example.test', roleId: role.id, password: 'Auditor-password-1' })).json();
    const auditor = await t.login('audrey@example.test', 'Auditor-password-1');
    expect((await auditor.get('/api/v1/audit-events')).statusCode).toBe(200);
    expect((await auditor.get('/api/v1/people')).statusCode).toBe(403);
    expect((await admin.delete(`/api/v1/roles/${role.id}`)).json().code).toBe('ROLE_IN_USE');
    const agentRole = (await admin.get('/api/v1/roles')).json().items.find((r: { key: string }) => r.key === 'agent');
    await admin.patch(`/api/v1/people/${created.id}`, { version: created.version, roleId: agentRole.id });
    expect((await admin.delete(`/api/v1/roles/${role.id}`)).statusCode).toBe(204);
  });

  it('a person cannot grant permissions they do not hold', async () => {
    const role = (await admin.post('/api/v1/roles', { name: 'Role manager', permissions: ['roles:read', 'roles:write'] })).json();
    await admin.post('/api/v1/people', { name: 'Rolf', email: 'rolf@example.test', roleId: role.id, password: 'Role-manager-pass-1' });
    const rolf = await t.login('rolf@example.test', 'Role-manager-pass-1');
    const res = await rolf.post('/api/v1/roles', { name: 'Escalate', permissions: ['admin:users'] });
    expect(res.statusCode).toBe(403);
  });
});

describe('API tokens', () => {
  it('creates a scoped token shown once, authenticates with it, narrows permissions, and revokes it', async () => {
    const created = await admin.post('/api/v1/api-tokens', { name: 'CI', scopes: ['people:read'] });
    expect(created.statusCode).toBe(201);
    const { token, apiToken } = created.json();
    expect(token).toMatch(/^stw_/);
    const listed = (await admin.get('/api/v1/api-tokens')).json().items;
    expect(JSON.stringify(listed)).not.toContain(token);
    expect(listed[0]).toMatchObject({ id: apiToken.id, prefix: token.slice(0, 10), lastUsedAt: null });
    const bearer = t.bearer(token);
    expect((await bearer.get('/api/v1/people')).statusCode).toBe(200);
    // No CSRF needed for bearer writes, but the scope still limits what it may do.
    expect((await bearer.post('/api/v1/teams', { name: 'By token' })).statusCode).toBe(403);
    expect((await bearer.get('/api/v1/audit-events')).statusCode).toBe(403);
    expect((await admin.get('/api/v1/api-tokens')).json().items[0].lastUsedAt).not.toBeNull();
    expect((await admin.delete(`/api/v1/api-tokens/${apiToken.id}`)).statusCode).toBe(204);
    const after = await bearer.get('/api/v1/people');
    expect(after.statusCode).toBe(401);
  });

  it('refuses scopes the owner does not hold and lets only admins see all tokens', async () => {
    const agent = await t.makePerson({ role: 'agent' });
    const asAgent = await t.login(agent.email, agent.password);
    const bad = await asAgent.post('/api/v1/api-tokens', { name: 'x', scopes: ['audit:read'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('scopes');
    const mine = (await asAgent.post('/api/v1/api-tokens', { name: 'mine', scopes: ['people:read'] })).json();
    expect((await asAgent.get('/api/v1/api-tokens?all=true')).statusCode).toBe(403);
    const all = (await admin.get('/api/v1/api-tokens?all=true')).json().items.map((x: { id: string }) => x.id);
    expect(all).toContain(mine.apiToken.id);
    const adminToken = (await admin.post('/api/v1/api-tokens', { name: 'admin', scopes: ['people:read'] })).json();
    expect((await asAgent.delete(`/api/v1/api-tokens/${adminToken.apiToken.id}`)).statusCode).toBe(404);
  });

  it('an expired token is refused', async () => {
    const soon = new Date(t.clock.now().getTime() + 60_000).toISOString();
    const { token } = (await admin.post('/api/v1/api-tokens', { name: 'short', scopes: ['people:read'], expiresAt: soon })).json();
    expect((await t.bearer(token).get('/api/v1/people')).statusCode).toBe(200);
    t.clock.advance(2 * 60_000);
    expect((await t.bearer(token).get('/api/v1/people')).statusCode).toBe(401);
  });
});

describe('role kinds', () => {
  it('stores the kind sent and refuses permissions on a requester role', async () => {
    const agentKind = (await admin.post('/api/v1/roles', { name: 'Empty agent', kind: 'agent', permissions: [] })).json();
    expect(agentKind.kind).toBe('agent');
    const refused = await admin.post('/api/v1/roles', { name: 'Odd requester', kind: 'requester', permissions: ['people:read'] });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].field).toBe('permissions');
    const changed = await admin.patch(`/api/v1/roles/${agentKind.id}`, { version: agentKind.version, kind: 'requester' });
    expect(changed.json().kind).toBe('requester');
    const bad = await admin.patch(`/api/v1/roles/${agentKind.id}`, { version: changed.json().version, permissions: ['people:read'] });
    expect(bad.statusCode).toBe(400);
  });
});

describe('text that cannot be stored faithfully', () => {
  it('refuses lone surrogates and __proto__ keys naming the field', async () => {
    const surrogate = await admin.request({ method: 'POST', url: '/api/v1/teams', payload: '{"name":"lone \\ud800 high"}', headers: { 'content-type': 'application/json' } });
    expect(surrogate.statusCode).toBe(400);
    expect(surrogate.json().errors[0].field).toBe('name');
    const proto = await admin.request({ method: 'POST', url: '/api/v1/departments', payload: '{"name":"x","__proto__":"extra"}', headers: { 'content-type': 'application/json' } });
    expect(proto.statusCode).toBe(400);
    expect(JSON.stringify(proto.json().errors)).toContain('__proto__');
    expect((await admin.get('/api/v1/departments?q=x')).json().items).toHaveLength(0);
  });
});

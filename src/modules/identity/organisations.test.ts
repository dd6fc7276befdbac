import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type Caller, type TestApp } from '../../../test/support/app.ts';

let t: TestApp;
let admin: Caller;
let other: { id: string; slug: string };
let otherPerson: { id: string; email: string; password: string };
let otherTeam: { id: string; version: number };

beforeAll(async () => {
  t = await makeTestApp();
  admin = await t.admin();
  const res = await admin.post('/api/v1/organisations', { slug: 'acme', name: 'Acme Ltd' });
  expect(res.statusCode).toBe(201);
  other = res.json();
  const inOther = { 'x-steward-org': 'acme' };
  otherPerson = await t.makePerson({ orgId: other.id, role: 'requester' });
  otherTeam = (await admin.request({ method: 'POST', url: '/api/v1/teams', payload: { name: 'Acme desk' }, headers: inOther })).json();
});
afterAll(() => t.close());

describe('organisations', () => {
  it('lists only the organisations a person belongs to', async () => {
    expect((await admin.get('/api/v1/organisations')).json().items.map((o: { slug: string }) => o.slug).sort()).toEqual(['acme', 'default']);
    const member = await t.login(otherPerson.email, otherPerson.password);
    expect((await member.get('/api/v1/organisations')).json().items.map((o: { slug: string }) => o.slug)).toEqual(['acme']);
    const refused = await member.request({ method: 'GET', url: '/api/v1/auth/session', headers: { 'x-steward-org': 'default' } });
    expect(refused.statusCode).toBe(404);
  });

  it("never shows or changes another organisation's records", async () => {
    const people = (await admin.get('/api/v1/people?limit=200')).json().items.map((p: { id: string }) => p.id);
    expect(people).not.toContain(otherPerson.id);
    expect((await admin.get(`/api/v1/people/${otherPerson.id}`)).statusCode).toBe(404);
    expect((await admin.patch(`/api/v1/people/${otherPerson.id}`, { version: 1, name: 'Hijacked' })).statusCode).toBe(404);
    expect((await admin.post(`/api/v1/people/${otherPerson.id}/reset-password`, {})).statusCode).toBe(404);
    expect((await admin.get(`/api/v1/teams/${otherTeam.id}`)).statusCode).toBe(404);
    expect((await admin.patch(`/api/v1/teams/${otherTeam.id}`, { version: otherTeam.version, name: 'Hijacked' })).statusCode).toBe(404);
    expect((await admin.delete(`/api/v1/teams/${otherTeam.id}`)).statusCode).toBe(404);
    expect((await admin.get('/api/v1/teams?limit=200')).json().items.map((x: { id: string }) => x.id)).not.toContain(otherTeam.id);
    const audit = (await admin.get('/api/v1/audit-events?limit=200')).json().items;
    expect(audit.some((e: { entityId: string }) => e.entityId === otherTeam.id)).toBe(false);
    const inAcme = (await admin.request({ method: 'GET', url: `/api/v1/teams/${otherTeam.id}`, headers: { 'x-steward-org': 'acme' } })).json();
    expect(inAcme.name).toBe('Acme desk');
  });

  it('switches the session organisation', async () => {
    const session = await t.admin();
    const switched = await session.put('/api/v1/auth/session/organisation', { organisation: 'acme' });
    expect(switched.statusCode).toBe(200);
    expect(switched.json().organisation.slug).toBe('acme');
    expect((await session.get(`/api/v1/teams/${otherTeam.id}`)).statusCode).toBe(200);
  });

  it('binds API tokens to the organisation they were made in', async () => {
    const { token } = (await admin.post('/api/v1/api-tokens', { name: 'default only', scopes: ['teams:read'] })).json();
    const bearer = t.bearer(token);
    expect((await bearer.get(`/api/v1/teams/${otherTeam.id}`)).statusCode).toBe(404);
    expect((await bearer.request({ method: 'GET', url: `/api/v1/teams/${otherTeam.id}`, headers: { 'x-steward-org': 'acme' } })).statusCode).toBe(404);
  });

  it("an organisation's admin cannot change the account of someone who also belongs elsewhere", async () => {
    const shared = await t.makePerson({ role: 'agent' });
    const acmeAgentRole = (await admin.request({ method: 'GET', url: '/api/v1/roles', headers: { 'x-steward-org': 'acme' } })).json().items.find(
      (r: { key: string }) => r.key === 'agent',
    );
    const added = await admin.request({ method: 'POST', url: '/api/v1/organisations/current/members', payload: { userId: shared.id, roleId: acmeAgentRole.id }, headers: { 'x-steward-org': 'acme' } });
    expect(added.statusCode).toBe(204);
    // An Acme-only administrator (not admin of the default organisation) may not reset the shared account.
    const acmeAdmin = await t.makePerson({ orgId: other.id, role: 'admin' });
    const asAcmeAdmin = await t.login(acmeAdmin.email, acmeAdmin.password);
    const reset = await asAcmeAdmin.post(`/api/v1/people/${shared.id}/reset-password`, {});
    expect(reset.statusCode).toBe(403);
    const person = (await asAcmeAdmin.get(`/api/v1/people/${shared.id}`)).json();
    expect((await asAcmeAdmin.patch(`/api/v1/people/${shared.id}`, { version: person.version, email: 'stolen@example.test' })).statusCode).toBe(403);
    // Organisation-specific fields are theirs to change.
    expect((await asAcmeAdmin.patch(`/api/v1/people/${shared.id}`, { version: person.version, jobTitle: 'Acme liaison' })).statusCode).toBe(200);
  });

  it('only installation administrators create organisations', async () => {
    const agent = await t.makePerson({ role: 'admin' });
    const asAdmin = await t.login(agent.email, agent.password);
    const res = await asAdmin.post('/api/v1/organisations', { slug: 'rogue', name: 'Rogue' });
    expect(res.statusCode).toBe(403);
    expect((await admin.post('/api/v1/organisations', { slug: 'acme', name: 'Again' })).statusCode).toBe(409);
    expect((await admin.post('/api/v1/organisations', { slug: 'Bad Slug', name: 'X' })).json().errors[0].field).toBe('slug');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type Caller, type TestApp } from '../../../test/support/app.ts';

let t: TestApp;
let admin: Caller;
let agent: Caller;
let other: Caller;
let team: { id: string };
let agents: string[];

beforeAll(async () => {
  t = await makeTestApp();
  admin = await t.admin();
  team = (await admin.post('/api/v1/teams', { name: 'Rota' })).json();
  agents = [];
  for (const name of ['Ann', 'Bob', 'Cy']) {
    const p = await t.makePerson({ name });
    agents.push(p.id);
    await admin.post(`/api/v1/teams/${team.id}/members`, { userId: p.id });
  }
  const requester = await t.makePerson({ name: 'Req', role: 'requester' });
  await admin.post(`/api/v1/teams/${team.id}/members`, { userId: requester.id }); // not an agent: never gets a turn
  const a = await t.makePerson({ name: 'Viewer' });
  agent = await t.login(a.email, a.password);
  const o = await t.makePerson({ name: 'Other viewer' });
  other = await t.login(o.email, o.password);
  agents.sort();
});
afterAll(() => t.close());

describe('round robin', () => {
  it('hands tickets reaching the team to its active agents in turn, and only when switched on', async () => {
    const off = (await admin.post('/api/v1/tickets', { type: 'incident', title: 'No rota yet', groupId: team.id })).json();
    expect(off.assignee).toBeNull();
    const settings = (await admin.get(`/api/v1/desk/groups/${team.id}`)).json();
    expect(settings).toMatchObject({ roundRobin: false, version: 1 });
    const on = await admin.patch(`/api/v1/desk/groups/${team.id}`, { version: 1, roundRobin: true });
    expect(on.statusCode, on.body).toBe(200);
    expect((await admin.patch(`/api/v1/desk/groups/${team.id}`, { version: 1, roundRobin: false })).statusCode).toBe(409);
    const turns = [];
    for (let i = 0; i < 4; i++) turns.push((await admin.post('/api/v1/tickets', { type: 'incident', title: `Turn ${i}`, groupId: team.id })).json().assignee.id);
    expect(turns).toEqual([agents[0], agents[1], agents[2], agents[0]]);
    // Moving a ticket into the team gives it the next turn; naming an agent wins over the rota.
    const elsewhere = (await admin.post('/api/v1/tickets', { type: 'incident', title: 'Moved in' })).json();
    const moved = (await admin.patch(`/api/v1/tickets/${elsewhere.id}`, { version: elsewhere.version, groupId: team.id })).json();
    expect(moved.assignee.id).toBe(agents[1]);
    const named = (await admin.post('/api/v1/tickets', { type: 'incident', title: 'Named', groupId: team.id, assigneeId: agents[2] })).json();
    expect(named.assignee.id).toBe(agents[2]);
  });
});

describe('saved views', () => {
  it('saves, shares and protects views, checking the filters with the list’s own rules', async () => {
    const bad = await agent.post('/api/v1/ticket-views', { name: 'Broken', filters: { status: 'bogus' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('filters.status');
    const mine = (await agent.post('/api/v1/ticket-views', { name: 'My P1s', filters: { priority: '1', view: 'open' } })).json();
    expect(mine).toMatchObject({ name: 'My P1s', shared: false, mine: true });
    expect((await agent.post('/api/v1/ticket-views', { name: 'my p1s', filters: {} })).statusCode).toBe(409);
    expect((await other.get(`/api/v1/ticket-views/${mine.id}`)).statusCode).toBe(404);
    const shared = (await agent.patch(`/api/v1/ticket-views/${mine.id}`, { version: mine.version, shared: true })).json();
    const seen = (await other.get('/api/v1/ticket-views')).json().items;
    expect(seen.map((v: { id: string; mine: boolean }) => [v.id, v.mine])).toEqual([[mine.id, false]]);
    expect((await other.patch(`/api/v1/ticket-views/${mine.id}`, { version: shared.version, name: 'Hijacked' })).statusCode).toBe(403);
    expect((await other.delete(`/api/v1/ticket-views/${mine.id}`)).statusCode).toBe(403);
    expect((await agent.delete(`/api/v1/ticket-views/${mine.id}`)).statusCode).toBe(204);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type Caller, type TestApp } from '../../../test/support/app.ts';

let t: TestApp;
let agent: Caller;
let reader: Caller;
let requester: Caller;
let mail: { id: string; key: string; version: number };
let exchange: { id: string; key: string };

beforeAll(async () => {
  t = await makeTestApp();
  const a = await t.makePerson();
  const r = await t.makePerson({ role: 'read-only' });
  const q = await t.makePerson({ role: 'requester' });
  agent = await t.login(a.email, a.password);
  reader = await t.login(r.email, r.password);
  requester = await t.login(q.email, q.password);
  mail = (await agent.post('/api/v1/configuration-items', { name: 'E-mail', class: 'business_service', criticality: 'high' })).json();
  exchange = (await agent.post('/api/v1/configuration-items', { name: 'exchange-01', class: 'server' })).json();
});
afterAll(() => t.close());

describe('affected configuration items on tickets', () => {
  it('names them on create and patch by key or id, shows them on the ticket and lists the tickets on the item', async () => {
    const res = await agent.post('/api/v1/tickets', { type: 'incident', title: 'Mail is down', affectedCis: [mail.key.toLowerCase(), exchange.id] });
    expect(res.statusCode, res.body).toBe(201);
    const ticket = res.json();
    expect(ticket.affectedCis).toEqual([
      { id: mail.id, key: mail.key, name: 'E-mail', class: { id: expect.any(String), key: 'business_service', name: 'Business service' }, status: 'active' },
      expect.objectContaining({ id: exchange.id, key: exchange.key }),
    ]);
    const list = (await reader.get(`/api/v1/configuration-items/${exchange.key}/tickets`)).json();
    expect(list.items.map((i: { key: string }) => i.key)).toEqual([ticket.key]);
    const patched = (await agent.patch(`/api/v1/tickets/${ticket.id}`, { version: ticket.version, affectedCis: [exchange.key] })).json();
    expect(patched.affectedCis.map((c: { key: string }) => c.key)).toEqual([exchange.key]);
    expect((await reader.get(`/api/v1/configuration-items/${mail.key}/tickets`)).json().items).toEqual([]);
    const history = (await agent.get(`/api/v1/tickets/${ticket.id}/history`)).json();
    expect(history.items.at(-1).changes.affectedCis.to.map((c: { key: string }) => c.key)).toEqual([exchange.key]);
    const cleared = (await agent.patch(`/api/v1/tickets/${ticket.id}`, { version: patched.version, affectedCis: [] })).json();
    expect(cleared.affectedCis).toEqual([]);
  });

  it('refuses unknown items naming the entry, and repeats', async () => {
    const res = await agent.post('/api/v1/tickets', { type: 'incident', title: 'Bad CI', affectedCis: [mail.key, 'CI-99999', 'not-a-key'] });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      { field: 'affectedCis.1', message: 'is not a configuration item of this organisation' },
      { field: 'affectedCis.2', message: 'is not a configuration item of this organisation' },
    ]);
    const repeat = await agent.post('/api/v1/tickets', { type: 'incident', title: 'Twice', affectedCis: [mail.key, mail.id] });
    expect(repeat.json().errors).toEqual([{ field: 'affectedCis.1', message: 'names an item already in the list' }]);
    expect((await agent.get('/api/v1/tickets?q=Twice')).json().items).toEqual([]);
  });

  it('keeps the CMDB from requesters: they cannot name items and see none on their tickets', async () => {
    const refused = await requester.post('/api/v1/tickets', { type: 'incident', title: 'My mail', affectedCis: [mail.key] });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().errors[0].field).toBe('affectedCis');
    const own = (await requester.post('/api/v1/tickets', { type: 'incident', title: 'My mail is slow' })).json();
    const linked = (await agent.patch(`/api/v1/tickets/${own.id}`, { version: own.version, affectedCis: [mail.key] })).json();
    expect(linked.affectedCis).toHaveLength(1);
    expect((await requester.get(`/api/v1/tickets/${own.id}`)).json().affectedCis).toEqual([]);
    expect((await requester.get(`/api/v1/configuration-items/${mail.key}/tickets`)).statusCode).toBe(403);
  });

  it('keeps an item tickets refer to: it is retired, not deleted', async () => {
    const refused = await agent.delete(`/api/v1/configuration-items/${mail.key}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toContain('retire it');
    const retired = (await agent.patch(`/api/v1/configuration-items/${mail.key}`, { version: mail.version, status: 'retired' })).json();
    expect(retired.status).toBe('retired');
  });
});

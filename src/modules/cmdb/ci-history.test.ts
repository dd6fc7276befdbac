import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type Caller, type TestApp } from '../../../test/support/app.ts';

let t: TestApp;
let agent: Caller;
let requester: Caller;

beforeAll(async () => {
  t = await makeTestApp();
  const a = await t.makePerson({ name: 'Hana Historian' });
  const q = await t.makePerson({ name: 'Quinn Requester', role: 'requester' });
  agent = await t.login(a.email, a.password);
  requester = await t.login(q.email, q.password);
});
afterAll(() => t.close());

describe("a configuration item's history", () => {
  it('lists who changed which fields, newest first, page by page, to anyone with cmdb:read', async () => {
    const ci = (await agent.post('/api/v1/configuration-items', { name: 'app-01', class: 'application', attributes: { vendor: 'Acme' } })).json();
    const updated = await agent.patch(`/api/v1/configuration-items/${ci.key}`, { version: ci.version, status: 'maintenance', attributes: { vendor: 'Globex' } });
    expect(updated.statusCode, updated.body).toBe(200);

    const first = await agent.get(`/api/v1/configuration-items/${ci.key}/history?limit=1`);
    expect(first.statusCode, first.body).toBe(200);
    const page1 = first.json();
    expect(page1.items).toEqual([
      {
        at: expect.any(String),
        actor: { id: expect.any(String), label: 'Hana Historian' },
        action: 'updated',
        changes: { status: { from: 'active', to: 'maintenance' }, attributes: { from: { vendor: 'Acme' }, to: { vendor: 'Globex' } } },
      },
    ]);
    expect(page1.nextCursor).toEqual(expect.any(String));
    const page2 = (await agent.get(`/api/v1/configuration-items/${ci.id}/history?limit=1&cursor=${page1.nextCursor}`)).json();
    expect(page2.items.map((e: { action: string }) => e.action)).toEqual(['created']);
    expect(page2.nextCursor).toBeNull();
  });

  it('answers 404 for an unknown item and 403 to requesters', async () => {
    expect((await agent.get('/api/v1/configuration-items/CI-999999/history')).statusCode).toBe(404);
    const ci = (await agent.post('/api/v1/configuration-items', { name: 'app-02', class: 'application' })).json();
    expect((await requester.get(`/api/v1/configuration-items/${ci.key}/history`)).statusCode).toBe(403);
  });
});

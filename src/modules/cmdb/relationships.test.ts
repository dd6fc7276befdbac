import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type Caller, type TestApp } from '../../../test/support/app.ts';

let t: TestApp;
let agent: Caller;
let reader: Caller;
const ci: Record<string, { id: string; key: string }> = {};

async function make(name: string, cls: string, extra: Record<string, unknown> = {}) {
  const res = await agent.post('/api/v1/configuration-items', { name, class: cls, ...extra });
  expect(res.statusCode, res.body).toBe(201);
  ci[name] = res.json();
}

async function relate(source: string, type: string, target: string) {
  const res = await agent.post('/api/v1/relationships', { sourceId: ci[source]!.key, type, targetId: ci[target]!.key });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

/**
 * Shop (critical service) and Intranet (low) depend on the web app, which runs on a VM on host-1 and
 * depends on a database on host-1 too; host-1 hangs off a switch in a switch–router–switch loop.
 * The cluster needs its two nodes; a batch job runs on the cluster.
 */
beforeAll(async () => {
  t = await makeTestApp();
  const a = await t.makePerson();
  const r = await t.makePerson({ role: 'read-only' });
  agent = await t.login(a.email, a.password);
  reader = await t.login(r.email, r.password);
  await make('Shop', 'business_service', { criticality: 'critical' });
  await make('Intranet', 'business_service', { criticality: 'low' });
  await make('web-app', 'application');
  await make('web-vm', 'virtual_machine');
  await make('orders-db', 'database');
  await make('host-1', 'server');
  await make('sw-1', 'network_device', { attributes: { deviceKind: 'switch' } });
  await make('rt-1', 'network_device', { attributes: { deviceKind: 'router' } });
  await make('sw-2', 'network_device', { attributes: { deviceKind: 'switch' } });
  await make('k8s', 'container_cluster');
  await make('node-a', 'server');
  await make('node-b', 'server');
  await make('batch', 'application');
  await relate('Shop', 'depends_on', 'web-app');
  await relate('Intranet', 'depends_on', 'web-app');
  await relate('web-app', 'runs_on', 'web-vm');
  await relate('web-app', 'depends_on', 'orders-db');
  await relate('web-vm', 'runs_on', 'host-1');
  await relate('host-1', 'hosts', 'orders-db');
  await relate('host-1', 'connected_to', 'sw-1');
  await relate('sw-1', 'connected_to', 'rt-1');
  await relate('rt-1', 'connected_to', 'sw-2');
  await relate('sw-2', 'connected_to', 'sw-1');
  await relate('node-a', 'member_of', 'k8s');
  await relate('k8s', 'has_member', 'node-b');
  await relate('batch', 'runs_on', 'k8s');
});
afterAll(() => t.close());

const impact = async (name: string, qs: string) => {
  const res = await reader.get(`/api/v1/configuration-items/${ci[name]!.key}/impact?${qs}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
type Item = { ci: { name: string; key: string }; depth: number; direction: string; path: { name: string; key: string }[]; criticality: string | null };
const names = (items: Item[]) => items.map((i) => `${i.ci.name}@${i.depth}`).sort();
const nameOf = (key: string) => Object.entries(ci).find(([, c]) => c.key === key)![0];
const pathOf = (item: Item) => item.path.map((s) => `${s.name} ${nameOf(s.key)}`).join(' → ');

describe('relationships', () => {
  it('stores an inverse name as its type with the ends swapped, and names it from each end', async () => {
    const hosted = (await agent.get(`/api/v1/configuration-items/${ci['host-1']!.key}/relationships?type=runs_on`)).json();
    expect(hosted.items.map((r: { name: string; direction: string; ci: { name: string } }) => `${r.name} ${r.direction} ${r.ci.name}`).sort()).toEqual([
      'hosts incoming orders-db',
      'hosts incoming web-vm',
    ]);
    const app = (await agent.get(`/api/v1/configuration-items/${ci['web-app']!.id}/relationships`)).json();
    expect(app.items.map((r: { name: string; ci: { name: string } }) => `${r.name} ${r.ci.name}`).sort()).toEqual([
      'depends_on orders-db',
      'runs_on web-vm',
      'used_by Intranet',
      'used_by Shop',
    ]);
    const outgoing = (await agent.get(`/api/v1/configuration-items/${ci['web-app']!.id}/relationships?direction=outgoing&limit=1`)).json();
    expect(outgoing.items).toHaveLength(1);
    expect(outgoing.nextCursor).not.toBeNull();
    const stored = (await agent.get(`/api/v1/relationships/${app.items.find((r: { name: string }) => r.name === 'depends_on').id}`)).json();
    expect(stored).toMatchObject({ type: 'depends_on', source: { name: 'web-app', class: { key: 'application' } }, target: { name: 'orders-db' } });
  });

  it('refuses duplicates (a link either way round counts), self-relationships and missing items, naming the field', async () => {
    const again = await agent.post('/api/v1/relationships', { sourceId: ci['orders-db']!.key, type: 'runs_on', targetId: ci['host-1']!.id });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'DUPLICATE', errors: [{ field: 'targetId' }] });
    const reverse = await agent.post('/api/v1/relationships', { sourceId: ci['sw-1']!.key, type: 'connected_to', targetId: ci['host-1']!.key });
    expect(reverse.statusCode).toBe(409);
    const self = await agent.post('/api/v1/relationships', { sourceId: ci['sw-1']!.key, type: 'depends_on', targetId: ci['sw-1']!.id });
    expect(self.json().errors).toEqual([{ field: 'targetId', message: 'must be another item: an item cannot be related to itself' }]);
    const missing = await agent.post('/api/v1/relationships', { sourceId: 'CI-99999', type: 'depends_on', targetId: '01a20102-0000-7000-8000-000000000000' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors).toEqual([
      { field: 'sourceId', message: 'is not a configuration item of this organisation' },
      { field: 'targetId', message: 'is not a configuration item of this organisation' },
    ]);
    const badType = await agent.post('/api/v1/relationships', { sourceId: ci['sw-1']!.key, type: 'likes', targetId: ci['rt-1']!.key });
    expect(badType.json().errors[0].field).toBe('type');
    expect((await reader.post('/api/v1/relationships', { sourceId: ci['sw-1']!.key, type: 'depends_on', targetId: ci['rt-1']!.key })).statusCode).toBe(403);
  });

  it('removes a relationship with an audit row and an event', async () => {
    const rel = await relate('batch', 'backed_up_by', 'orders-db');
    expect((await agent.delete(`/api/v1/relationships/${rel.id}`)).statusCode).toBe(204);
    expect((await agent.delete(`/api/v1/relationships/${rel.id}`)).statusCode).toBe(404);
    const events = await t.database.query<{ type: string }>('SELECT type FROM events WHERE entity_id = $1 ORDER BY seq', [rel.id]);
    expect(events.map((e) => e.type)).toEqual(['relationship.created', 'relationship.deleted']);
  });
});

describe('impact analysis', () => {
  it('finds what breaks if a host goes down, with paths and the business services by criticality', async () => {
    const report = await impact('host-1', 'direction=downstream&depth=3');
    expect(report.root).toMatchObject({ name: 'host-1', class: { key: 'server' } });
    expect(names(report.items)).toEqual(['Intranet@3', 'Shop@3', 'orders-db@1', 'rt-1@2', 'sw-1@1', 'sw-2@2', 'web-app@2', 'web-vm@1']);
    const shop = report.items.find((i: Item) => i.ci.name === 'Shop');
    expect(['hosts web-vm → hosts web-app → used_by Shop', 'hosts orders-db → used_by web-app → used_by Shop']).toContain(pathOf(shop));
    expect(report.businessServices.map((s: Item) => `${s.ci.name} ${s.criticality}`)).toEqual(['Shop critical', 'Intranet low']);
    expect(report.truncated).toBe(false);
  });

  it('stops at the depth asked for', async () => {
    const report = await impact('host-1', 'depth=2');
    expect(names(report.items)).not.toContain('Shop@3');
    expect(report.businessServices).toEqual([]);
    expect(names((await impact('host-1', 'depth=1')).items)).toEqual(['orders-db@1', 'sw-1@1', 'web-vm@1']);
  });

  it('walks a network loop once', async () => {
    const report = await impact('sw-1', 'direction=downstream&depth=10');
    expect(names(report.items)).toEqual(['Intranet@4', 'Shop@4', 'host-1@1', 'orders-db@2', 'rt-1@1', 'sw-2@1', 'web-app@3', 'web-vm@2']);
  });

  it('finds what a service needs, upstream', async () => {
    const report = await impact('Shop', 'direction=upstream&depth=6');
    expect(names(report.items)).toEqual(['host-1@3', 'orders-db@2', 'rt-1@5', 'sw-1@4', 'sw-2@5', 'web-app@1', 'web-vm@2']);
    expect(pathOf(report.items.find((i: Item) => i.ci.name === 'sw-1'))).toMatch(/^depends_on web-app → .* → connected_to sw-1$/);
    expect(report.businessServices).toEqual([]);
  });

  it('follows membership and containment the way dependence runs', async () => {
    expect(names((await impact('node-a', 'direction=downstream&depth=3')).items)).toEqual(['batch@2', 'k8s@1']);
    expect(names((await impact('batch', 'direction=upstream&depth=3')).items)).toEqual(['k8s@1', 'node-a@2', 'node-b@2']);
    const both = await impact('k8s', 'direction=both&depth=1');
    expect(both.items.map((i: Item) => `${i.direction} ${i.ci.name}`).sort()).toEqual(['downstream batch', 'upstream node-a', 'upstream node-b']);
  });

  it('truncates to the limit, nearest first', async () => {
    const report = await impact('host-1', 'depth=10&limit=2');
    expect(report.items).toHaveLength(2);
    expect(report.items.every((i: Item) => i.depth === 1)).toBe(true);
    expect(report.truncated).toBe(true);
    const bad = await reader.get(`/api/v1/configuration-items/${ci['host-1']!.key}/impact?depth=11`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('depth');
  });
});

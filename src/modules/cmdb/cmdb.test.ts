import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type Caller, type TestApp } from '../../../test/support/app.ts';

let t: TestApp;
let admin: Caller;
let agent: Caller;
let agentId: string;
let reader: Caller;
let requester: Caller;
let team: { id: string };

beforeAll(async () => {
  t = await makeTestApp();
  admin = await t.admin();
  const a = await t.makePerson({ name: 'Alice Agent' });
  const r = await t.makePerson({ name: 'Rory Reader', role: 'read-only' });
  const q = await t.makePerson({ name: 'Rita Requester', role: 'requester' });
  agentId = a.id;
  agent = await t.login(a.email, a.password);
  reader = await t.login(r.email, r.password);
  requester = await t.login(q.email, q.password);
  team = (await admin.post('/api/v1/teams', { name: 'Platform team' })).json();
});
afterAll(() => t.close());

async function make(caller: Caller, body: Record<string, unknown>) {
  const res = await caller.post('/api/v1/configuration-items', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const keys = (page: { items: { key: string }[] }) => page.items.map((i) => i.key);

describe('configuration items', () => {
  it('creates an item of a built-in class with typed attributes and reads it by id or key', async () => {
    const server = await make(agent, {
      name: 'db-prod-01',
      class: 'server',
      environment: 'production',
      ownerId: agentId,
      supportGroupId: team.id,
      tags: ['Linux', 'db'],
      attributes: { cpuCores: 16, memoryGb: 128, os: '  Ubuntu ', osVersion: '24.04' },
      assetTag: 'AST-0001',
      serialNumber: 'SN-ABC-1',
    });
    expect(server).toMatchObject({
      key: expect.stringMatching(/^CI-\d+$/),
      class: { key: 'server', name: 'Server' },
      status: 'active',
      environment: 'production',
      owner: { id: agentId, name: 'Alice Agent' },
      supportGroup: { id: team.id, name: 'Platform team' },
      tags: ['linux', 'db'],
      attributes: { cpuCores: 16, memoryGb: 128, os: 'Ubuntu', osVersion: '24.04' },
      isAsset: true,
      assetTag: 'AST-0001',
      assetState: 'in_stock',
      version: 1,
    });
    expect((await reader.get(`/api/v1/configuration-items/${server.key.toLowerCase()}`)).json().id).toBe(server.id);
    expect((await reader.get(`/api/v1/configuration-items/${server.id}`)).json().key).toBe(server.key);
    expect((await reader.get('/api/v1/configuration-items/CI-999999')).statusCode).toBe(404);
    const events = await t.database.query<{ type: string }>(`SELECT type FROM events WHERE entity_id = $1`, [server.id]);
    expect(events.map((e) => e.type)).toEqual(['ci.created']);
  });

  it('names every attribute problem at once: unknown, wrong type, out of range, missing required; writes nothing', async () => {
    const [{ n: before }] = await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM configuration_items');
    const res = await agent.post('/api/v1/configuration-items', {
      name: 'core-sw-01',
      class: 'network_device',
      attributes: { portCount: 'forty-eight', colour: true, managementIp: 'not an ip', firmwareVersion: 7 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors).toEqual(
      expect.arrayContaining([
        { field: 'attributes.colour', message: 'is not an attribute of the class network_device' },
        { field: 'attributes.portCount', message: 'must be a number' },
        { field: 'attributes.deviceKind', message: 'is required' },
        { field: 'attributes.managementIp', message: expect.stringContaining('must match the pattern') },
        { field: 'attributes.firmwareVersion', message: 'must be text' },
      ]),
    );
    const bad = await agent.post('/api/v1/configuration-items', { name: 'x', class: 'server', attributes: { cpuCores: 2.5, memoryGb: -1 } });
    expect(bad.json().errors).toEqual([
      { field: 'attributes.cpuCores', message: 'must be a whole number' },
      { field: 'attributes.memoryGb', message: 'must be at least 0' },
    ]);
    const unknownClass = await agent.post('/api/v1/configuration-items', { name: 'x', class: 'toaster' });
    expect(unknownClass.json().errors).toEqual([{ field: 'class', message: 'is not a class of this organisation' }]);
    const [{ n: after }] = await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM configuration_items');
    expect(after).toBe(before);
    const ok = await make(agent, { name: 'core-sw-01', class: 'network_device', attributes: { deviceKind: 'switch', portCount: 48 } });
    expect(ok.attributes).toEqual({ deviceKind: 'switch', portCount: 48 });
  });

  it('keeps asset identifiers to asset classes and cloud details to cloud hosting', async () => {
    const res = await agent.post('/api/v1/configuration-items', {
      name: 'payroll',
      class: 'application',
      assetTag: 'AST-9',
      serialNumber: 'X',
      assetState: 'deployed',
      cloudRegion: 'eu-west-1',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['assetState', 'assetTag', 'cloudRegion', 'serialNumber']);
    const cloud = await make(agent, { name: 'orders-db', class: 'cloud_resource', hosting: 'cloud', cloudProvider: 'aws', cloudAccount: '123456789012', cloudRegion: 'eu-west-1' });
    expect(cloud).toMatchObject({ hosting: 'cloud', cloudProvider: 'aws', cloudRegion: 'eu-west-1', isAsset: false, assetState: null });
    const onSite = await agent.patch(`/api/v1/configuration-items/${cloud.id}`, { version: cloud.version, hosting: 'on_site' });
    expect(onSite.json().errors.map((e: { field: string }) => e.field)).toEqual(['cloudProvider', 'cloudAccount', 'cloudRegion']);
    const moved = await agent.patch(`/api/v1/configuration-items/${cloud.id}`, { version: cloud.version, hosting: 'on_site', cloudProvider: null, cloudAccount: null, cloudRegion: null });
    expect(moved.json()).toMatchObject({ hosting: 'on_site', cloudProvider: null, version: 2 });
  });

  it('refuses a duplicate asset tag or serial number with 409 naming the field', async () => {
    const laptop = await make(agent, { name: 'Laptop of Alice', class: 'laptop', assetTag: 'LT-100', serialNumber: 'PF3XYZ' });
    const tag = await agent.post('/api/v1/configuration-items', { name: 'Other laptop', class: 'laptop', assetTag: 'lt-100' });
    expect(tag.statusCode).toBe(409);
    expect(tag.json()).toMatchObject({ code: 'DUPLICATE', errors: [{ field: 'assetTag', message: `is already used by ${laptop.key}` }] });
    const serial = await agent.post('/api/v1/configuration-items', { name: 'Other laptop', class: 'desktop', serialNumber: 'pf3xyz' });
    expect(serial.statusCode).toBe(409);
    expect(serial.json().errors[0].field).toBe('serialNumber');
    const other = await make(agent, { name: 'Other laptop', class: 'laptop', assetTag: 'LT-101' });
    const clash = await agent.patch(`/api/v1/configuration-items/${other.id}`, { version: other.version, serialNumber: 'PF3XYZ' });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().errors[0].field).toBe('serialNumber');
    const same = await agent.patch(`/api/v1/configuration-items/${laptop.id}`, { version: laptop.version, assetTag: 'LT-100', name: 'Laptop of Alice (2024)' });
    expect(same.statusCode).toBe(200);
  });

  it('updates with the version read; a stale version gets 409 and changes nothing; attributes merge and null clears one', async () => {
    const vm = await make(agent, { name: 'app-vm-01', class: 'virtual_machine', attributes: { cpuCores: 4, os: 'Debian', hypervisor: 'kvm' } });
    const first = await agent.patch(`/api/v1/configuration-items/${vm.id}`, { version: vm.version, attributes: { cpuCores: 8, os: null }, status: 'maintenance' });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ status: 'maintenance', attributes: { cpuCores: 8, hypervisor: 'kvm' }, version: 2 });
    expect(first.json().attributes).not.toHaveProperty('os');
    const stale = await agent.patch(`/api/v1/configuration-items/${vm.id}`, { version: vm.version, name: 'renamed' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'VERSION_CONFLICT', errors: [{ field: 'version' }] });
    expect((await agent.get(`/api/v1/configuration-items/${vm.id}`)).json().name).toBe('app-vm-01');
    const wrong = await agent.patch(`/api/v1/configuration-items/${vm.id}`, { version: 2, attributes: { cpuCores: 'eight' } });
    expect(wrong.json().errors).toEqual([{ field: 'attributes.cpuCores', message: 'must be a number' }]);
    const history = await t.database.query<{ action: string; changes: Record<string, unknown> }>(`SELECT action, changes FROM audit_events WHERE entity_type = 'ci' AND entity_id = $1 ORDER BY seq`, [vm.id]);
    expect(history.map((h) => h.action)).toEqual(['created', 'updated']);
    expect(Object.keys(history[1]!.changes).sort()).toEqual(['attributes', 'status']);
  });

  it('checks person and item references inside attributes', async () => {
    const service = await agent.post('/api/v1/configuration-items', { name: 'Mail', class: 'business_service', attributes: { businessOwner: '01a20102-0000-7000-8000-000000000000' } });
    expect(service.json().errors).toEqual([{ field: 'attributes.businessOwner', message: 'is not a person of this organisation' }]);
    const ok = await make(agent, { name: 'Mail', class: 'business_service', criticality: 'critical', attributes: { businessOwner: agentId, availabilityTarget: 99.9 } });
    expect(ok.attributes.businessOwner).toBe(agentId);
  });

  it('lists with filters, sort and cursor pagination', async () => {
    const site = (await admin.post('/api/v1/locations', { kind: 'site', name: 'Filter HQ' })).json();
    const room = (await admin.post('/api/v1/locations', { kind: 'room', name: 'Server room', parentId: site.id })).json();
    const made = [];
    for (let i = 0; i < 5; i++) {
      made.push(
        await make(agent, {
          name: `lst-${i}`,
          class: 'server',
          environment: i % 2 ? 'test' : 'production',
          locationId: i < 2 ? room.id : null,
          tags: i === 3 ? ['filter-me'] : [],
          ownerId: i === 4 ? agentId : null,
          attributes: { cpuCores: i < 3 ? 32 : 4, os: i === 0 ? 'RHEL' : 'Ubuntu' },
        }),
      );
    }
    const list = async (qs: string) => {
      const res = await reader.get(`/api/v1/configuration-items?${qs}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    expect(keys(await list('q=lst-&sort=-name'))).toEqual(made.map((m) => m.key).reverse());
    expect(keys(await list('q=lst-&environment=test'))).toEqual([made[1].key, made[3].key]);
    expect(keys(await list(`location=${site.id}`))).toEqual([made[0].key, made[1].key]);
    expect(keys(await list('tag=filter-me'))).toEqual([made[3].key]);
    expect(keys(await list(`q=lst-&owner=${agentId}`))).toEqual([made[4].key]);
    expect(keys(await list('class=server&attr.cpuCores=32&q=lst-'))).toEqual([made[0].key, made[1].key, made[2].key]);
    expect(keys(await list('class=server&attr.cpuCores=32&attr.os=RHEL'))).toEqual([made[0].key]);
    expect(keys(await list(`q=${made[2].key}`))).toEqual([made[2].key]);
    const first = await list('q=lst-&limit=2');
    const second = await list(`q=lst-&limit=2&cursor=${first.nextCursor}`);
    const third = await list(`q=lst-&limit=2&cursor=${second.nextCursor}`);
    expect([...keys(first), ...keys(second), ...keys(third)]).toEqual(made.map((m) => m.key));
    expect(third.nextCursor).toBeNull();
  });

  it('checks attribute filters against the class, naming attr.<key>', async () => {
    const noClass = await reader.get('/api/v1/configuration-items?attr.cpuCores=4');
    expect(noClass.statusCode).toBe(400);
    expect(noClass.json().errors).toEqual([{ field: 'attr.cpuCores', message: 'needs a class: name one with class=' }]);
    const bad = await reader.get('/api/v1/configuration-items?class=server&attr.cpuCores=many&attr.colour=red');
    expect(bad.json().errors).toEqual([
      { field: 'attr.cpuCores', message: 'must be a number' },
      { field: 'attr.colour', message: 'is not an attribute of the class server' },
    ]);
    const unknown = await reader.get('/api/v1/configuration-items?colour=red');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].field).toBe('colour');
    const twice = await reader.get('/api/v1/configuration-items?class=server&attr.os=a&attr.os=b');
    expect(twice.json().errors[0]).toEqual({ field: 'attr.os', message: 'must be given once' });
  });

  it('deletes an item with its relationships', async () => {
    const a = await make(agent, { name: 'del-a', class: 'application' });
    const b = await make(agent, { name: 'del-b', class: 'database' });
    const rel = (await agent.post('/api/v1/relationships', { sourceId: a.key, type: 'depends_on', targetId: b.key })).json();
    expect((await agent.delete(`/api/v1/configuration-items/${b.key}`)).statusCode).toBe(204);
    expect((await agent.get(`/api/v1/configuration-items/${b.id}`)).statusCode).toBe(404);
    expect((await agent.get(`/api/v1/relationships/${rel.id}`)).statusCode).toBe(404);
    const events = await t.database.query<{ type: string }>(`SELECT type FROM events WHERE entity_id IN ($1, $2) ORDER BY seq`, [b.id, rel.id]);
    expect(events.map((e) => e.type)).toEqual(['ci.created', 'relationship.created', 'relationship.deleted', 'ci.deleted']);
  });
});

describe('CMDB access', () => {
  it('lets readers read, agents write, and keeps requesters out', async () => {
    expect((await requester.get('/api/v1/configuration-items')).statusCode).toBe(403);
    expect((await requester.get('/api/v1/ci-classes')).statusCode).toBe(403);
    expect((await requester.post('/api/v1/configuration-items', { name: 'x', class: 'server' })).statusCode).toBe(403);
    expect((await reader.get('/api/v1/configuration-items')).statusCode).toBe(200);
    const refused = await reader.post('/api/v1/configuration-items', { name: 'x', class: 'server' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('FORBIDDEN');
    expect((await agent.post('/api/v1/ci-classes', { key: 'agent_made', name: 'Agent made' })).statusCode).toBe(403);
    expect((await agent.post('/api/v1/locations', { kind: 'site', name: 'Agent site' })).statusCode).toBe(403);
  });
});

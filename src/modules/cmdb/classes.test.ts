import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type Caller, type TestApp } from '../../../test/support/app.ts';
import { builtinClasses } from './builtin-classes.ts';

let t: TestApp;
let admin: Caller;
let agent: Caller;
let reader: Caller;

beforeAll(async () => {
  t = await makeTestApp();
  admin = await t.admin();
  const a = await t.makePerson();
  const r = await t.makePerson({ role: 'read-only' });
  agent = await t.login(a.email, a.password);
  reader = await t.login(r.email, r.password);
});
afterAll(() => t.close());

async function ok(res: Promise<{ statusCode: number; body: string; json(): any }>, status = 200) {
  const r = await res;
  expect(r.statusCode, r.body).toBe(status);
  return r.json();
}

describe('CI classes', () => {
  it('seeds the built-in classes for every organisation, with typed attributes', async () => {
    const list = await ok(reader.get('/api/v1/ci-classes?limit=200'));
    expect(list.items.map((c: { key: string }) => c.key).sort()).toEqual(builtinClasses.map((b) => b.key).sort());
    const server = await ok(reader.get('/api/v1/ci-classes/server'));
    expect(server).toMatchObject({ builtin: true, isAsset: true, expectedLifeMonths: 60, customAttributes: [] });
    expect(server.attributes.find((a: { key: string }) => a.key === 'cpuCores')).toMatchObject({ type: 'number', integer: true, min: 1, source: 'builtin', definedBy: 'server' });
    const network = await ok(reader.get('/api/v1/ci-classes/network_device'));
    expect(network.attributes.find((a: { key: string }) => a.key === 'deviceKind')).toMatchObject({ type: 'choice', required: true, choices: ['switch', 'router', 'firewall', 'access_point', 'load_balancer'] });
    const other = await ok(admin.post('/api/v1/organisations', { slug: 'classes-other', name: 'Other' }), 201);
    const count = await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM ci_classes WHERE org_id = $1', [other.id]);
    expect(count[0]!.n).toBe(builtinClasses.length);
  });

  it('defines a sub-class that inherits its parent’s attributes; items are checked against both', async () => {
    const linux = await ok(
      admin.post('/api/v1/ci-classes', {
        key: 'linux_server',
        name: 'Linux server',
        parent: 'server',
        customAttributes: [
          { key: 'kernel', label: 'Kernel', type: 'text', required: true, pattern: '[0-9]+\\.[0-9]+(\\.[0-9]+)?' },
          { key: 'patchGroup', label: 'Patch group', type: 'choice', choices: ['early', 'main', 'late'] },
          { key: 'commissioned', label: 'Commissioned', type: 'date' },
          { key: 'backupHost', label: 'Backup host', type: 'ci', ciClass: 'server' },
        ],
      }),
      201,
    );
    expect(linux).toMatchObject({ parent: { key: 'server' }, isAsset: true, builtin: false });
    expect(linux.attributes.find((a: { key: string }) => a.key === 'cpuCores')).toMatchObject({ source: 'inherited', definedBy: 'server' });
    expect(linux.customAttributes.map((a: { key: string }) => a.key)).toEqual(['kernel', 'patchGroup', 'commissioned', 'backupHost']);
    const app = await ok(agent.post('/api/v1/configuration-items', { name: 'some app', class: 'application' }), 201);
    const bad = await agent.post('/api/v1/configuration-items', {
      name: 'web-01',
      class: 'linux_server',
      attributes: { cpuCores: 'x', kernel: '6', patchGroup: 'never', commissioned: '2024-02-30', backupHost: app.key },
    });
    expect(bad.json().errors).toEqual([
      { field: 'attributes.cpuCores', message: 'must be a number' },
      { field: 'attributes.kernel', message: expect.stringContaining('must match the pattern') },
      { field: 'attributes.patchGroup', message: 'must be one of: early, main, late' },
      { field: 'attributes.commissioned', message: 'must be a date YYYY-MM-DD' },
      { field: 'attributes.backupHost', message: 'must be a configuration item of the class server' },
    ]);
    const backup = await ok(agent.post('/api/v1/configuration-items', { name: 'backup-01', class: 'server' }), 201);
    const web = await ok(
      agent.post('/api/v1/configuration-items', { name: 'web-01', class: 'linux_server', attributes: { cpuCores: 8, kernel: '6.8', patchGroup: 'early', commissioned: '2024-02-29', backupHost: backup.key } }),
      201,
    );
    expect(web.attributes).toEqual({ cpuCores: 8, kernel: '6.8', patchGroup: 'early', commissioned: '2024-02-29', backupHost: backup.id });
    const servers = await ok(reader.get('/api/v1/configuration-items?class=server&attr.cpuCores=8'));
    expect(servers.items.map((i: { key: string }) => i.key)).toContain(web.key);
    expect((await ok(reader.get('/api/v1/configuration-items?class=linux_server&attr.patchGroup=early'))).items.map((i: { key: string }) => i.key)).toEqual([web.key]);
    expect((await agent.delete(`/api/v1/configuration-items/${backup.key}`)).statusCode).toBe(409);
  });

  it('refuses definitions that make no sense, naming each', async () => {
    const res = await admin.post('/api/v1/ci-classes', {
      key: 'odd_class',
      name: 'Odd',
      parent: 'server',
      customAttributes: [
        { key: 'cpuCores', label: 'Again', type: 'number' },
        { key: 'size', label: 'Size', type: 'choice' },
        { key: 'pat', label: 'Pattern', type: 'text', pattern: '([' },
        { key: 'range', label: 'Range', type: 'number', min: 5, max: 1 },
        { key: 'size', label: 'Size again', type: 'text' },
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      { field: 'customAttributes.0.key', message: 'is already an attribute of a parent class' },
      { field: 'customAttributes.1.choices', message: 'are required for a choice' },
      { field: 'customAttributes.2.pattern', message: 'must be a valid regular expression' },
      { field: 'customAttributes.3.max', message: 'is below min' },
      { field: 'customAttributes.4.key', message: 'is used by another attribute of this class' },
    ]);
    const dup = await admin.post('/api/v1/ci-classes', { key: 'server', name: 'Server two' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().errors[0].field).toBe('key');
    const dupName = await admin.post('/api/v1/ci-classes', { key: 'server_two', name: 'SERVER' });
    expect(dupName.json().errors[0].field).toBe('name');
    expect((await admin.post('/api/v1/ci-classes', { key: 'Bad Key', name: 'x' })).json().errors[0].field).toBe('key');
  });

  it('lets built-in classes change only in their custom attributes and expected life', async () => {
    const laptop = await ok(reader.get('/api/v1/ci-classes/laptop'));
    const renamed = await admin.patch(`/api/v1/ci-classes/${laptop.id}`, { version: laptop.version, name: 'Notebook', isAsset: false });
    expect(renamed.statusCode).toBe(409);
    expect(renamed.json()).toMatchObject({ code: 'BUILTIN_CLASS', errors: [{ field: 'name' }, { field: 'isAsset' }] });
    const changed = await ok(
      admin.patch('/api/v1/ci-classes/laptop', {
        version: laptop.version,
        expectedLifeMonths: 36,
        customAttributes: [{ key: 'costCentre', label: 'Cost centre', type: 'text', required: false }],
      }),
    );
    expect(changed).toMatchObject({ expectedLifeMonths: 36, version: laptop.version + 1, customAttributes: [{ key: 'costCentre', required: false }] });
    expect(changed.attributes.at(-1)).toMatchObject({ key: 'costCentre', source: 'custom' });
    expect(changed.attributes.filter((a: { source: string }) => a.source === 'builtin').length).toBe(laptop.attributes.length);
    expect((await admin.delete('/api/v1/ci-classes/laptop')).json().code).toBe('BUILTIN_CLASS');
    expect((await agent.patch('/api/v1/ci-classes/laptop', { version: changed.version, expectedLifeMonths: 12 })).statusCode).toBe(403);
  });

  it('refuses to change or remove a definition while stored values would not fit it', async () => {
    const cls = await ok(admin.post('/api/v1/ci-classes', { key: 'kiosk', name: 'Kiosk', isAsset: true, customAttributes: [{ key: 'screen', label: 'Screen', type: 'text' }] }), 201);
    const item = await ok(agent.post('/api/v1/configuration-items', { name: 'Lobby kiosk', class: 'kiosk', attributes: { screen: '24 inch' } }), 201);
    const retype = await admin.patch('/api/v1/ci-classes/kiosk', { version: cls.version, customAttributes: [{ key: 'screen', label: 'Screen', type: 'number' }] });
    expect(retype.statusCode).toBe(409);
    expect(retype.json().errors).toEqual([{ field: 'customAttributes.0', message: `1 item(s) hold values that do not fit it (${item.key}: must be a number)` }]);
    const removed = await admin.patch('/api/v1/ci-classes/kiosk', { version: cls.version, customAttributes: [] });
    expect(removed.json().errors[0].message).toContain(`screen is still set on 1 item(s) such as ${item.key}`);
    const required = await admin.patch('/api/v1/ci-classes/kiosk', {
      version: cls.version,
      customAttributes: [{ key: 'screen', label: 'Screen', type: 'text' }, { key: 'floor', label: 'Floor', type: 'number', required: true }],
    });
    expect(required.json().errors).toEqual([{ field: 'customAttributes.1.required', message: '1 item(s) have no floor yet; give them one before making it required' }]);
    const isAsset = await admin.patch('/api/v1/ci-classes/kiosk', { version: cls.version, isAsset: false });
    expect(isAsset.json().errors[0].field).toBe('isAsset');
    const label = await ok(admin.patch('/api/v1/ci-classes/kiosk', { version: cls.version, customAttributes: [{ key: 'screen', label: 'Screen size', type: 'text', maxLength: 20 }] }));
    expect(label.version).toBe(cls.version + 1);
    expect((await admin.delete('/api/v1/ci-classes/kiosk')).statusCode).toBe(409);
    expect((await agent.delete(`/api/v1/configuration-items/${item.id}`)).statusCode).toBe(204);
    expect((await admin.delete('/api/v1/ci-classes/kiosk')).statusCode).toBe(204);
    expect((await reader.get('/api/v1/ci-classes/kiosk')).statusCode).toBe(404);
  });
});

describe('locations', () => {
  it('builds a tree where each kind sits under a larger one, with paths', async () => {
    const site = await ok(admin.post('/api/v1/locations', { kind: 'site', name: 'Berlin' }), 201);
    const building = await ok(admin.post('/api/v1/locations', { kind: 'building', name: 'House A', parentId: site.id }), 201);
    const room = await ok(admin.post('/api/v1/locations', { kind: 'room', name: 'DC 1', parentId: building.id }), 201);
    const rack = await ok(admin.post('/api/v1/locations', { kind: 'rack', name: 'R01', parentId: room.id, rackUnits: 42 }), 201);
    expect(rack).toMatchObject({ path: 'Berlin / House A / DC 1 / R01', rackUnits: 42 });
    const upside = await admin.post('/api/v1/locations', { kind: 'site', name: 'Inside', parentId: room.id });
    expect(upside.json().errors).toEqual([{ field: 'parentId', message: 'must be empty: a site is the top of the tree' }]);
    const rackInSite = await admin.post('/api/v1/locations', { kind: 'building', name: 'Shed', parentId: rack.id });
    expect(rackInSite.json().errors).toEqual([{ field: 'parentId', message: 'is a rack; a building sits only in a site' }]);
    const units = await admin.post('/api/v1/locations', { kind: 'room', name: 'DC 2', parentId: building.id, rackUnits: 10 });
    expect(units.json().errors).toEqual([{ field: 'rackUnits', message: 'applies only to a rack' }]);
    const cycle = await admin.patch(`/api/v1/locations/${building.id}`, { version: building.version, kind: 'rack' });
    expect(cycle.json().errors[0].field).toBe('kind');
    const dup = await admin.post('/api/v1/locations', { kind: 'room', name: 'dc 1', parentId: building.id });
    expect(dup.statusCode).toBe(409);
    const tree = await ok(reader.get(`/api/v1/locations?q=berlin`));
    expect(tree.items.map((l: { path: string }) => l.path)).toEqual(['Berlin', 'Berlin / House A', 'Berlin / House A / DC 1', 'Berlin / House A / DC 1 / R01']);
    expect((await ok(reader.get(`/api/v1/locations?parent=${room.id}`))).items.map((l: { name: string }) => l.name)).toEqual(['R01']);

    const server = await agent.post('/api/v1/configuration-items', { name: 'rack-mounted', class: 'server', locationId: room.id, rackPosition: 4 });
    expect(server.json().errors).toEqual([{ field: 'rackPosition', message: 'applies only in a rack; DC 1 is a room' }]);
    const high = await agent.post('/api/v1/configuration-items', { name: 'rack-mounted', class: 'server', locationId: rack.id, rackPosition: 43 });
    expect(high.json().errors).toEqual([{ field: 'rackPosition', message: 'must be at most 42, the height of R01' }]);
    const mounted = await ok(agent.post('/api/v1/configuration-items', { name: 'rack-mounted', class: 'server', locationId: rack.id, rackPosition: 40 }), 201);
    expect(mounted.location).toEqual({ id: rack.id, kind: 'rack', name: 'R01', path: 'Berlin / House A / DC 1 / R01' });
    const shrink = await admin.patch(`/api/v1/locations/${rack.id}`, { version: rack.version, rackUnits: 24 });
    expect(shrink.json().errors[0]).toMatchObject({ field: 'rackUnits', message: expect.stringContaining(mounted.key) });
    expect((await admin.delete(`/api/v1/locations/${rack.id}`)).statusCode).toBe(409);
    expect((await admin.delete(`/api/v1/locations/${room.id}`)).statusCode).toBe(409);
    const moved = await ok(admin.patch(`/api/v1/locations/${room.id}`, { version: room.version, name: 'Data centre 1' }));
    expect(moved.path).toBe('Berlin / House A / Data centre 1');
    expect((await reader.get(`/api/v1/configuration-items/${mounted.id}`)).json().location.path).toBe('Berlin / House A / Data centre 1 / R01');
  });
});

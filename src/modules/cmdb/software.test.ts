import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type Caller, type TestApp } from '../../../test/support/app.ts';

let t: TestApp;
let admin: Caller;
let agent: Caller;
let reader: Caller;
let requester: Caller;

beforeAll(async () => {
  t = await makeTestApp();
  admin = await t.admin();
  const a = await t.makePerson({ name: 'Sam Agent' });
  const r = await t.makePerson({ name: 'Rae Reader', role: 'read-only' });
  const q = await t.makePerson({ name: 'Quinn Requester', role: 'requester' });
  agent = await t.login(a.email, a.password);
  reader = await t.login(r.email, r.password);
  requester = await t.login(q.email, q.password);
});
afterAll(() => t.close());

async function ci(name: string, cls = 'laptop') {
  const res = await agent.post('/api/v1/configuration-items', { name, class: cls });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; key: string };
}

async function install(item: { key: string }, body: Record<string, unknown>) {
  const res = await agent.post(`/api/v1/configuration-items/${item.key}/software`, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('installations entered by hand', () => {
  it('keeps the raw values, normalises them into a title, and audits each write', async () => {
    const laptop = await ci('sw-laptop-1');
    const zip = await install(laptop, { name: '  7-Zip 23.01 (x64) ', publisher: 'Igor Pavlov', softwareVersion: '23.01', installDate: '2024-03-01' });
    expect(zip).toMatchObject({
      ci: { key: laptop.key },
      title: { key: 'igor pavlov|7-zip', publisher: 'Igor Pavlov', product: '7-Zip' },
      name: '7-Zip 23.01 (x64)',
      publisher: 'Igor Pavlov',
      softwareVersion: '23.01',
      normalisedVersion: '23.01',
      installDate: '2024-03-01',
      source: 'manual',
      version: 1,
    });
    const dupe = await agent.post(`/api/v1/configuration-items/${laptop.id}/software`, { name: '7-Zip 23.01 (x64 edition)', publisher: 'Igor Pavlov', softwareVersion: '23.01' });
    expect(dupe.statusCode).toBe(409);
    expect(dupe.json()).toMatchObject({ code: 'DUPLICATE', errors: [{ field: 'name' }] });
    const other = await install(laptop, { name: '7-Zip 22.00', publisher: 'Igor Pavlov' });
    expect(other).toMatchObject({ title: { id: zip.title.id }, softwareVersion: null, normalisedVersion: '22.00' });

    const read = await reader.get(`/api/v1/configuration-items/${laptop.key}/software/${zip.id}`);
    expect(read.json()).toEqual(zip);
    const moved = await agent.patch(`/api/v1/configuration-items/${laptop.key}/software/${other.id}`, { version: 1, name: 'Mozilla Firefox 128.0 (x64 en-US)', publisher: 'Mozilla' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ title: { key: 'mozilla|firefox', product: 'Firefox' }, normalisedVersion: '128.0', version: 2, installDate: null });
    const stale = await agent.patch(`/api/v1/configuration-items/${laptop.key}/software/${other.id}`, { version: 1, installDate: '2024-01-01' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('VERSION_CONFLICT');
    const clash = await agent.patch(`/api/v1/configuration-items/${laptop.key}/software/${other.id}`, { version: 2, name: '7-Zip', publisher: 'Igor Pavlov', softwareVersion: '23.01' });
    expect(clash.statusCode, clash.body).toBe(409);
    expect((await agent.delete(`/api/v1/configuration-items/${laptop.key}/software/${other.id}`)).statusCode).toBe(204);
    expect((await agent.get(`/api/v1/configuration-items/${laptop.key}/software/${other.id}`)).statusCode).toBe(404);
    const events = await t.database.query<{ type: string }>('SELECT type FROM events WHERE entity_id IN ($1, $2) ORDER BY seq', [zip.id, other.id]);
    expect(events.map((e) => e.type)).toEqual(['software_installation.created', 'software_installation.created', 'software_installation.updated', 'software_installation.deleted']);
  });

  it('names every bad field at once and writes nothing', async () => {
    const laptop = await ci('sw-laptop-bad');
    const [{ n: before }] = await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM software_installations');
    const res = await agent.post(`/api/v1/configuration-items/${laptop.key}/software`, { name: ' ', installDate: '2024-02-30', softwareVersion: 'x'.repeat(101) });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['installDate', 'name', 'softwareVersion']);
    const unreadable = await agent.post(`/api/v1/configuration-items/${laptop.key}/software`, { name: '\u200b' });
    expect(unreadable.json().errors).toEqual([{ field: 'name', message: 'is not a name software can be recognised by' }]);
    expect((await agent.post('/api/v1/configuration-items/CI-999999/software', { name: 'Firefox' })).statusCode).toBe(404);
    const [{ n: after }] = await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM software_installations');
    expect(after).toBe(before);
  });
});

describe('software titles', () => {
  it('lists titles with installation, device and licence counts; searches; hides noise unless asked', async () => {
    const [a, b] = [await ci('titles-a'), await ci('titles-b')];
    await install(a, { name: 'Notepad++ (64-bit x64)', publisher: 'Notepad++ Team', softwareVersion: '8.6.2' });
    await install(a, { name: 'Notepad++', publisher: 'Notepad++ Team', softwareVersion: '8.5' });
    await install(b, { name: 'Notepad++ 8.6.2', publisher: 'Notepad++ Team' });
    await install(b, { name: 'Security Update for Microsoft Windows (KB5034441)', publisher: 'Microsoft Corporation' });
    const list = (await reader.get('/api/v1/software?q=notepad')).json();
    expect(list.items).toHaveLength(1);
    const title = list.items[0];
    expect(title).toMatchObject({ product: 'Notepad++', installations: 3, devices: 2, licences: 0, isNoise: false });
    const detail = (await reader.get(`/api/v1/software/${title.id}`)).json();
    expect(detail.versions).toEqual([
      { version: '8.6.2', installations: 2 },
      { version: '8.5', installations: 1 },
    ]);
    const where = (await reader.get(`/api/v1/software/${title.id}/installations?softwareVersion=8.6.2`)).json();
    expect(where.items.map((i: { ci: { name: string } }) => i.ci.name)).toEqual(['titles-a', 'titles-b']);
    expect((await reader.get('/api/v1/software?q=KB5034441')).json().items).toEqual([]);
    const noise = (await reader.get('/api/v1/software?noise=only')).json().items;
    expect(noise.some((n: { isNoise: boolean; product: string }) => n.isNoise && /Security Update/.test(n.product))).toBe(true);
    const ofB = (await reader.get(`/api/v1/configuration-items/${b.key}/software?noise=exclude`)).json();
    expect(ofB.items.map((i: { title: { product: string } }) => i.title.product)).toEqual(['Notepad++']);
    expect((await reader.get('/api/v1/software/01a20102-0000-7000-8000-000000000000')).statusCode).toBe(404);
  });

  it('pages titles by product name', async () => {
    const item = await ci('paging');
    for (const name of ['Zeta Tool', 'Alpha Tool', 'Mu Tool']) await install(item, { name, publisher: 'Paging Ltd' });
    const first = (await reader.get('/api/v1/software?q=paging&limit=2')).json();
    const second = (await reader.get(`/api/v1/software?q=paging&limit=2&cursor=${first.nextCursor}`)).json();
    expect([...first.items, ...second.items].map((i: { product: string }) => i.product)).toEqual(['Alpha Tool', 'Mu Tool', 'Zeta Tool']);
    expect(second.nextCursor).toBeNull();
  });
});

describe('software aliases', () => {
  it('rewrites what matches from then on, and reapplying moves and merges existing installations', async () => {
    const item = await ci('alias-host');
    const old = await install(item, { name: 'Acme Widget Studio 5', publisher: 'Acme Software Inc.', softwareVersion: '5.0' });
    const other = await install(item, { name: 'AWS 5', publisher: 'ACME', softwareVersion: '5.0' });
    expect(old.title.id).not.toBe(other.title.id);

    const bad = await admin.post('/api/v1/software-aliases', { toName: 'Widget Studio' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([{ field: 'name', message: 'give a name or publisher pattern to match' }]);
    expect((await agent.post('/api/v1/software-aliases', { name: 'AWS*', toName: 'Widget Studio' })).statusCode).toBe(403);
    const alias = await admin.post('/api/v1/software-aliases', { publisher: 'acme*', name: '* 5', toPublisher: 'Acme', toName: 'Widget Studio' });
    expect(alias.statusCode, alias.body).toBe(201);
    expect(alias.json()).toMatchObject({ publisher: 'acme*', name: '* 5', toPublisher: 'Acme', toName: 'Widget Studio', position: 10, version: 1 });

    const fresh = await install(await ci('alias-host-2'), { name: 'AWS 5', publisher: 'ACME', softwareVersion: '5.0' });
    expect(fresh.title).toMatchObject({ key: 'acme|widget studio' });
    expect((await reader.get(`/api/v1/configuration-items/${item.key}/software/${other.id}`)).json().title.id).toBe(other.title.id);

    const reapplied = await admin.post('/api/v1/software-aliases/reapply');
    expect(reapplied.statusCode, reapplied.body).toBe(200);
    expect(reapplied.json()).toMatchObject({ moved: 1, merged: 1, titlesCreated: 0 });
    const now = (await reader.get(`/api/v1/configuration-items/${item.key}/software?q=widget`)).json().items;
    expect(now).toHaveLength(1);
    expect(now[0].title.key).toBe('acme|widget studio');

    const changed = await admin.patch(`/api/v1/software-aliases/${alias.json().id}`, { version: 1, toName: null });
    expect(changed.json()).toMatchObject({ toName: null, toPublisher: 'Acme', version: 2 });
    expect((await admin.patch(`/api/v1/software-aliases/${alias.json().id}`, { version: 2, toPublisher: null })).json().errors[0].field).toBe('toName');
    expect((await admin.delete(`/api/v1/software-aliases/${alias.json().id}`)).statusCode).toBe(204);
    expect((await reader.get('/api/v1/software-aliases')).json().items).toEqual([]);
  });
});

describe('software access', () => {
  it('lets readers read, agents record software, administrators shape aliases, and keeps requesters out', async () => {
    for (const url of ['/api/v1/software', '/api/v1/software-aliases', '/api/v1/licences', '/api/v1/licences/compliance']) {
      expect((await requester.get(url)).statusCode, url).toBe(403);
      expect((await reader.get(url)).statusCode, url).toBe(200);
    }
    const item = await ci('access-host');
    expect((await requester.post(`/api/v1/configuration-items/${item.key}/software`, { name: 'Firefox' })).statusCode).toBe(403);
    expect((await reader.post(`/api/v1/configuration-items/${item.key}/software`, { name: 'Firefox' })).statusCode).toBe(403);
    expect((await reader.post('/api/v1/licences', { name: 'x', software: { name: 'Firefox' }, metric: 'site', quantity: 1 })).statusCode).toBe(403);
    expect((await agent.post('/api/v1/software-aliases/reapply')).statusCode).toBe(403);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type Caller, type TestApp } from '../../../test/support/app.ts';

let t: TestApp;
let admin: Caller;
let agent: Caller;
let reader: Caller;
let alice: { id: string };
let store: { id: string; name: string };
let room: { id: string };

beforeAll(async () => {
  // The clock moves over weeks: sign-ins must last that long.
  t = await makeTestApp({ STEWARD_SESSION_TTL_HOURS: '2160' });
  t.clock.set('2026-03-02T09:00:00Z');
  admin = await t.admin();
  const a = await t.makePerson({ name: 'Alice Agent' });
  alice = a;
  agent = await t.login(a.email, a.password);
  const r = await t.makePerson({ name: 'Rory Reader', role: 'read-only' });
  reader = await t.login(r.email, r.password);
  const site = (await admin.post('/api/v1/locations', { kind: 'site', name: 'Berlin' })).json();
  store = (await admin.post('/api/v1/locations', { kind: 'room', name: 'IT store', parentId: site.id })).json();
  room = (await admin.post('/api/v1/locations', { kind: 'room', name: 'Meeting room 3', parentId: site.id })).json();
});
afterAll(() => t.close());

async function make(body: Record<string, unknown>) {
  const res = await agent.post('/api/v1/configuration-items', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function post(url: string, body: Record<string, unknown>, status = 200) {
  const res = await agent.post(url, body);
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}

describe('asset lifecycle', () => {
  it('moves an asset through its states and keeps the date of each', async () => {
    const laptop = await make({ name: 'Lenovo T14 #1', class: 'laptop', assetTag: 'AST-1001', serialNumber: 'PF-1001', assetState: 'ordered' });
    expect(laptop).toMatchObject({ assetState: 'ordered', custody: null, financial: { purchaseCost: null, lifeMonths: 48, warrantyStatus: 'none' } });
    t.clock.set('2026-03-05T10:00:00Z');
    const received = await post(`/api/v1/configuration-items/${laptop.key}/lifecycle`, { version: laptop.version, state: 'received', at: '2026-03-04T15:30:00Z', note: 'Delivered by DHL' });
    expect(received).toMatchObject({ assetState: 'received', version: laptop.version + 1 });
    const stocked = await post(`/api/v1/configuration-items/${laptop.key}/lifecycle`, { version: received.version, state: 'in_stock' });

    const history = (await reader.get(`/api/v1/configuration-items/${laptop.key}/lifecycle`)).json();
    expect(history.items.map((c: { from: string | null; to: string; at: string }) => [c.from, c.to, c.at])).toEqual([
      ['received', 'in_stock', '2026-03-05T10:00:00.000Z'],
      ['ordered', 'received', '2026-03-04T15:30:00.000Z'],
      [null, 'ordered', '2026-03-02T09:00:00.000Z'],
    ]);
    expect(history.items[1]).toMatchObject({ actor: { id: alice.id, label: 'Alice Agent' }, note: 'Delivered by DHL' });

    const events = await t.database.query<{ type: string; payload: { from?: string; to?: string } }>(`SELECT type, payload FROM events WHERE entity_id = $1 ORDER BY seq`, [laptop.id]);
    expect(events.map((e) => e.type)).toEqual(['ci.created', 'ci.state_changed', 'ci.state_changed']);
    expect(events[1]!.payload).toMatchObject({ key: laptop.key, from: 'ordered', to: 'received' });
    const audit = (await reader.get(`/api/v1/configuration-items/${laptop.key}/history`)).json();
    expect(audit.items[0]).toMatchObject({ action: 'state_changed', changes: { assetState: { from: 'received', to: 'in_stock' } } });
    expect(stocked.assetState).toBe('in_stock');
  });

  it('refuses a move the lifecycle does not allow with 422 naming state and the allowed states, and changes nothing', async () => {
    const laptop = await make({ name: 'Lenovo T14 #2', class: 'laptop', assetState: 'ordered' });
    const res = await agent.post(`/api/v1/configuration-items/${laptop.key}/lifecycle`, { version: laptop.version, state: 'deployed' });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'ASSET_TRANSITION_NOT_ALLOWED', errors: [{ field: 'state', message: 'cannot move from ordered to deployed; allowed from ordered: received' }] });

    const stock = await make({ name: 'Lenovo T14 #3', class: 'laptop' });
    const viaLifecycle = await agent.post(`/api/v1/configuration-items/${stock.key}/lifecycle`, { version: stock.version, state: 'deployed' });
    expect(viaLifecycle.statusCode).toBe(422);
    expect(viaLifecycle.json().errors[0].message).toContain('/check-out');
    const same = await agent.post(`/api/v1/configuration-items/${stock.key}/lifecycle`, { version: stock.version, state: 'in_stock' });
    expect(same.json().errors[0]).toEqual({ field: 'state', message: 'is already in_stock; allowed from in_stock: deployed, in_repair, retired, lost, stolen' });

    const disposed = await make({ name: 'Old desktop', class: 'desktop', assetState: 'disposed' });
    const final = await agent.post(`/api/v1/configuration-items/${disposed.key}/lifecycle`, { version: disposed.version, state: 'in_stock' });
    expect(final.json().errors[0].message).toBe('cannot move from disposed to in_stock; disposed is final');

    const future = await agent.post(`/api/v1/configuration-items/${stock.key}/lifecycle`, { version: stock.version, state: 'in_repair', at: '2099-01-01T00:00:00Z' });
    expect(future.statusCode).toBe(400);
    expect(future.json().errors).toEqual([{ field: 'at', message: 'must not be in the future' }]);
    const early = await agent.post(`/api/v1/configuration-items/${stock.key}/lifecycle`, { version: stock.version, state: 'in_repair', at: '2020-01-01T00:00:00Z' });
    expect(early.statusCode).toBe(400);
    expect(early.json().errors[0].field).toBe('at');
    const stale = await agent.post(`/api/v1/configuration-items/${stock.key}/lifecycle`, { version: stock.version + 5, state: 'in_repair' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('VERSION_CONFLICT');

    const service = await make({ name: 'Payroll', class: 'business_service' });
    const notAsset = await agent.post(`/api/v1/configuration-items/${service.key}/lifecycle`, { version: service.version, state: 'in_stock' });
    expect(notAsset.statusCode).toBe(422);
    expect(notAsset.json().code).toBe('NOT_AN_ASSET');
    expect((await reader.post(`/api/v1/configuration-items/${stock.key}/lifecycle`, { version: stock.version, state: 'in_repair' })).statusCode).toBe(403);

    const read = (await reader.get(`/api/v1/configuration-items/${stock.key}`)).json();
    expect(read).toMatchObject({ assetState: 'in_stock', version: stock.version });
    expect((await reader.get(`/api/v1/configuration-items/${stock.key}/lifecycle`)).json().items).toHaveLength(1);
  });
});

describe('check-out, check-in and custody', () => {
  it('checks an asset out to a person and in again, with the full custody history', async () => {
    t.clock.set('2026-04-01T08:00:00Z');
    const laptop = await make({ name: 'MacBook Air #7', class: 'laptop', assetTag: 'AST-2007', locationId: store.id });
    const out = await post(`/api/v1/configuration-items/${laptop.key}/check-out`, { version: laptop.version, userId: alice.id, dueBack: '2026-04-30', note: 'New starter' });
    expect(out).toMatchObject({
      assetState: 'deployed',
      location: { id: store.id },
      custody: { holderKind: 'person', person: { id: alice.id, name: 'Alice Agent' }, location: null, since: '2026-04-01T08:00:00.000Z', dueBack: '2026-04-30', overdue: false },
    });
    const listed = (await reader.get(`/api/v1/configuration-items?q=${laptop.key}`)).json().items[0];
    expect(listed.custody.person.id).toBe(alice.id);

    const again = await agent.post(`/api/v1/configuration-items/${laptop.key}/check-out`, { version: out.version, userId: alice.id });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'ASSET_CHECKED_OUT', errors: [{ field: 'assetState' }] });
    expect(again.json().detail).toContain('Alice Agent');

    t.clock.set('2026-05-04T08:00:00Z');
    expect((await reader.get(`/api/v1/configuration-items/${laptop.key}`)).json().custody.overdue).toBe(true);
    const back = await post(`/api/v1/configuration-items/${laptop.key}/check-in`, { version: out.version, note: 'Returned with charger' });
    expect(back).toMatchObject({ assetState: 'in_stock', custody: null, location: { id: store.id } });

    t.clock.set('2026-05-05T08:00:00Z');
    const toRoom = await post(`/api/v1/configuration-items/${laptop.key}/check-out`, { version: back.version, locationId: room.id });
    expect(toRoom).toMatchObject({ assetState: 'deployed', location: { id: room.id }, custody: { holderKind: 'location', person: null, location: { id: room.id, name: 'Meeting room 3' } } });
    t.clock.set('2026-05-06T08:00:00Z');
    const stored = await post(`/api/v1/configuration-items/${laptop.key}/check-in`, { version: toRoom.version, locationId: store.id });
    expect(stored).toMatchObject({ assetState: 'in_stock', location: { id: store.id }, custody: null });

    const custody = (await reader.get(`/api/v1/configuration-items/${laptop.key}/custody`)).json();
    expect(custody.items).toHaveLength(2);
    expect(custody.items[0]).toMatchObject({
      holderKind: 'location',
      location: { id: room.id, path: 'Berlin / Meeting room 3' },
      holderName: 'Berlin / Meeting room 3',
      checkedOutAt: '2026-05-05T08:00:00.000Z',
      checkedInAt: '2026-05-06T08:00:00.000Z',
    });
    expect(custody.items[1]).toMatchObject({
      holderKind: 'person',
      person: { id: alice.id, name: 'Alice Agent' },
      checkedOutAt: '2026-04-01T08:00:00.000Z',
      checkedOutBy: { id: alice.id, label: 'Alice Agent' },
      dueBack: '2026-04-30',
      checkOutNote: 'New starter',
      checkedInAt: '2026-05-04T08:00:00.000Z',
      checkInNote: 'Returned with charger',
    });
    const page = (await reader.get(`/api/v1/configuration-items/${laptop.key}/custody?limit=1`)).json();
    expect(page.items[0].holderKind).toBe('location');
    const next = (await reader.get(`/api/v1/configuration-items/${laptop.key}/custody?limit=1&cursor=${page.nextCursor}`)).json();
    expect(next).toMatchObject({ items: [{ holderKind: 'person' }], nextCursor: null });

    const states = (await reader.get(`/api/v1/configuration-items/${laptop.key}/lifecycle`)).json().items.map((c: { to: string }) => c.to);
    expect(states).toEqual(['in_stock', 'deployed', 'in_stock', 'deployed', 'in_stock']);
    const events = await t.database.query<{ type: string }>(`SELECT type FROM events WHERE entity_id = $1 ORDER BY seq`, [laptop.id]);
    expect(events.map((e) => e.type)).toEqual(['ci.created', 'ci.checked_out', 'ci.checked_in', 'ci.checked_out', 'ci.checked_in']);
  });

  it('refuses bad check-outs and check-ins with reasons and writes nothing', async () => {
    const laptop = await make({ name: 'MacBook Air #8', class: 'laptop' });
    const url = `/api/v1/configuration-items/${laptop.key}`;
    const neither = await agent.post(`${url}/check-out`, { version: laptop.version });
    expect(neither.statusCode).toBe(400);
    expect(neither.json().errors[0].field).toBe('userId');
    const both = await agent.post(`${url}/check-out`, { version: laptop.version, userId: alice.id, locationId: room.id });
    expect(both.json().errors[0].field).toBe('locationId');
    const stranger = await agent.post(`${url}/check-out`, { version: laptop.version, userId: '00000000-0000-4000-8000-000000000000', dueBack: '2020-01-01' });
    expect(stranger.statusCode).toBe(400);
    expect(stranger.json().errors).toEqual([
      { field: 'userId', message: 'is not a person of this organisation' },
      { field: 'dueBack', message: 'must not be in the past' },
    ]);
    const checkIn = await agent.post(`${url}/check-in`, { version: laptop.version });
    expect(checkIn.statusCode).toBe(422);
    expect(checkIn.json()).toMatchObject({ code: 'ASSET_TRANSITION_NOT_ALLOWED', errors: [{ field: 'assetState', message: 'is in_stock; only deployed assets are checked in' }] });

    const repair = await post(`${url}/lifecycle`, { version: laptop.version, state: 'in_repair' });
    const fromRepair = await agent.post(`${url}/check-out`, { version: repair.version, userId: alice.id });
    expect(fromRepair.statusCode).toBe(422);
    expect(fromRepair.json().errors[0]).toEqual({ field: 'assetState', message: 'is in_repair; only assets in stock are checked out' });
    const deployFromRepair = await agent.post(`${url}/lifecycle`, { version: repair.version, state: 'deployed' });
    expect(deployFromRepair.statusCode).toBe(422);
    expect((await reader.get(`${url}/custody`)).json().items).toEqual([]);
  });

  it('keeps the holder through a repair and ends the custody when the asset is lost', async () => {
    const phone = await make({ name: 'iPhone 15 #3', class: 'phone_tablet' });
    const url = `/api/v1/configuration-items/${phone.key}`;
    const out = await post(`${url}/check-out`, { version: phone.version, userId: alice.id });
    const repair = await post(`${url}/lifecycle`, { version: out.version, state: 'in_repair', note: 'Cracked screen' });
    expect(repair.custody.person.id).toBe(alice.id);
    const backToAlice = await post(`${url}/lifecycle`, { version: repair.version, state: 'deployed' });
    expect(backToAlice).toMatchObject({ assetState: 'deployed', custody: { person: { id: alice.id } } });
    t.clock.advance(3_600_000);
    const lost = await post(`${url}/lifecycle`, { version: backToAlice.version, state: 'lost', note: 'Left on a train' });
    expect(lost).toMatchObject({ assetState: 'lost', custody: null });
    const [entry] = (await reader.get(`${url}/custody`)).json().items;
    expect(entry).toMatchObject({ person: { id: alice.id }, checkInNote: 'Left on a train' });
    expect(entry.checkedInAt).toBe(t.clock.now().toISOString());
    const rows = await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM asset_custody WHERE ci_id = $1 AND checked_in_at IS NULL', [phone.id]);
    expect(rows[0]!.n).toBe(0);
  });
});

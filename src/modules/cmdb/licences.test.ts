import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type Caller, type TestApp } from '../../../test/support/app.ts';
import { systemContext } from '../../platform/context.ts';
import { recordInstallations } from './software-record.ts';

let t: TestApp;
let admin: Caller;
let agent: Caller;
let reader: Caller;
let requester: Caller;
let people: { id: string }[];

beforeAll(async () => {
  t = await makeTestApp();
  t.clock.set('2026-06-15T10:00:00Z');
  admin = await t.admin();
  const a = await t.makePerson({ name: 'Lena Licences' });
  const r = await t.makePerson({ name: 'Rob Reader', role: 'read-only' });
  const q = await t.makePerson({ name: 'Ria Requester', role: 'requester' });
  agent = await t.login(a.email, a.password);
  reader = await t.login(r.email, r.password);
  requester = await t.login(q.email, q.password);
  people = [];
  for (const name of ['Ann', 'Ben', 'Cid', 'Dee']) people.push(await t.makePerson({ name, role: 'requester' }));
});
afterAll(() => t.close());

async function ok(res: Promise<{ statusCode: number; body: string; json(): any }>, status = 201) {
  const r = await res;
  expect(r.statusCode, r.body).toBe(status);
  return r.json();
}

/** Items with the software installed; each owned by the person given (or nobody). */
async function installed(software: { name: string; publisher: string; softwareVersion?: string }, items: { owner?: string; cores?: number; cls?: string }[], prefix: string) {
  const made = [];
  for (const [i, item] of items.entries()) {
    const ci = await ok(
      agent.post('/api/v1/configuration-items', { name: `${prefix}-${i}`, class: item.cls ?? 'laptop', ownerId: item.owner ?? null, ...(item.cores ? { attributes: { cpuCores: item.cores } } : {}) }),
    );
    const inst = await ok(agent.post(`/api/v1/configuration-items/${ci.key}/software`, software));
    made.push({ ci, title: inst.title });
  }
  return made;
}

const position = async (titleId: string, qs = '') => ok(reader.get(`/api/v1/software/${titleId}/compliance${qs}`), 200);

describe('licences', () => {
  it('records a licence for software by name, reads, lists, updates with the version and deletes', async () => {
    const created = await ok(
      agent.post('/api/v1/licences', {
        name: 'Visio Plan 2 — EA',
        software: { name: 'Microsoft Visio Professional 2021', publisher: 'Microsoft Corporation' },
        metric: 'per_user',
        quantity: 25,
        unitCost: 12_000,
        currency: 'EUR',
        termStart: '2026-01-01',
        termEnd: '2026-12-31',
        vendor: 'SoftwareOne',
        contractRef: 'EA-7781',
      }),
    );
    expect(created).toMatchObject({
      title: { key: 'microsoft|visio professional 2021' },
      metric: 'per_user',
      quantity: 25,
      unitCost: 12_000,
      currency: 'EUR',
      status: 'in_force',
      assignments: 0,
      vendor: 'SoftwareOne',
      version: 1,
    });
    expect(await ok(reader.get(`/api/v1/licences/${created.id}`), 200)).toEqual(created);
    const byTitle = await ok(reader.get(`/api/v1/licences?titleId=${created.title.id}`), 200);
    expect(byTitle.items.map((l: { id: string }) => l.id)).toEqual([created.id]);
    expect((await ok(reader.get('/api/v1/licences?q=EA-7781&metric=per_user,site'), 200)).items).toHaveLength(1);
    const updated = await ok(agent.patch(`/api/v1/licences/${created.id}`, { version: 1, quantity: 30, notes: 'Raised in June' }), 200);
    expect(updated).toMatchObject({ quantity: 30, notes: 'Raised in June', version: 2 });
    const stale = await agent.patch(`/api/v1/licences/${created.id}`, { version: 1, quantity: 31 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('VERSION_CONFLICT');
    expect((await agent.delete(`/api/v1/licences/${created.id}`)).statusCode).toBe(204);
    expect((await reader.get(`/api/v1/licences/${created.id}`)).statusCode).toBe(404);
    const events = await t.database.query<{ type: string }>('SELECT type FROM events WHERE entity_id = $1 ORDER BY seq', [created.id]);
    expect(events.map((e) => e.type)).toEqual(['licence.created', 'licence.updated', 'licence.deleted']);
  });

  it('names every problem at once: metric-specific fields, currency, term, title', async () => {
    const res = await agent.post('/api/v1/licences', {
      name: 'Broken',
      titleId: '01a20102-0000-7000-8000-000000000000',
      metric: 'subscription',
      quantity: 5,
      minCoresPerDevice: 8,
      coreMultiplier: 0.5,
      unitCost: 100,
      currency: 'ZZZ',
      termEnd: '2026-01-01',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual(
      expect.arrayContaining([
        { field: 'minCoresPerDevice', message: 'applies only to per_core licences; this one is subscription' },
        { field: 'coreMultiplier', message: 'applies only to per_core licences; this one is subscription' },
        { field: 'currency', message: 'is not an ISO 4217 currency code' },
        { field: 'termStart', message: 'is required for a subscription' },
        { field: 'titleId', message: 'is not a software title of this organisation' },
      ]),
    );
    const shape = await agent.post('/api/v1/licences', { name: '', metric: 'per_seat', quantity: -1, currency: 'eur', termStart: '2026-02-30' });
    expect(shape.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['currency', 'metric', 'name', 'quantity', 'termStart']);
    const term = await agent.post('/api/v1/licences', { name: 'Backwards', software: { name: 'Backwards App' }, metric: 'per_device', quantity: 1, unitCost: 5, termStart: '2026-05-01', termEnd: '2026-04-30' });
    expect(term.json().errors).toEqual([
      { field: 'currency', message: 'is required with a unit cost' },
      { field: 'termEnd', message: 'must not be before termStart (2026-05-01)' },
    ]);
    const neither = await agent.post('/api/v1/licences', { name: 'No title', metric: 'site', quantity: 1 });
    expect(neither.json().errors).toEqual([{ field: 'titleId', message: 'is required (or give software by name)' }]);
    const [{ n }] = await t.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM software_titles WHERE key = '|backwards app'`);
    expect(n).toBe(0);
  });

  it('assigns per-user licences to people of the organisation and per-device ones to items; the metric must fit', async () => {
    const other = await ok(admin.post('/api/v1/organisations', { slug: 'other-licences', name: 'Other' }));
    const outsider = await t.makePerson({ orgId: other.id, role: 'agent' });
    const perUser = await ok(agent.post('/api/v1/licences', { name: 'Users', software: { name: 'Assign Me' }, metric: 'per_user', quantity: 2 }));
    const url = `/api/v1/licences/${perUser.id}/assignments`;
    const ann = await ok(agent.post(url, { userId: people[0]!.id }));
    expect(ann).toMatchObject({ licenceId: perUser.id, person: { id: people[0]!.id, name: 'Ann' }, ci: null });
    expect((await agent.post(url, { userId: people[0]!.id })).json()).toMatchObject({ code: 'DUPLICATE', errors: [{ field: 'userId' }] });
    expect((await agent.post(url, { userId: outsider.id })).json().errors).toEqual([{ field: 'userId', message: 'is not a person of this organisation' }]);
    const laptop = await ok(agent.post('/api/v1/configuration-items', { name: 'assign-laptop', class: 'laptop' }));
    expect((await agent.post(url, { ciId: laptop.key })).json().errors).toEqual([{ field: 'ciId', message: 'per_user licences are assigned to people (userId)' }]);
    expect((await ok(reader.get(url), 200)).items).toHaveLength(1);
    expect((await ok(reader.get(`/api/v1/licences/${perUser.id}`), 200)).assignments).toBe(1);
    const metric = await agent.patch(`/api/v1/licences/${perUser.id}`, { version: 1, metric: 'per_device' });
    expect(metric.statusCode).toBe(409);
    expect(metric.json().errors).toEqual([{ field: 'metric', message: "does not fit the licence's assignments to 1 people" }]);
    expect((await ok(agent.patch(`/api/v1/licences/${perUser.id}`, { version: 1, metric: 'subscription', termStart: '2026-01-01', termEnd: '2026-12-31' }), 200)).metric).toBe('subscription');

    const perDevice = await ok(agent.post('/api/v1/licences', { name: 'Devices', software: { name: 'Assign Me' }, metric: 'per_device', quantity: 2 }));
    const onLaptop = await ok(agent.post(`/api/v1/licences/${perDevice.id}/assignments`, { ciId: laptop.key }));
    expect(onLaptop).toMatchObject({ person: null, ci: { key: laptop.key } });
    expect((await agent.post(`/api/v1/licences/${perDevice.id}/assignments`, { ciId: 'CI-999999' })).json().errors).toEqual([{ field: 'ciId', message: 'is not a configuration item of this organisation' }]);
    const site = await ok(agent.post('/api/v1/licences', { name: 'Site', software: { name: 'Assign Me' }, metric: 'site', quantity: 1 }));
    expect((await agent.post(`/api/v1/licences/${site.id}/assignments`, { userId: people[1]!.id })).json().errors).toEqual([{ field: 'userId', message: 'site licences are not assigned' }]);
    expect((await agent.delete(`/api/v1/licences/${perDevice.id}/assignments/${onLaptop.id}`)).statusCode).toBe(204);
    expect((await agent.delete(`/api/v1/licences/${perDevice.id}/assignments/${onLaptop.id}`)).statusCode).toBe(404);
    expect((await agent.delete(`/api/v1/licences/${perUser.id}/assignments/${ann.id}`)).statusCode).toBe(204);
    const events = await t.database.query<{ type: string }>('SELECT type FROM events WHERE entity_id IN ($1, $2) ORDER BY seq', [ann.id, onLaptop.id]);
    expect(events.map((e) => e.type)).toEqual(['licence_assignment.created', 'licence_assignment.created', 'licence_assignment.deleted', 'licence_assignment.deleted']);
  });
});

describe('compliance, end to end', () => {
  it('a per-device licence short by 2, with the true-up cost', async () => {
    const items = await installed({ name: 'Autodesk AutoCAD 2024 - English', publisher: 'Autodesk, Inc.', softwareVersion: '24.3.61.0' }, [{}, {}, {}, {}, {}], 'cad');
    const title = items[0]!.title;
    const licence = await ok(agent.post('/api/v1/licences', { name: 'AutoCAD seats', titleId: title.id, metric: 'per_device', quantity: 3, unitCost: 150_000, currency: 'EUR' }));
    const p = await position(title.id);
    expect(p).toMatchObject({
      asOf: '2026-06-15',
      title: { id: title.id, key: 'autodesk|autocad 2024' },
      status: 'shortfall',
      devices: 5,
      metrics: [{ metric: 'per_device', entitled: 3, consumed: 5, shortfall: 2, surplus: 0, trueUpCost: { currency: 'EUR', amount: 300_000 }, licences: [{ id: licence.id, name: 'AutoCAD seats' }] }],
      trueUpCost: [{ currency: 'EUR', amount: 300_000 }],
      unusedCost: [],
      removalCandidates: [],
    });
    // Retiring an item takes it out of the count.
    const retired = await ok(agent.patch(`/api/v1/configuration-items/${items[4]!.ci.id}`, { version: 1, status: 'retired' }), 200);
    expect(retired.status).toBe('retired');
    expect((await position(title.id)).metrics[0]).toMatchObject({ consumed: 4, shortfall: 1, trueUpCost: { amount: 150_000 } });
  });

  it('a per-user licence with assignments: assignees count, unassigned users are short and removal candidates', async () => {
    const [ann, ben, cid, dee] = people as [{ id: string }, { id: string }, { id: string }, { id: string }];
    const items = await installed({ name: 'Microsoft Project Professional 2021', publisher: 'Microsoft Corporation' }, [{ owner: ann.id }, { owner: ben.id }, { owner: cid.id }], 'proj');
    const title = items[0]!.title;
    const licence = await ok(agent.post('/api/v1/licences', { name: 'Project users', titleId: title.id, metric: 'per_user', quantity: 3, unitCost: 50_000, currency: 'USD' }));
    for (const person of [ann, ben, dee]) await ok(agent.post(`/api/v1/licences/${licence.id}/assignments`, { userId: person.id }));
    const p = await position(title.id);
    expect(p.metrics).toEqual([
      expect.objectContaining({ metric: 'per_user', entitled: 3, consumed: 4, shortfall: 1, named: true, trueUpCost: { currency: 'USD', amount: 50_000 } }),
    ]);
    expect(p.removalCandidates).toEqual([
      { ci: expect.objectContaining({ id: items[2]!.ci.id }), person: expect.objectContaining({ id: cid.id, name: 'Cid' }), metric: 'per_user', reasons: ['unassigned'], lastSeen: null, daysSinceSeen: null },
    ]);
  });

  it('an expired subscription entitles nothing and is priced at its renewal; a term ending soon is a renewal', async () => {
    const items = await installed({ name: 'Adobe Creative Cloud', publisher: 'Adobe Systems Incorporated' }, [{}, {}], 'cc');
    const title = items[0]!.title;
    const expired = await ok(
      agent.post('/api/v1/licences', { name: 'CC 2025', titleId: title.id, metric: 'subscription', quantity: 10, unitCost: 70_000, currency: 'EUR', termStart: '2025-01-01', termEnd: '2025-12-31' }),
    );
    const p = await position(title.id);
    expect(p.status).toBe('shortfall');
    expect(p.metrics[0]).toMatchObject({ metric: 'subscription', entitled: 0, consumed: 2, shortfall: 2, trueUpCost: { currency: 'EUR', amount: 140_000 }, licences: [], expiredLicences: [{ id: expired.id, name: 'CC 2025' }] });
    expect((await ok(reader.get(`/api/v1/licences/${expired.id}`), 200)).status).toBe('expired');
    const renewing = await ok(
      agent.post('/api/v1/licences', { name: 'CC 2026', titleId: title.id, metric: 'subscription', quantity: 3, unitCost: 70_000, currency: 'EUR', termStart: '2026-01-01', termEnd: '2026-07-31' }),
    );
    const now = await position(title.id);
    expect(now).toMatchObject({ status: 'over_licensed', metrics: [{ entitled: 3, consumed: 2, surplus: 1, unusedCost: [{ currency: 'EUR', amount: 70_000 }] }] });
    expect(now.renewals).toEqual([{ licence: { id: renewing.id, name: 'CC 2026' }, title: expect.objectContaining({ id: title.id }), metric: 'subscription', termEnd: '2026-07-31', daysLeft: 46, quantity: 3, cost: { currency: 'EUR', amount: 210_000 } }]);
    expect((await position(title.id, '?asOf=2025-06-01')).metrics[0]).toMatchObject({ entitled: 10, surplus: 8 });
  });

  it('concurrent licences count the highest usage peak of the window; per-core licences count cores', async () => {
    const items = await installed({ name: 'MATLAB R2024a', publisher: 'The MathWorks, Inc.' }, [{}, {}], 'mat');
    const title = items[0]!.title;
    await ok(agent.post('/api/v1/licences', { name: 'MATLAB network', titleId: title.id, metric: 'concurrent', quantity: 5 }));
    expect((await position(title.id)).metrics[0]).toMatchObject({ consumed: 2, estimated: true });
    await ok(agent.post(`/api/v1/software/${title.id}/usage-peaks`, { date: '2026-06-01', peak: 7 }));
    await ok(agent.post(`/api/v1/software/${title.id}/usage-peaks`, { date: '2026-01-01', peak: 40 }));
    expect((await position(title.id)).metrics[0]).toMatchObject({ entitled: 5, consumed: 7, shortfall: 2, estimated: false });
    await ok(agent.post(`/api/v1/software/${title.id}/usage-peaks`, { date: '2026-06-01', peak: 4 }));
    expect((await ok(reader.get(`/api/v1/software/${title.id}/usage-peaks`), 200)).items.map((p: { date: string; peak: number }) => [p.date, p.peak])).toEqual([['2026-06-01', 4], ['2026-01-01', 40]]);
    expect((await position(title.id, '?peakWindowDays=365')).metrics[0]).toMatchObject({ consumed: 40, shortfall: 35 });

    const servers = await installed({ name: 'Microsoft SQL Server 2022 Standard', publisher: 'Microsoft Corporation' }, [{ cls: 'server', cores: 16 }, { cls: 'server', cores: 2 }, { cls: 'server' }], 'sql');
    const sql = servers[0]!.title;
    await ok(agent.post('/api/v1/licences', { name: 'SQL cores', titleId: sql.id, metric: 'per_core', quantity: 24, minCoresPerDevice: 4, coreMultiplier: 1, unitCost: 400_000, currency: 'GBP' }));
    expect((await position(sql.id)).metrics[0]).toMatchObject({ metric: 'per_core', entitled: 24, consumed: 24, shortfall: 0, estimated: true });
  });

  it('lists the whole position by product, filters by status and title, pages, and flags stale installations', async () => {
    t.clock.set('2026-01-01T09:00:00Z');
    const stale = await installed({ name: 'Stale Viewer 3', publisher: 'Old Co' }, [{}, {}, {}], 'stale');
    const inventory = systemContext(t.database.db, t.orgId, 'inventory', t.clock);
    for (const { ci } of stale.slice(0, 2)) await recordInstallations(inventory, ci.key, [{ name: 'Stale Viewer 3', publisher: 'Old Co' }], 'inventory');
    t.clock.set('2026-06-15T10:00:00Z');
    const title = stale[0]!.title;
    await ok(agent.post('/api/v1/licences', { name: 'Viewer site', titleId: title.id, metric: 'site', quantity: 1 }));
    const detail = await position(title.id);
    expect(detail).toMatchObject({ status: 'compliant', metrics: [{ metric: 'site', entitled: null, consumed: 3 }] });
    // The third item's entry was made by hand: inventory never sees it, so it does not go stale.
    expect(detail.removalCandidates.map((c: { ci: { id: string }; reasons: string[]; daysSinceSeen: number; lastSeen: string }) => [c.ci.id, c.reasons, c.daysSinceSeen, c.lastSeen])).toEqual(
      stale.slice(0, 2).map(({ ci }) => [ci.id, ['stale'], 165, '2026-01-01']).sort(),
    );

    const all = await ok(reader.get('/api/v1/licences/compliance?limit=200'), 200);
    const products = all.items.map((i: { title: { product: string } }) => i.title.product);
    expect(products).toEqual([...products].sort((a: string, b: string) => a.toLowerCase().localeCompare(b.toLowerCase())));
    expect(all.summary.titles).toBe(all.items.length);
    expect(all.summary.shortfall).toBe(all.items.filter((i: { status: string }) => i.status === 'shortfall').length);
    expect(all.items.find((i: { title: { id: string } }) => i.title.id === title.id)).toMatchObject({ status: 'compliant', removalCandidates: 2 });
    const short = await ok(reader.get('/api/v1/licences/compliance?status=shortfall'), 200);
    expect(short.items.map((i: { title: { product: string }; status: string }) => [i.title.product, i.status])).toEqual([
      ['AutoCAD 2024', 'shortfall'],
      ['Project Professional 2021', 'shortfall'],
    ]);
    expect(short.summary).toMatchObject({ titles: 2, shortfall: 2, trueUpCost: [{ currency: 'EUR', amount: 150_000 }, { currency: 'USD', amount: 50_000 }] });
    const one = await ok(reader.get(`/api/v1/licences/compliance?titleId=${title.id}`), 200);
    expect(one.items.map((i: { title: { id: string } }) => i.title.id)).toEqual([title.id]);
    const pages = [];
    let cursor = '';
    for (let i = 0; i < 20; i++) {
      const page = await ok(reader.get(`/api/v1/licences/compliance?limit=2${cursor ? `&cursor=${cursor}` : ''}`), 200);
      pages.push(...page.items.map((x: { title: { id: string } }) => x.title.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(pages).toEqual(all.items.map((x: { title: { id: string } }) => x.title.id));
    expect((await reader.get('/api/v1/licences/compliance?cursor=bm9wZQ')).json().errors[0].field).toBe('cursor');
  });

  it('answers unlicensed for a title without licences, and keeps requesters out', async () => {
    const [item] = await installed({ name: 'Freeware Thing', publisher: 'Free' }, [{}], 'free');
    expect(await position(item!.title.id)).toMatchObject({ status: 'unlicensed', devices: 1, metrics: [], removalCandidates: [], renewals: [] });
    expect((await requester.get(`/api/v1/software/${item!.title.id}/compliance`)).statusCode).toBe(403);
    expect((await requester.get('/api/v1/licences/compliance')).statusCode).toBe(403);
    expect((await reader.post(`/api/v1/software/${item!.title.id}/usage-peaks`, { date: '2026-06-01', peak: 1 })).statusCode).toBe(403);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type Caller, type TestApp } from '../../../test/support/app.ts';
import { seedCis } from './seed-cis.ts';

let t: TestApp;
let admin: Caller;
beforeAll(async () => {
  t = await makeTestApp();
  admin = await t.admin();
});
afterAll(() => t.close());

describe('bulk CMDB seeding', () => {
  it('writes items of every layer with valid attributes and links, continuing the key sequence', async () => {
    const before = (await admin.post('/api/v1/configuration-items', { name: 'Existing', class: 'server' })).json();
    const progress: number[] = [];
    const written = await seedCis(t.database.db, { orgId: t.orgId, count: 600, relationships: 3000, batchSize: 1000, onProgress: (p) => progress.push(p.done) });
    expect(written.items).toBe(600);
    expect(written.relationships).toBeGreaterThan(2800);
    expect(progress.at(-1)).toBe(3600);
    const [{ n, keys, links, selfLinks }] = await t.database.query<{ n: number; keys: number; links: number; selfLinks: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT key)::int AS keys, (SELECT count(*)::int FROM ci_relationships) AS links,
        (SELECT count(*)::int FROM ci_relationships WHERE source_id = target_id) AS "selfLinks" FROM configuration_items`,
    );
    expect([n, keys, links, selfLinks]).toEqual([601, 601, written.relationships, 0]);
    const next = (await admin.post('/api/v1/configuration-items', { name: 'After', class: 'server' })).json();
    expect(Number(next.key.slice(3))).toBe(Number(before.key.slice(3)) + 601);

    const classes = (await admin.get('/api/v1/ci-classes?limit=200')).json().items as { key: string }[];
    for (const { key } of classes) {
      const page = (await admin.get(`/api/v1/configuration-items?class=${key}&limit=20`)).json();
      for (const item of page.items) {
        // Every seeded value passes the class's own checks: writing it back changes nothing and is accepted.
        const res = await admin.patch(`/api/v1/configuration-items/${item.id}`, { version: item.version, attributes: item.attributes });
        expect(res.statusCode, `${item.key} ${res.body}`).toBe(200);
      }
    }
    const ubuntu = (await admin.get('/api/v1/configuration-items?class=virtual_machine&attr.os=Ubuntu&limit=200')).json();
    expect(ubuntu.items.length).toBeGreaterThan(10);
    const service = (await admin.get('/api/v1/configuration-items?class=business_service&limit=1')).json().items[0];
    const impact = (await admin.get(`/api/v1/configuration-items/${service.key}/impact?direction=upstream&depth=6`)).json();
    expect(impact.items.length).toBeGreaterThan(5);
    expect(impact.items.every((i: { path: unknown[]; depth: number }) => i.path.length === i.depth)).toBe(true);
  });
});

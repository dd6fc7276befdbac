import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type Caller, type TestApp } from '../../../test/support/app.ts';
import { parseHumanKey } from '../../platform/keys/human-keys.ts';
import { seedTickets } from './bulk-seed.ts';
import { rankedMatches } from './ticket-query.ts';

let t: TestApp;
let admin: Caller;
beforeAll(async () => {
  t = await makeTestApp();
  admin = await t.admin();
});
afterAll(() => t.close());

describe('bulk ticket seeding', () => {
  it('writes a year of tickets with conversation, search text and SLA clocks, continuing the key sequences', async () => {
    const before = (await admin.post('/api/v1/tickets', { type: 'incident', title: 'Existing' })).json();
    const progress: number[] = [];
    expect(await seedTickets(t.database.db, { orgId: t.orgId, count: 450, batchSize: 200, clock: t.clock, onProgress: (p) => progress.push(p.done) })).toBe(450);
    expect(progress).toEqual([200, 400, 450]);
    const [{ n, keys, comments, slas, searchable }] = await t.database.query<{ n: number; keys: number; comments: number; slas: number; searchable: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT key)::int AS keys,
        (SELECT count(*)::int FROM ticket_comments) AS comments, (SELECT count(*)::int FROM ticket_slas) AS slas,
        count(*) FILTER (WHERE search IS NOT NULL)::int AS searchable FROM tickets`,
    );
    expect(n).toBe(451);
    expect(keys).toBe(451);
    expect(comments).toBe(900);
    expect(slas).toBeGreaterThanOrEqual(900);
    expect(searchable).toBe(451);
    const incidents = await t.database.query<{ key: string }>(`SELECT key FROM tickets WHERE type = 'incident'`);
    const numbers = incidents.map((r) => parseHumanKey(r.key)!.number).sort((a, b) => a - b);
    expect(numbers).toEqual(numbers.map((_, i) => i + 1)); // no gaps, no duplicates, after the existing INC-1
    expect(before.key).toBe('INC-1');
    const next = (await admin.post('/api/v1/tickets', { type: 'incident', title: 'After the seed' })).json();
    expect(parseHumanKey(next.key)!.number).toBe(numbers.length + 1);
    // The seeded tickets are ordinary tickets to the API: listed, searchable, counted.
    expect((await admin.get('/api/v1/tickets?q=printer&limit=5')).json().items.length).toBeGreaterThan(0);
    expect((await admin.get('/api/v1/tickets?view=open&limit=5')).json().items.length).toBe(5);
    const at = (days: number) => new Date(t.clock.now().getTime() + days * 86_400_000).toISOString();
    const kpis = (await admin.get(`/api/v1/desk/kpis?from=${at(-366)}&to=${at(1)}`)).json();
    expect(kpis.total.created).toBe(452);
    expect(kpis.total.responseCompliance).toBeGreaterThan(0);
  });

  it('ranks the newest thousand matches of a broad search, across age bands, page after page', async () => {
    await seedTickets(t.database.db, { orgId: t.orgId, count: 700, batchSize: 350, clock: t.clock });
    // Every seeded description says "reconnect": 1,150 matches, spread over a year.
    const seen: { id: string }[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = (await admin.get(`/api/v1/tickets?q=reconnect&limit=200${cursor ? `&cursor=${cursor}` : ''}`)).json();
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(rankedMatches);
    const newest = await t.database.query<{ id: string }>(
      `SELECT id FROM tickets WHERE search @@ websearch_to_tsquery('english', 'reconnect') ORDER BY created_at DESC LIMIT ${rankedMatches}`,
    );
    expect(new Set(seen.map((i) => i.id))).toEqual(new Set(newest.map((r) => r.id)));
  });
});

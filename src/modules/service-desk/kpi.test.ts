import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type Caller, type TestApp } from '../../../test/support/app.ts';

let t: TestApp;
let admin: Caller;
let agent: Caller;
let agentId: string;
let requester: Caller;
let team: { id: string; name: string };
let signInAll: () => Promise<void>;

async function setClock(iso: string) {
  t.clock.set(iso);
  await signInAll();
}
const minutes = (n: number) => t.clock.advance(n * 60_000);

beforeAll(async () => {
  t = await makeTestApp();
  const a = await t.makePerson({ name: 'Kim Agent' });
  const r = await t.makePerson({ name: 'Kai Requester', role: 'requester' });
  agentId = a.id;
  signInAll = async () => {
    admin = await t.admin();
    agent = await t.login(a.email, a.password);
    requester = await t.login(r.email, r.password);
  };
  await setClock('2026-09-30T12:00:00Z');
  team = (await admin.post('/api/v1/teams', { name: 'Desk' })).json();
  await admin.post(`/api/v1/teams/${team.id}/members`, { userId: agentId });
  await admin.post('/api/v1/sla-policies', { name: '24x7', targets: { response: { '2': 10, '3': 30 }, resolution: { '2': 60, '3': 240 }, ola: {} } });

  // October: two tickets. A (P3) answered after 20 min, resolved after 120 min, rated 5.
  await setClock('2026-10-05T09:00:00Z');
  const a1 = (await requester.post('/api/v1/tickets', { type: 'incident', title: 'A' })).json();
  minutes(20);
  await agent.post(`/api/v1/tickets/${a1.id}/comments`, { text: 'On it' });
  minutes(100);
  const a1now = (await agent.get(`/api/v1/tickets/${a1.id}`)).json();
  const a1resolved = (await agent.patch(`/api/v1/tickets/${a1.id}`, { version: a1now.version, groupId: team.id, status: 'resolved', resolutionCode: 'fixed' })).json();
  await requester.post(`/api/v1/tickets/${a1.id}/rating`, { rating: 5 });
  expect(a1resolved.status).toBe('resolved');
  // B (P2) answered after 40 min (response SLA of 10 breached), resolved after 60 min, reopened, resolved again.
  await setClock('2026-10-20T09:00:00Z');
  const b = (await requester.post('/api/v1/tickets', { type: 'incident', title: 'B', urgency: 'high' })).json();
  minutes(40);
  await agent.post(`/api/v1/tickets/${b.id}/comments`, { text: 'Sorry for the wait' });
  minutes(20);
  let bNow = (await agent.get(`/api/v1/tickets/${b.id}`)).json();
  bNow = (await agent.patch(`/api/v1/tickets/${b.id}`, { version: bNow.version, groupId: team.id, status: 'resolved', resolutionCode: 'fixed' })).json();
  await requester.post(`/api/v1/tickets/${b.id}/reopen`, { version: bNow.version, reason: 'No' });
  await agent.post(`/api/v1/tickets/${b.id}/comments`, { text: 'Fixed properly now' });
  bNow = (await agent.get(`/api/v1/tickets/${b.id}`)).json();
  await agent.patch(`/api/v1/tickets/${b.id}`, { version: bNow.version, status: 'resolved', resolutionCode: 'fixed' });
  // November: one ticket still open.
  await setClock('2026-11-02T09:00:00Z');
  await requester.post('/api/v1/tickets', { type: 'question', title: 'C' });
  await setClock('2026-11-04T09:00:00Z');
});
afterAll(() => t.close());

describe('desk KPIs', () => {
  it('computes volume, MTTA, MTTR, FCR, reopen rate, SLA compliance, satisfaction, backlog and aging', async () => {
    const res = await agent.get('/api/v1/desk/kpis?from=2026-10-01T00:00:00Z&to=2026-11-04T09:00:00Z&timeZone=Europe/Berlin');
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report.total).toMatchObject({
      created: 3,
      resolved: 2,
      mttaMinutes: 30, // (20 + 40) / 2; C has no reply yet
      firstContactResolution: 0.5, // A: one reply, no reopen; B: reopened
      reopenRate: 0.5,
      responseCompliance: 0.5, // A met 30, B breached 10
      satisfaction: 5,
      ratings: 1,
    });
    // MTTR by the current resolution time: A 120 min, B resolved again right after its reopen at 60 min.
    expect(report.total.mttrMinutes).toBe(90);
    expect(report.byPriority.map((r: { label: string; created: number }) => [r.label, r.created])).toEqual([
      ['P2', 1],
      ['P3', 2],
    ]);
    expect(report.byMonth.map((r: { key: string; created: number; resolved: number }) => [r.key, r.created, r.resolved])).toEqual([
      ['2026-10', 2, 2],
      ['2026-11', 1, 0],
    ]);
    expect(report.byGroup.find((g: { label: string }) => g.label === 'Desk')).toMatchObject({ resolved: 2 });
    expect(report.backlog).toBe(1);
    expect(report.aging.find((a: { bucket: string }) => a.bucket === '1–3 days').count).toBe(1);
  });

  it('keeps the hourly figures equal to a recount from the tickets and clocks after every kind of change', async () => {
    const figures = `sum(created)::int AS created, sum(first_responses)::int AS fr, sum(response_seconds)::bigint::text AS rs, sum(resolved)::int AS resolved,
      sum(resolution_seconds)::bigint::text AS ress, sum(first_contact)::int AS fc, sum(reopened)::int AS reopened, sum(rated)::int AS rated,
      sum(rating_sum)::int AS rating, sum(response_met)::int AS rm, sum(response_total)::int AS rt, sum(resolution_met)::int AS sm, sum(resolution_total)::int AS st`;
    const kept = () => t.database.query(`SELECT hour, priority, group_id, ${figures} FROM desk_kpi_hours GROUP BY 1, 2, 3 HAVING sum(created) <> 0 OR sum(resolved) <> 0 OR sum(response_total) <> 0 OR sum(resolution_total) <> 0 ORDER BY 1, 2, 3`);
    const recount = () =>
      t.database.query(`SELECT hour, priority, group_id, ${figures} FROM (
        SELECT c.* FROM tickets t, desk_kpi_ticket_cells(1, t) c UNION ALL SELECT c.* FROM ticket_slas s, desk_kpi_clock_cells(1, s) c) cells
        GROUP BY 1, 2, 3 HAVING sum(created) <> 0 OR sum(resolved) <> 0 OR sum(response_total) <> 0 OR sum(resolution_total) <> 0 ORDER BY 1, 2, 3`);
    expect((await kept()).length).toBeGreaterThan(3);
    expect(await kept()).toEqual(await recount());
    // A priority change, a regrouping and a merge move figures between cells; they still add up.
    const list = (await agent.get('/api/v1/tickets?limit=10')).json().items as { id: string; version: number; key: string }[];
    const c = list.find((x) => x.key.startsWith('QST'))!;
    await agent.patch(`/api/v1/tickets/${c.id}`, { version: c.version, urgency: 'high', groupId: team.id });
    expect(await kept()).toEqual(await recount());
  });

  it('exports a breakdown as CSV', async () => {
    const res = await agent.get('/api/v1/desk/kpis/export?from=2026-10-01T00:00:00Z&to=2026-11-04T09:00:00Z&breakdown=month');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain('steward-kpis-month.csv');
    const rows = parse(res.body, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.month, r.created, r.reopen_rate_pct])).toEqual([
      ['2026-10', '2', '50'],
      ['2026-11', '1', ''],
    ]);
  });

  it('refuses a bad period or zone naming the field, and requesters', async () => {
    const backwards = await agent.get('/api/v1/desk/kpis?from=2026-11-01T00:00:00Z&to=2026-10-01T00:00:00Z');
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().errors[0].field).toBe('from');
    expect((await agent.get('/api/v1/desk/kpis?timeZone=Mars/Base')).json().errors[0].field).toBe('timeZone');
    expect((await requester.get('/api/v1/desk/kpis')).statusCode).toBe(403);
  });

  it('counts months in zones whose midnight falls mid-hour, and periods that start and end mid-hour', async () => {
    // In Kolkata (UTC+5:30) November starts at 31 October 18:30 UTC, in the middle of an hour.
    await setClock('2026-10-31T18:15:00Z');
    await requester.post('/api/v1/tickets', { type: 'question', title: 'Late October' });
    await setClock('2026-10-31T18:45:00Z');
    await requester.post('/api/v1/tickets', { type: 'question', title: 'Early November in Kolkata' });
    await setClock('2026-11-04T09:00:00Z');
    const kolkata = (await agent.get('/api/v1/desk/kpis?from=2026-10-05T09:10:00Z&to=2026-11-02T09:00:30Z&timeZone=Asia/Kolkata')).json();
    expect(kolkata.total.created).toBe(4); // A at 09:00 is before the period; B, the two late-October ones and C are in it
    expect(kolkata.byMonth.map((r: { key: string; created: number; resolved: number }) => [r.key, r.created, r.resolved])).toEqual([
      ['2026-10', 2, 2],
      ['2026-11', 2, 0],
    ]);
    const utc = (await agent.get('/api/v1/desk/kpis?from=2026-10-05T09:10:00Z&to=2026-11-02T09:00:30Z')).json();
    expect(utc.byMonth.map((r: { key: string; created: number }) => [r.key, r.created])).toEqual([
      ['2026-10', 3],
      ['2026-11', 1],
    ]);
    const justBefore = (await agent.get('/api/v1/desk/kpis?from=2026-10-05T08:59:59Z&to=2026-10-05T09:00:00Z')).json();
    expect(justBefore.total.created).toBe(0);
    const justAt = (await agent.get('/api/v1/desk/kpis?from=2026-10-05T09:00:00Z&to=2026-10-05T09:00:01Z')).json();
    expect(justAt.total.created).toBe(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type Caller, type TestApp } from '../../../../test/support/app.ts';
import { SubscriberRegistry } from '../../../platform/events/subscribers.ts';
import { JobRuntime } from '../../../platform/jobs/runtime.ts';
import { deskTasks } from '../jobs.ts';
import { sweepSlas } from './sweep.ts';

let t: TestApp;
let admin: Caller;
let agent: Caller;
let agentId: string;
let requester: Caller;
let team: { id: string };
let calendar: { id: string; version: number };

const berlinWeek = {
  timeZone: 'Europe/Berlin',
  alwaysOpen: false,
  hours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ start: '09:00', end: '17:00' }]])),
  holidays: [{ date: '12-25', name: 'Christmas Day' }],
};
const minutes = (n: number) => n * 60_000;

/** Sets the test clock to an instant and signs everyone in again (long jumps expire sessions). */
let signInAll: () => Promise<void>;
async function setClock(iso: string) {
  t.clock.set(iso);
  await signInAll();
}
const sweep = () => sweepSlas(t.database.db, t.clock);

beforeAll(async () => {
  t = await makeTestApp();
  const a = await t.makePerson({ name: 'Sam Agent' });
  const r = await t.makePerson({ name: 'Rhea Requester', role: 'requester' });
  agentId = a.id;
  signInAll = async () => {
    admin = await t.admin();
    agent = await t.login(a.email, a.password);
    requester = await t.login(r.email, r.password);
  };
  await setClock('2026-11-20T15:30:00Z'); // Friday 16:30 in Berlin
  team = (await admin.post('/api/v1/teams', { name: 'Second line' })).json();
  await admin.post(`/api/v1/teams/${team.id}/members`, { userId: agentId });
  const made = await admin.post('/api/v1/business-calendars', { name: 'Berlin office', spec: berlinWeek });
  expect(made.statusCode, made.body).toBe(201);
  calendar = made.json();
  const policy = await admin.post('/api/v1/sla-policies', {
    name: 'Standard',
    calendarId: calendar.id,
    targets: { response: { '2': 30, '3': 60 }, resolution: { '2': 240, '3': 480 }, ola: { '3': 240 } },
    escalations: [{ on: 'breach', metric: 'response', action: 'raise_priority' }],
  });
  expect(policy.statusCode, policy.body).toBe(201);
});
afterAll(() => t.close());

async function open(caller: Caller, body: Record<string, unknown> = {}) {
  const res = await caller.post('/api/v1/tickets', { type: 'incident', title: 'VPN is down', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('business calendars and SLA policies', () => {
  it('validates calendars and policies, naming the field', async () => {
    const overlap = await admin.post('/api/v1/business-calendars', {
      name: 'Bad',
      spec: { ...berlinWeek, hours: { mon: [{ start: '09:00', end: '12:00' }, { start: '11:00', end: '13:00' }] } },
    });
    expect(overlap.statusCode).toBe(400);
    expect(overlap.json().errors[0].field).toBe('spec.hours.mon.1.start');
    const zone = await admin.post('/api/v1/business-calendars', { name: 'Bad', spec: { ...berlinWeek, timeZone: 'Mars/Olympus' } });
    expect(zone.json().errors[0].field).toBe('spec.timeZone');
    const noCalendar = await admin.post('/api/v1/sla-policies', { name: 'x', calendarId: '01a20102-0000-7000-8000-000000000000', targets: { response: {}, resolution: {}, ola: {} } });
    expect(noCalendar.json().errors[0].field).toBe('calendarId');
    const noGroup = await admin.post('/api/v1/sla-policies', { name: 'x', targets: { response: {}, resolution: {}, ola: {} }, escalations: [{ on: 'breach', metric: 'resolution', action: 'reassign' }] });
    expect(noGroup.json().errors[0].field).toBe('escalations.0.groupId');
    expect((await agent.post('/api/v1/business-calendars', { name: 'Mine', spec: berlinWeek })).statusCode).toBe(403);
    expect((await admin.delete(`/api/v1/business-calendars/${calendar.id}`)).statusCode).toBe(409);
  });
});

describe('SLA clocks on tickets', () => {
  it('counts business time only: a Friday-afternoon ticket is due on Monday morning', async () => {
    await setClock('2026-11-20T15:30:00Z');
    const ticket = await open(agent);
    expect(ticket.sla.policy.name).toBe('Standard');
    expect(ticket.sla.calendar.name).toBe('Berlin office');
    // 30 minutes left on Friday (to 17:00), the other 30 on Monday from 09:00 Berlin (08:00Z).
    expect(ticket.sla.response).toMatchObject({ targetMinutes: 60, state: 'running', dueAt: '2026-11-23T08:30:00.000Z' });
    // 480 minutes: 30 on Friday, 450 on Monday → Monday 16:30 Berlin.
    expect(ticket.sla.resolution.dueAt).toBe('2026-11-23T15:30:00.000Z');
    expect(ticket.sla.ola).toBeNull(); // no group yet
    await setClock('2026-11-22T12:00:00Z'); // Sunday: the clock has not moved since Friday 17:00
    const sunday = (await agent.get(`/api/v1/tickets/${ticket.id}`)).json();
    expect(sunday.sla.response).toMatchObject({ elapsedMs: minutes(30), remainingMs: minutes(30), state: 'running' });
    // Requesters see the same clocks on their tickets.
    const mine = await open(requester);
    expect((await requester.get(`/api/v1/tickets/${mine.id}`)).json().sla.resolution.state).toBe('running');
  });

  it('stops the clock while pending, so pauses consume nothing', async () => {
    await setClock('2026-11-23T08:00:00Z'); // Monday 09:00 Berlin
    const ticket = await open(agent, { assigneeId: agentId, groupId: team.id });
    expect(ticket.sla.ola).toMatchObject({ targetMinutes: 240, group: { id: team.id } });
    t.clock.advance(minutes(20));
    const pending = (await agent.patch(`/api/v1/tickets/${ticket.id}`, { version: ticket.version, status: 'pending', pendingReason: 'awaiting_requester' })).json();
    expect(pending.sla.resolution.state).toBe('paused');
    t.clock.advance(minutes(90));
    const during = (await agent.get(`/api/v1/tickets/${ticket.id}`)).json();
    expect(during.sla.resolution).toMatchObject({ elapsedMs: minutes(20), state: 'paused', pausedMs: minutes(90) });
    const resumed = (await agent.patch(`/api/v1/tickets/${ticket.id}`, { version: pending.version, status: 'in_progress' })).json();
    expect(resumed.sla.resolution).toMatchObject({ state: 'running', elapsedMs: minutes(20) });
    // 480 minutes from 09:00, pushed out by the 90-minute pause → 18:30, i.e. Tuesday 10:30 Berlin.
    expect(resumed.sla.resolution.dueAt).toBe('2026-11-24T09:30:00.000Z');
  });

  it('keeps the elapsed time when the priority changes, and recomputes the due time', async () => {
    await setClock('2026-11-24T08:00:00Z'); // Tuesday 09:00 Berlin
    const ticket = await open(agent);
    t.clock.advance(minutes(10));
    const raised = (await agent.patch(`/api/v1/tickets/${ticket.id}`, { version: ticket.version, urgency: 'high' })).json();
    expect(raised.priority).toBe(2);
    expect(raised.sla.response).toMatchObject({ targetMinutes: 30, elapsedMs: minutes(10), remainingMs: minutes(20), dueAt: '2026-11-24T08:30:00.000Z' });
  });

  it('meets the response target at the first public reply, and resumes resolution on reopen without counting the resolved time', async () => {
    await setClock('2026-11-25T08:00:00Z'); // Wednesday 09:00 Berlin
    const ticket = await open(requester);
    t.clock.advance(minutes(15));
    await agent.post(`/api/v1/tickets/${ticket.id}/comments`, { text: 'Looking into it', visibility: 'public' });
    const answered = (await agent.get(`/api/v1/tickets/${ticket.id}`)).json();
    expect(answered.sla.response).toMatchObject({ state: 'met', elapsedMs: minutes(15), stoppedAt: '2026-11-25T08:15:00.000Z' });
    t.clock.advance(minutes(45));
    const resolved = (await agent.patch(`/api/v1/tickets/${ticket.id}`, { version: answered.version, status: 'resolved', resolutionCode: 'fixed' })).json();
    expect(resolved.sla.resolution).toMatchObject({ state: 'met', elapsedMs: minutes(60) });
    t.clock.advance(minutes(120));
    const reopened = await requester.post(`/api/v1/tickets/${ticket.id}/reopen`, { version: resolved.version, reason: 'Still broken' });
    expect(reopened.json().sla.resolution).toMatchObject({ state: 'running', elapsedMs: minutes(60), stoppedAt: null });
    expect(reopened.json().sla.response.state).toBe('met');
  });

  it('warns and breaches once, runs the escalation once, and a second sweep (or a restart) changes nothing', async () => {
    await setClock('2026-11-26T08:00:00Z'); // Thursday 09:00 Berlin
    const ticket = await open(agent, { title: 'Payroll export fails' });
    expect(ticket.priority).toBe(3);
    t.clock.advance(minutes(46)); // past 75 % of the 60-minute response target
    expect(await sweep()).toMatchObject({ warnings: expect.any(Number) });
    let current = (await agent.get(`/api/v1/tickets/${ticket.id}`)).json();
    expect(current.sla.response.warnedAt).toBe(t.clock.now().toISOString());
    expect(current.sla.response.breachedAt).toBeNull();
    t.clock.advance(minutes(15));
    await sweep();
    current = (await agent.get(`/api/v1/tickets/${ticket.id}`)).json();
    expect(current.sla.response.breachedAt).toBe(t.clock.now().toISOString());
    expect(current.priority).toBe(2); // the breach escalation raised it
    await sweep();
    await sweep();
    const history = (await agent.get(`/api/v1/tickets/${ticket.id}/history?limit=200`)).json().items.map((h: { action: string }) => h.action);
    expect(history.filter((a: string) => a === 'sla_warning')).toHaveLength(1);
    expect(history.filter((a: string) => a === 'sla_breached')).toHaveLength(1);
    expect(history.filter((a: string) => a === 'sla_priority_raised')).toHaveLength(1);
    expect((await agent.get(`/api/v1/tickets/${ticket.id}`)).json().priority).toBe(2);
  });

  it('picks the first matching policy: a VIP policy before the standard one', async () => {
    await setClock('2026-11-26T10:00:00Z');
    const vip = await t.makePerson({ name: 'Victor VIP', role: 'requester' });
    const person = (await admin.get(`/api/v1/people/${vip.id}`)).json();
    expect((await admin.patch(`/api/v1/people/${vip.id}`, { version: person.version, vip: true })).json().vip).toBe(true);
    const made = await admin.post('/api/v1/sla-policies', { name: 'VIP', position: 1, conditions: { vipOnly: true }, targets: { response: { '3': 15 }, resolution: { '3': 120 }, ola: {} } });
    expect(made.statusCode, made.body).toBe(201);
    const vipTicket = await open(agent, { requesterId: vip.id });
    expect(vipTicket.sla).toMatchObject({ policy: { name: 'VIP' }, calendar: null, response: { targetMinutes: 15, dueAt: '2026-11-26T10:15:00.000Z' } });
    expect((await open(agent)).sla.policy.name).toBe('Standard');
    const policies = (await agent.get('/api/v1/sla-policies')).json().items.map((p: { name: string }) => p.name);
    expect(policies).toEqual(['VIP', 'Standard']);
  });
});

describe('the SLA sweep as a background job', () => {
  async function until(check: () => Promise<boolean>, what: string) {
    for (let i = 0; i < 100; i++) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`timed out waiting for ${what}`);
  }
  const runtime = () =>
    new JobRuntime({ database: t.database, clock: t.clock, subscribers: new SubscriberRegistry(), log: t.app.log, pollMs: 60_000, work: true, periodic: deskTasks });
  const actions = async (id: string) => (await agent.get(`/api/v1/tickets/${id}/history?limit=200`)).json().items.map((h: { action: string }) => h.action) as string[];

  it('breaches through pg-boss, and after a restart catches up what it missed without doubling anything', { timeout: 60_000 }, async () => {
    await setClock('2026-11-27T08:00:00Z'); // Friday 09:00 Berlin
    const first = await open(agent, { title: 'Breaches while the worker runs' });
    t.clock.advance(minutes(61));
    const jobs = runtime();
    await jobs.start();
    try {
      await until(async () => (await agent.get(`/api/v1/tickets/${first.id}`)).json().sla.response.breachedAt !== null, 'the first breach');
    } finally {
      await jobs.stop(5000);
    }
    // While no worker runs, a second ticket breaches.
    const second = await open(agent, { title: 'Breaches while the worker is down' });
    t.clock.advance(minutes(61));
    const again = runtime();
    await again.start();
    try {
      await until(async () => (await agent.get(`/api/v1/tickets/${second.id}`)).json().sla.response.breachedAt !== null, 'the missed breach');
      await new Promise((r) => setTimeout(r, 1500)); // further sweeps run meanwhile
    } finally {
      await again.stop(5000);
    }
    for (const ticket of [first, second]) {
      const seen = await actions(ticket.id);
      expect(seen.filter((a) => a === 'sla_breached'), ticket.title).toHaveLength(1);
      expect(seen.filter((a) => a === 'sla_priority_raised'), ticket.title).toHaveLength(1);
    }
  });
});

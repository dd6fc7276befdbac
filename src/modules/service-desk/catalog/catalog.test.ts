import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type Caller, type TestApp } from '../../../../test/support/app.ts';
import { checkAnswers } from './form-answers.ts';

let t: TestApp;
let admin: Caller;
let agent: Caller;
let agentId: string;
let manager: Caller;
let managerId: string;
let requester: Caller;
let requesterId: string;
let approvers: { id: string; caller: Caller }[];
let fulfil: { id: string };
let security: { id: string };

const laptopForm = [
  { key: 'model', label: 'Model', type: 'choice', required: true, options: ['13-inch', '15-inch'] },
  { key: 'start_date', label: 'Needed by', type: 'date', required: true },
  { key: 'monitors', label: 'Extra monitors', type: 'number', required: false, min: 0, max: 2 },
  { key: 'cost_centre', label: 'Cost centre', type: 'text', required: true, pattern: 'CC-[0-9]{4}' },
  { key: 'for_person', label: 'For', type: 'person', required: false },
];

beforeAll(async () => {
  t = await makeTestApp();
  admin = await t.admin();
  const a = await t.makePerson({ name: 'Fiona Fulfiller' });
  agentId = a.id;
  agent = await t.login(a.email, a.password);
  const m = await t.makePerson({ name: 'Mia Manager', role: 'requester' });
  managerId = m.id;
  manager = await t.login(m.email, m.password);
  const r = await t.makePerson({ name: 'Ravi Requester', role: 'requester' });
  requesterId = r.id;
  requester = await t.login(r.email, r.password);
  const person = (await admin.get(`/api/v1/people/${requesterId}`)).json();
  await admin.patch(`/api/v1/people/${requesterId}`, { version: person.version, managerId });
  approvers = [];
  for (const name of ['Sec One', 'Sec Two', 'Sec Three']) {
    const p = await t.makePerson({ name });
    approvers.push({ id: p.id, caller: await t.login(p.email, p.password) });
  }
  fulfil = (await admin.post('/api/v1/teams', { name: 'Fulfilment' })).json();
  await admin.post(`/api/v1/teams/${fulfil.id}/members`, { userId: agentId });
  security = (await admin.post('/api/v1/teams', { name: 'Security' })).json();
  for (const p of approvers) await admin.post(`/api/v1/teams/${security.id}/members`, { userId: p.id });
});
afterAll(() => t.close());

async function item(body: Record<string, unknown>) {
  const res = await admin.post('/api/v1/catalog-items', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
const pendingFor = async (caller: Caller) => (await caller.get('/api/v1/approvals?state=pending')).json().items;
const decideAll = async (caller: Caller, decision: 'approve' | 'reject', comment?: string) => {
  const [approval] = await pendingFor(caller);
  const res = await caller.post(`/api/v1/approvals/${approval.id}/decision`, { version: approval.version, decision, comment });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

describe('form answers', () => {
  it('reports every problem at once, naming values.<key>', () => {
    const { errors, values } = checkAnswers(laptopForm as never, { model: '17-inch', monitors: 5, cost_centre: 'x', extra: 1, start_date: '2026-02-30' });
    expect(errors).toEqual(
      expect.arrayContaining([
        { field: 'values.extra', message: 'is not a field of this form' },
        { field: 'values.model', message: 'must be one of: 13-inch, 15-inch' },
        { field: 'values.start_date', message: 'must be a date YYYY-MM-DD' },
        { field: 'values.monitors', message: 'must be at most 2' },
        { field: 'values.cost_centre', message: 'is not in the expected format' },
      ]),
    );
    expect(values).toEqual({});
    expect(checkAnswers(laptopForm as never, { model: '13-inch', start_date: '2026-12-01', cost_centre: ' CC-1234 ', monitors: '1' })).toEqual({
      values: { model: '13-inch', start_date: '2026-12-01', cost_centre: 'CC-1234', monitors: 1 },
      errors: [],
      people: [],
      cis: [],
    });
  });
});

describe('service catalogue', () => {
  it('validates item definitions, naming the field', async () => {
    const bad = await admin.post('/api/v1/catalog-items', {
      name: 'Broken',
      form: [{ key: 'x', label: 'X', type: 'choice' }],
      approvals: [{ kind: 'group' }],
      tasks: [{ title: 'Do it', groupId: '01a20102-0000-7000-8000-000000000000' }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['form.0.options', 'approvals.0.groupId']));
    const missingTeam = await admin.post('/api/v1/catalog-items', { name: 'Broken', tasks: [{ title: 'Do it', groupId: '01a20102-0000-7000-8000-000000000000' }] });
    expect(missingTeam.json().errors).toEqual([{ field: 'tasks.0.groupId', message: 'is not a team of this organisation' }]);
    expect((await agent.post('/api/v1/catalog-items', { name: 'Mine' })).statusCode).toBe(403);
  });

  it("runs a request through the manager's approval, N-of-M group approval and parallel tasks to resolution", async () => {
    const laptop = await item({
      name: 'New laptop',
      groupId: fulfil.id,
      form: laptopForm,
      approvals: [{ kind: 'manager' }, { kind: 'group', groupId: security.id, required: 2 }],
      tasks: [
        { title: 'Order the laptop', groupId: fulfil.id },
        { title: 'Image and enrol', groupId: fulfil.id },
      ],
    });
    expect((await requester.get('/api/v1/catalog-items')).json().items.map((i: { name: string }) => i.name)).toContain('New laptop');
    const bad = await requester.post(`/api/v1/catalog-items/${laptop.id}/requests`, { values: { model: 'Huge' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['values.cost_centre', 'values.model', 'values.start_date']);

    const res = await requester.post(`/api/v1/catalog-items/${laptop.id}/requests`, {
      values: { model: '13-inch', start_date: '2026-12-01', cost_centre: 'CC-0042', for_person: requesterId },
      note: 'Mine is eight years old',
    });
    expect(res.statusCode, res.body).toBe(201);
    const request = res.json();
    expect(request).toMatchObject({
      key: expect.stringMatching(/^REQ-\d+$/),
      type: 'request',
      status: 'pending',
      pendingReason: 'awaiting_approval',
      catalogItem: { id: laptop.id, name: 'New laptop' },
      formValues: { model: '13-inch', cost_centre: 'CC-0042' },
      group: { id: fulfil.id },
    });
    expect(request.description).toContain('**Model:** 13-inch');
    expect(request.description).toContain('**For:** Ravi Requester');
    const tasks = () => requester.get(`/api/v1/tickets/${request.id}/tasks`).then((r) => r.json().items);
    expect((await tasks()).map((x: { status: string }) => x.status)).toEqual(['waiting', 'waiting']);

    // Level 2 is not asked before level 1 decides.
    expect(await pendingFor(approvers[0]!.caller)).toEqual([]);
    // The manager reads the request they are asked to decide on (but may not change it).
    expect((await manager.get(`/api/v1/tickets/${request.id}`)).json().formValues).toMatchObject({ model: '13-inch' });
    const managerDecision = await decideAll(manager, 'approve', 'Fine by me');
    expect(managerDecision).toMatchObject({ state: 'approved', level: 1, approver: { id: managerId } });
    expect((await pendingFor(approvers[0]!.caller)).map((a: { ticket: { key: string } }) => a.ticket.key)).toEqual([request.key]);
    // Somebody else's approval cannot be decided by an agent who can see it.
    const [theirs] = await pendingFor(approvers[0]!.caller);
    expect((await agent.post(`/api/v1/approvals/${theirs.id}/decision`, { version: theirs.version, decision: 'approve' })).statusCode).toBe(403);
    expect((await requester.post(`/api/v1/approvals/${theirs.id}/decision`, { version: theirs.version, decision: 'approve' })).statusCode).toBe(404);

    await decideAll(approvers[0]!.caller, 'reject', 'Not in budget'); // 2 of the remaining 2 can still approve
    expect((await agent.get(`/api/v1/tickets/${request.id}`)).json().status).toBe('pending');
    await decideAll(approvers[1]!.caller, 'approve');
    await decideAll(approvers[2]!.caller, 'approve');
    const approved = (await agent.get(`/api/v1/tickets/${request.id}`)).json();
    expect(approved).toMatchObject({ status: 'assigned', pendingReason: null });
    const open = await tasks();
    expect(open.map((x: { status: string }) => x.status)).toEqual(['open', 'open']);

    const done1 = await agent.patch(`/api/v1/tickets/${request.id}/tasks/${open[0].id}`, { version: open[0].version, status: 'done', assigneeId: agentId, notes: 'Ordered' });
    expect(done1.statusCode, done1.body).toBe(200);
    expect((await agent.get(`/api/v1/tickets/${request.id}`)).json().status).toBe('assigned');
    await agent.patch(`/api/v1/tickets/${request.id}/tasks/${open[1].id}`, { version: open[1].version, status: 'done' });
    const fulfilled = (await requester.get(`/api/v1/tickets/${request.id}`)).json();
    expect(fulfilled).toMatchObject({ status: 'resolved', resolutionCode: 'fulfilled' });
    const confirmed = await requester.post(`/api/v1/tickets/${request.id}/confirm`, { version: fulfilled.version });
    expect(confirmed.json().status).toBe('closed');
    const history = (await agent.get(`/api/v1/tickets/${request.id}/history?limit=200`)).json().items.map((h: { action: string }) => h.action);
    expect(history).toEqual(expect.arrayContaining(['created', 'approval_approved', 'approval_rejected', 'approved', 'task_updated', 'fulfilled', 'confirmed']));
  });

  it('closes the request with the reason when a rejection leaves too few approvers', async () => {
    const vpn = await item({ name: 'VPN access', approvals: [{ kind: 'people', userIds: approvers.map((a) => a.id), required: 3 }], tasks: [{ title: 'Create the account', groupId: fulfil.id }] });
    const request = (await requester.post(`/api/v1/catalog-items/${vpn.id}/requests`, { values: {} })).json();
    const [approval] = await pendingFor(approvers[0]!.caller);
    const noReason = await approvers[0]!.caller.post(`/api/v1/approvals/${approval.id}/decision`, { version: approval.version, decision: 'reject' });
    expect(noReason.json().errors[0].field).toBe('comment');
    await decideAll(approvers[0]!.caller, 'reject', 'Contractors do not get VPN');
    const closed = (await requester.get(`/api/v1/tickets/${request.id}`)).json();
    expect(closed).toMatchObject({ status: 'closed', resolutionCode: 'rejected', resolutionNotes: 'Contractors do not get VPN' });
    const comments = (await requester.get(`/api/v1/tickets/${request.id}/comments`)).json().items.map((c: { text: string }) => c.text);
    expect(comments[0]).toContain('Contractors do not get VPN');
    expect(await pendingFor(approvers[1]!.caller)).toEqual([]);
    expect((await agent.get(`/api/v1/tickets/${request.id}/tasks`)).json().items[0].status).toBe('cancelled');
    // Agents see every approval of a ticket they can see.
    const again = await approvers[1]!.caller.get(`/api/v1/approvals?ticket=${request.key}`);
    expect(again.json().items.map((a: { state: string }) => a.state).sort()).toEqual(['rejected', 'skipped', 'skipped']);
  });

  it('refuses a manager approval when the requester has no manager, and writes nothing', async () => {
    const loner = await t.makePerson({ name: 'No Manager', role: 'requester' });
    const lonerCaller = await t.login(loner.email, loner.password);
    const software = await item({ name: 'Software install', approvals: [{ kind: 'manager' }] });
    const res = await lonerCaller.post(`/api/v1/catalog-items/${software.id}/requests`, { values: {} });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('requesterId');
    expect((await lonerCaller.get('/api/v1/tickets')).json().items).toEqual([]);
  });

  it('opens tasks at once for an item without approvals, and only agents may request on behalf of others', async () => {
    const toner = await item({ name: 'Toner', tasks: [{ title: 'Deliver toner', groupId: fulfil.id }], groupId: fulfil.id });
    const onBehalf = await requester.post(`/api/v1/catalog-items/${toner.id}/requests`, { values: {}, requesterId: managerId });
    expect(onBehalf.statusCode).toBe(403);
    const request = (await agent.post(`/api/v1/catalog-items/${toner.id}/requests`, { values: {}, requesterId }))!.json();
    expect(request).toMatchObject({ status: 'assigned', requester: { id: requesterId } });
    expect((await agent.get(`/api/v1/tickets/${request.id}/tasks`)).json().items[0].status).toBe('open');
    const retired = await admin.patch(`/api/v1/catalog-items/${toner.id}`, { version: toner.version, active: false });
    expect(retired.json().active).toBe(false);
    expect((await requester.get(`/api/v1/catalog-items/${toner.id}`)).statusCode).toBe(404);
    expect((await admin.delete(`/api/v1/catalog-items/${toner.id}`)).statusCode).toBe(409);
  });

  it("offers the requester's own items for a configuration-item question and links the chosen one to the request", async () => {
    const ci = async (body: Record<string, unknown>) => {
      const res = await admin.post('/api/v1/configuration-items', body);
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    };
    const mine = await ci({ name: 'Ravi ThinkPad', class: 'laptop', ownerId: requesterId });
    const theirs = await ci({ name: 'Fiona ThinkPad', class: 'laptop', ownerId: agentId });
    await ci({ name: 'Ravi old ThinkPad', class: 'laptop', ownerId: requesterId, status: 'retired' });
    const desktop = await ci({ name: 'Ravi desktop', class: 'desktop', ownerId: requesterId });

    // Unknown classes, and CI rules on other question types, are refused naming the field.
    const badClass = await admin.post('/api/v1/catalog-items', { name: 'Bad CI form', form: [{ key: 'device', label: 'Device', type: 'ci', ciClasses: ['laptop', 'spaceship'] }], approvals: [], tasks: [] });
    expect(badClass.statusCode).toBe(400);
    expect(badClass.json().errors).toEqual([expect.objectContaining({ field: 'form.0.ciClasses.1' })]);
    const misplaced = await admin.post('/api/v1/catalog-items', { name: 'Bad text form', form: [{ key: 'device', label: 'Device', type: 'text', ciClasses: ['laptop'] }], approvals: [], tasks: [] });
    expect(misplaced.statusCode).toBe(400);

    const repair = await item({
      name: 'Laptop repair',
      form: [{ key: 'device', label: 'Which laptop?', type: 'ci', required: true, ciClasses: ['laptop'], ownedByRequester: true }],
      approvals: [],
      tasks: [{ title: 'Collect the laptop', groupId: fulfil.id }],
    });
    const options = (query = '') => requester.get(`/api/v1/catalog-items/${repair.id}/fields/device/options${query}`);
    expect((await options()).json().items.map((o: { name: string }) => o.name)).toEqual(['Ravi ThinkPad']);
    expect((await options('?q=fiona')).json().items).toEqual([]);
    expect((await options(`?id=${theirs.id}`)).json().items).toEqual([]);
    expect((await options(`?id=${mine.id}`)).json().items).toEqual([{ id: mine.id, key: mine.key, name: 'Ravi ThinkPad', className: 'Laptop' }]);
    expect((await options(`?requesterId=${agentId}`)).statusCode).toBe(403);
    expect((await agent.get(`/api/v1/catalog-items/${repair.id}/fields/device/options?requesterId=${agentId}`)).json().items.map((o: { name: string }) => o.name)).toEqual(['Fiona ThinkPad']);
    expect((await requester.get(`/api/v1/catalog-items/${repair.id}/fields/nope/options`)).statusCode).toBe(404);

    // Someone else's laptop, a desktop or nonsense are refused; the own laptop (by key) is accepted.
    for (const answer of [theirs.id, desktop.key, 'not-a-ci']) {
      const refused = await requester.post(`/api/v1/catalog-items/${repair.id}/requests`, { values: { device: answer } });
      expect(refused.statusCode, answer).toBe(400);
      expect(refused.json().errors[0].field).toBe('values.device');
    }
    const made = await requester.post(`/api/v1/catalog-items/${repair.id}/requests`, { values: { device: mine.key } });
    expect(made.statusCode, made.body).toBe(201);
    const request = made.json();
    expect(request.description).toContain(`Ravi ThinkPad (${mine.key})`);
    const seenByAgent = (await agent.get(`/api/v1/tickets/${request.id}`)).json();
    expect(seenByAgent.affectedCis.map((c: { key: string }) => c.key)).toEqual([mine.key]);
    expect((await agent.get(`/api/v1/configuration-items/${mine.key}/tickets`)).json().items.map((x: { key: string }) => x.key)).toContain(request.key);
  });
});

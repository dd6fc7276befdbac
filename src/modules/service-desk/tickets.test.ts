import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type Caller, type TestApp } from '../../../test/support/app.ts';

let t: TestApp;
let admin: Caller;
let agent: Caller;
let agentId: string;
let requester: Caller;
let requesterId: string;
let other: Caller;
let team: { id: string };
let signInAll: () => Promise<void>;

/** Moves the clock on by whole days; sessions idle that long expire, so everyone signs in again. */
async function advanceDays(days: number) {
  t.clock.advance(days * 86_400_000);
  await signInAll();
}

beforeAll(async () => {
  t = await makeTestApp();
  const a = await t.makePerson({ name: 'Alice Agent' });
  const r = await t.makePerson({ name: 'Rita Requester', role: 'requester' });
  const o = await t.makePerson({ name: 'Oscar Other', role: 'requester' });
  agentId = a.id;
  requesterId = r.id;
  signInAll = async () => {
    admin = await t.admin();
    agent = await t.login(a.email, a.password);
    requester = await t.login(r.email, r.password);
    other = await t.login(o.email, o.password);
  };
  await signInAll();
  team = (await admin.post('/api/v1/teams', { name: 'Service Desk' })).json();
  await admin.post(`/api/v1/teams/${team.id}/members`, { userId: agentId });
});
afterAll(() => t.close());

async function open(caller: Caller, body: Record<string, unknown> = {}) {
  const res = await caller.post('/api/v1/tickets', { type: 'incident', title: 'Printer on floor 3 is jammed', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('tickets', () => {
  it('numbers each type in its own sequence and derives priority from impact × urgency', async () => {
    const inc = await open(agent, { impact: 'high', urgency: 'high' });
    const req = await open(agent, { type: 'request', title: 'New laptop', impact: 'low', urgency: 'low' });
    const qst = await open(agent, { type: 'question', title: 'How do I reset my VPN token?' });
    expect(inc.key).toMatch(/^INC-\d+$/);
    expect(req.key).toMatch(/^REQ-\d+$/);
    expect(qst.key).toBe('QST-1');
    expect([inc.priority, req.priority, qst.priority]).toEqual([1, 5, 3]);
    expect(inc).toMatchObject({ status: 'new', source: 'portal', requester: { id: agentId }, allowedTransitions: expect.arrayContaining(['assigned', 'cancelled']) });
    expect((await agent.get(`/api/v1/tickets/${inc.key}`)).json().id).toBe(inc.id);
    expect((await agent.get(`/api/v1/tickets/${inc.key.toLowerCase()}`)).json().id).toBe(inc.id);
  });

  it('uses the configured priority matrix', async () => {
    const settings = (await admin.get('/api/v1/desk/settings')).json();
    const matrix = { ...settings.priorityMatrix, low: { high: 2, medium: 4, low: 5 } };
    const saved = await admin.patch('/api/v1/desk/settings', { version: settings.version, priorityMatrix: matrix });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await admin.patch('/api/v1/desk/settings', { version: settings.version, reopenDays: 3 })).statusCode).toBe(409);
    expect((await open(agent, { impact: 'low', urgency: 'high' })).priority).toBe(2);
    const restore = await admin.patch('/api/v1/desk/settings', { version: saved.json().version, priorityMatrix: settings.priorityMatrix });
    expect(restore.statusCode).toBe(200);
    expect((await agent.patch('/api/v1/desk/settings', { version: restore.json().version, reopenDays: 1 })).statusCode).toBe(403);
  });

  it('moves through the lifecycle and refuses transitions it does not allow with 422 naming the allowed ones', async () => {
    const ticket = await open(agent);
    const closing = await agent.patch(`/api/v1/tickets/${ticket.id}`, { version: ticket.version, status: 'closed' });
    expect(closing.statusCode).toBe(422);
    expect(closing.json()).toMatchObject({ code: 'INVALID_TRANSITION', errors: [{ field: 'status', message: expect.stringContaining('resolved') }] });
    const assigned = (await agent.patch(`/api/v1/tickets/${ticket.id}`, { version: ticket.version, groupId: team.id, assigneeId: agentId })).json();
    expect(assigned).toMatchObject({ status: 'assigned', group: { id: team.id }, assignee: { id: agentId } });
    const noReason = await agent.patch(`/api/v1/tickets/${ticket.id}`, { version: assigned.version, status: 'pending' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].field).toBe('pendingReason');
    const pending = (await agent.patch(`/api/v1/tickets/${ticket.id}`, { version: assigned.version, status: 'pending', pendingReason: 'awaiting_vendor' })).json();
    expect(pending).toMatchObject({ status: 'pending', pendingReason: 'awaiting_vendor' });
    const working = (await agent.patch(`/api/v1/tickets/${ticket.id}`, { version: pending.version, status: 'in_progress' })).json();
    expect(working.pendingReason).toBeNull();
    const noCode = await agent.patch(`/api/v1/tickets/${ticket.id}`, { version: working.version, status: 'resolved' });
    expect(noCode.json().errors[0].field).toBe('resolutionCode');
    const resolved = (await agent.patch(`/api/v1/tickets/${ticket.id}`, { version: working.version, status: 'resolved', resolutionCode: 'fixed', resolutionNotes: 'Cleared the jam' })).json();
    expect(resolved).toMatchObject({ status: 'resolved', resolutionCode: 'fixed', allowedTransitions: ['in_progress', 'closed'] });
    expect(resolved.resolvedAt).not.toBeNull();
    const closed = (await agent.patch(`/api/v1/tickets/${ticket.id}`, { version: resolved.version, status: 'closed' })).json();
    expect(closed).toMatchObject({ status: 'closed', allowedTransitions: [] });
    const edit = await agent.patch(`/api/v1/tickets/${ticket.id}`, { version: closed.version, title: 'Changed' });
    expect(edit.statusCode).toBe(422);
    expect(edit.json().code).toBe('TICKET_NOT_OPEN');
  });

  it('refuses unknown references with 400 naming the field, and writes nothing', async () => {
    const missing = '01a20102-0000-7000-8000-000000000000';
    for (const [field, body] of [
      ['categoryId', { categoryId: missing }],
      ['groupId', { groupId: missing }],
      ['assigneeId', { assigneeId: missing }],
      ['requesterId', { requesterId: missing }],
      ['parentId', { parentId: missing }],
    ] as const) {
      const res = await agent.post('/api/v1/tickets', { type: 'incident', title: 'Bad reference', ...body });
      expect(res.statusCode, field).toBe(400);
      expect(res.json().errors[0].field).toBe(field);
    }
    const requesterAsAssignee = await agent.post('/api/v1/tickets', { type: 'incident', title: 'x', assigneeId: requesterId });
    expect(requesterAsAssignee.json().errors[0]).toEqual({ field: 'assigneeId', message: 'is not an agent' });
    const list = (await agent.get('/api/v1/tickets?q=reference')).json();
    expect(list.items).toEqual([]);
  });

  it('requires an assignee to belong to the assignment group', async () => {
    const outsider = await t.makePerson({ name: 'Not In Team' });
    const res = await agent.post('/api/v1/tickets', { type: 'incident', title: 'x', groupId: team.id, assigneeId: outsider.id });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toEqual({ field: 'assigneeId', message: 'is not a member of the assignment group' });
  });

  it('routes a ticket to its category’s default group', async () => {
    const hardware = (await admin.post('/api/v1/categories', { name: 'Hardware', defaultGroupId: team.id })).json();
    const printers = (await admin.post('/api/v1/categories', { name: 'Printers', parentId: hardware.id })).json();
    expect(printers.path).toBe('Hardware / Printers');
    const ticket = await open(requester, { categoryId: hardware.id });
    expect(ticket).toMatchObject({ group: { id: team.id }, status: 'assigned', category: { path: 'Hardware' } });
    const inChild = await open(agent, { categoryId: printers.id });
    const filtered = (await agent.get(`/api/v1/tickets?category=${hardware.id}`)).json();
    expect(filtered.items.map((i: { id: string }) => i.id)).toEqual(expect.arrayContaining([ticket.id, inChild.id]));
    const cycle = await admin.patch(`/api/v1/categories/${hardware.id}`, { version: hardware.version, parentId: printers.id });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json().errors[0].field).toBe('parentId');
    expect((await admin.delete(`/api/v1/categories/${printers.id}`)).statusCode).toBe(409);
    const off = (await admin.patch(`/api/v1/categories/${printers.id}`, { version: printers.version, active: false })).json();
    expect(off.active).toBe(false);
    expect((await requester.get('/api/v1/categories')).json().items.map((c: { id: string }) => c.id)).not.toContain(printers.id);
    const inactive = await agent.post('/api/v1/tickets', { type: 'incident', title: 'x', categoryId: printers.id });
    expect(inactive.json().errors[0]).toEqual({ field: 'categoryId', message: 'is no longer in use' });
  });
});

describe('the requester side', () => {
  it('sees only their own tickets; others get 404 with no existence leak', async () => {
    const mine = await open(requester, { title: 'My monitor flickers' });
    const theirs = await open(other, { title: 'Their keyboard is sticky' });
    expect(mine.source).toBe('portal');
    const list = (await requester.get('/api/v1/tickets?limit=200')).json().items.map((i: { id: string }) => i.id);
    expect(list).toContain(mine.id);
    expect(list).not.toContain(theirs.id);
    for (const url of [`/api/v1/tickets/${theirs.id}`, `/api/v1/tickets/${theirs.key}`, `/api/v1/tickets/${theirs.id}/comments`, `/api/v1/tickets/${theirs.id}/history`]) {
      const res = await requester.get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json().code).toBe('TICKET_NOT_FOUND');
    }
    expect((await requester.post(`/api/v1/tickets/${theirs.id}/comments`, { text: 'hello' })).statusCode).toBe(404);
    expect((await requester.patch(`/api/v1/tickets/${mine.id}`, { version: mine.version, title: 'x' })).statusCode).toBe(403);
  });

  it('cannot set desk-only fields, write internal notes, or read them', async () => {
    const refused = await requester.post('/api/v1/tickets', { type: 'incident', title: 'x', assigneeId: agentId, tags: ['vip'] });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().errors.map((e: { field: string }) => e.field)).toEqual(['assigneeId', 'tags']);
    const mine = await open(requester, { title: 'Cannot reach the intranet' });
    expect((await requester.post(`/api/v1/tickets/${mine.id}/comments`, { text: 'secret', visibility: 'internal' })).statusCode).toBe(403);
    await agent.post(`/api/v1/tickets/${mine.id}/comments`, { text: 'Probably the proxy again', visibility: 'internal' });
    await agent.post(`/api/v1/tickets/${mine.id}/comments`, { text: 'Can you try another browser?', visibility: 'public' });
    const seen = (await requester.get(`/api/v1/tickets/${mine.id}/comments`)).json().items.map((c: { text: string }) => c.text);
    expect(seen).toEqual(['Can you try another browser?']);
    const agentSees = (await agent.get(`/api/v1/tickets/${mine.id}/comments`)).json().items.map((c: { text: string }) => c.text);
    expect(agentSees).toEqual(['Probably the proxy again', 'Can you try another browser?']);
    // Nor can the words of an internal note be found by searching.
    expect((await requester.get('/api/v1/tickets?q=proxy')).json().items).toEqual([]);
    expect((await agent.get('/api/v1/tickets?q=proxy')).json().items.map((i: { id: string }) => i.id)).toEqual([mine.id]);
  });

  it('lets a read-only reader follow the conversation but not reply', async () => {
    const mine = await open(requester, { title: 'Audited ticket' });
    const auditor = await t.makePerson({ name: 'Audrey Auditor', role: 'read-only' });
    const reader = await t.login(auditor.email, auditor.password);
    expect((await reader.get(`/api/v1/tickets/${mine.id}/comments`)).statusCode).toBe(200);
    const reply = await reader.post(`/api/v1/tickets/${mine.id}/comments`, { text: 'Me too' });
    expect(reply.statusCode).toBe(403);
    const history = (await agent.get(`/api/v1/tickets/${mine.id}/history`)).json().items;
    expect(history[0].actor.label).toBe('Rita Requester'); // names, not e-mail addresses
  });

  it('stamps the first response, and a requester reply brings a pending ticket back to work', async () => {
    const mine = await open(requester, { title: 'Outlook keeps asking for my password' });
    const note = await agent.post(`/api/v1/tickets/${mine.id}/comments`, { text: 'checking logs', visibility: 'internal' });
    expect(note.statusCode).toBe(201);
    expect((await agent.get(`/api/v1/tickets/${mine.id}`)).json().firstResponseAt).toBeNull();
    t.clock.advance(60_000);
    await agent.post(`/api/v1/tickets/${mine.id}/comments`, { text: 'Did you change your password recently?' });
    const answered = (await agent.get(`/api/v1/tickets/${mine.id}`)).json();
    expect(answered.firstResponseAt).toBe(t.clock.now().toISOString());
    const pending = (
      await agent.patch(`/api/v1/tickets/${mine.id}`, { version: answered.version, assigneeId: agentId, groupId: team.id, status: 'pending', pendingReason: 'awaiting_requester' })
    ).json();
    expect(pending.status).toBe('pending');
    await requester.post(`/api/v1/tickets/${mine.id}/comments`, { text: 'Yes, yesterday.' });
    expect((await agent.get(`/api/v1/tickets/${mine.id}`)).json()).toMatchObject({ status: 'in_progress', pendingReason: null });
  });

  it('confirms or rejects a resolution within the reopen period, and rates it', async () => {
    const mine = await open(requester, { title: 'Wi-Fi drops in room 12' });
    const resolve = async (version: number) =>
      (await agent.patch(`/api/v1/tickets/${mine.id}`, { version, assigneeId: agentId, status: 'resolved', resolutionCode: 'fixed' })).json();
    let ticket = await resolve(mine.version);
    const reopened = await requester.post(`/api/v1/tickets/${mine.id}/reopen`, { version: ticket.version, reason: 'Still dropping every hour' });
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect(reopened.json()).toMatchObject({ status: 'in_progress', reopenCount: 1, resolvedAt: null });
    ticket = await resolve(reopened.json().version);
    const settings = (await agent.get('/api/v1/desk/settings')).json();
    await advanceDays(settings.reopenDays + 1);
    const late = await requester.post(`/api/v1/tickets/${mine.id}/reopen`, { version: ticket.version, reason: 'again' });
    expect(late.statusCode).toBe(422);
    expect(late.json().detail).toContain('reopen period');
    expect((await other.post(`/api/v1/tickets/${mine.id}/confirm`, { version: ticket.version })).statusCode).toBe(404);
    const confirmed = await requester.post(`/api/v1/tickets/${mine.id}/confirm`, { version: ticket.version });
    expect(confirmed.json().status).toBe('closed');
    const rated = await requester.post(`/api/v1/tickets/${mine.id}/rating`, { rating: 4, comment: 'Quick, thanks' });
    expect(rated.json()).toMatchObject({ rating: 4, ratingComment: 'Quick, thanks' });
    expect((await agent.post(`/api/v1/tickets/${mine.id}/rating`, { rating: 1 })).statusCode).toBe(403);
    expect((await requester.post(`/api/v1/tickets/${mine.id}/rating`, { rating: 6 })).statusCode).toBe(400);
    const history = (await requester.get(`/api/v1/tickets/${mine.id}/history`)).json().items;
    expect(history.map((h: { action: string }) => h.action)).toEqual(['created', 'updated', 'reopened', 'updated', 'confirmed']);
    for (const h of history) for (const field of Object.keys(h.changes)) expect(['status', 'pendingReason', 'resolutionCode', 'resolutionNotes', 'resolvedAt', 'closedAt', 'mergedInto']).toContain(field);
  });
});

describe('agent work', () => {
  it('filters, sorts and pages the list, and full-text search ranks title matches first', async () => {
    const tag = `batch${Date.now()}`;
    const made = [];
    for (const [i, urgency] of (['low', 'high', 'medium'] as const).entries()) {
      made.push(await open(agent, { title: `Disk space alert ${i}`, urgency, tags: [tag] }));
      t.clock.advance(1000);
    }
    const byPriority = (await agent.get(`/api/v1/tickets?tag=${tag}&sort=priority&limit=2`)).json();
    expect(byPriority.items.map((i: { priority: number }) => i.priority)).toEqual([2, 3]);
    const next = (await agent.get(`/api/v1/tickets?tag=${tag}&sort=priority&limit=2&cursor=${byPriority.nextCursor}`)).json();
    expect(next.items.map((i: { priority: number }) => i.priority)).toEqual([4]);
    expect(next.nextCursor).toBeNull();
    const newest = (await agent.get(`/api/v1/tickets?tag=${tag}`)).json().items.map((i: { id: string }) => i.id);
    expect(newest).toEqual(made.map((m) => m.id).reverse());
    const urgent = (await agent.get(`/api/v1/tickets?tag=${tag}&urgency=high,medium`)).json().items;
    expect(urgent).toHaveLength(2);
    expect((await agent.get('/api/v1/tickets?status=bogus')).statusCode).toBe(400);

    const titled = await open(agent, { title: 'Backup server failing nightly' });
    const described = await open(agent, { title: 'Nightly job', description: 'The backup of the file server fails' });
    const commented = await open(agent, { title: 'Storage question' });
    await agent.post(`/api/v1/tickets/${commented.id}/comments`, { text: 'Related to the backup issue' });
    const found = (await agent.get('/api/v1/tickets?q=backups')).json().items.map((i: { id: string }) => i.id);
    expect(found.slice(0, 3)).toEqual([titled.id, described.id, commented.id]);
    const paged = (await agent.get('/api/v1/tickets?q=backup&limit=1')).json();
    const second = (await agent.get(`/api/v1/tickets?q=backup&limit=1&cursor=${paged.nextCursor}`)).json();
    expect(second.items[0].id).toBe(described.id);
  });

  it('bulk-updates tickets all or nothing, naming the ticket that was refused', async () => {
    const made = [await open(agent, { title: 'Bulk 1', tags: ['old'] }), await open(agent, { title: 'Bulk 2' }), await open(agent, { title: 'Bulk 3' })];
    const stale = await agent.post('/api/v1/tickets/bulk', {
      tickets: made.map((m, i) => ({ id: m.key, version: i === 1 ? m.version + 5 : m.version })),
      changes: { groupId: team.id, addTags: ['triaged'] },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().errors[0].field).toBe('tickets.1');
    expect((await agent.get(`/api/v1/tickets/${made[0].id}`)).json()).toMatchObject({ group: null, tags: ['old'], version: made[0].version });
    const done = await agent.post('/api/v1/tickets/bulk', {
      tickets: made.map((m) => ({ id: m.id, version: m.version })),
      changes: { groupId: team.id, assigneeId: agentId, addTags: ['triaged'], removeTags: ['old'] },
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().items.map((i: { status: string; tags: string[] }) => [i.status, i.tags])).toEqual([
      ['assigned', ['triaged']],
      ['assigned', ['triaged']],
      ['assigned', ['triaged']],
    ]);
    const closing = await agent.post('/api/v1/tickets/bulk', { tickets: done.json().items.map((m: { id: string; version: number }) => ({ id: m.id, version: m.version })), changes: { status: 'closed' } });
    expect(closing.statusCode).toBe(422);
    expect(closing.json().errors[0].field).toBe('tickets.0');
    expect((await requester.post('/api/v1/tickets/bulk', { tickets: [{ id: made[0].id, version: 1 }], changes: { status: 'cancelled' } })).statusCode).toBe(403);
  });

  it('offers the built-in views', async () => {
    const mine = await open(agent, { title: 'Mine', assigneeId: agentId, groupId: team.id });
    const unassigned = await open(agent, { title: 'Nobody yet' });
    const overdue = await open(agent, { title: 'Late', dueAt: new Date(t.clock.now().getTime() - 1000).toISOString() });
    const ids = async (view: string) => (await agent.get(`/api/v1/tickets?view=${view}&limit=200`)).json().items.map((i: { id: string }) => i.id);
    expect(await ids('mine')).toContain(mine.id);
    expect(await ids('mine')).not.toContain(unassigned.id);
    expect(await ids('my_groups')).toContain(mine.id);
    expect(await ids('unassigned')).toContain(unassigned.id);
    expect(await ids('overdue')).toEqual([overdue.id]);
  });

  it('merges a duplicate into the surviving ticket, whose followers then include the duplicate’s requester', async () => {
    const original = await open(agent, { title: 'Email is down' });
    const duplicate = await open(requester, { title: 'Cannot send email' });
    const merged = await agent.post(`/api/v1/tickets/${duplicate.id}/merge`, { version: duplicate.version, intoId: original.key });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(merged.json()).toMatchObject({ status: 'closed', resolutionCode: 'duplicate', mergedInto: { key: original.key } });
    const survivor = (await agent.get(`/api/v1/tickets/${original.id}`)).json();
    expect(survivor.watchers.map((w: { id: string }) => w.id)).toContain(requesterId);
    // The requester now follows the surviving ticket.
    expect((await requester.get(`/api/v1/tickets/${original.id}`)).statusCode).toBe(200);
    const self = await agent.post(`/api/v1/tickets/${original.id}/merge`, { version: survivor.version, intoId: original.id });
    expect(self.json().errors[0].field).toBe('intoId');
  });

  it('links parent and child tickets without cycles', async () => {
    const parent = await open(agent, { title: 'Office move' });
    const child = await open(agent, { title: 'Move printers', parentId: parent.id });
    expect(child.parent).toMatchObject({ key: parent.key });
    expect((await agent.get(`/api/v1/tickets/${parent.id}`)).json().children.map((c: { id: string }) => c.id)).toEqual([child.id]);
    const cycle = await agent.patch(`/api/v1/tickets/${parent.id}`, { version: parent.version, parentId: child.id });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json().errors[0].field).toBe('parentId');
  });

  it('keeps the full history of field changes for agents', async () => {
    const ticket = await open(agent, { title: 'History' });
    const updated = (await agent.patch(`/api/v1/tickets/${ticket.id}`, { version: ticket.version, urgency: 'high', tags: ['network'] })).json();
    expect(updated.priority).toBe(2);
    const history = (await agent.get(`/api/v1/tickets/${ticket.id}/history`)).json().items;
    expect(history[1]).toMatchObject({ action: 'updated', actor: { id: agentId }, changes: { urgency: { from: 'medium', to: 'high' }, priority: { from: 3, to: 2 }, tags: { from: [], to: ['network'] } } });
    expect(Object.keys(history[1].changes)).not.toContain('version');
  });

  it('closes resolved tickets after the auto-close period', async () => {
    const { autoCloseResolved } = await import('./ticket-resolution-service.ts');
    const { systemContext } = await import('../../platform/context.ts');
    const ticket = await open(agent, { title: 'Auto close me' });
    const resolved = (await agent.patch(`/api/v1/tickets/${ticket.id}`, { version: ticket.version, status: 'resolved', resolutionCode: 'answered' })).json();
    const ctx = systemContext(t.database.db, t.orgId, 'auto-close', t.clock);
    expect(await autoCloseResolved(ctx)).toBe(0);
    await advanceDays(8);
    expect(await autoCloseResolved(ctx)).toBeGreaterThanOrEqual(1);
    expect((await agent.get(`/api/v1/tickets/${resolved.id}`)).json().status).toBe('closed');
  });
});

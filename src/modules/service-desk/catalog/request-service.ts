/**
 * Requests from the catalogue: a request ticket (REQ-…) with the form's answers, its approval chain
 * (levels in order, N of M per level) and its fulfilment tasks, which open when the last level approves.
 * A rejection that leaves a level unable to reach its N closes the request with the reason; the request
 * resolves itself when every task is done.
 */
import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import { memberships, users } from '../../../platform/auth/schema.ts';
import { actorUserId, can, inTransaction, type Ctx } from '../../../platform/context.ts';
import { AppError, invalid } from '../../../platform/errors/catalogue.ts';
import { finishPage, keyset, type Page } from '../../../platform/http/pagination.ts';
import { assertVersion, recordChange } from '../../../platform/record-change.ts';
import { inOrg, selectIn, updateIn } from '../../../platform/tenancy/scope.ts';
import { ticketCis } from '../../cmdb/schema.ts';
import { teamMembers, teams } from '../../identity/schema.ts';
import { ticketApprovals, tickets, ticketTasks, type ApprovalLevel } from '../schema.ts';
import { syncTicketSla } from '../sla/ticket-sla.ts';
import type { TicketDetail } from '../contract.ts';
import { iso } from '../../../db/columns.ts';
import { findTicketRow, ticketDetail, type TicketRow } from '../ticket-query.ts';
import { insertComment, insertTicket, snapshot } from '../ticket-service.ts';
import type { Approval, ApprovalQuery, DecisionBody, RequestBody, Task, UpdateTaskBody } from './contract.ts';
import { resolveCiAnswers } from './ci-answers.ts';
import { checkAnswers } from './form-answers.ts';
import { loadItem } from './item-service.ts';

type ApprovalRow = typeof ticketApprovals.$inferSelect;
type TaskRow = typeof ticketTasks.$inferSelect;

/** The approvers of one level for this requester; throws naming the field when a level has nobody. */
async function approversOf(ctx: Ctx, level: ApprovalLevel, index: number, requesterId: string): Promise<string[]> {
  if (level.kind === 'manager') {
    const [membership] = await selectIn(ctx, memberships, eq(memberships.userId, requesterId));
    if (!membership?.managerId) throw invalid([{ field: 'requesterId', message: 'has no manager to approve this request; ask the service desk' }]);
    return [membership.managerId];
  }
  const ids =
    level.kind === 'group'
      ? (await selectIn(ctx, teamMembers, eq(teamMembers.teamId, level.groupId!))).map((m) => m.userId)
      : (await ctx.db.select({ id: memberships.userId }).from(memberships).where(inOrg(ctx, memberships, inArray(memberships.userId, level.userIds!)))).map((m) => m.id);
  if (ids.length < level.required) {
    throw new AppError('CATALOG_ITEM_MISCONFIGURED', `Approval level ${index + 1} needs ${level.required} approvers but has ${ids.length}; a desk administrator must fix the item`);
  }
  return ids;
}

function renderAnswers(
  form: { key: string; label: string; type: string }[],
  values: Record<string, string | number>,
  names: Map<string, string>,
  cis: Map<string, { key: string; name: string }>,
  note: string | undefined,
): string {
  const shown = (f: { key: string; type: string }) => {
    const ci = cis.get(f.key);
    if (ci) return `${ci.name} (${ci.key})`;
    return f.type === 'person' ? (names.get(String(values[f.key])) ?? values[f.key]) : values[f.key];
  };
  const lines = form.filter((f) => values[f.key] !== undefined).map((f) => `- **${f.label}:** ${shown(f)}`);
  return [...(note ? [note, ''] : []), ...lines].join('\n');
}

/** Submits a request for a catalogue item; answers with the new REQ ticket. */
export async function submitRequest(ctx: Ctx, itemId: string, body: RequestBody): Promise<TicketDetail> {
  const me = actorUserId(ctx.actor);
  if (body.requesterId && body.requesterId !== me && !can(ctx.actor, 'tickets:write')) {
    throw new AppError('FORBIDDEN', 'Only the service desk requests on behalf of someone else', [{ field: 'requesterId', message: 'is set by the service desk' }]);
  }
  const requesterId = body.requesterId ?? me;
  if (!requesterId) throw invalid([{ field: 'requesterId', message: 'is required when the caller is not a person' }]);
  return inTransaction(ctx, async (tx) => {
    const item = await loadItem(tx, itemId);
    if (!item.active) throw new AppError('CATALOG_ITEM_NOT_FOUND', `${item.name} is no longer offered`);
    const checked = checkAnswers(item.form, body.values);
    const named = checked.people.length
      ? await tx.db
          .select({ id: users.id, name: users.name })
          .from(memberships)
          .innerJoin(users, eq(users.id, memberships.userId))
          .where(inOrg(tx, memberships, inArray(memberships.userId, checked.people.map((p) => p.id))))
      : [];
    const names = new Map(named.map((p) => [p.id, p.name]));
    for (const p of checked.people) if (!names.has(p.id)) checked.errors.push({ field: `values.${p.key}`, message: 'is not a person of this organisation' });
    const cis = await resolveCiAnswers(tx, item.form, checked.cis, requesterId, checked.errors);
    if (checked.errors.length) throw invalid(checked.errors);
    for (const [key, ci] of cis) checked.values[key] = ci.id;
    const levels = await Promise.all(item.approvals.map((level, i) => approversOf(tx, level, i, requesterId)));
    const awaiting = levels.length > 0;
    const row = await insertTicket(
      tx,
      {
        type: 'request',
        title: item.name,
        description: renderAnswers(item.form, checked.values, names, cis, body.note),
        requesterId: body.requesterId,
        categoryId: item.categoryId,
        groupId: item.groupId,
      },
      requesterId,
      { catalogItemId: item.id, formValues: checked.values, ...(awaiting ? { status: 'pending', pendingReason: 'awaiting_approval' } : {}) },
    );
    for (const [i, approvers] of levels.entries()) {
      await tx.db.insert(ticketApprovals).values(
        approvers.map((approverId) => ({ orgId: tx.orgId, ticketId: row.id, level: i + 1, required: item.approvals[i]!.required, approverId, state: i === 0 ? ('pending' as const) : ('waiting' as const) })),
      );
    }
    const now = tx.clock.now().toISOString();
    if (item.tasks.length) {
      await tx.db.insert(ticketTasks).values(
        item.tasks.map((task, i) => ({
          orgId: tx.orgId,
          ticketId: row.id,
          position: i + 1,
          title: task.title,
          description: task.description ?? '',
          groupId: task.groupId,
          status: awaiting ? ('waiting' as const) : ('open' as const),
          openedAt: awaiting ? null : now,
        })),
      );
    }
    // The items the requester named are the request's affected configuration items.
    const ciIds = [...new Set([...cis.values()].map((ci) => ci.id))];
    if (ciIds.length) await tx.db.insert(ticketCis).values(ciIds.map((ciId, position) => ({ orgId: tx.orgId, ticketId: row.id, ciId, position, createdAt: now })));
    const created = await ticketDetail(tx, row);
    await recordChange(tx, {
      action: 'created',
      entityType: 'ticket',
      entityId: row.id,
      after: snapshot(created),
      eventPayload: { after: snapshot(created), approversAsked: levels[0] ?? [] },
    });
    return created;
  });
}

async function presentApprovals(ctx: Ctx, rows: ApprovalRow[]): Promise<Approval[]> {
  if (!rows.length) return [];
  const ticketRows = await ctx.db.select({ id: tickets.id, key: tickets.key, title: tickets.title }).from(tickets).where(inOrg(ctx, tickets, inArray(tickets.id, [...new Set(rows.map((r) => r.ticketId))])));
  const people = await ctx.db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(inArray(users.id, [...new Set(rows.map((r) => r.approverId))]));
  const ticketById = new Map(ticketRows.map((t) => [t.id, t]));
  const personById = new Map(people.map((p) => [p.id, p]));
  return rows.map((r) => ({
    id: r.id,
    ticket: ticketById.get(r.ticketId)!,
    level: r.level,
    required: r.required,
    approver: personById.get(r.approverId) ?? { id: r.approverId, name: '(removed)', email: '' },
    state: r.state,
    comment: r.comment,
    decidedAt: iso(r.decidedAt),
    createdAt: iso(r.createdAt)!,
    version: r.version,
  }));
}

/** Approvals the caller is asked for (default), or with tickets:read everyone's (`all=true`) or a ticket's. */
export async function findApprovals(ctx: Ctx, query: ApprovalQuery): Promise<Page<Approval>> {
  const me = actorUserId(ctx.actor);
  const reader = can(ctx.actor, 'tickets:read');
  if (query.all === 'true' && !reader) throw new AppError('FORBIDDEN', "Seeing everyone's approvals requires the tickets:read permission");
  const page = keyset({ sortColumn: ticketApprovals.createdAt, idColumn: ticketApprovals.id, descending: true, sortName: '-createdAt', cursor: query.cursor });
  let ticketCondition: SQL | undefined;
  if (query.ticket) ticketCondition = eq(ticketApprovals.ticketId, (await findTicketRow(ctx, query.ticket)).id);
  const mine = query.all === 'true' || query.ticket ? undefined : eq(ticketApprovals.approverId, me ?? '00000000-0000-0000-0000-000000000000');
  const rows = await ctx.db
    .select()
    .from(ticketApprovals)
    .where(inOrg(ctx, ticketApprovals, mine, ticketCondition, query.state ? eq(ticketApprovals.state, query.state) : undefined, page.where))
    .orderBy(...page.orderBy)
    .limit(query.limit + 1);
  const presented = await presentApprovals(ctx, rows.slice(0, query.limit));
  return finishPage(rows, query.limit, '-createdAt', (r) => [new Date(r.createdAt).toISOString(), r.id], (r) => presented.find((a) => a.id === r.id)!);
}

/** Approves or rejects as the approver; moves the request on (next level, tasks) or closes it. */
export async function decide(ctx: Ctx, approvalId: string, body: DecisionBody): Promise<Approval> {
  const me = actorUserId(ctx.actor);
  return inTransaction(ctx, async (tx) => {
    const [approval] = await tx.db.select().from(ticketApprovals).where(inOrg(tx, ticketApprovals, eq(ticketApprovals.id, approvalId))).for('update');
    if (!approval || (approval.approverId !== me && !can(tx.actor, 'tickets:read'))) throw new AppError('APPROVAL_NOT_FOUND', `No approval ${approvalId} for you`);
    if (approval.approverId !== me) throw new AppError('FORBIDDEN', 'Only the person asked can decide this approval');
    assertVersion(approval.version, body.version);
    if (approval.state !== 'pending') throw new AppError('APPROVAL_NOT_PENDING', `This approval is ${approval.state}; nothing to decide`);
    const [ticket] = await tx.db.select().from(tickets).where(inOrg(tx, tickets, eq(tickets.id, approval.ticketId))).for('update');
    const before = await ticketDetail(tx, ticket!);
    const now = tx.clock.now().toISOString();
    const state = body.decision === 'approve' ? 'approved' : 'rejected';
    await tx.db.update(ticketApprovals).set({ state, comment: body.comment ?? '', decidedAt: now, version: approval.version + 1 }).where(eq(ticketApprovals.id, approval.id));
    const level = await selectIn(tx, ticketApprovals, and(eq(ticketApprovals.ticketId, approval.ticketId), eq(ticketApprovals.level, approval.level)));
    const approved = level.filter((a) => a.state === 'approved').length;
    const stillPossible = level.filter((a) => a.state === 'approved' || a.state === 'pending').length;
    let next: Partial<TicketRow> | undefined;
    let action = state === 'approved' ? 'approval_approved' : 'approval_rejected';
    if (approved >= approval.required) {
      await skipRest(tx, approval.ticketId, (a) => a.level === approval.level && a.state === 'pending');
      const waiting = await selectIn(tx, ticketApprovals, and(eq(ticketApprovals.ticketId, approval.ticketId), eq(ticketApprovals.state, 'waiting')));
      const nextLevel = Math.min(...waiting.map((a) => a.level));
      if (waiting.length) {
        await tx.db.update(ticketApprovals).set({ state: 'pending' }).where(and(eq(ticketApprovals.ticketId, approval.ticketId), eq(ticketApprovals.level, nextLevel)));
      } else {
        await tx.db.update(ticketTasks).set({ status: 'open', openedAt: now, updatedAt: now }).where(and(eq(ticketTasks.ticketId, approval.ticketId), eq(ticketTasks.status, 'waiting')));
        next = { status: ticket!.groupId || ticket!.assigneeId ? 'assigned' : 'new', pendingReason: null };
        action = 'approved';
      }
    } else if (stillPossible < approval.required) {
      await skipRest(tx, approval.ticketId, (a) => a.state === 'pending' || a.state === 'waiting');
      await tx.db.update(ticketTasks).set({ status: 'cancelled', updatedAt: now }).where(and(eq(ticketTasks.ticketId, approval.ticketId), inArray(ticketTasks.status, ['waiting', 'open'])));
      await insertComment(tx, ticket!, `Request rejected by ${ctx.actor.type === 'system' ? 'Steward' : ctx.actor.name}: ${body.comment}`, 'public', true);
      next = { status: 'closed', pendingReason: null, resolutionCode: 'rejected', resolutionNotes: body.comment ?? '', closedAt: now };
      action = 'rejected';
    }
    const [updated] = await updateIn(tx, tickets, { ...next, version: ticket!.version + 1, updatedAt: now }, eq(tickets.id, ticket!.id));
    await syncTicketSla(tx, updated!);
    await recordChange(tx, {
      action,
      entityType: 'ticket',
      entityId: ticket!.id,
      before: snapshot(before),
      after: snapshot(await ticketDetail(tx, updated!)),
      eventPayload: { approvalId: approval.id, level: approval.level, decision: body.decision, comment: body.comment ?? '' },
    });
    const [fresh] = await selectIn(tx, ticketApprovals, eq(ticketApprovals.id, approval.id));
    return (await presentApprovals(tx, [fresh!]))[0]!;
  });
}

async function skipRest(ctx: Ctx, ticketId: string, which: (a: ApprovalRow) => boolean): Promise<void> {
  const rows = (await selectIn(ctx, ticketApprovals, eq(ticketApprovals.ticketId, ticketId))).filter(which);
  if (rows.length) await ctx.db.update(ticketApprovals).set({ state: 'skipped' }).where(inArray(ticketApprovals.id, rows.map((r) => r.id)));
}

async function presentTasks(ctx: Ctx, rows: TaskRow[]): Promise<Task[]> {
  const groupIds = [...new Set(rows.map((r) => r.groupId).filter((id): id is string => id !== null))];
  const personIds = [...new Set(rows.map((r) => r.assigneeId).filter((id): id is string => id !== null))];
  const [groups, people] = await Promise.all([
    groupIds.length ? ctx.db.select({ id: teams.id, name: teams.name }).from(teams).where(inArray(teams.id, groupIds)) : [],
    personIds.length ? ctx.db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(inArray(users.id, personIds)) : [],
  ]);
  return rows.map((r) => ({
    id: r.id,
    ticketId: r.ticketId,
    position: r.position,
    title: r.title,
    description: r.description,
    group: groups.find((g) => g.id === r.groupId) ?? null,
    assignee: people.find((p) => p.id === r.assigneeId) ?? null,
    status: r.status,
    notes: r.notes,
    openedAt: iso(r.openedAt),
    doneAt: iso(r.doneAt),
    version: r.version,
  }));
}

/** A request's fulfilment tasks in order (visible to whoever can see the ticket). */
export async function listTasks(ctx: Ctx, idOrKey: string): Promise<Task[]> {
  const ticket = await findTicketRow(ctx, idOrKey);
  return presentTasks(ctx, await ctx.db.select().from(ticketTasks).where(inOrg(ctx, ticketTasks, eq(ticketTasks.ticketId, ticket.id))).orderBy(asc(ticketTasks.position)));
}

/** One fulfilment task of a request. */
export async function getTask(ctx: Ctx, idOrKey: string, taskId: string): Promise<Task> {
  const ticket = await findTicketRow(ctx, idOrKey);
  const [task] = await ctx.db.select().from(ticketTasks).where(inOrg(ctx, ticketTasks, eq(ticketTasks.id, taskId), eq(ticketTasks.ticketId, ticket.id)));
  if (!task) throw new AppError('TASK_NOT_FOUND', `No task ${taskId} on ${ticket.key}`);
  return (await presentTasks(ctx, [task]))[0]!;
}

/** Works a task (assign, note, done, cancelled, reopened); the request resolves when no task is left open. */
export async function updateTask(ctx: Ctx, idOrKey: string, taskId: string, patch: UpdateTaskBody): Promise<Task> {
  if (!can(ctx.actor, 'tickets:write')) throw new AppError('FORBIDDEN', 'Requires the tickets:write permission');
  return inTransaction(ctx, async (tx) => {
    const ticket = await findTicketRow(tx, idOrKey, true);
    const [task] = await tx.db.select().from(ticketTasks).where(inOrg(tx, ticketTasks, eq(ticketTasks.id, taskId), eq(ticketTasks.ticketId, ticket.id))).for('update');
    if (!task) throw new AppError('TASK_NOT_FOUND', `No task ${taskId} on ${ticket.key}`);
    assertVersion(task.version, patch.version);
    if (ticket.status === 'closed' || ticket.status === 'cancelled') throw new AppError('TICKET_NOT_OPEN', `${ticket.key} is ${ticket.status}; its tasks cannot change`);
    if (task.status === 'waiting' && patch.status && patch.status !== 'cancelled') {
      throw new AppError('INVALID_TRANSITION', 'The task waits for the request to be approved', [{ field: 'status', message: 'must wait for approval' }]);
    }
    if (patch.assigneeId) {
      const [member] = task.groupId ? await selectIn(tx, teamMembers, and(eq(teamMembers.teamId, task.groupId), eq(teamMembers.userId, patch.assigneeId))) : [];
      if (!member) throw invalid([{ field: 'assigneeId', message: "is not a member of the task's group" }]);
    }
    const now = tx.clock.now().toISOString();
    const [before] = await presentTasks(tx, [task]);
    const status = patch.status ?? task.status;
    const [updated] = await updateIn(
      tx,
      ticketTasks,
      {
        status,
        assigneeId: patch.assigneeId,
        notes: patch.notes,
        doneAt: status === 'done' ? (task.doneAt ?? now) : null,
        openedAt: status === 'open' ? (task.openedAt ?? now) : task.openedAt,
        version: task.version + 1,
        updatedAt: now,
      },
      eq(ticketTasks.id, task.id),
    );
    const [after] = await presentTasks(tx, [updated!]);
    await recordChange(tx, { action: 'task_updated', entityType: 'ticket', entityId: ticket.id, before: { task: before }, after: { task: after } });
    const all = await selectIn(tx, ticketTasks, eq(ticketTasks.ticketId, ticket.id));
    const finished = all.every((t) => t.status === 'done' || t.status === 'cancelled') && all.some((t) => t.status === 'done');
    if (finished && ticket.status !== 'resolved') await resolveFulfilled(tx, ticket);
    return after!;
  });
}

async function resolveFulfilled(ctx: Ctx, ticket: TicketRow): Promise<void> {
  const before = await ticketDetail(ctx, ticket);
  const now = ctx.clock.now().toISOString();
  const [updated] = await updateIn(
    ctx,
    tickets,
    { status: 'resolved', pendingReason: null, resolutionCode: 'fulfilled', resolvedAt: now, version: ticket.version + 1, updatedAt: now },
    eq(tickets.id, ticket.id),
  );
  await syncTicketSla(ctx, updated!);
  await recordChange(ctx, { action: 'fulfilled', entityType: 'ticket', entityId: ticket.id, before: snapshot(before), after: snapshot(await ticketDetail(ctx, updated!)) });
}

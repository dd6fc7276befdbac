/**
 * Writing tickets: create, update (fields and lifecycle, one or many), comments' rows and search text.
 * Agents hold tickets:write; requesters create tickets for themselves. Reopen, confirm, rate, merge and
 * auto-close are in ticket-resolution-service.ts.
 */
import { and, eq, sql } from 'drizzle-orm';
import { memberships } from '../../platform/auth/schema.ts';
import { actorUserId, can, inTransaction, requirePermission, type Ctx } from '../../platform/context.ts';
import { AppError, invalid, type FieldError } from '../../platform/errors/catalogue.ts';
import { nextHumanKey } from '../../platform/keys/human-keys.ts';
import { assertVersion, recordChange } from '../../platform/record-change.ts';
import { deleteIn, selectIn, updateIn } from '../../platform/tenancy/scope.ts';
import { setTicketCis } from '../cmdb/ticket-links.ts';
import { teamMembers, teams } from '../identity/schema.ts';
import { categoryIndex } from './category-service.ts';
import type { BulkUpdateBody, CreateTicketBody, Ticket, TicketDetail, UpdateTicketBody } from './contract.ts';
import { allowedTransitions, isOpen, statusAfterAssignment } from './lifecycle.ts';
import { loadDeskSettings, priorityFor } from './settings-service.ts';
import { ticketComments, tickets, ticketWatchers, type TicketSource, type TicketStatus, type TicketType } from './schema.ts';
import { nextInTurn } from './routing-service.ts';
import { syncTicketSla } from './sla/ticket-sla.ts';
import { findTicketRow, searchConfig, ticketDetail, type TicketRow } from './ticket-query.ts';

export const keyPrefix: Record<TicketType, string> = { incident: 'INC', request: 'REQ', question: 'QST' };

/** Fields only the service desk sets; a requester sending one is told which. */
const agentOnlyCreateFields = ['requesterId', 'affectedId', 'groupId', 'assigneeId', 'source', 'tags', 'watcherIds', 'dueAt', 'parentId', 'affectedCis'] as const;

/** The audit snapshot of a ticket: what the timeline diffs (no derived or bookkeeping fields). */
export function snapshot(t: Ticket): Record<string, unknown> {
  const { allowedTransitions: _a, updatedAt: _u, version: _v, createdAt: _c, ...rest } = t;
  return rest;
}

async function checkPerson(ctx: Ctx, userId: string, field: string, agentOnly = false): Promise<void> {
  const [member] = await selectIn(ctx, memberships, eq(memberships.userId, userId));
  if (!member) throw invalid([{ field, message: 'is not a person of this organisation' }]);
  if (agentOnly && member.kind !== 'agent') throw invalid([{ field, message: 'is not an agent' }]);
}

interface Assignment {
  groupId: string | null;
  assigneeId: string | null;
}

async function checkAssignment(ctx: Ctx, a: Assignment, changed: { group: boolean; assignee: boolean }): Promise<void> {
  if (a.groupId && changed.group) {
    const [team] = await selectIn(ctx, teams, eq(teams.id, a.groupId));
    if (!team) throw invalid([{ field: 'groupId', message: 'is not a team of this organisation' }]);
  }
  if (a.assigneeId && changed.assignee) await checkPerson(ctx, a.assigneeId, 'assigneeId', true);
  if (a.groupId && a.assigneeId && (changed.group || changed.assignee)) {
    const [member] = await selectIn(ctx, teamMembers, and(eq(teamMembers.teamId, a.groupId), eq(teamMembers.userId, a.assigneeId)));
    if (!member) throw invalid([{ field: 'assigneeId', message: 'is not a member of the assignment group' }]);
  }
}

async function checkCategory(ctx: Ctx, categoryId: string | null | undefined) {
  if (!categoryId) return undefined;
  const category = (await categoryIndex(ctx)).get(categoryId);
  if (!category) throw invalid([{ field: 'categoryId', message: 'is not a category of this organisation' }]);
  if (!category.active) throw invalid([{ field: 'categoryId', message: 'is no longer in use' }]);
  return category;
}

async function checkParent(ctx: Ctx, ticketId: string | null, parentId: string | null | undefined): Promise<void> {
  if (!parentId) return;
  const seen = new Set<string>();
  for (let at: string | null = parentId; at; ) {
    if (at === ticketId) throw invalid([{ field: 'parentId', message: 'would make the ticket its own ancestor' }]);
    if (seen.has(at) || seen.size > 50) break;
    seen.add(at);
    const [row]: TicketRow[] = await selectIn(ctx, tickets, eq(tickets.id, at));
    if (!row) throw invalid([{ field: 'parentId', message: 'is not a ticket of this organisation' }]);
    at = row.parentId;
  }
}

async function setWatchers(ctx: Ctx, ticketId: string, watcherIds: readonly string[]): Promise<void> {
  for (const [i, id] of watcherIds.entries()) await checkPerson(ctx, id, `watcherIds.${i}`);
  await deleteIn(ctx, ticketWatchers, eq(ticketWatchers.ticketId, ticketId));
  if (watcherIds.length) await ctx.db.insert(ticketWatchers).values(watcherIds.map((userId) => ({ orgId: ctx.orgId, ticketId, userId })));
}

/** Rebuilds the ticket's search vector: title (A), description (B), public replies (C), internal notes (D). */
export async function refreshSearch(ctx: Ctx, ticketId: string): Promise<void> {
  const conversation = (visibility: 'public' | 'internal') =>
    sql`coalesce((select left(string_agg(c.body, ' ' order by c.created_at), 200000) from ticket_comments c where c.ticket_id = ${ticketId} and c.visibility = ${visibility}), '')`;
  await ctx.db.execute(sql`
    update tickets set search =
      setweight(to_tsvector(${searchConfig}::regconfig, left(title, 1000)), 'A') ||
      setweight(to_tsvector(${searchConfig}::regconfig, left(description, 200000)), 'B') ||
      setweight(to_tsvector(${searchConfig}::regconfig, ${conversation('public')}), 'C') ||
      setweight(to_tsvector(${searchConfig}::regconfig, ${conversation('internal')}), 'D')
    where id = ${ticketId} and org_id = ${ctx.orgId}`);
}

export async function getTicket(ctx: Ctx, idOrKey: string): Promise<TicketDetail> {
  return ticketDetail(ctx, await findTicketRow(ctx, idOrKey));
}

export async function createTicket(ctx: Ctx, input: CreateTicketBody): Promise<TicketDetail> {
  const me = actorUserId(ctx.actor);
  const agent = can(ctx.actor, 'tickets:write');
  if (!agent) {
    const refused = agentOnlyCreateFields.filter((f) => input[f] !== undefined && !(f === 'requesterId' && input.requesterId === me));
    if (refused.length) throw new AppError('FORBIDDEN', `Only the service desk sets ${refused.join(', ')}`, refused.map((field) => ({ field, message: 'is set by the service desk' })));
  }
  const requesterId = input.requesterId ?? me;
  if (!requesterId) throw invalid([{ field: 'requesterId', message: 'is required when the caller is not a person' }]);
  return inTransaction(ctx, async (tx) => {
    const row = await insertTicket(tx, input, requesterId);
    const created = await ticketDetail(tx, row);
    await recordChange(tx, { action: 'created', entityType: 'ticket', entityId: row.id, after: snapshot(created) });
    return created;
  });
}

/**
 * Inserts a ticket with its key, watchers, search text and SLA clocks, in the caller's transaction;
 * references are checked, permissions are the caller's business. `extra` sets fields the create body
 * has no say in (a catalogue request's item, answers and starting status).
 */
export async function insertTicket(
  tx: Ctx,
  input: CreateTicketBody,
  requesterId: string,
  extra: Partial<Pick<TicketRow, 'catalogItemId' | 'formValues' | 'status' | 'pendingReason'>> = {},
): Promise<TicketRow> {
  const settings = await loadDeskSettings(tx);
  if (input.requesterId) await checkPerson(tx, input.requesterId, 'requesterId');
  if (input.affectedId) await checkPerson(tx, input.affectedId, 'affectedId');
  const category = await checkCategory(tx, input.categoryId);
  const assignment = { groupId: input.groupId ?? category?.defaultGroup?.id ?? null, assigneeId: input.assigneeId ?? null };
  await checkAssignment(tx, assignment, { group: true, assignee: true });
  if (assignment.groupId && !assignment.assigneeId && input.assigneeId === undefined) assignment.assigneeId = await nextInTurn(tx, assignment.groupId);
  await checkParent(tx, null, input.parentId);
  const impact = input.impact ?? 'medium';
  const urgency = input.urgency ?? 'medium';
  const source = input.source ?? (tx.actor.type === 'token' ? 'api' : 'portal');
  const [row] = await tx.db
    .insert(tickets)
    .values({
      orgId: tx.orgId,
      key: await nextHumanKey(tx, keyPrefix[input.type]),
      type: input.type,
      title: input.title,
      description: input.description ?? '',
      requesterId,
      affectedId: input.affectedId ?? null,
      categoryId: input.categoryId ?? null,
      impact,
      urgency,
      priority: priorityFor(settings, impact, urgency),
      ...assignment,
      status: statusAfterAssignment('new', Boolean(assignment.groupId || assignment.assigneeId)),
      ...extra,
      source,
      tags: [...new Set(input.tags ?? [])],
      dueAt: input.dueAt ? new Date(input.dueAt).toISOString() : null,
      parentId: input.parentId ?? null,
      createdAt: tx.clock.now().toISOString(),
      updatedAt: tx.clock.now().toISOString(),
    })
    .returning();
  if (input.watcherIds?.length) await setWatchers(tx, row!.id, input.watcherIds);
  if (input.affectedCis?.length) await setTicketCis(tx, row!.id, input.affectedCis);
  await refreshSearch(tx, row!.id);
  await syncTicketSla(tx, row!);
  return row!;
}

/** The status transition a patch asks for, checked against the lifecycle; throws 422 with the allowed list. */
export function checkTransition(row: TicketRow, to: TicketStatus, reopenDays: number, now: Date): void {
  if (to === row.status) return;
  const allowed = allowedTransitions({ status: row.status, resolvedAt: row.resolvedAt, reopenDays, now });
  if (allowed.includes(to)) return;
  const why =
    row.status === 'resolved' && to === 'in_progress'
      ? `the reopen period of ${reopenDays} days has passed`
      : allowed.length
        ? `allowed from ${row.status}: ${allowed.join(', ')}`
        : `${row.status} tickets do not change status any more`;
  throw new AppError('INVALID_TRANSITION', `A ${row.status} ticket cannot become ${to}: ${why}`, [
    { field: 'status', message: allowed.length ? `must be one of ${allowed.join(', ')}` : 'cannot change' },
  ]);
}

/** Lifecycle timestamps and fields that follow a status change. */
function statusEffects(row: TicketRow, to: TicketStatus, patch: UpdateTicketBody, now: string): Partial<TicketRow> {
  if (to === row.status) return {};
  const out: Partial<TicketRow> = { status: to };
  if (to !== 'pending') out.pendingReason = null;
  if (to === 'resolved') out.resolvedAt = now;
  if (to === 'closed' || to === 'cancelled') out.closedAt = now;
  if (row.status === 'resolved' && to === 'in_progress') {
    out.resolvedAt = null;
    out.resolutionCode = null;
    out.reopenCount = row.reopenCount + 1;
  }
  if (to === 'resolved' && !patch.resolutionCode && !row.resolutionCode) {
    throw invalid([{ field: 'resolutionCode', message: 'is required to resolve a ticket' }]);
  }
  if (to === 'pending' && !patch.pendingReason) throw invalid([{ field: 'pendingReason', message: 'is required to put a ticket on hold' }]);
  return out;
}

export async function updateTicket(ctx: Ctx, idOrKey: string, patch: UpdateTicketBody): Promise<TicketDetail> {
  requirePermission(ctx, 'tickets:write');
  return inTransaction(ctx, async (tx) => {
    const row = await findTicketRow(tx, idOrKey, true);
    assertVersion(row.version, patch.version);
    if (!isOpen(row.status) && row.status !== 'resolved') {
      throw new AppError('TICKET_NOT_OPEN', `${row.key} is ${row.status}; closed and cancelled tickets cannot be changed`);
    }
    const settings = await loadDeskSettings(tx);
    const now = tx.clock.now();
    const errors: FieldError[] = [];
    if (patch.affectedId) await checkPerson(tx, patch.affectedId, 'affectedId');
    if (patch.categoryId !== undefined && patch.categoryId !== row.categoryId) await checkCategory(tx, patch.categoryId);
    const assignment = {
      groupId: patch.groupId !== undefined ? patch.groupId : row.groupId,
      assigneeId: patch.assigneeId !== undefined ? patch.assigneeId : row.assigneeId,
    };
    // Moved to another team without naming an agent: the agent stays if they belong to it, else the team's turn decides.
    if (assignment.groupId && assignment.groupId !== row.groupId && patch.assigneeId === undefined && row.assigneeId) {
      const [member] = await selectIn(tx, teamMembers, and(eq(teamMembers.teamId, assignment.groupId), eq(teamMembers.userId, row.assigneeId)));
      if (!member) assignment.assigneeId = null;
    }
    await checkAssignment(tx, assignment, { group: assignment.groupId !== row.groupId, assignee: assignment.assigneeId !== row.assigneeId });
    if (assignment.groupId && assignment.groupId !== row.groupId && !assignment.assigneeId && patch.assigneeId === undefined) {
      assignment.assigneeId = await nextInTurn(tx, assignment.groupId);
    }
    if (patch.parentId !== undefined && patch.parentId !== row.parentId) await checkParent(tx, row.id, patch.parentId);
    if (patch.pendingReason && (patch.status ?? row.status) !== 'pending') errors.push({ field: 'pendingReason', message: 'applies only to pending tickets' });
    if (errors.length) throw invalid(errors);

    let status = patch.status ?? row.status;
    if (patch.status === undefined) status = statusAfterAssignment(row.status, Boolean(assignment.groupId || assignment.assigneeId));
    else checkTransition(row, patch.status, settings.reopenDays, now);
    const impact = patch.impact ?? row.impact;
    const urgency = patch.urgency ?? row.urgency;
    const before = await ticketDetail(tx, row);
    const set: Partial<TicketRow> = {
      title: patch.title,
      description: patch.description,
      affectedId: patch.affectedId,
      categoryId: patch.categoryId,
      impact,
      urgency,
      // Derived again only when impact or urgency change, so an escalation's raised priority stays.
      priority: impact !== row.impact || urgency !== row.urgency ? priorityFor(settings, impact, urgency) : undefined,
      ...assignment,
      pendingReason: patch.pendingReason,
      resolutionCode: patch.resolutionCode,
      resolutionNotes: patch.resolutionNotes,
      tags: patch.tags ? [...new Set(patch.tags)] : undefined,
      dueAt: patch.dueAt === undefined ? undefined : patch.dueAt && new Date(patch.dueAt).toISOString(),
      parentId: patch.parentId,
      ...statusEffects(row, status, patch, now.toISOString()),
      version: row.version + 1,
      updatedAt: now.toISOString(),
    };
    const [updated] = await updateIn(tx, tickets, set, eq(tickets.id, row.id));
    if (patch.watcherIds) await setWatchers(tx, row.id, patch.watcherIds);
    if (patch.affectedCis) await setTicketCis(tx, row.id, patch.affectedCis);
    if (patch.title !== undefined || patch.description !== undefined) await refreshSearch(tx, row.id);
    await syncTicketSla(tx, updated!);
    const after = await ticketDetail(tx, updated!);
    await recordChange(tx, { action: 'updated', entityType: 'ticket', entityId: row.id, before: snapshot(before), after: snapshot(after) });
    return after;
  });
}

/**
 * Applies the same change to many tickets, all or nothing: each ticket names the version its caller
 * read, and a refusal for any ticket (stale version, invalid transition, …) names `tickets.<i>` and
 * changes none of them.
 */
export async function bulkUpdateTickets(ctx: Ctx, body: BulkUpdateBody): Promise<TicketDetail[]> {
  requirePermission(ctx, 'tickets:write');
  const { addTags, removeTags, ...changes } = body.changes;
  return inTransaction(ctx, async (tx) => {
    const out: TicketDetail[] = [];
    for (const [i, { id, version }] of body.tickets.entries()) {
      try {
        const row = await findTicketRow(tx, id);
        const tags = addTags || removeTags ? [...new Set([...row.tags, ...(addTags ?? [])])].filter((tag) => !removeTags?.includes(tag)) : undefined;
        out.push(await updateTicket(tx, id, { version, ...changes, ...(tags ? { tags } : {}) }));
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        throw new AppError(err.code, `${id}: ${err.message}`, [
          { field: `tickets.${i}`, message: err.message },
          ...err.errors.map((e) => ({ field: `tickets.${i}.${e.field}`, message: e.message })),
        ]);
      }
    }
    return out;
  });
}

/** The requester's side of a ticket: its requester or the person it affects. */
export function isRequesterSide(ctx: Ctx, row: TicketRow): boolean {
  const me = actorUserId(ctx.actor);
  return me !== null && (row.requesterId === me || row.affectedId === me);
}

/** Who wrote a comment when it is not the caller: a person writing by e-mail, through a system context. */
export interface CommentAuthor {
  userId: string;
  label: string;
  source: TicketSource;
}

/** Inserts a comment as the caller, as `author` when given, or (with `system`) as Steward itself. */
export async function insertComment(ctx: Ctx, row: TicketRow, body: string, visibility: 'public' | 'internal', system = false, author?: CommentAuthor) {
  const actor = ctx.actor;
  const [comment] = await ctx.db
    .insert(ticketComments)
    .values({
      orgId: ctx.orgId,
      ticketId: row.id,
      authorId: author ? author.userId : system ? null : actorUserId(actor),
      authorLabel: author ? author.label : system || actor.type === 'system' ? 'Steward' : actor.name,
      visibility,
      body,
      source: author ? author.source : actor.type === 'token' ? 'api' : 'portal',
      createdAt: ctx.clock.now().toISOString(),
    })
    .returning();
  return comment!;
}

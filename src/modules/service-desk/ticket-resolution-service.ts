/**
 * After the work: reopening a resolved ticket (the requester rejects the resolution), confirming it,
 * rating it, merging a duplicate into another ticket, and closing resolved tickets after the desk's
 * auto-close period.
 */
import { eq, sql } from 'drizzle-orm';
import { can, inTransaction, requirePermission, type Ctx } from '../../platform/context.ts';
import { AppError, invalid } from '../../platform/errors/catalogue.ts';
import { assertVersion, recordChange } from '../../platform/record-change.ts';
import { inOrg, updateIn } from '../../platform/tenancy/scope.ts';
import type { MergeBody, ReopenBody, TicketDetail } from './contract.ts';
import { isOpen } from './lifecycle.ts';
import { loadDeskSettings } from './settings-service.ts';
import { tickets, ticketWatchers } from './schema.ts';
import { syncTicketSla } from './sla/ticket-sla.ts';
import { findTicketRow, ticketDetail, type TicketRow } from './ticket-query.ts';
import { checkTransition, insertComment, isRequesterSide, refreshSearch, snapshot } from './ticket-service.ts';

function requireRequesterOrAgent(ctx: Ctx, row: TicketRow, what: string): void {
  if (!can(ctx.actor, 'tickets:write') && !isRequesterSide(ctx, row)) {
    throw new AppError('FORBIDDEN', `Only the requester or the service desk can ${what}`);
  }
}

/** Reopens a resolved ticket within the reopen period, with the reason as a public reply. */
export async function reopenTicket(ctx: Ctx, idOrKey: string, body: ReopenBody): Promise<TicketDetail> {
  return inTransaction(ctx, async (tx) => {
    const row = await findTicketRow(tx, idOrKey, true);
    requireRequesterOrAgent(tx, row, 'reopen this ticket');
    assertVersion(row.version, body.version);
    const settings = await loadDeskSettings(tx);
    checkTransition(row, 'in_progress', settings.reopenDays, tx.clock.now());
    if (row.status !== 'resolved') throw new AppError('INVALID_TRANSITION', `${row.key} is ${row.status}; only resolved tickets can be reopened`, [{ field: 'status', message: 'is not resolved' }]);
    const before = await ticketDetail(tx, row);
    const now = tx.clock.now().toISOString();
    await insertComment(tx, row, body.reason, 'public');
    const [updated] = await updateIn(
      tx,
      tickets,
      { status: 'in_progress', resolvedAt: null, resolutionCode: null, reopenCount: row.reopenCount + 1, version: row.version + 1, updatedAt: now },
      eq(tickets.id, row.id),
    );
    await refreshSearch(tx, row.id);
    await syncTicketSla(tx, updated!);
    const after = await ticketDetail(tx, updated!);
    await recordChange(tx, { action: 'reopened', entityType: 'ticket', entityId: row.id, before: snapshot(before), after: snapshot(after) });
    return after;
  });
}

/** The requester confirms the resolution: the ticket closes. */
export async function confirmResolution(ctx: Ctx, idOrKey: string, version: number): Promise<TicketDetail> {
  return inTransaction(ctx, async (tx) => {
    const row = await findTicketRow(tx, idOrKey, true);
    requireRequesterOrAgent(tx, row, 'confirm the resolution');
    assertVersion(row.version, version);
    if (row.status !== 'resolved') throw new AppError('INVALID_TRANSITION', `${row.key} is ${row.status}; only a resolved ticket can be confirmed`, [{ field: 'status', message: 'is not resolved' }]);
    return closeRow(tx, row, 'confirmed');
  });
}

async function closeRow(ctx: Ctx, row: TicketRow, action: string): Promise<TicketDetail> {
  const before = await ticketDetail(ctx, row);
  const now = ctx.clock.now().toISOString();
  const [updated] = await updateIn(ctx, tickets, { status: 'closed', closedAt: now, version: row.version + 1, updatedAt: now }, eq(tickets.id, row.id));
  await syncTicketSla(ctx, updated!);
  const after = await ticketDetail(ctx, updated!);
  await recordChange(ctx, { action, entityType: 'ticket', entityId: row.id, before: snapshot(before), after: snapshot(after) });
  return after;
}

/** The requester rates a resolved or closed ticket (1–5, with a comment); rating again replaces it. */
export async function rateTicket(ctx: Ctx, idOrKey: string, rating: number, comment: string | undefined): Promise<TicketDetail> {
  return inTransaction(ctx, async (tx) => {
    const row = await findTicketRow(tx, idOrKey, true);
    if (!isRequesterSide(tx, row)) throw new AppError('FORBIDDEN', 'Only the requester can rate a ticket');
    if (row.status !== 'resolved' && row.status !== 'closed') {
      throw new AppError('TICKET_NOT_OPEN', `${row.key} is ${row.status}; a ticket is rated once it is resolved`);
    }
    const before = await ticketDetail(tx, row);
    const [updated] = await updateIn(
      tx,
      tickets,
      { rating, ratingComment: comment ?? '', version: row.version + 1, updatedAt: tx.clock.now().toISOString() },
      eq(tickets.id, row.id),
    );
    const after = await ticketDetail(tx, updated!);
    await recordChange(tx, { action: 'rated', entityType: 'ticket', entityId: row.id, before: snapshot(before), after: snapshot(after) });
    return after;
  });
}

/** Closes a duplicate into another ticket: its watchers and requester follow the surviving ticket. */
export async function mergeTicket(ctx: Ctx, idOrKey: string, body: MergeBody): Promise<TicketDetail> {
  requirePermission(ctx, 'tickets:write');
  return inTransaction(ctx, async (tx) => {
    const source = await findTicketRow(tx, idOrKey, true);
    assertVersion(source.version, body.version);
    const target = await findTicketRow(tx, body.intoId, true).catch(() => {
      throw invalid([{ field: 'intoId', message: 'is not a ticket of this organisation' }]);
    });
    if (target.id === source.id) throw invalid([{ field: 'intoId', message: 'is the same ticket' }]);
    if (!isOpen(source.status)) throw new AppError('TICKET_NOT_OPEN', `${source.key} is ${source.status}; only open tickets can be merged`);
    if (!isOpen(target.status)) throw invalid([{ field: 'intoId', message: `is ${target.status}; merge into an open ticket` }]);
    const targetBefore = await ticketDetail(tx, target);
    const sourceBefore = await ticketDetail(tx, source);
    const followers = new Set([source.requesterId, ...(source.affectedId ? [source.affectedId] : []), ...sourceBefore.watchers.map((w) => w.id)]);
    followers.delete(target.requesterId);
    for (const userId of followers) await tx.db.insert(ticketWatchers).values({ orgId: tx.orgId, ticketId: target.id, userId }).onConflictDoNothing();
    await insertComment(tx, target, `${source.key} (${source.title}) was merged into this ticket.`, 'internal', true);
    await insertComment(tx, source, `Merged into ${target.key}; follow that ticket for updates.`, 'public', true);
    const now = tx.clock.now().toISOString();
    const [merged] = await updateIn(
      tx,
      tickets,
      { status: 'closed', resolutionCode: 'duplicate', mergedIntoId: target.id, closedAt: now, version: source.version + 1, updatedAt: now },
      eq(tickets.id, source.id),
    );
    const [survivor] = await updateIn(tx, tickets, { version: target.version + 1, updatedAt: now }, eq(tickets.id, target.id));
    await refreshSearch(tx, source.id);
    await refreshSearch(tx, target.id);
    await syncTicketSla(tx, merged!);
    const sourceAfter = await ticketDetail(tx, merged!);
    await recordChange(tx, { action: 'merged', entityType: 'ticket', entityId: source.id, before: snapshot(sourceBefore), after: snapshot(sourceAfter) });
    await recordChange(tx, { action: 'merged_in', entityType: 'ticket', entityId: target.id, before: snapshot(targetBefore), after: snapshot(await ticketDetail(tx, survivor!)) });
    return sourceAfter;
  });
}


/** Closes resolved tickets whose auto-close period has passed, as the system; returns how many. */
export async function autoCloseResolved(ctx: Ctx): Promise<number> {
  const settings = await loadDeskSettings(ctx);
  const cutoff = new Date(ctx.clock.now().getTime() - settings.autoCloseDays * 86_400_000).toISOString();
  const due = await ctx.db
    .select({ id: tickets.id })
    .from(tickets)
    .where(inOrg(ctx, tickets, eq(tickets.status, 'resolved'), sql`${tickets.resolvedAt} <= ${cutoff}`))
    .limit(500);
  let closed = 0;
  for (const { id } of due) {
    await inTransaction(ctx, async (tx) => {
      const [row] = await tx.db.select().from(tickets).where(inOrg(tx, tickets, eq(tickets.id, id))).for('update', { skipLocked: true });
      if (!row || row.status !== 'resolved' || !row.resolvedAt || new Date(row.resolvedAt).toISOString() > cutoff) return;
      await closeRow(tx, row, 'auto_closed');
      closed++;
    });
  }
  return closed;
}

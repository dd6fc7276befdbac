/**
 * The SLA sweep: finds running clocks whose warning or due instant has passed, stamps them once and
 * runs the policy's escalations, in one transaction per clock. A clock is claimed with FOR UPDATE SKIP
 * LOCKED and stamped only while its stamp is still empty, so concurrent workers and restarts neither
 * miss nor double an escalation: a missed sweep is caught up by the next one.
 */
import { and, eq, isNull, lte, or } from 'drizzle-orm';
import { memberships } from '../../../platform/auth/schema.ts';
import type { Db } from '../../../db/client.ts';
import { inTransaction, systemContext, type Clock, type Ctx } from '../../../platform/context.ts';
import { recordChange } from '../../../platform/record-change.ts';
import { inOrg, selectIn, updateIn } from '../../../platform/tenancy/scope.ts';
import { teamMembers } from '../../identity/schema.ts';
import { slaPolicies, tickets, ticketSlas, type Escalation, type SlaMetric } from '../schema.ts';
import { ticketDetail, type TicketRow } from '../ticket-query.ts';
import { snapshot } from '../ticket-service.ts';
import { syncTicketSla } from './ticket-sla.ts';

export interface SweepResult {
  warnings: number;
  breaches: number;
}

/** Stamps due warnings and breaches across all organisations, at most `limit` clocks per call. */
export async function sweepSlas(db: Db, clock: Clock, limit = 500): Promise<SweepResult> {
  const now = clock.now().toISOString();
  const due = and(
    isNull(ticketSlas.stoppedAt),
    isNull(ticketSlas.pausedSince),
    or(and(isNull(ticketSlas.warnedAt), lte(ticketSlas.warnAt, now)), and(isNull(ticketSlas.breachedAt), lte(ticketSlas.dueAt, now))),
  );
  const candidates = await db.select({ orgId: ticketSlas.orgId, ticketId: ticketSlas.ticketId, metric: ticketSlas.metric }).from(ticketSlas).where(due).limit(limit);
  const result: SweepResult = { warnings: 0, breaches: 0 };
  for (const c of candidates) {
    const ctx = systemContext(db, c.orgId, 'sla', clock);
    await inTransaction(ctx, async (tx) => {
      const [row] = await tx.db
        .select()
        .from(ticketSlas)
        .where(and(eq(ticketSlas.ticketId, c.ticketId), eq(ticketSlas.metric, c.metric), due))
        .for('update', { skipLocked: true });
      if (!row) return;
      const warning = !row.warnedAt && new Date(row.warnAt).toISOString() <= now;
      const breach = !row.breachedAt && new Date(row.dueAt).toISOString() <= now;
      await tx.db
        .update(ticketSlas)
        .set({ warnedAt: warning ? now : row.warnedAt, breachedAt: breach ? now : row.breachedAt, settledAt: breach ? now : row.settledAt, updatedAt: now })
        .where(and(eq(ticketSlas.ticketId, row.ticketId), eq(ticketSlas.metric, row.metric)));
      const [policy] = row.policyId ? await selectIn(tx, slaPolicies, eq(slaPolicies.id, row.policyId)) : [];
      for (const trigger of [...(warning ? (['warning'] as const) : []), ...(breach ? (['breach'] as const) : [])]) {
        if (trigger === 'warning') result.warnings++;
        else result.breaches++;
        await recordChange(tx, {
          action: trigger === 'warning' ? 'sla_warning' : 'sla_breached',
          entityType: 'ticket',
          entityId: row.ticketId,
          eventPayload: { metric: row.metric, dueAt: new Date(row.dueAt).toISOString(), targetMinutes: row.targetMinutes },
        });
        for (const escalation of policy?.escalations ?? []) {
          if (escalation.on === trigger && escalation.metric === row.metric) await escalate(tx, row.ticketId, row.metric, escalation, new Date(row.dueAt).toISOString());
        }
      }
    });
  }
  return result;
}

/** Runs one escalation action on the ticket, audited as the SLA engine. */
async function escalate(ctx: Ctx, ticketId: string, metric: SlaMetric, escalation: Escalation, dueAt: string): Promise<void> {
  const [row] = await ctx.db.select().from(tickets).where(inOrg(ctx, tickets, eq(tickets.id, ticketId))).for('update');
  if (!row) return;
  if (escalation.action === 'raise_priority' || escalation.action === 'reassign') {
    if (escalation.action === 'raise_priority' && row.priority === 1) return;
    const set =
      escalation.action === 'raise_priority'
        ? { priority: row.priority - 1 }
        : { groupId: escalation.groupId!, assigneeId: null, status: row.status === 'new' ? ('assigned' as const) : row.status };
    const before = await ticketDetail(ctx, row);
    const [updated] = await updateIn(ctx, tickets, { ...set, version: row.version + 1, updatedAt: ctx.clock.now().toISOString() }, eq(tickets.id, row.id));
    await syncTicketSla(ctx, updated!);
    await recordChange(ctx, {
      action: escalation.action === 'raise_priority' ? 'sla_priority_raised' : 'sla_reassigned',
      entityType: 'ticket',
      entityId: row.id,
      before: snapshot(before),
      after: snapshot(await ticketDetail(ctx, updated!)),
    });
    return;
  }
  // Notifications: the recipients are resolved now and carried by the event that delivery channels consume.
  await recordChange(ctx, {
    action: 'sla_escalated',
    entityType: 'ticket',
    entityId: row.id,
    eventPayload: { metric, on: escalation.on, action: escalation.action, key: row.key, dueAt, recipients: await recipients(ctx, row, escalation.action) },
  });
}

async function recipients(ctx: Ctx, row: TicketRow, action: Escalation['action']): Promise<string[]> {
  if (action === 'notify_assignee') return row.assigneeId ? [row.assigneeId] : [];
  if (action === 'notify_group') {
    if (!row.groupId) return [];
    return (await selectIn(ctx, teamMembers, eq(teamMembers.teamId, row.groupId))).map((m) => m.userId);
  }
  const [requester] = await selectIn(ctx, memberships, eq(memberships.userId, row.requesterId));
  const [assignee] = row.assigneeId ? await selectIn(ctx, memberships, eq(memberships.userId, row.assigneeId)) : [];
  // The manager of whoever works the ticket; with nobody assigned, the requester's manager.
  const manager = (assignee ?? requester)?.managerId;
  return manager ? [manager] : [];
}

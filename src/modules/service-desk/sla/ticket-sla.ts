/**
 * A ticket's SLA clocks. After every change to a ticket, `syncTicketSla` picks the policy that applies
 * now and brings each clock up to date: started, paused and resumed with the ticket's status, stopped
 * when the target is met, resumed on reopen, restarted for a new group (OLA). Due and warning instants
 * are recomputed from the elapsed business time, so a priority change or re-categorisation keeps the
 * time already spent. The sweep (sweep.ts) stamps warnings and breaches.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { memberships } from '../../../platform/auth/schema.ts';
import type { Ctx } from '../../../platform/context.ts';
import { deleteIn, inOrg, selectIn } from '../../../platform/tenancy/scope.ts';
import { teams } from '../../identity/schema.ts';
import { categoryIndex, withDescendants } from '../category-service.ts';
import { businessCalendars, slaMetrics, slaPolicies, ticketSlas, type SlaMetric, type StoredPause, type TicketStatus } from '../schema.ts';
import type { TicketRow } from '../ticket-query.ts';
import { clockFor } from './calendar-service.ts';
import { dueAt, elapsedBusinessTime, type BusinessClock, type Pause } from './clock.ts';
import type { SlaClock, TicketSla } from './contract.ts';
import { activePolicies } from './policy-service.ts';

type PolicyRow = typeof slaPolicies.$inferSelect;
type SlaRow = typeof ticketSlas.$inferSelect;
const doneStatuses: readonly TicketStatus[] = ['resolved', 'closed', 'cancelled'];

const isoOf = (value: string | null): string | null => (value === null ? null : new Date(value).toISOString());
const toPauses = (stored: readonly StoredPause[]): Pause[] => stored.map((p) => ({ from: new Date(p.from), to: p.to === null ? null : new Date(p.to) }));

/** The first active policy (in order) whose conditions all hold for the ticket. */
export async function matchPolicy(ctx: Ctx, row: TicketRow): Promise<PolicyRow | undefined> {
  const policies = await activePolicies(ctx);
  if (!policies.length) return undefined;
  const [requester] = await selectIn(ctx, memberships, eq(memberships.userId, row.requesterId));
  const needsCategories = policies.some((p) => p.conditions.categoryIds?.length);
  const categories = needsCategories ? await categoryIndex(ctx) : undefined;
  return policies.find((p) => {
    const c = p.conditions;
    if (c.types?.length && !c.types.includes(row.type)) return false;
    if (c.priorities?.length && !c.priorities.includes(row.priority)) return false;
    if (c.vipOnly && !requester?.vip) return false;
    if (c.departmentIds?.length && !(requester?.departmentId && c.departmentIds.includes(requester.departmentId))) return false;
    if (c.categoryIds?.length) {
      const inScope = new Set(c.categoryIds.flatMap((id) => withDescendants(categories!, id)));
      if (!row.categoryId || !inScope.has(row.categoryId)) return false;
    }
    return true;
  });
}

/** When a clock stops: the response at the first public reply (or when the ticket is done without one), the others when done. */
function stopInstant(metric: SlaMetric, row: TicketRow): string | null {
  const done = doneStatuses.includes(row.status) ? (row.resolvedAt ?? row.closedAt) : null;
  if (metric === 'response') return row.firstResponseAt ?? done;
  return done;
}

async function calendarOf(ctx: Ctx, calendarId: string | null) {
  if (!calendarId) return null;
  const [calendar] = await selectIn(ctx, businessCalendars, eq(businessCalendars.id, calendarId));
  return calendar ?? null;
}

/** Brings the ticket's SLA clocks up to date with the ticket as it is now. Call in the writing transaction. */
export async function syncTicketSla(ctx: Ctx, row: TicketRow): Promise<void> {
  const policy = await matchPolicy(ctx, row);
  const existing = await selectIn(ctx, ticketSlas, eq(ticketSlas.ticketId, row.id));
  if (!policy) {
    // No policy applies any more (e.g. after a priority change): clocks that still run are dropped;
    // stopped ones stay as the record of what was met or breached.
    if (existing.some((r) => !r.stoppedAt)) await deleteIn(ctx, ticketSlas, and(eq(ticketSlas.ticketId, row.id), inArray(ticketSlas.metric, existing.filter((r) => !r.stoppedAt).map((r) => r.metric)))!);
    return;
  }
  const calendar = await calendarOf(ctx, policy.calendarId);
  const clock = clockFor(calendar);
  const now = ctx.clock.now();
  for (const metric of slaMetrics) {
    const current = existing.find((r) => r.metric === metric);
    const target = policy.targets[metric]?.[String(row.priority) as '1'];
    if (target === undefined || (metric === 'ola' && !row.groupId)) {
      if (current && !current.stoppedAt) await deleteIn(ctx, ticketSlas, and(eq(ticketSlas.ticketId, row.id), eq(ticketSlas.metric, metric))!);
      continue;
    }
    const fresh = !current || (metric === 'ola' && current.groupId !== row.groupId && !current.stoppedAt);
    const next = nextClock(fresh ? undefined : current, { metric, row, policy, calendarId: calendar?.id ?? null, targetMinutes: target, clock, now });
    if (!next) continue;
    await ctx.db
      .insert(ticketSlas)
      .values(next)
      .onConflictDoUpdate({ target: [ticketSlas.ticketId, ticketSlas.metric], set: { ...next, orgId: undefined, ticketId: undefined, metric: undefined } as never });
  }
}

interface ClockInput {
  metric: SlaMetric;
  row: TicketRow;
  policy: PolicyRow;
  calendarId: string | null;
  targetMinutes: number;
  clock: BusinessClock;
  now: Date;
}

/** The clock's next stored state, or undefined when nothing changes (a stopped clock stays stopped). */
function nextClock(current: SlaRow | undefined, input: ClockInput): typeof ticketSlas.$inferInsert | undefined {
  const { metric, row, policy, clock, now } = input;
  const stop = stopInstant(metric, row);
  const nowIso = now.toISOString();
  const pauses: StoredPause[] = current ? current.pauses.map((p) => ({ ...p })) : [];
  let pausedSince = current?.pausedSince ? isoOf(current.pausedSince) : null;
  const stoppedAt = current?.stoppedAt ? isoOf(current.stoppedAt) : null;
  if (stoppedAt && stop && current!.targetMinutes === input.targetMinutes) return undefined;
  // Reopened: the clock resumes; the time it stood still does not count.
  if (stoppedAt && !stop) pauses.push({ from: stoppedAt, to: nowIso });
  const paused = !stop && policy.pauseStatuses.includes(row.status);
  if (paused && !pausedSince) {
    pausedSince = nowIso;
    pauses.push({ from: nowIso, to: null });
  } else if (!paused && pausedSince) {
    const open = pauses.findLast((p) => p.to === null);
    if (open) open.to = stop ? new Date(Math.max(new Date(stop).getTime(), new Date(open.from).getTime())).toISOString() : nowIso;
    pausedSince = null;
  }
  const startedAt = current ? isoOf(current.startedAt)! : metric === 'ola' ? nowIso : isoOf(row.createdAt)!;
  const start = new Date(startedAt);
  const targetMs = input.targetMinutes * 60_000;
  const asOf = stop ? new Date(stop) : now;
  const stored = toPauses(pauses);
  const due = dueAt(clock, start, targetMs, stored, asOf);
  const warn = dueAt(clock, start, Math.floor((targetMs * policy.warnPercent) / 100), stored, asOf);
  const elapsedMs = stop ? elapsedBusinessTime(clock, start, new Date(stop), stored) : null;
  // A recomputed target that lies ahead again (a lower priority) may warn and breach again.
  const warnedAt = current?.warnedAt && warn <= asOf ? isoOf(current.warnedAt) : null;
  const breachedAt = current?.breachedAt && due <= asOf ? isoOf(current.breachedAt) : stop && new Date(stop) > due ? stop : null;
  return {
    orgId: row.orgId,
    ticketId: row.id,
    metric,
    policyId: policy.id,
    calendarId: input.calendarId,
    targetMinutes: input.targetMinutes,
    startedAt,
    pauses,
    stoppedAt: stop ? new Date(stop).toISOString() : null,
    elapsedMs,
    pausedSince,
    groupId: metric === 'ola' ? row.groupId : null,
    priority: row.priority,
    deskGroupId: row.groupId,
    settledAt: stop ? new Date(stop).toISOString() : breachedAt ? new Date(breachedAt).toISOString() : null,
    warnAt: warn.toISOString(),
    dueAt: due.toISOString(),
    warnedAt,
    breachedAt,
    updatedAt: nowIso,
  };
}

/** The SLA state of each ticket, keyed by ticket id, for presentation. */
export async function slaStates(ctx: Ctx, ticketIds: string[]): Promise<Map<string, TicketSla>> {
  const out = new Map<string, TicketSla>();
  if (!ticketIds.length) return out;
  const rows = await ctx.db.select().from(ticketSlas).where(inOrg(ctx, ticketSlas, inArray(ticketSlas.ticketId, ticketIds)));
  if (!rows.length) return out;
  const policyIds = [...new Set(rows.map((r) => r.policyId).filter((id): id is string => id !== null))];
  const calendarIds = [...new Set(rows.map((r) => r.calendarId).filter((id): id is string => id !== null))];
  const groupIds = [...new Set(rows.map((r) => r.groupId).filter((id): id is string => id !== null))];
  const [policies, calendars, groups] = await Promise.all([
    policyIds.length ? ctx.db.select({ id: slaPolicies.id, name: slaPolicies.name }).from(slaPolicies).where(inArray(slaPolicies.id, policyIds)) : [],
    calendarIds.length ? ctx.db.select().from(businessCalendars).where(inArray(businessCalendars.id, calendarIds)) : [],
    groupIds.length ? ctx.db.select({ id: teams.id, name: teams.name }).from(teams).where(inArray(teams.id, groupIds)) : [],
  ]);
  const policyById = new Map(policies.map((p) => [p.id, p]));
  const calendarById = new Map(calendars.map((c) => [c.id, c]));
  const groupById = new Map(groups.map((g) => [g.id, g]));
  const now = ctx.clock.now();
  for (const r of rows) {
    const calendar = r.calendarId ? calendarById.get(r.calendarId) : undefined;
    const state = out.get(r.ticketId) ?? {
      policy: r.policyId ? (policyById.get(r.policyId) ?? null) : null,
      calendar: calendar ? { id: calendar.id, name: calendar.name } : null,
      response: null,
      resolution: null,
      ola: null,
    };
    state[r.metric] = presentClock(r, clockFor(calendar), now, r.groupId ? (groupById.get(r.groupId) ?? null) : null);
    out.set(r.ticketId, state);
  }
  return out;
}

function presentClock(r: SlaRow, clock: BusinessClock, now: Date, group: { id: string; name: string } | null): SlaClock {
  const pauses = toPauses(r.pauses);
  const elapsedMs = r.stoppedAt ? (r.elapsedMs ?? 0) : elapsedBusinessTime(clock, new Date(r.startedAt), now, pauses);
  const targetMs = r.targetMinutes * 60_000;
  const pausedMs = pauses.reduce((sum, p) => sum + Math.max(0, (p.to ?? now).getTime() - p.from.getTime()), 0);
  const due = new Date(r.dueAt);
  const state: SlaClock['state'] = r.stoppedAt
    ? r.breachedAt || elapsedMs > targetMs
      ? 'breached'
      : 'met'
    : r.breachedAt || (!r.pausedSince && now >= due)
      ? 'breached'
      : r.pausedSince
        ? 'paused'
        : 'running';
  return {
    targetMinutes: r.targetMinutes,
    startedAt: isoOf(r.startedAt)!,
    dueAt: r.pausedSince ? dueAt(clock, new Date(r.startedAt), targetMs, pauses, now).toISOString() : due.toISOString(),
    warnAt: isoOf(r.warnAt)!,
    stoppedAt: isoOf(r.stoppedAt),
    elapsedMs,
    remainingMs: targetMs - elapsedMs,
    pausedMs,
    state,
    warnedAt: isoOf(r.warnedAt),
    breachedAt: isoOf(r.breachedAt),
    group,
  };
}

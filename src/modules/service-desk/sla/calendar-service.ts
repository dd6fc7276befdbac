/** Business calendars: named working hours, zone and holidays that SLA policies count in. */
import { and, eq, getTableColumns, isNull, sql } from 'drizzle-orm';
import { inTransaction, requirePermission, type Ctx } from '../../../platform/context.ts';
import { AppError, invalid } from '../../../platform/errors/catalogue.ts';
import { duplicateName } from '../../../platform/errors/unique-violation.ts';
import { finishPage, keyset, type Page } from '../../../platform/http/pagination.ts';
import { assertVersion, recordChange } from '../../../platform/record-change.ts';
import { deleteIn, inOrg, insertIn, selectIn, updateIn } from '../../../platform/tenancy/scope.ts';
import { businessCalendars, slaPolicies, ticketSlas } from '../schema.ts';
import { iso } from '../../../db/columns.ts';
import { BusinessClock, alwaysOpen } from './clock.ts';
import type { BusinessCalendar, CreateCalendarBody, UpdateCalendarBody } from './contract.ts';

const policyCount = sql<number>`(select count(*)::int from sla_policies p where p.calendar_id = "business_calendars"."id")`;
type Row = typeof businessCalendars.$inferSelect & { policyCount: number };
const columns = { ...getTableColumns(businessCalendars), policyCount };

function present(row: Row): BusinessCalendar {
  return { id: row.id, name: row.name, spec: row.spec, policyCount: row.policyCount, createdAt: iso(row.createdAt)!, updatedAt: iso(row.updatedAt)!, version: row.version };
}

async function load(ctx: Ctx, id: string, forUpdate = false): Promise<Row> {
  const query = ctx.db.select(columns).from(businessCalendars).where(inOrg(ctx, businessCalendars, eq(businessCalendars.id, id)));
  const [row] = forUpdate ? await query.for('update', { of: businessCalendars }) : await query;
  if (!row) throw new AppError('CALENDAR_NOT_FOUND', `No business calendar ${id} in this organisation`);
  return row;
}

export async function findCalendars(ctx: Ctx, query: { limit: number; cursor?: string }): Promise<Page<BusinessCalendar>> {
  requirePermission(ctx, 'tickets:read');
  const page = keyset({ sortColumn: sql`lower(${businessCalendars.name})`, idColumn: businessCalendars.id, descending: false, sortName: 'name', cursor: query.cursor });
  const rows = await ctx.db.select(columns).from(businessCalendars).where(inOrg(ctx, businessCalendars, page.where)).orderBy(...page.orderBy).limit(query.limit + 1);
  return finishPage(rows, query.limit, 'name', (r) => [r.name.toLowerCase(), r.id], present);
}

export async function getCalendar(ctx: Ctx, id: string): Promise<BusinessCalendar> {
  requirePermission(ctx, 'tickets:read');
  return present(await load(ctx, id));
}

/** Builds the clock once to prove the calendar can ever open (validation already checked its shape). */
function checkOpens(spec: CreateCalendarBody['spec']): void {
  try {
    new BusinessClock(spec).nextOpen(new Date());
  } catch (err) {
    throw invalid([{ field: 'spec', message: (err as Error).message }]);
  }
}

export async function createCalendar(ctx: Ctx, input: CreateCalendarBody): Promise<BusinessCalendar> {
  requirePermission(ctx, 'desk:admin');
  checkOpens(input.spec);
  return inTransaction(ctx, async (tx) => {
    const [row] = await insertIn(tx, businessCalendars, { name: input.name, spec: input.spec }).catch(duplicateName('business calendar'));
    const created = present(await load(tx, row!.id));
    await recordChange(tx, { action: 'created', entityType: 'business_calendar', entityId: row!.id, after: created });
    return created;
  });
}

export async function updateCalendar(ctx: Ctx, id: string, patch: UpdateCalendarBody): Promise<BusinessCalendar> {
  requirePermission(ctx, 'desk:admin');
  if (patch.spec) checkOpens(patch.spec);
  return inTransaction(ctx, async (tx) => {
    const current = await load(tx, id, true);
    assertVersion(current.version, patch.version);
    await updateIn(tx, businessCalendars, { name: patch.name, spec: patch.spec, version: current.version + 1, updatedAt: tx.clock.now().toISOString() }, eq(businessCalendars.id, id)).catch(
      duplicateName('business calendar'),
    );
    const after = present(await load(tx, id));
    await recordChange(tx, { action: 'updated', entityType: 'business_calendar', entityId: id, before: present(current), after });
    return after;
  });
}

export async function deleteCalendar(ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx, 'desk:admin');
  await inTransaction(ctx, async (tx) => {
    const current = await load(tx, id, true);
    const [used] = await selectIn(tx, slaPolicies, eq(slaPolicies.calendarId, id));
    if (used) throw new AppError('REFERENCE_CONFLICT', `The SLA policy "${used.name}" counts in this calendar; give it another calendar first`);
    const [running] = await selectIn(tx, ticketSlas, and(eq(ticketSlas.calendarId, id), isNull(ticketSlas.stoppedAt)));
    if (running) throw new AppError('REFERENCE_CONFLICT', 'Open tickets have SLA clocks counting in this calendar; delete it once they are done');
    await deleteIn(tx, businessCalendars, eq(businessCalendars.id, id));
    await recordChange(tx, { action: 'deleted', entityType: 'business_calendar', entityId: id, before: present(current) });
  });
}

const clocks = new Map<string, BusinessClock>();
const always = new BusinessClock(alwaysOpen);

/** The clock of a calendar row (cached per id and version), or the 24×7 clock for none. */
export function clockFor(calendar: { id: string; version: number; spec: CreateCalendarBody['spec'] } | null | undefined): BusinessClock {
  if (!calendar) return always;
  const key = `${calendar.id}:${calendar.version}`;
  let clock = clocks.get(key);
  if (!clock) {
    if (clocks.size > 1000) clocks.clear();
    clock = new BusinessClock(calendar.spec);
    clocks.set(key, clock);
  }
  return clock;
}

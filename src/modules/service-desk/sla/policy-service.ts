/** SLA policies: ordered, the first active one whose conditions match a ticket applies to it. */
import { asc, eq, inArray, sql } from 'drizzle-orm';
import { inTransaction, requirePermission, type Ctx } from '../../../platform/context.ts';
import { AppError, invalid, type FieldError } from '../../../platform/errors/catalogue.ts';
import { duplicateName } from '../../../platform/errors/unique-violation.ts';
import { finishPage, keyset, type Page } from '../../../platform/http/pagination.ts';
import { assertVersion, recordChange } from '../../../platform/record-change.ts';
import { deleteIn, inOrg, insertIn, selectIn, updateIn } from '../../../platform/tenancy/scope.ts';
import { departments, teams } from '../../identity/schema.ts';
import { businessCalendars, slaPolicies, ticketCategories } from '../schema.ts';
import { iso } from '../../../db/columns.ts';
import type { CreatePolicyBody, SlaPolicy, UpdatePolicyBody } from './contract.ts';

type Row = typeof slaPolicies.$inferSelect;

async function present(ctx: Ctx, rows: Row[]): Promise<SlaPolicy[]> {
  const calendarIds = [...new Set(rows.map((r) => r.calendarId).filter((id): id is string => id !== null))];
  const calendars = calendarIds.length
    ? await ctx.db.select({ id: businessCalendars.id, name: businessCalendars.name }).from(businessCalendars).where(inOrg(ctx, businessCalendars, inArray(businessCalendars.id, calendarIds)))
    : [];
  const names = new Map(calendars.map((c) => [c.id, c.name]));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    description: r.description,
    position: r.position,
    active: r.active,
    conditions: r.conditions,
    targets: r.targets,
    calendar: r.calendarId ? { id: r.calendarId, name: names.get(r.calendarId) ?? '' } : null,
    pauseStatuses: r.pauseStatuses,
    warnPercent: r.warnPercent,
    escalations: r.escalations,
    createdAt: iso(r.createdAt)!,
    updatedAt: iso(r.updatedAt)!,
    version: r.version,
  }));
}

async function load(ctx: Ctx, id: string, forUpdate = false): Promise<Row> {
  const query = ctx.db.select().from(slaPolicies).where(inOrg(ctx, slaPolicies, eq(slaPolicies.id, id)));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) throw new AppError('SLA_POLICY_NOT_FOUND', `No SLA policy ${id} in this organisation`);
  return row;
}

/** Every id a policy refers to must be a record of this organisation; all problems are reported at once. */
async function checkReferences(ctx: Ctx, p: Partial<CreatePolicyBody>): Promise<void> {
  const errors: FieldError[] = [];
  const missing = async (ids: readonly string[] | undefined, table: typeof teams | typeof departments | typeof ticketCategories, field: string) => {
    if (!ids?.length) return;
    const found = new Set((await ctx.db.select({ id: table.id }).from(table).where(inOrg(ctx, table, inArray(table.id, [...ids])))).map((r) => r.id));
    ids.forEach((id, i) => {
      if (!found.has(id)) errors.push({ field: `${field}.${i}`, message: 'is not a record of this organisation' });
    });
  };
  await missing(p.conditions?.categoryIds, ticketCategories, 'conditions.categoryIds');
  await missing(p.conditions?.departmentIds, departments, 'conditions.departmentIds');
  for (const [i, e] of (p.escalations ?? []).entries()) {
    if (e.groupId) {
      const [team] = await selectIn(ctx, teams, eq(teams.id, e.groupId));
      if (!team) errors.push({ field: `escalations.${i}.groupId`, message: 'is not a team of this organisation' });
    }
  }
  if (p.calendarId) {
    const [calendar] = await selectIn(ctx, businessCalendars, eq(businessCalendars.id, p.calendarId));
    if (!calendar) errors.push({ field: 'calendarId', message: 'is not a business calendar of this organisation' });
  }
  if (errors.length) throw invalid(errors);
}

export async function findPolicies(ctx: Ctx, query: { limit: number; cursor?: string }): Promise<Page<SlaPolicy>> {
  requirePermission(ctx, 'tickets:read');
  const page = keyset({ sortColumn: slaPolicies.position, idColumn: slaPolicies.id, descending: false, sortName: 'position', cursor: query.cursor });
  const rows = await ctx.db.select().from(slaPolicies).where(inOrg(ctx, slaPolicies, page.where)).orderBy(...page.orderBy).limit(query.limit + 1);
  const presented = await present(ctx, rows.slice(0, query.limit));
  return finishPage(rows, query.limit, 'position', (r) => [r.position, r.id], (r) => presented.find((p) => p.id === r.id)!);
}

export async function getPolicy(ctx: Ctx, id: string): Promise<SlaPolicy> {
  requirePermission(ctx, 'tickets:read');
  return (await present(ctx, [await load(ctx, id)]))[0]!;
}

/** Active policies in evaluation order (used when matching tickets). */
export async function activePolicies(ctx: Ctx): Promise<Row[]> {
  return ctx.db.select().from(slaPolicies).where(inOrg(ctx, slaPolicies, eq(slaPolicies.active, true))).orderBy(asc(slaPolicies.position), asc(slaPolicies.id));
}

export async function createPolicy(ctx: Ctx, input: CreatePolicyBody): Promise<SlaPolicy> {
  requirePermission(ctx, 'desk:admin');
  return inTransaction(ctx, async (tx) => {
    await checkReferences(tx, input);
    const [last] = await tx.db.select({ max: sql<number | null>`max(${slaPolicies.position})` }).from(slaPolicies).where(inOrg(tx, slaPolicies));
    const [row] = await insertIn(tx, slaPolicies, {
      name: input.name,
      description: input.description ?? '',
      position: input.position ?? (last?.max ?? 0) + 10,
      active: input.active ?? true,
      conditions: input.conditions,
      targets: input.targets,
      calendarId: input.calendarId ?? null,
      pauseStatuses: [...new Set(input.pauseStatuses)],
      warnPercent: input.warnPercent,
      escalations: input.escalations,
    }).catch(duplicateName('SLA policy'));
    const [created] = await present(tx, [row!]);
    await recordChange(tx, { action: 'created', entityType: 'sla_policy', entityId: row!.id, after: created });
    return created!;
  });
}

/** Changes apply to tickets as they next change (their clocks are recomputed then), not retroactively in bulk. */
export async function updatePolicy(ctx: Ctx, id: string, patch: UpdatePolicyBody): Promise<SlaPolicy> {
  requirePermission(ctx, 'desk:admin');
  return inTransaction(ctx, async (tx) => {
    const current = await load(tx, id, true);
    assertVersion(current.version, patch.version);
    await checkReferences(tx, patch);
    const [before] = await present(tx, [current]);
    const [row] = await updateIn(
      tx,
      slaPolicies,
      {
        name: patch.name,
        description: patch.description,
        position: patch.position,
        active: patch.active,
        conditions: patch.conditions,
        targets: patch.targets,
        calendarId: patch.calendarId,
        pauseStatuses: patch.pauseStatuses ? [...new Set(patch.pauseStatuses)] : undefined,
        warnPercent: patch.warnPercent,
        escalations: patch.escalations,
        version: current.version + 1,
        updatedAt: tx.clock.now().toISOString(),
      },
      eq(slaPolicies.id, id),
    ).catch(duplicateName('SLA policy'));
    const [after] = await present(tx, [row!]);
    await recordChange(tx, { action: 'updated', entityType: 'sla_policy', entityId: id, before, after });
    return after!;
  });
}

/** Deletes a policy; tickets it governed keep their clocks (without a policy link) until they next change. */
export async function deletePolicy(ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx, 'desk:admin');
  await inTransaction(ctx, async (tx) => {
    const current = await load(tx, id, true);
    const [before] = await present(tx, [current]);
    await deleteIn(tx, slaPolicies, eq(slaPolicies.id, id));
    await recordChange(tx, { action: 'deleted', entityType: 'sla_policy', entityId: id, before });
  });
}

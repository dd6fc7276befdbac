/**
 * The configuration items a ticket affects, for the service desk: naming them on a ticket (by id or
 * key, checked in the organisation) and reading them back for the ticket's presentation.
 */
import { asc, eq, inArray } from 'drizzle-orm';
import { can, type Ctx } from '../../platform/context.ts';
import { AppError, invalid, type FieldError } from '../../platform/errors/catalogue.ts';
import { deleteIn, inOrg } from '../../platform/tenancy/scope.ts';
import { ciCondition, refOf } from './ci-query.ts';
import type { CiRef } from './ci-ref.ts';
import { classIndex } from './class-index.ts';
import { configurationItems, ticketCis } from './schema.ts';

/** Replaces the ticket's affected items with `refs` (ids or keys), in order; problems name `field.<i>`. */
export async function setTicketCis(ctx: Ctx, ticketId: string, refs: readonly string[], field = 'affectedCis'): Promise<void> {
  if (!can(ctx.actor, 'cmdb:read')) throw new AppError('FORBIDDEN', 'Naming affected configuration items requires the cmdb:read permission', [{ field, message: 'needs the cmdb:read permission' }]);
  const errors: FieldError[] = [];
  const ids: string[] = [];
  for (const [i, ref] of refs.entries()) {
    const [row] = await ctx.db.select({ id: configurationItems.id }).from(configurationItems).where(inOrg(ctx, configurationItems, ciCondition(ref)));
    if (!row) errors.push({ field: `${field}.${i}`, message: 'is not a configuration item of this organisation' });
    else if (ids.includes(row.id)) errors.push({ field: `${field}.${i}`, message: 'names an item already in the list' });
    else ids.push(row.id);
  }
  if (errors.length) throw invalid(errors);
  await deleteIn(ctx, ticketCis, eq(ticketCis.ticketId, ticketId));
  if (ids.length) await ctx.db.insert(ticketCis).values(ids.map((ciId, position) => ({ orgId: ctx.orgId, ticketId, ciId, position, createdAt: ctx.clock.now().toISOString() })));
}

/**
 * The affected items of each ticket, in the order they were named. Callers without cmdb:read (the
 * requester in the portal) see none: the CMDB is not theirs to read.
 */
export async function affectedCisOf(ctx: Ctx, ticketIds: readonly string[]): Promise<Map<string, CiRef[]>> {
  const out = new Map<string, CiRef[]>();
  if (ticketIds.length === 0 || !can(ctx.actor, 'cmdb:read')) return out;
  const rows = await ctx.db
    .select({ ticketId: ticketCis.ticketId, id: configurationItems.id, key: configurationItems.key, name: configurationItems.name, classId: configurationItems.classId, status: configurationItems.status })
    .from(ticketCis)
    .innerJoin(configurationItems, eq(configurationItems.id, ticketCis.ciId))
    .where(inOrg(ctx, ticketCis, inArray(ticketCis.ticketId, [...ticketIds])))
    .orderBy(asc(ticketCis.position));
  if (rows.length === 0) return out;
  const classes = await classIndex(ctx);
  for (const r of rows) out.set(r.ticketId, [...(out.get(r.ticketId) ?? []), refOf(classes, r)]);
  return out;
}

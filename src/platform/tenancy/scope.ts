/**
 * Organisation scoping at the data-access layer. Org-owned tables are read and written through
 * these helpers, which add `org_id = ctx.orgId` to every statement, so a service cannot forget it.
 */
import { and, eq, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Ctx } from '../context.ts';

/** Any table with an `orgId` column. */
export type OrgTable = PgTable & { orgId: PgColumn };

/** `org_id = ctx.orgId AND …conditions` for a where clause. */
export function inOrg(ctx: Ctx, table: OrgTable, ...conditions: (SQL | undefined)[]): SQL {
  return and(eq(table.orgId, ctx.orgId), ...conditions)!;
}

/** Selects rows of an org table in the caller's organisation. */
export function selectIn<T extends OrgTable>(ctx: Ctx, table: T, where?: SQL) {
  return ctx.db.select().from(table as PgTable).where(inOrg(ctx, table, where)) as unknown as Promise<T['$inferSelect'][]>;
}

/** Inserts into an org table; the organisation is always the caller's, whatever the values say. */
export function insertIn<T extends OrgTable>(ctx: Ctx, table: T, values: Omit<T['$inferInsert'], 'orgId'>) {
  return ctx.db
    .insert(table)
    .values({ ...values, orgId: ctx.orgId } as T['$inferInsert'])
    .returning() as unknown as Promise<T['$inferSelect'][]>;
}

/** Updates rows of an org table in the caller's organisation matching `where`. */
export function updateIn<T extends OrgTable>(ctx: Ctx, table: T, set: Partial<T['$inferInsert']>, where: SQL) {
  const { orgId: _ignored, ...safe } = set as Record<string, unknown>;
  return ctx.db.update(table).set(safe as never).where(inOrg(ctx, table, where)).returning() as unknown as Promise<
    T['$inferSelect'][]
  >;
}

/** Deletes rows of an org table in the caller's organisation matching `where`. */
export function deleteIn<T extends OrgTable>(ctx: Ctx, table: T, where: SQL) {
  return ctx.db.delete(table).where(inOrg(ctx, table, where)).returning() as unknown as Promise<T['$inferSelect'][]>;
}

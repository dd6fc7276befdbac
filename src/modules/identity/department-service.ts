/** Departments: the organisational units people belong to. */
import { and, eq, ilike, sql } from 'drizzle-orm';
import { memberships } from '../../platform/auth/schema.ts';
import { inTransaction, requirePermission, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors/catalogue.ts';
import { finishPage, keyset, likePattern, type Page } from '../../platform/http/pagination.ts';
import { assertVersion, recordChange } from '../../platform/record-change.ts';
import { deleteIn, inOrg, insertIn, updateIn } from '../../platform/tenancy/scope.ts';
import type { Department, ListQuery } from './contract.ts';
import { iso } from '../../db/columns.ts';
import { departments } from './schema.ts';
import { duplicateName } from '../../platform/errors/unique-violation.ts';

const peopleCount = sql<number>`(select count(*)::int from memberships m where m.department_id = "departments"."id")`;

type Row = typeof departments.$inferSelect & { peopleCount: number };

function present(row: Row): Department {
  return { id: row.id, name: row.name, peopleCount: row.peopleCount, createdAt: iso(row.createdAt)!, updatedAt: iso(row.updatedAt)!, version: row.version };
}

async function load(ctx: Ctx, id: string, forUpdate = false): Promise<Row> {
  const query = ctx.db.select({ ...departmentColumns, peopleCount }).from(departments).where(inOrg(ctx, departments, eq(departments.id, id)));
  const [row] = forUpdate ? await query.for('update', { of: departments }) : await query;
  if (!row) throw new AppError('DEPARTMENT_NOT_FOUND', `No department ${id} in this organisation`);
  return row;
}

const departmentColumns = {
  id: departments.id,
  orgId: departments.orgId,
  name: departments.name,
  createdAt: departments.createdAt,
  updatedAt: departments.updatedAt,
  version: departments.version,
};

export async function findDepartments(ctx: Ctx, query: ListQuery): Promise<Page<Department>> {
  requirePermission(ctx, 'people:read');
  const page = keyset({ sortColumn: sql`lower(${departments.name})`, idColumn: departments.id, descending: false, sortName: 'name', cursor: query.cursor });
  const rows = await ctx.db
    .select({ ...departmentColumns, peopleCount })
    .from(departments)
    .where(inOrg(ctx, departments, and(query.q ? ilike(departments.name, likePattern(query.q)) : undefined, page.where)))
    .orderBy(...page.orderBy)
    .limit(query.limit + 1);
  return finishPage(rows, query.limit, 'name', (r) => [r.name.toLowerCase(), r.id], present);
}

export async function getDepartment(ctx: Ctx, id: string): Promise<Department> {
  requirePermission(ctx, 'people:read');
  return present(await load(ctx, id));
}

export async function createDepartment(ctx: Ctx, input: { name: string }): Promise<Department> {
  requirePermission(ctx, 'people:write');
  return inTransaction(ctx, async (tx) => {
    const [row] = await insertIn(tx, departments, { name: input.name }).catch(duplicateName('department'));
    const created = present({ ...row!, peopleCount: 0 });
    await recordChange(tx, { action: 'created', entityType: 'department', entityId: row!.id, after: created });
    return created;
  });
}

export async function updateDepartment(ctx: Ctx, id: string, input: { version: number; name: string }): Promise<Department> {
  requirePermission(ctx, 'people:write');
  return inTransaction(ctx, async (tx) => {
    const current = await load(tx, id, true);
    assertVersion(current.version, input.version);
    await updateIn(tx, departments, { name: input.name, version: current.version + 1, updatedAt: tx.clock.now().toISOString() }, eq(departments.id, id)).catch(
      duplicateName('department'),
    );
    const after = present(await load(tx, id));
    await recordChange(tx, { action: 'updated', entityType: 'department', entityId: id, before: present(current), after });
    return after;
  });
}

/** Deletes a department; its people keep their membership with no department. */
export async function deleteDepartment(ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx, 'people:write');
  await inTransaction(ctx, async (tx) => {
    const current = await load(tx, id, true);
    await tx.db.update(memberships).set({ departmentId: null }).where(inOrg(tx, memberships, eq(memberships.departmentId, id)));
    await deleteIn(tx, departments, eq(departments.id, id));
    await recordChange(tx, { action: 'deleted', entityType: 'department', entityId: id, before: present(current) });
  });
}

/** Roles: built-in ones (fixed) and custom ones an administrator composes from permissions. */
import { and, eq, sql } from 'drizzle-orm';
import { memberships, roles } from '../../platform/auth/schema.ts';
import { inTransaction, requirePermission, type Ctx } from '../../platform/context.ts';
import { AppError, invalid } from '../../platform/errors/catalogue.ts';
import { duplicateName } from '../../platform/errors/unique-violation.ts';
import { finishPage, keyset, type Page } from '../../platform/http/pagination.ts';
import { assertVersion, recordChange } from '../../platform/record-change.ts';
import { deleteIn, inOrg, insertIn, updateIn } from '../../platform/tenancy/scope.ts';
import type { CreateRoleBody, ListQuery, Role, UpdateRoleBody } from './contract.ts';
import { assertCanGrant } from './people-service.ts';
import { newId } from '../../db/columns.ts';

const peopleCount = sql<number>`(select count(*)::int from memberships m where m.role_id = "roles"."id")`;
type Row = typeof roles.$inferSelect & { peopleCount: number };

function present(row: Row): Role {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    description: row.description,
    builtin: row.builtin,
    kind: row.kind,
    permissions: [...row.permissions].sort(),
    peopleCount: row.peopleCount,
    version: row.version,
  };
}

async function load(ctx: Ctx, id: string, forUpdate = false): Promise<Row> {
  const query = ctx.db.select({ ...rolesColumns(), peopleCount }).from(roles).where(inOrg(ctx, roles, eq(roles.id, id)));
  const [row] = forUpdate ? await query.for('update', { of: roles }) : await query;
  if (!row) throw new AppError('ROLE_NOT_FOUND', `No role ${id} in this organisation`);
  return row;
}

function rolesColumns() {
  const { id, orgId, key, name, description, builtin, kind, permissions, createdAt, updatedAt, version } = roles;
  return { id, orgId, key, name, description, builtin, kind, permissions, createdAt, updatedAt, version };
}

export async function findRoles(ctx: Ctx, query: ListQuery): Promise<Page<Role>> {
  requirePermission(ctx, 'roles:read');
  const page = keyset({ sortColumn: sql`lower(${roles.name})`, idColumn: roles.id, descending: false, sortName: 'name', cursor: query.cursor });
  const rows = await ctx.db
    .select({ ...rolesColumns(), peopleCount })
    .from(roles)
    .where(inOrg(ctx, roles, and(query.q ? sql`${roles.name} ilike ${'%' + query.q.replace(/[\\%_]/g, '\\$&') + '%'}` : undefined, page.where)))
    .orderBy(...page.orderBy)
    .limit(query.limit + 1);
  return finishPage(rows, query.limit, 'name', (r) => [r.name.toLowerCase(), r.id], present);
}

export async function getRole(ctx: Ctx, id: string): Promise<Role> {
  requirePermission(ctx, 'roles:read');
  return present(await load(ctx, id));
}

/** Requester roles are for the self-service portal and carry no permissions. */
function assertKindFits(kind: 'agent' | 'requester', permissions: readonly string[]): void {
  if (kind === 'requester' && permissions.length > 0) {
    throw invalid([{ field: 'permissions', message: 'must be empty for a requester role (requesters use the portal); choose kind agent to grant permissions' }]);
  }
}

export async function createRole(ctx: Ctx, input: CreateRoleBody): Promise<Role> {
  requirePermission(ctx, 'roles:write');
  assertKindFits(input.kind, input.permissions);
  await assertCanGrant(ctx, input.permissions);
  return inTransaction(ctx, async (tx) => {
    const id = newId();
    await insertIn(tx, roles, {
      id,
      key: `custom-${id.slice(-12)}`,
      name: input.name,
      description: input.description ?? '',
      kind: input.kind,
      permissions: input.permissions,
    }).catch(duplicateName('role'));
    const created = present(await load(tx, id));
    await recordChange(tx, { action: 'created', entityType: 'role', entityId: id, after: created });
    return created;
  });
}

export async function updateRole(ctx: Ctx, id: string, patch: UpdateRoleBody): Promise<Role> {
  requirePermission(ctx, 'roles:write');
  if (patch.permissions) await assertCanGrant(ctx, patch.permissions);
  return inTransaction(ctx, async (tx) => {
    const current = await load(tx, id, true);
    if (current.builtin) throw new AppError('BUILTIN_ROLE', `${current.name} is built in; create a custom role instead`);
    assertVersion(current.version, patch.version);
    assertKindFits(patch.kind ?? current.kind, patch.permissions ?? current.permissions);
    await updateIn(
      tx,
      roles,
      { name: patch.name, description: patch.description, kind: patch.kind, permissions: patch.permissions, version: current.version + 1, updatedAt: tx.clock.now().toISOString() },
      eq(roles.id, id),
    ).catch(duplicateName('role'));
    if (patch.kind) await updateIn(tx, memberships, { kind: patch.kind }, eq(memberships.roleId, id));
    const after = present(await load(tx, id));
    await recordChange(tx, { action: 'updated', entityType: 'role', entityId: id, before: present(current), after });
    return after;
  });
}

export async function deleteRole(ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx, 'roles:write');
  await inTransaction(ctx, async (tx) => {
    const current = await load(tx, id, true);
    if (current.builtin) throw new AppError('BUILTIN_ROLE', `${current.name} is built in and cannot be deleted`);
    if (current.peopleCount > 0) throw new AppError('ROLE_IN_USE', `${current.peopleCount} people still have this role; give them another role first`);
    await deleteIn(tx, roles, eq(roles.id, id));
    await recordChange(tx, { action: 'deleted', entityType: 'role', entityId: id, before: present(current) });
  });
}

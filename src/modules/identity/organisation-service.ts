/** Organisations: creation with their built-in roles, and the list a person may switch between. */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { memberships, organisations, roles } from '../../platform/auth/schema.ts';
import { inTransaction, systemContext, type Ctx } from '../../platform/context.ts';
import { AppError, invalid } from '../../platform/errors/catalogue.ts';
import { recordChange } from '../../platform/record-change.ts';
import { builtinRoles } from '../../platform/rbac/permissions.ts';
import { seedBuiltinClasses } from '../cmdb/builtin-classes.ts';

export interface Org {
  id: string;
  slug: string;
  name: string;
}

/** Creates an organisation with the four built-in roles and the built-in CI classes. `ctx.orgId` is ignored. */
export async function createOrganisation(ctx: Ctx, input: { slug: string; name: string; isDefault?: boolean }): Promise<Org> {
  return inTransaction(ctx, async (tx) => {
    const [org] = await tx.db.insert(organisations).values({ slug: input.slug, name: input.name, isDefault: input.isDefault ?? false }).returning();
    const orgCtx = { ...tx, orgId: org!.id };
    for (const role of builtinRoles) {
      await tx.db.insert(roles).values({
        orgId: org!.id,
        key: role.key,
        name: role.name,
        description: role.description,
        builtin: true,
        kind: role.kind,
        permissions: [...role.permissions],
      });
    }
    await seedBuiltinClasses(orgCtx);
    const presented = { id: org!.id, slug: org!.slug, name: org!.name };
    await recordChange(orgCtx, { action: 'created', entityType: 'organisation', entityId: org!.id, after: presented });
    return presented;
  });
}

/** The organisations the caller belongs to, by name. */
export async function listMyOrganisations(ctx: Ctx): Promise<Org[]> {
  if (ctx.actor.type === 'system') return [];
  return ctx.db
    .select({ id: organisations.id, slug: organisations.slug, name: organisations.name })
    .from(organisations)
    .innerJoin(memberships, eq(memberships.orgId, organisations.id))
    .where(eq(memberships.userId, ctx.actor.userId))
    .orderBy(organisations.name);
}

/** The default organisation, created on first start. */
export async function ensureDefaultOrganisation(db: Db): Promise<Org> {
  const [existing] = await db.select().from(organisations).where(eq(organisations.isDefault, true));
  if (existing) return { id: existing.id, slug: existing.slug, name: existing.name };
  return createOrganisation(systemContext(db, '00000000-0000-0000-0000-000000000000', 'first-run'), {
    slug: 'default',
    name: 'Default organisation',
    isDefault: true,
  });
}

/** The role with a built-in key in an organisation. */
export async function builtinRoleId(db: Db, orgId: string, key: string): Promise<string | undefined> {
  const rows = await db.select({ id: roles.id, key: roles.key, orgId: roles.orgId }).from(roles).where(eq(roles.orgId, orgId));
  return rows.find((r) => r.key === key)?.id;
}

/** Creates an organisation (installation administrators only); the creator becomes its administrator. */
export async function createOrganisationAsAdmin(ctx: Ctx, input: { slug: string; name: string }): Promise<Org> {
  const actor = ctx.actor;
  if (actor.type === 'system' || !actor.installationAdmin) throw new AppError('INSTALLATION_ADMIN_REQUIRED', 'Only installation administrators can create organisations');
  return inTransaction(ctx, async (tx) => {
    const [taken] = await tx.db.select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, input.slug));
    if (taken) throw new AppError('DUPLICATE', `An organisation with slug ${input.slug} already exists`, [{ field: 'slug', message: 'is already used' }]);
    const org = await createOrganisation(tx, input);
    const roleId = (await builtinRoleId(tx.db, org.id, 'admin'))!;
    await addMembership({ ...tx, orgId: org.id }, actor.userId, roleId);
    return org;
  });
}

/**
 * Adds an existing account to the caller's organisation with a role (a managed-service provider's
 * engineer serving several customers). Installation administrators only.
 */
export async function addMembership(ctx: Ctx, userId: string, roleId: string): Promise<void> {
  const [role] = await ctx.db.select().from(roles).where(and(eq(roles.id, roleId), eq(roles.orgId, ctx.orgId)));
  if (!role) throw invalid([{ field: 'roleId', message: 'is not a role of this organisation' }]);
  const [inserted] = await ctx.db
    .insert(memberships)
    .values({ orgId: ctx.orgId, userId, roleId, kind: role.kind })
    .onConflictDoNothing()
    .returning();
  if (!inserted) throw new AppError('DUPLICATE', 'That person is already a member of this organisation', [{ field: 'userId', message: 'is already a member' }]);
  await recordChange(ctx, { action: 'member_added', entityType: 'organisation', entityId: ctx.orgId, after: { userId, roleId, role: role.key } });
}

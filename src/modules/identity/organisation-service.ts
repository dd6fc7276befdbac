/** Organisations: creation with their built-in roles, and the list a person may switch between. */
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { memberships, organisations, roles } from '../../platform/auth/schema.ts';
import { inTransaction, systemContext, type Ctx } from '../../platform/context.ts';
import { recordChange } from '../../platform/record-change.ts';
import { builtinRoles } from '../../platform/rbac/permissions.ts';

export interface Org {
  id: string;
  slug: string;
  name: string;
}

/** Creates an organisation with the four built-in roles. `ctx.orgId` is ignored. */
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
        permissions: [...role.permissions],
      });
    }
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

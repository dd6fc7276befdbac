/** Single sign-on provisioning: find, link or create the person and keep their role in step with their groups. */
import type { FastifyBaseLogger } from 'fastify';
import { and, eq, sql } from 'drizzle-orm';
import type { OidcConfig } from '../../config.ts';
import { mappedRole, SsoFailure, syncedRole, type OidcProfile } from '../../platform/auth/oidc-claims.ts';
import { memberships, roles, users } from '../../platform/auth/schema.ts';
import { inTransaction, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors/catalogue.ts';
import { recordChange } from '../../platform/record-change.ts';
import { builtinRoleId } from './organisation-service.ts';
import { createPerson, updatePerson } from './people-service.ts';

/** A role by key (built-in `admin`, `agent`, `read-only`, `requester`, or a custom role's key or name). */
async function roleFor(ctx: Ctx, keyOrName: string) {
  const id = await builtinRoleId(ctx.db, ctx.orgId, keyOrName);
  const [role] = await ctx.db
    .select()
    .from(roles)
    .where(and(eq(roles.orgId, ctx.orgId), id ? eq(roles.id, id) : sql`lower(${roles.name}) = ${keyOrName.toLowerCase()}`));
  if (!role) throw new SsoFailure('role_unknown', `Single sign-on maps to role "${keyOrName}", which does not exist; check STEWARD_OIDC_ROLE_MAP and STEWARD_OIDC_DEFAULT_ROLE`);
  return { id: role.id, key: role.key, kind: role.kind };
}

async function linkSubject(tx: Ctx, userId: string, profile: OidcProfile, issuer: string): Promise<void> {
  await tx.db.update(users).set({ oidcSubject: profile.subject, updatedAt: tx.clock.now().toISOString() }).where(eq(users.id, userId));
  await recordChange(tx, { action: 'sso_linked', entityType: 'person', entityId: userId, after: { issuer, subject: profile.subject, email: profile.email } });
}

/** Re-applies the group → role mapping in the default organisation; the last administrator is kept. */
async function syncRole(ctx: Ctx, settings: OidcConfig, userId: string, groups: string[], log: FastifyBaseLogger): Promise<void> {
  const [current] = await ctx.db
    .select({ version: memberships.version, roleKey: roles.key })
    .from(memberships)
    .innerJoin(roles, eq(roles.id, memberships.roleId))
    .where(and(eq(memberships.userId, userId), eq(memberships.orgId, ctx.orgId)));
  if (!current) return;
  const target = syncedRole(settings.roleMap, groups, current.roleKey, settings.defaultRole);
  if (!target) return;
  const role = await roleFor(ctx, target);
  if (role.key === current.roleKey) return;
  try {
    await updatePerson(ctx, userId, { version: current.version, roleId: role.id, kind: role.kind });
  } catch (err) {
    if (!(err instanceof AppError && err.code === 'LAST_ADMIN')) throw err;
    log.warn({ userId, role: role.key }, 'SSO groups no longer grant this person administrator, but they are the last one; role kept');
  }
}

/** Finds the person by subject, else by e-mail (linking the subject), else creates them. */
export async function provisionPerson(ctx: Ctx, settings: OidcConfig, profile: OidcProfile, log: FastifyBaseLogger): Promise<string> {
  const [bySubject] = await ctx.db.select().from(users).where(eq(users.oidcSubject, profile.subject));
  const [byEmail] = bySubject ? [] : await ctx.db.select().from(users).where(sql`lower(${users.email}) = ${profile.email}`);
  const user = bySubject ?? byEmail;
  if (!user) {
    const role = await roleFor(ctx, mappedRole(settings.roleMap, profile.groups) ?? settings.defaultRole);
    return inTransaction(ctx, async (tx) => {
      const person = await createPerson(tx, { name: profile.name, email: profile.email, roleId: role.id, kind: role.kind });
      await linkSubject(tx, person.id, profile, settings.issuer);
      return person.id;
    });
  }
  if (user.status !== 'active') throw new SsoFailure('account_disabled', `The account ${user.email} is disabled`);
  if (!bySubject) {
    if (user.oidcSubject) throw new SsoFailure('account_conflict', `The account ${user.email} is linked to another single sign-on identity`);
    await inTransaction(ctx, (tx) => linkSubject(tx, user.id, profile, settings.issuer));
  }
  await syncRole(ctx, settings, user.id, profile.groups, log);
  return user.id;
}

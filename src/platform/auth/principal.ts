/**
 * Resolves who is calling: a session cookie or an API bearer token → an actor with effective
 * permissions in the organisation the request acts in.
 */
import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { UserActor } from '../context.ts';
import { AppError } from '../errors/catalogue.ts';
import { isPermission, withImplied, type Permission } from '../rbac/permissions.ts';
import { apiTokens, memberships, organisations, roles, sessions, users } from './schema.ts';
import { sha256Hex } from './secrets.ts';

export const sessionCookie = 'steward_session';
export const tokenPrefix = 'stw_';

export interface Principal {
  actor: UserActor;
  orgId: string;
  /** Set for cookie sessions: the token writes must echo in `X-CSRF-Token`. */
  csrfToken?: string;
}

interface Membership {
  orgId: string;
  roleKey: string;
  kind: 'agent' | 'requester';
  permissions: string[];
}

async function membershipIn(db: Db, userId: string, orgId: string): Promise<Membership | undefined> {
  const [row] = await db
    .select({ orgId: memberships.orgId, roleKey: roles.key, kind: memberships.kind, permissions: roles.permissions })
    .from(memberships)
    .innerJoin(roles, eq(roles.id, memberships.roleId))
    .where(and(eq(memberships.userId, userId), eq(memberships.orgId, orgId)));
  return row;
}

/** The organisation a session acts in: the requested one, the session's choice, else the first membership. */
async function resolveOrg(db: Db, userId: string, requested: string | undefined, fallback: string | null): Promise<string> {
  if (requested) {
    const [org] = await db
      .select({ id: organisations.id })
      .from(organisations)
      .innerJoin(memberships, and(eq(memberships.orgId, organisations.id), eq(memberships.userId, userId)))
      .where(or(eq(organisations.slug, requested), sql`${organisations.id}::text = ${requested}`));
    if (!org) throw new AppError('ORGANISATION_NOT_FOUND', `You are not a member of organisation "${requested}"`);
    return org.id;
  }
  return fallback ?? firstOrganisationOf(db, userId);
}

/** Where a person lands at sign-in: the default organisation if they belong to it, else the first by name. */
export async function firstOrganisationOf(db: Db, userId: string): Promise<string> {
  const [first] = await db
    .select({ orgId: memberships.orgId })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.orgId))
    .where(eq(memberships.userId, userId))
    .orderBy(sql`${organisations.isDefault} desc`, organisations.name)
    .limit(1);
  if (!first) throw new AppError('FORBIDDEN', 'Your account is not a member of any organisation');
  return first.orgId;
}

function toPermissions(list: string[]): Set<Permission> {
  return new Set(withImplied(list.filter(isPermission)));
}

/** Resolves a session cookie value; undefined when absent, expired or revoked. */
export async function principalFromSession(
  db: Db,
  cookieValue: string,
  requestedOrg: string | undefined,
  now: Date,
): Promise<Principal | undefined> {
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, sha256Hex(cookieValue)), gt(sessions.expiresAt, now.toISOString())));
  if (!row || row.user.status !== 'active') return undefined;
  const orgId = await resolveOrg(db, row.user.id, requestedOrg, row.session.orgId);
  const membership = await membershipIn(db, row.user.id, orgId);
  if (!membership) return undefined;
  return {
    orgId,
    csrfToken: row.session.csrfToken,
    actor: {
      type: 'user',
      userId: row.user.id,
      email: row.user.email,
      name: row.user.name,
      installationAdmin: row.user.installationAdmin,
      kind: membership.kind,
      roleKey: membership.roleKey,
      permissions: toPermissions(membership.permissions),
      sessionId: row.session.id,
    },
  };
}

/** Resolves an API bearer token; undefined when unknown, revoked or expired. */
export async function principalFromToken(db: Db, token: string, now: Date): Promise<Principal | undefined> {
  if (!token.startsWith(tokenPrefix)) return undefined;
  const [row] = await db
    .select({ token: apiTokens, user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(
      and(
        eq(apiTokens.tokenHash, sha256Hex(token)),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now.toISOString())),
      ),
    );
  if (!row || row.user.status !== 'active') return undefined;
  const membership = await membershipIn(db, row.user.id, row.token.orgId);
  if (!membership) return undefined;
  const scopes = new Set(row.token.scopes);
  return {
    orgId: row.token.orgId,
    actor: {
      type: 'token',
      userId: row.user.id,
      email: row.user.email,
      name: row.user.name,
      installationAdmin: false,
      kind: membership.kind,
      roleKey: membership.roleKey,
      permissions: toPermissions([...toPermissions(membership.permissions)].filter((p) => scopes.has(p))),
      tokenId: row.token.id,
    },
  };
}

/**
 * A person as the actor of background work they started (an import run), with their permissions in
 * the organisation now; undefined when they are no longer an active member of it.
 */
export async function actingPerson(db: Db, userId: string, orgId: string): Promise<UserActor | undefined> {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user || user.status !== 'active') return undefined;
  const membership = await membershipIn(db, userId, orgId);
  if (!membership) return undefined;
  return {
    type: 'user',
    userId: user.id,
    email: user.email,
    name: user.name,
    installationAdmin: user.installationAdmin,
    kind: membership.kind,
    roleKey: membership.roleKey,
    permissions: toPermissions(membership.permissions),
  };
}

/** Records when a token was last used, at most once a minute per token to spare writes. */
export async function touchToken(db: Db, tokenId: string, now: Date): Promise<void> {
  const minuteAgo = new Date(now.getTime() - 60_000).toISOString();
  await db
    .update(apiTokens)
    .set({ lastUsedAt: now.toISOString() })
    .where(and(eq(apiTokens.id, tokenId), or(isNull(apiTokens.lastUsedAt), sql`${apiTokens.lastUsedAt} < ${minuteAgo}`)));
}

/** Password sign-in with temporary lockout, session creation and ending, password change. */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { inTransaction, type Clock, type Ctx } from '../context.ts';
import { AppError } from '../errors/catalogue.ts';
import { recordChange } from '../record-change.ts';
import { firstOrganisationOf } from './principal.ts';
import { sessions, users } from './schema.ts';
import { hashPassword, passwordProblems, randomToken, sha256Hex, verifyPassword } from './secrets.ts';

export interface SessionInfo {
  /** The cookie value; only its hash is stored. */
  token: string;
  csrfToken: string;
  userId: string;
  expiresAt: Date;
}

export interface SignInPolicy {
  maxAttempts: number;
  lockoutMinutes: number;
  sessionTtlHours: number;
}

export interface ClientInfo {
  ip: string;
  userAgent: string;
  requestId: string;
}

/** Starts a session for a verified user (a new id every time, so a planted id is never reused). */
export async function createSession(
  db: Db,
  clock: Clock,
  userId: string,
  method: 'password' | 'oidc',
  ttlHours: number,
  client: ClientInfo,
): Promise<SessionInfo> {
  const token = randomToken(32);
  const csrfToken = randomToken(24);
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + ttlHours * 3600_000);
  const org = { orgId: await firstOrganisationOf(db, userId) };
  await db.transaction(async (tx) => {
    await tx.insert(sessions).values({
      tokenHash: sha256Hex(token),
      userId,
      orgId: org.orgId,
      csrfToken,
      method,
      ip: client.ip.slice(0, 100),
      userAgent: client.userAgent.slice(0, 500),
      expiresAt: expiresAt.toISOString(),
    });
    await tx.update(users).set({ lastLoginAt: now.toISOString(), failedLogins: 0, lockedUntil: null }).where(eq(users.id, userId));
    const [user] = await tx.select({ email: users.email, name: users.name }).from(users).where(eq(users.id, userId));
    // The person signing in is the actor (they hold no permissions yet: this actor only labels the audit row).
    const actor = { type: 'user' as const, userId, email: user!.email, name: user!.name, installationAdmin: false, kind: 'agent' as const, roleKey: '', permissions: new Set<never>() };
    await recordChange(
      { db: tx as unknown as Db, actor, orgId: org.orgId, requestId: client.requestId, clock },
      { action: 'signed_in', entityType: 'person', entityId: userId, after: { method, ip: client.ip } },
    );
  });
  return { token, csrfToken, userId, expiresAt };
}

/** Verifies e-mail and password, counting failures towards a temporary lockout. */
export async function verifyCredentials(db: Db, clock: Clock, email: string, password: string, policy: SignInPolicy): Promise<string> {
  const [user] = await db.select().from(users).where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`);
  const now = clock.now();
  if (user?.lockedUntil && new Date(user.lockedUntil) > now) {
    await verifyPassword(null, password); // same cost as a real attempt
    throw new AppError('ACCOUNT_LOCKED', `Too many failed sign-ins; try again after ${new Date(user.lockedUntil).toISOString()} or ask an administrator to unlock the account`);
  }
  const ok = await verifyPassword(user?.passwordHash ?? null, password);
  if (!user || !ok) {
    if (user) {
      const failed = user.failedLogins + 1;
      const lock = failed >= policy.maxAttempts ? new Date(now.getTime() + policy.lockoutMinutes * 60_000).toISOString() : null;
      await db.update(users).set({ failedLogins: lock ? 0 : failed, lockedUntil: lock }).where(eq(users.id, user.id));
    }
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (user.status !== 'active') throw new AppError('ACCOUNT_DISABLED', 'This account is disabled; ask an administrator');
  return user.id;
}

/** Ends a session server-side, so the cookie is worthless even if kept. */
export async function endSession(db: Db, cookieValue: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, sha256Hex(cookieValue)));
}

/** Slides a session's expiry forward on activity (at most once a minute). */
export async function touchSession(db: Db, sessionId: string, now: Date, ttlHours: number): Promise<void> {
  const expiresAt = new Date(now.getTime() + ttlHours * 3600_000).toISOString();
  await db
    .update(sessions)
    .set({ lastSeenAt: now.toISOString(), expiresAt })
    .where(and(eq(sessions.id, sessionId), sql`${sessions.lastSeenAt} < ${new Date(now.getTime() - 60_000).toISOString()}`));
}

/** Moves the session to another organisation the person belongs to. */
export async function switchSessionOrganisation(db: Db, sessionId: string, orgId: string): Promise<void> {
  await db.update(sessions).set({ orgId }).where(eq(sessions.id, sessionId));
}

/** Changes the caller's own password; other sessions of the account are ended. */
export async function changeOwnPassword(ctx: Ctx, currentPassword: string, newPassword: string): Promise<void> {
  if (ctx.actor.type === 'system') throw new AppError('FORBIDDEN');
  const actor = ctx.actor;
  const [user] = await ctx.db.select().from(users).where(eq(users.id, actor.userId));
  if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) {
    throw new AppError('WRONG_PASSWORD', 'The current password is wrong', [{ field: 'currentPassword', message: 'is wrong' }]);
  }
  const problems = passwordProblems(newPassword, 'newPassword', user.email);
  if (newPassword === currentPassword) problems.push({ field: 'newPassword', message: 'must differ from the current password' });
  if (problems.length) throw new AppError('WEAK_PASSWORD', problems.map((p) => `${p.field} ${p.message}`).join('; '), problems);
  const passwordHash = await hashPassword(newPassword);
  await inTransaction(ctx, async (tx) => {
    const now = tx.clock.now().toISOString();
    await tx.db.update(users).set({ passwordHash, passwordChangedAt: now, updatedAt: now }).where(eq(users.id, actor.userId));
    if (actor.sessionId) {
      await tx.db.delete(sessions).where(and(eq(sessions.userId, actor.userId), sql`${sessions.id} <> ${actor.sessionId}`));
    }
    await recordChange(tx, { action: 'password_changed', entityType: 'person', entityId: actor.userId, eventPayload: { userId: actor.userId } });
  });
}

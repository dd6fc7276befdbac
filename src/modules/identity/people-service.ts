/** Creating and changing people: accounts plus their membership of the caller's organisation. */
import { and, eq, ne, sql } from 'drizzle-orm';
import { memberships, roles, sessions, users } from '../../platform/auth/schema.ts';
import { generatePassword, hashPassword, passwordProblems } from '../../platform/auth/secrets.ts';
import { inTransaction, requirePermission, type Ctx } from '../../platform/context.ts';
import { AppError, invalid } from '../../platform/errors/catalogue.ts';
import { assertVersion, recordChange } from '../../platform/record-change.ts';
import { inOrg, selectIn } from '../../platform/tenancy/scope.ts';
import type { CreatePersonBody, Person, UpdatePersonBody } from './contract.ts';
import { loadPerson } from './people-query.ts';
import { departments } from './schema.ts';

async function roleIn(ctx: Ctx, roleId: string, field = 'roleId') {
  const [role] = await selectIn(ctx, roles, eq(roles.id, roleId));
  if (!role) throw invalid([{ field, message: 'is not a role of this organisation' }]);
  return role;
}

async function checkReferences(ctx: Ctx, input: { departmentId?: string | null; managerId?: string | null }, selfId?: string) {
  if (input.departmentId) {
    const [dep] = await selectIn(ctx, departments, eq(departments.id, input.departmentId));
    if (!dep) throw invalid([{ field: 'departmentId', message: 'is not a department of this organisation' }]);
  }
  if (input.managerId) {
    if (input.managerId === selfId) throw invalid([{ field: 'managerId', message: 'cannot be the person themselves' }]);
    const [manager] = await selectIn(ctx, memberships, eq(memberships.userId, input.managerId));
    if (!manager) throw invalid([{ field: 'managerId', message: 'is not a person of this organisation' }]);
  }
}

async function emailTaken(ctx: Ctx, email: string, exceptUserId?: string): Promise<boolean> {
  const [row] = await ctx.db
    .select({ id: users.id })
    .from(users)
    .where(and(sql`lower(${users.email}) = ${email.toLowerCase()}`, exceptUserId ? ne(users.id, exceptUserId) : undefined));
  return Boolean(row);
}

/**
 * Creates a person in the caller's organisation. When the e-mail already has an account (a member
 * of another organisation), 409: accounts are shared across organisations only by an installation admin.
 */
export async function createPerson(ctx: Ctx, input: CreatePersonBody): Promise<Person & { temporaryPassword?: string }> {
  requirePermission(ctx, 'people:write');
  if (input.password !== undefined && input.generatePassword) {
    throw invalid([{ field: 'password', message: 'give a password or generatePassword, not both' }]);
  }
  if (input.password !== undefined) {
    const problems = passwordProblems(input.password, 'password', input.email);
    if (problems.length) throw new AppError('WEAK_PASSWORD', problems.map((p) => p.message).join('; '), problems);
  }
  const temporaryPassword = input.generatePassword ? generatePassword() : undefined;
  const plain = input.password ?? temporaryPassword;
  const passwordHash = plain ? await hashPassword(plain) : null;
  const person = await inTransaction(ctx, async (tx) => {
    const role = await roleIn(tx, input.roleId);
    await assertCanGrant(tx, role.permissions);
    await checkReferences(tx, input);
    if (await emailTaken(tx, input.email)) {
      throw new AppError('DUPLICATE', `A person with e-mail ${input.email} already exists`, [{ field: 'email', message: 'is already used' }]);
    }
    const now = tx.clock.now().toISOString();
    const [user] = await tx.db
      .insert(users)
      .values({ email: input.email, name: input.name, passwordHash, passwordChangedAt: passwordHash ? now : null })
      .returning();
    await tx.db.insert(memberships).values({
      orgId: tx.orgId,
      userId: user!.id,
      roleId: role.id,
      kind: input.kind ?? role.kind,
      jobTitle: input.jobTitle ?? '',
      vip: input.vip ?? false,
      phone: input.phone ?? '',
      departmentId: input.departmentId ?? null,
      managerId: input.managerId ?? null,
    });
    const created = await loadPerson(tx, user!.id);
    await recordChange(tx, { action: 'created', entityType: 'person', entityId: user!.id, after: created });
    return created;
  });
  return temporaryPassword ? { ...person, temporaryPassword } : person;
}

/** A caller cannot hand out permissions they do not hold themselves. */
export async function assertCanGrant(ctx: Ctx, permissions: string[]): Promise<void> {
  const actor = ctx.actor;
  if (actor.type === 'system') return;
  const missing = permissions.filter((p) => !(actor.permissions as ReadonlySet<string>).has(p));
  if (missing.length) throw new AppError('FORBIDDEN', `You cannot grant permissions you do not hold: ${missing.join(', ')}`);
}

/** Locks the membership row for update and checks the version the caller read. */
async function lockMembership(ctx: Ctx, userId: string, sentVersion: number) {
  const [row] = await ctx.db.select().from(memberships).where(inOrg(ctx, memberships, eq(memberships.userId, userId))).for('update');
  if (!row) throw new AppError('PERSON_NOT_FOUND', `No person ${userId} in this organisation`);
  assertVersion(row.version, sentVersion);
  return row;
}

/**
 * Account-wide changes (e-mail, name, password, status) touch every organisation the person belongs
 * to, so an organisation's admin may make them only if they administer all of those organisations.
 */
export async function assertManagesAccount(ctx: Ctx, userId: string): Promise<void> {
  if (ctx.actor.type === 'system') return;
  const actorId = ctx.actor.userId;
  const [outside] = await ctx.db
    .select({ orgId: memberships.orgId })
    .from(memberships)
    .where(
      and(
        eq(memberships.userId, userId),
        ne(memberships.orgId, ctx.orgId),
        sql`not exists (select 1 from ${memberships} m2 join ${roles} r2 on r2.id = m2.role_id
             where m2.org_id = ${memberships.orgId} and m2.user_id = ${actorId} and 'admin:users' = any(r2.permissions))`,
      ),
    )
    .limit(1);
  if (outside) throw new AppError('FORBIDDEN', 'This person also belongs to an organisation you do not administer; only its administrators can change their account');
}

/** Ensures at least one active administrator remains in the organisation after a change. */
async function assertAdminRemains(ctx: Ctx): Promise<void> {
  const [row] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(memberships)
    .innerJoin(roles, eq(roles.id, memberships.roleId))
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(inOrg(ctx, memberships, and(eq(roles.key, 'admin'), eq(users.status, 'active'))));
  if (!row || row.n < 1) throw new AppError('LAST_ADMIN', 'The organisation must keep at least one active administrator');
}

export async function updatePerson(ctx: Ctx, userId: string, patch: UpdatePersonBody): Promise<Person> {
  requirePermission(ctx, 'people:write');
  return inTransaction(ctx, async (tx) => {
    const membership = await lockMembership(tx, userId, patch.version);
    const before = await loadPerson(tx, userId);
    const accountChange = patch.email !== undefined || patch.name !== undefined || patch.status !== undefined;
    if (accountChange) await assertManagesAccount(tx, userId);
    if (patch.status === 'disabled' && ctx.actor.type !== 'system' && ctx.actor.userId === userId) {
      throw invalid([{ field: 'status', message: 'you cannot disable your own account' }]);
    }
    let kind = patch.kind;
    if (patch.roleId && patch.roleId !== membership.roleId) {
      const role = await roleIn(tx, patch.roleId);
      await assertCanGrant(tx, role.permissions);
      kind ??= role.kind;
    }
    await checkReferences(tx, patch, userId);
    if (patch.email && (await emailTaken(tx, patch.email, userId))) {
      throw new AppError('DUPLICATE', `A person with e-mail ${patch.email} already exists`, [{ field: 'email', message: 'is already used' }]);
    }
    const now = tx.clock.now().toISOString();
    if (accountChange) {
      await tx.db
        .update(users)
        .set({ email: patch.email, name: patch.name, status: patch.status, updatedAt: now })
        .where(eq(users.id, userId));
    }
    await tx.db
      .update(memberships)
      .set({
        roleId: patch.roleId,
        kind,
        jobTitle: patch.jobTitle,
        vip: patch.vip,
        phone: patch.phone,
        departmentId: patch.departmentId,
        managerId: patch.managerId,
        updatedAt: now,
        version: membership.version + 1,
      })
      .where(eq(memberships.id, membership.id));
    await assertAdminRemains(tx);
    const after = await loadPerson(tx, userId);
    await recordChange(tx, { action: 'updated', entityType: 'person', entityId: userId, before, after });
    return after;
  });
}

/** Sets a new generated password (returned once) and unlocks the account. */
export async function resetPersonPassword(ctx: Ctx, userId: string): Promise<{ temporaryPassword: string }> {
  requirePermission(ctx, 'admin:users');
  const temporaryPassword = generatePassword();
  const passwordHash = await hashPassword(temporaryPassword);
  await inTransaction(ctx, async (tx) => {
    await loadPerson(tx, userId);
    await assertManagesAccount(tx, userId);
    const now = tx.clock.now().toISOString();
    await tx.db
      .update(users)
      .set({ passwordHash, passwordChangedAt: now, failedLogins: 0, lockedUntil: null, updatedAt: now })
      .where(eq(users.id, userId));
    await revokeSessionsOf(tx, userId);
    await recordChange(tx, { action: 'password_reset', entityType: 'person', entityId: userId, eventPayload: { userId } });
  });
  return { temporaryPassword };
}

/** Clears a temporary lockout after failed sign-ins. */
export async function unlockPerson(ctx: Ctx, userId: string): Promise<Person> {
  requirePermission(ctx, 'admin:users');
  return inTransaction(ctx, async (tx) => {
    const before = await loadPerson(tx, userId);
    await tx.db.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, userId));
    const after = await loadPerson(tx, userId);
    await recordChange(tx, { action: 'unlocked', entityType: 'person', entityId: userId, before, after });
    return after;
  });
}

async function revokeSessionsOf(ctx: Ctx, userId: string): Promise<void> {
  await ctx.db.delete(sessions).where(eq(sessions.userId, userId));
}

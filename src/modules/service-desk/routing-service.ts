/**
 * Routing inside a team: with round robin on, a ticket that reaches the team without an agent goes to
 * the team's active agents in turn. The team's settings row is locked while choosing, so concurrent
 * tickets never get the same turn.
 */
import { and, asc, eq, gt } from 'drizzle-orm';
import { memberships, users } from '../../platform/auth/schema.ts';
import { inTransaction, requirePermission, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors/catalogue.ts';
import { assertVersion, recordChange } from '../../platform/record-change.ts';
import { inOrg, selectIn } from '../../platform/tenancy/scope.ts';
import { teamMembers, teams } from '../identity/schema.ts';
import { deskGroupSettings } from './schema.ts';
import { iso } from '../../db/columns.ts';
import type { GroupSettings, UpdateGroupSettingsBody } from './routing-contract.ts';

async function team(ctx: Ctx, teamId: string) {
  const [row] = await selectIn(ctx, teams, eq(teams.id, teamId));
  if (!row) throw new AppError('TEAM_NOT_FOUND', `No team ${teamId} in this organisation`);
  return row;
}

async function settingsRow(ctx: Ctx, teamId: string, forUpdate = false) {
  const query = ctx.db.select().from(deskGroupSettings).where(inOrg(ctx, deskGroupSettings, eq(deskGroupSettings.teamId, teamId)));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

async function present(ctx: Ctx, teamId: string): Promise<GroupSettings> {
  const t = await team(ctx, teamId);
  const row = await settingsRow(ctx, teamId);
  const [last] = row?.lastAssigneeId ? await ctx.db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(eq(users.id, row.lastAssigneeId)) : [];
  return { teamId, name: t.name, roundRobin: row?.roundRobin ?? false, lastAssignee: last ?? null, updatedAt: row ? iso(row.updatedAt) : null, version: row?.version ?? 1 };
}

export async function getGroupSettings(ctx: Ctx, teamId: string): Promise<GroupSettings> {
  requirePermission(ctx, 'tickets:read');
  return present(ctx, teamId);
}

export async function updateGroupSettings(ctx: Ctx, teamId: string, patch: UpdateGroupSettingsBody): Promise<GroupSettings> {
  requirePermission(ctx, 'desk:admin');
  return inTransaction(ctx, async (tx) => {
    await team(tx, teamId);
    const current = await settingsRow(tx, teamId, true);
    assertVersion(current?.version ?? 1, patch.version);
    const before = await present(tx, teamId);
    const now = tx.clock.now().toISOString();
    if (current) {
      await tx.db.update(deskGroupSettings).set({ roundRobin: patch.roundRobin, version: current.version + 1, updatedAt: now }).where(eq(deskGroupSettings.teamId, teamId));
    } else {
      const inserted = await tx.db.insert(deskGroupSettings).values({ teamId, orgId: tx.orgId, roundRobin: patch.roundRobin, version: 2, updatedAt: now }).onConflictDoNothing().returning();
      if (!inserted.length) assertVersion(2, patch.version); // someone saved the first change meanwhile
    }
    const after = await present(tx, teamId);
    await recordChange(tx, { action: 'routing_updated', entityType: 'team', entityId: teamId, before, after });
    return after;
  });
}

/** The next agent of the team in turn, or null (round robin off, or no active agent); call in the writing transaction. */
export async function nextInTurn(ctx: Ctx, teamId: string): Promise<string | null> {
  const settings = await settingsRow(ctx, teamId, true);
  if (!settings?.roundRobin) return null;
  const agents = (after?: string) =>
    ctx.db
      .select({ id: teamMembers.userId })
      .from(teamMembers)
      .innerJoin(memberships, and(eq(memberships.userId, teamMembers.userId), eq(memberships.orgId, teamMembers.orgId)))
      .innerJoin(users, eq(users.id, teamMembers.userId))
      .where(and(inOrg(ctx, teamMembers, eq(teamMembers.teamId, teamId)), eq(memberships.kind, 'agent'), eq(users.status, 'active'), after ? gt(teamMembers.userId, after) : undefined))
      .orderBy(asc(teamMembers.userId))
      .limit(1);
  const [next] = settings.lastAssigneeId ? await agents(settings.lastAssigneeId) : [];
  const [first] = next ? [next] : await agents();
  if (!first) return null;
  await ctx.db.update(deskGroupSettings).set({ lastAssigneeId: first.id }).where(eq(deskGroupSettings.teamId, teamId));
  return first.id;
}

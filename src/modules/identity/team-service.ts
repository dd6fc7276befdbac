/** Teams (e.g. assignment groups) and their members. */
import { and, asc, eq, ilike, sql } from 'drizzle-orm';
import { memberships, users } from '../../platform/auth/schema.ts';
import { inTransaction, requirePermission, type Ctx } from '../../platform/context.ts';
import { AppError, invalid } from '../../platform/errors/catalogue.ts';
import { duplicateName } from '../../platform/errors/unique-violation.ts';
import { finishPage, keyset, likePattern, type Page } from '../../platform/http/pagination.ts';
import { assertVersion, recordChange } from '../../platform/record-change.ts';
import { deleteIn, inOrg, insertIn, selectIn, updateIn } from '../../platform/tenancy/scope.ts';
import type { CreateTeamBody, ListQuery, Team, TeamDetail, UpdateTeamBody } from './contract.ts';
import { iso } from '../../db/columns.ts';
import { teamMembers, teams } from './schema.ts';

const memberCount = sql<number>`(select count(*)::int from team_members tm where tm.team_id = "teams"."id")`;
const teamColumns = {
  id: teams.id,
  orgId: teams.orgId,
  name: teams.name,
  description: teams.description,
  email: teams.email,
  createdAt: teams.createdAt,
  updatedAt: teams.updatedAt,
  version: teams.version,
  memberCount,
};
type Row = typeof teams.$inferSelect & { memberCount: number };

function present(row: Row): Team {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    email: row.email,
    memberCount: row.memberCount,
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
    version: row.version,
  };
}

async function load(ctx: Ctx, id: string, forUpdate = false): Promise<Row> {
  const query = ctx.db.select(teamColumns).from(teams).where(inOrg(ctx, teams, eq(teams.id, id)));
  const [row] = forUpdate ? await query.for('update', { of: teams }) : await query;
  if (!row) throw new AppError('TEAM_NOT_FOUND', `No team ${id} in this organisation`);
  return row;
}

async function detail(ctx: Ctx, id: string): Promise<TeamDetail> {
  const row = await load(ctx, id);
  const members = await ctx.db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(inOrg(ctx, teamMembers, eq(teamMembers.teamId, id)))
    .orderBy(asc(users.name));
  return { ...present(row), members };
}

export async function findTeams(ctx: Ctx, query: ListQuery): Promise<Page<Team>> {
  requirePermission(ctx, 'teams:read');
  const page = keyset({ sortColumn: sql`lower(${teams.name})`, idColumn: teams.id, descending: false, sortName: 'name', cursor: query.cursor });
  const rows = await ctx.db
    .select(teamColumns)
    .from(teams)
    .where(inOrg(ctx, teams, and(query.q ? ilike(teams.name, likePattern(query.q)) : undefined, page.where)))
    .orderBy(...page.orderBy)
    .limit(query.limit + 1);
  return finishPage(rows, query.limit, 'name', (r) => [r.name.toLowerCase(), r.id], present);
}

export async function getTeam(ctx: Ctx, id: string): Promise<TeamDetail> {
  requirePermission(ctx, 'teams:read');
  return detail(ctx, id);
}

export async function createTeam(ctx: Ctx, input: CreateTeamBody): Promise<TeamDetail> {
  requirePermission(ctx, 'teams:write');
  return inTransaction(ctx, async (tx) => {
    const [row] = await insertIn(tx, teams, { name: input.name, description: input.description ?? '', email: input.email ?? '' }).catch(duplicateName('team'));
    const created = await detail(tx, row!.id);
    await recordChange(tx, { action: 'created', entityType: 'team', entityId: row!.id, after: created });
    return created;
  });
}

export async function updateTeam(ctx: Ctx, id: string, patch: UpdateTeamBody): Promise<TeamDetail> {
  requirePermission(ctx, 'teams:write');
  return inTransaction(ctx, async (tx) => {
    const current = await load(tx, id, true);
    assertVersion(current.version, patch.version);
    const before = await detail(tx, id);
    await updateIn(
      tx,
      teams,
      { name: patch.name, description: patch.description, email: patch.email, version: current.version + 1, updatedAt: tx.clock.now().toISOString() },
      eq(teams.id, id),
    ).catch(duplicateName('team'));
    const after = await detail(tx, id);
    await recordChange(tx, { action: 'updated', entityType: 'team', entityId: id, before, after });
    return after;
  });
}

export async function deleteTeam(ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx, 'teams:write');
  await inTransaction(ctx, async (tx) => {
    await load(tx, id, true);
    const before = await detail(tx, id);
    await deleteIn(tx, teams, eq(teams.id, id));
    await recordChange(tx, { action: 'deleted', entityType: 'team', entityId: id, before });
  });
}

/** Adds a person of this organisation to the team (idempotent). */
export async function addTeamMember(ctx: Ctx, teamId: string, userId: string): Promise<TeamDetail> {
  requirePermission(ctx, 'teams:write');
  return inTransaction(ctx, async (tx) => {
    const current = await load(tx, teamId, true);
    const [member] = await selectIn(tx, memberships, eq(memberships.userId, userId));
    if (!member) throw invalid([{ field: 'userId', message: 'is not a person of this organisation' }]);
    const before = await detail(tx, teamId);
    const inserted = await tx.db.insert(teamMembers).values({ orgId: tx.orgId, teamId, userId }).onConflictDoNothing().returning();
    if (inserted.length === 0) return before;
    await updateIn(tx, teams, { version: current.version + 1, updatedAt: tx.clock.now().toISOString() }, eq(teams.id, teamId));
    const after = await detail(tx, teamId);
    await recordChange(tx, { action: 'member_added', entityType: 'team', entityId: teamId, before, after });
    return after;
  });
}

export async function removeTeamMember(ctx: Ctx, teamId: string, userId: string): Promise<TeamDetail> {
  requirePermission(ctx, 'teams:write');
  return inTransaction(ctx, async (tx) => {
    const current = await load(tx, teamId, true);
    const before = await detail(tx, teamId);
    const removed = await deleteIn(tx, teamMembers, and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId))!);
    if (removed.length === 0) throw new AppError('PERSON_NOT_FOUND', 'That person is not a member of this team');
    await updateIn(tx, teams, { version: current.version + 1, updatedAt: tx.clock.now().toISOString() }, eq(teams.id, teamId));
    const after = await detail(tx, teamId);
    await recordChange(tx, { action: 'member_removed', entityType: 'team', entityId: teamId, before, after });
    return after;
  });
}

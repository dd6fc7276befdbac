/**
 * Assigning licences: per-user and subscription licences to people of the organisation, per-device
 * licences to configuration items. Assigned people and devices count as consumed in compliance, with
 * or without an installation; a person or device is assigned a licence once.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { iso } from '../../db/columns.ts';
import { memberships, users } from '../../platform/auth/schema.ts';
import { inTransaction, requirePermission, type Ctx } from '../../platform/context.ts';
import { AppError, invalid } from '../../platform/errors/catalogue.ts';
import { duplicateField } from '../../platform/errors/unique-violation.ts';
import { finishPage, keyset, type Page } from '../../platform/http/pagination.ts';
import { recordChange } from '../../platform/record-change.ts';
import { deleteIn, inOrg, insertIn, selectIn } from '../../platform/tenancy/scope.ts';
import { ciCondition, ciRefs } from './ci-query.ts';
import type { CreateAssignmentBody, LicenceAssignment } from './licence-contract.ts';
import { assignable, findLicenceRow } from './licence-service.ts';
import { configurationItems } from './schema.ts';
import { licenceAssignments } from './software-schema.ts';

type Row = typeof licenceAssignments.$inferSelect;
const duplicate = duplicateField({ licence_assignments_licence_user: 'userId', licence_assignments_licence_ci: 'ciId' }, 'userId');

/** People by id, as references. */
export async function personRefs(ctx: Ctx, ids: readonly string[]): Promise<Map<string, { id: string; name: string; email: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await ctx.db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(inArray(users.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r]));
}

async function present(ctx: Ctx, rows: Row[]): Promise<LicenceAssignment[]> {
  const [people, cis] = await Promise.all([
    personRefs(ctx, rows.flatMap((r) => (r.userId ? [r.userId] : []))),
    ciRefs(ctx, rows.flatMap((r) => (r.ciId ? [r.ciId] : []))),
  ]);
  return rows.map((r) => ({
    id: r.id,
    licenceId: r.licenceId,
    person: r.userId ? (people.get(r.userId) ?? null) : null,
    ci: r.ciId ? (cis.get(r.ciId) ?? null) : null,
    createdAt: iso(r.createdAt)!,
  }));
}

/** A licence's assignments, oldest first. */
export async function findAssignments(ctx: Ctx, licenceId: string, query: { limit: number; cursor?: string }): Promise<Page<LicenceAssignment>> {
  requirePermission(ctx, 'cmdb:read');
  const page = keyset({ sortColumn: licenceAssignments.createdAt, idColumn: licenceAssignments.id, descending: false, sortName: 'createdAt', cursor: query.cursor });
  const licence = await findLicenceRow(ctx, licenceId);
  const rows = await ctx.db
    .select()
    .from(licenceAssignments)
    .where(inOrg(ctx, licenceAssignments, and(eq(licenceAssignments.licenceId, licence.id), page.where)))
    .orderBy(...page.orderBy)
    .limit(query.limit + 1);
  const presented = new Map((await present(ctx, rows.slice(0, query.limit))).map((a) => [a.id, a]));
  return finishPage(rows, query.limit, 'createdAt', (r) => [new Date(r.createdAt).toISOString(), r.id], (r) => presented.get(r.id)!);
}

/** Assigns a licence to a person or an item; the licence's metric decides which it takes. */
export async function createAssignment(ctx: Ctx, licenceId: string, input: CreateAssignmentBody): Promise<LicenceAssignment> {
  requirePermission(ctx, 'cmdb:write');
  return inTransaction(ctx, async (tx) => {
    const licence = await findLicenceRow(tx, licenceId, true);
    const takes = assignable[licence.metric];
    if (input.userId && input.ciId) throw invalid([{ field: 'ciId', message: 'give userId or ciId, not both' }]);
    if (!input.userId && !input.ciId) throw invalid([{ field: takes === 'ci' ? 'ciId' : 'userId', message: 'is required' }]);
    const field = input.userId ? 'userId' : 'ciId';
    if (takes === null) throw invalid([{ field, message: `${licence.metric} licences are not assigned` }]);
    if ((takes === 'person') !== Boolean(input.userId)) {
      throw invalid([{ field, message: `${licence.metric} licences are assigned to ${takes === 'person' ? 'people (userId)' : 'devices (ciId)'}` }]);
    }
    let target: { userId: string | null; ciId: string | null };
    if (input.userId) {
      const [member] = await selectIn(tx, memberships, eq(memberships.userId, input.userId));
      if (!member) throw invalid([{ field: 'userId', message: 'is not a person of this organisation' }]);
      target = { userId: input.userId, ciId: null };
    } else {
      const [ci] = await tx.db.select({ id: configurationItems.id }).from(configurationItems).where(inOrg(tx, configurationItems, ciCondition(input.ciId!)));
      if (!ci) throw invalid([{ field: 'ciId', message: 'is not a configuration item of this organisation' }]);
      target = { userId: null, ciId: ci.id };
    }
    const [taken] = await selectIn(
      tx,
      licenceAssignments,
      and(eq(licenceAssignments.licenceId, licence.id), target.userId ? eq(licenceAssignments.userId, target.userId) : eq(licenceAssignments.ciId, target.ciId!)),
    );
    if (taken) throw new AppError('DUPLICATE', `The licence is already assigned to this ${target.userId ? 'person' : 'item'}`, [{ field, message: 'is already assigned this licence' }]);
    const [row] = await insertIn(tx, licenceAssignments, { licenceId: licence.id, ...target, createdAt: tx.clock.now().toISOString() }).catch(duplicate);
    const [created] = await present(tx, [row!]);
    const after = { licenceId: licence.id, userId: target.userId, ciId: target.ciId };
    await recordChange(tx, { action: 'created', entityType: 'licence_assignment', entityId: row!.id, after });
    return created!;
  });
}

/** Removes an assignment. */
export async function deleteAssignment(ctx: Ctx, licenceId: string, assignmentId: string): Promise<void> {
  requirePermission(ctx, 'cmdb:write');
  await inTransaction(ctx, async (tx) => {
    const licence = await findLicenceRow(tx, licenceId, true);
    const [row] = await selectIn(tx, licenceAssignments, and(eq(licenceAssignments.licenceId, licence.id), eq(licenceAssignments.id, assignmentId)));
    if (!row) throw new AppError('LICENCE_ASSIGNMENT_NOT_FOUND', `No assignment ${assignmentId} of this licence`);
    await deleteIn(tx, licenceAssignments, eq(licenceAssignments.id, row.id));
    await recordChange(tx, { action: 'deleted', entityType: 'licence_assignment', entityId: row.id, before: { licenceId: licence.id, userId: row.userId, ciId: row.ciId } });
  });
}

/**
 * Relationships between configuration items: stored once as (source, type, target), listed from
 * either end under the name that reads right from there. No duplicates (a `connected_to` link counts
 * in both directions), no item related to itself; cycles are allowed (networks have them).
 */
import { and, eq, inArray, or, type SQL } from 'drizzle-orm';
import { iso } from '../../db/columns.ts';
import { inTransaction, requirePermission, type Ctx } from '../../platform/context.ts';
import { AppError, invalid, type FieldError } from '../../platform/errors/catalogue.ts';
import { duplicateField } from '../../platform/errors/unique-violation.ts';
import { finishPage, keyset, type Page } from '../../platform/http/pagination.ts';
import { recordChange } from '../../platform/record-change.ts';
import { deleteIn, inOrg, insertIn } from '../../platform/tenancy/scope.ts';
import { ciCondition, ciRefs, findCiRow } from './ci-query.ts';
import type { CiRelationship, CiRelationshipQuery, CreateRelationshipBody, Relationship } from './contract.ts';
import { nameFrom, normaliseRelationship, type RelationshipName } from './relationship-types.ts';
import { ciRelationships, configurationItems } from './schema.ts';

type Row = typeof ciRelationships.$inferSelect;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const duplicate = duplicateField({ ci_relationships_source_type_target: 'targetId' }, 'targetId');

async function present(ctx: Ctx, rows: Row[]): Promise<Relationship[]> {
  const refs = await ciRefs(ctx, rows.flatMap((r) => [r.sourceId, r.targetId]));
  return rows.map((r) => ({ id: r.id, type: r.type, source: refs.get(r.sourceId)!, target: refs.get(r.targetId)!, createdAt: iso(r.createdAt)! }));
}

async function load(ctx: Ctx, id: string): Promise<Row> {
  const [row] = uuidPattern.test(id) ? await ctx.db.select().from(ciRelationships).where(inOrg(ctx, ciRelationships, eq(ciRelationships.id, id.toLowerCase()))) : [];
  if (!row) throw new AppError('RELATIONSHIP_NOT_FOUND', `No relationship ${id} in this organisation`);
  return row;
}

export async function getRelationship(ctx: Ctx, id: string): Promise<Relationship> {
  requirePermission(ctx, 'cmdb:read');
  return (await present(ctx, [await load(ctx, id)]))[0]!;
}

/** Both ends must be items of the organisation and differ; a missing one is named (400). */
async function resolveEnds(ctx: Ctx, input: CreateRelationshipBody): Promise<{ sourceId: string; targetId: string }> {
  const errors: FieldError[] = [];
  const ids: Partial<Record<'sourceId' | 'targetId', string>> = {};
  for (const field of ['sourceId', 'targetId'] as const) {
    const [row] = await ctx.db.select({ id: configurationItems.id }).from(configurationItems).where(inOrg(ctx, configurationItems, ciCondition(input[field])));
    if (!row) errors.push({ field, message: 'is not a configuration item of this organisation' });
    else ids[field] = row.id;
  }
  if (!errors.length && ids.sourceId === ids.targetId) errors.push({ field: 'targetId', message: 'must be another item: an item cannot be related to itself' });
  if (errors.length) throw invalid(errors);
  return { sourceId: ids.sourceId!, targetId: ids.targetId! };
}

export async function createRelationship(ctx: Ctx, input: CreateRelationshipBody): Promise<Relationship> {
  requirePermission(ctx, 'cmdb:write');
  return inTransaction(ctx, async (tx) => {
    const ends = await resolveEnds(tx, input);
    const stored = normaliseRelationship(ends.sourceId, input.type as RelationshipName, ends.targetId);
    // Both ends are locked, so two people linking the same pair (either way round) queue up.
    await tx.db.select({ id: configurationItems.id }).from(configurationItems).where(inOrg(tx, configurationItems, inArray(configurationItems.id, [stored.sourceId, stored.targetId]))).orderBy(configurationItems.id).for('update');
    const same = (s: string, t: string) => and(eq(ciRelationships.sourceId, s), eq(ciRelationships.type, stored.type), eq(ciRelationships.targetId, t));
    const [existing] = await tx.db
      .select({ id: ciRelationships.id })
      .from(ciRelationships)
      .where(inOrg(tx, ciRelationships, stored.type === 'connected_to' ? or(same(stored.sourceId, stored.targetId), same(stored.targetId, stored.sourceId)) : same(stored.sourceId, stored.targetId)));
    if (existing) throw new AppError('DUPLICATE', `The items are already related this way (relationship ${existing.id})`, [{ field: 'targetId', message: `is already related by ${input.type}` }]);
    const [row] = await insertIn(tx, ciRelationships, { ...stored, createdAt: tx.clock.now().toISOString() }).catch(duplicate);
    const [created] = await present(tx, [row!]);
    await recordChange(tx, {
      action: 'created',
      entityType: 'relationship',
      entityId: row!.id,
      after: { type: created!.type, source: created!.source.key, target: created!.target.key },
      eventPayload: { type: row!.type, sourceId: row!.sourceId, targetId: row!.targetId },
    });
    return created!;
  });
}

export async function deleteRelationship(ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx, 'cmdb:write');
  await inTransaction(ctx, async (tx) => {
    const row = await load(tx, id);
    const [before] = await present(tx, [row]);
    await deleteIn(tx, ciRelationships, eq(ciRelationships.id, row.id));
    await recordChange(tx, {
      action: 'deleted',
      entityType: 'relationship',
      entityId: row.id,
      before: { type: before!.type, source: before!.source.key, target: before!.target.key },
      eventPayload: { type: row.type, sourceId: row.sourceId, targetId: row.targetId },
    });
  });
}

/** An item's relationships from both ends, newest first, each named as read from the item. */
export async function listCiRelationships(ctx: Ctx, idOrKey: string, query: CiRelationshipQuery): Promise<Page<CiRelationship>> {
  requirePermission(ctx, 'cmdb:read');
  const page = keyset({ sortColumn: ciRelationships.createdAt, idColumn: ciRelationships.id, descending: true, sortName: '-createdAt', cursor: query.cursor });
  const ci = await findCiRow(ctx, idOrKey);
  const ends: SQL[] = [];
  if (query.direction !== 'incoming') ends.push(eq(ciRelationships.sourceId, ci.id));
  if (query.direction !== 'outgoing') ends.push(eq(ciRelationships.targetId, ci.id));
  const rows = await ctx.db
    .select()
    .from(ciRelationships)
    .where(inOrg(ctx, ciRelationships, or(...ends), query.type ? eq(ciRelationships.type, query.type) : undefined, page.where))
    .orderBy(...page.orderBy)
    .limit(query.limit + 1);
  const refs = await ciRefs(ctx, rows.map((r) => (r.sourceId === ci.id ? r.targetId : r.sourceId)));
  return finishPage(
    rows,
    query.limit,
    '-createdAt',
    (r) => [new Date(r.createdAt).toISOString(), r.id],
    (r) => {
      const outgoing = r.sourceId === ci.id;
      return { id: r.id, type: r.type, name: nameFrom(r.type, outgoing ? 'source' : 'target'), direction: outgoing ? 'outgoing' : 'incoming', ci: refs.get(outgoing ? r.targetId : r.sourceId)!, createdAt: iso(r.createdAt)! };
    },
  );
}

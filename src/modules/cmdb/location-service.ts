/**
 * The location tree (site → building → floor → room → rack): every agent reads it, CMDB
 * administrators shape it. A location sits only under a larger kind; one in use is not deleted.
 */
import { and, eq, sql } from 'drizzle-orm';
import { iso } from '../../db/columns.ts';
import { inTransaction, requirePermission, type Ctx } from '../../platform/context.ts';
import { AppError, invalid, type FieldError } from '../../platform/errors/catalogue.ts';
import { duplicateName } from '../../platform/errors/unique-violation.ts';
import { decodeCursor, finishPage, type Page } from '../../platform/http/pagination.ts';
import { assertVersion, recordChange } from '../../platform/record-change.ts';
import { deleteIn, inOrg, insertIn, selectIn, updateIn } from '../../platform/tenancy/scope.ts';
import type { CreateLocationBody, Location, LocationQuery, UpdateLocationBody } from './class-contract.ts';
import { configurationItems, locationKinds, locations, type LocationKind } from './schema.ts';

type Row = typeof locations.$inferSelect;
const rank = (kind: LocationKind) => locationKinds.indexOf(kind);

/** Every location of the organisation with its path, keyed by id. */
export async function locationIndex(ctx: Ctx): Promise<Map<string, Location>> {
  const rows = await selectIn(ctx, locations);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const pathOf = (row: Row): string => {
    const names: string[] = [];
    for (let at: Row | undefined = row; at && names.length <= locationKinds.length; at = at.parentId ? byId.get(at.parentId) : undefined) names.unshift(at.name);
    return names.join(' / ');
  };
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        kind: r.kind,
        name: r.name,
        parentId: r.parentId,
        path: pathOf(r),
        description: r.description,
        rackUnits: r.rackUnits,
        createdAt: iso(r.createdAt)!,
        updatedAt: iso(r.updatedAt)!,
        version: r.version,
      },
    ]),
  );
}

/** The ids of a location and everything in it. */
export function locationsWithin(index: Map<string, Location>, rootId: string): string[] {
  const out = [rootId];
  for (let i = 0; i < out.length; i++) for (const l of index.values()) if (l.parentId === out[i]) out.push(l.id);
  return out;
}

/** The tree in path order, paged in memory. */
export async function listLocations(ctx: Ctx, query: LocationQuery): Promise<Page<Location>> {
  requirePermission(ctx, 'cmdb:read');
  const after = query.cursor ? decodeCursor(query.cursor, 'path') : undefined;
  const needle = query.q?.toLowerCase();
  const byPath = (a: Location, b: { path: string; id: string }) => a.path.localeCompare(b.path) || a.id.localeCompare(b.id);
  const rows = [...(await locationIndex(ctx)).values()]
    .filter((l) => !query.kind || l.kind === query.kind)
    .filter((l) => query.parent === undefined || l.parentId === (query.parent === 'none' ? null : query.parent))
    .filter((l) => !needle || l.path.toLowerCase().includes(needle))
    .filter((l) => !after || byPath(l, { path: String(after[0]), id: after[1] }) > 0)
    .sort(byPath);
  return finishPage(rows.slice(0, query.limit + 1), query.limit, 'path', (l) => [l.path, l.id], (l) => l);
}

export async function getLocation(ctx: Ctx, id: string): Promise<Location> {
  requirePermission(ctx, 'cmdb:read');
  const location = (await locationIndex(ctx)).get(id);
  if (!location) throw new AppError('LOCATION_NOT_FOUND', `No location ${id} in this organisation`);
  return location;
}

async function lock(ctx: Ctx, id: string): Promise<Row> {
  const [row] = await ctx.db.select().from(locations).where(inOrg(ctx, locations, eq(locations.id, id))).for('update');
  if (!row) throw new AppError('LOCATION_NOT_FOUND', `No location ${id} in this organisation`);
  return row;
}

/** Where a location of `kind` may sit, with its rack units: problems naming the fields. */
function checkPlace(index: Map<string, Location>, selfId: string | undefined, kind: LocationKind, parentId: string | null, rackUnits: number | null): FieldError[] {
  const errors: FieldError[] = [];
  if (parentId) {
    const parent = index.get(parentId);
    if (!parent) errors.push({ field: 'parentId', message: 'is not a location of this organisation' });
    else if (kind === 'site') errors.push({ field: 'parentId', message: 'must be empty: a site is the top of the tree' });
    else if (rank(parent.kind) >= rank(kind)) errors.push({ field: 'parentId', message: `is a ${parent.kind}; a ${kind} sits only in a ${locationKinds.slice(0, rank(kind)).join(', ')}` });
    else if (selfId && locationsWithin(index, selfId).includes(parentId)) errors.push({ field: 'parentId', message: 'would put the location inside itself' });
  }
  if (selfId) {
    const child = [...index.values()].find((l) => l.parentId === selfId && rank(l.kind) <= rank(kind));
    if (child) errors.push({ field: 'kind', message: `would be no larger than its ${child.kind} ${child.name}` });
  }
  if (rackUnits !== null && kind !== 'rack') errors.push({ field: 'rackUnits', message: 'applies only to a rack' });
  return errors;
}

export async function createLocation(ctx: Ctx, input: CreateLocationBody): Promise<Location> {
  requirePermission(ctx, 'cmdb:admin');
  return inTransaction(ctx, async (tx) => {
    await tx.db.execute(sql`SELECT pg_advisory_xact_lock(hashtext('locations:' || ${tx.orgId}))`);
    const errors = checkPlace(await locationIndex(tx), undefined, input.kind, input.parentId ?? null, input.rackUnits ?? null);
    if (errors.length) throw invalid(errors);
    const [row] = await insertIn(tx, locations, {
      kind: input.kind,
      name: input.name,
      parentId: input.parentId ?? null,
      description: input.description ?? '',
      rackUnits: input.rackUnits ?? null,
      createdAt: tx.clock.now().toISOString(),
      updatedAt: tx.clock.now().toISOString(),
    }).catch(duplicateName('location in this place'));
    const created = (await locationIndex(tx)).get(row!.id)!;
    await recordChange(tx, { action: 'created', entityType: 'location', entityId: row!.id, after: created });
    return created;
  });
}

export async function updateLocation(ctx: Ctx, id: string, patch: UpdateLocationBody): Promise<Location> {
  requirePermission(ctx, 'cmdb:admin');
  return inTransaction(ctx, async (tx) => {
    // Moves are serialised per organisation so two concurrent moves cannot build a cycle.
    await tx.db.execute(sql`SELECT pg_advisory_xact_lock(hashtext('locations:' || ${tx.orgId}))`);
    const current = await lock(tx, id);
    assertVersion(current.version, patch.version);
    const index = await locationIndex(tx);
    const kind = patch.kind ?? current.kind;
    const rackUnits = patch.rackUnits !== undefined ? patch.rackUnits : kind === 'rack' ? current.rackUnits : null;
    const errors = checkPlace(index, id, kind, patch.parentId !== undefined ? patch.parentId : current.parentId, rackUnits);
    if (kind !== 'rack' || (rackUnits ?? 100) < (current.rackUnits ?? 0)) {
      const [outside] = await tx.db
        .select({ key: configurationItems.key })
        .from(configurationItems)
        .where(inOrg(tx, configurationItems, eq(configurationItems.locationId, id), sql`${configurationItems.rackPosition} > ${kind === 'rack' ? (rackUnits ?? 100) : 0}`))
        .limit(1);
      if (outside) errors.push({ field: kind === 'rack' ? 'rackUnits' : 'kind', message: `${outside.key} is mounted at a rack position that would no longer exist` });
    }
    if (errors.length) throw invalid(errors);
    const before = index.get(id)!;
    await updateIn(
      tx,
      locations,
      {
        kind,
        name: patch.name,
        parentId: patch.parentId,
        description: patch.description,
        rackUnits,
        version: current.version + 1,
        updatedAt: tx.clock.now().toISOString(),
      },
      eq(locations.id, id),
    ).catch(duplicateName('location in this place'));
    const after = (await locationIndex(tx)).get(id)!;
    await recordChange(tx, { action: 'updated', entityType: 'location', entityId: id, before, after });
    return after;
  });
}

/** Deletes an empty location: nothing inside it and no item placed in it. */
export async function deleteLocation(ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx, 'cmdb:admin');
  await inTransaction(ctx, async (tx) => {
    await tx.db.execute(sql`SELECT pg_advisory_xact_lock(hashtext('locations:' || ${tx.orgId}))`);
    await lock(tx, id);
    const index = await locationIndex(tx);
    if ([...index.values()].some((l) => l.parentId === id)) throw new AppError('REFERENCE_CONFLICT', 'Other locations are inside this one; move or delete them first');
    const [used] = await tx.db.select({ key: configurationItems.key }).from(configurationItems).where(and(inOrg(tx, configurationItems), eq(configurationItems.locationId, id))).limit(1);
    if (used) throw new AppError('REFERENCE_CONFLICT', `Configuration items such as ${used.key} are placed here; move them first`);
    const before = index.get(id)!;
    await deleteIn(tx, locations, eq(locations.id, id));
    await recordChange(tx, { action: 'deleted', entityType: 'location', entityId: id, before });
  });
}

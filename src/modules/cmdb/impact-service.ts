/**
 * Impact analysis: from one item, everything downstream (the items that need it, transitively: what
 * breaks if it goes down) or upstream (what it needs) to a depth, each with the path that reached it,
 * and the business services among them by criticality.
 *
 * A breadth-first walk with one query per level (both ends of `ci_relationships` by index) and a
 * visited set: each item is expanded once, so cycles end and dense graphs cost O(items + links), where
 * a recursive CTE with a path array would enumerate every path (see docs/benchmarks.md).
 */
import { sql } from 'drizzle-orm';
import { resultRows } from '../../db/client.ts';
import { requirePermission, type Ctx } from '../../platform/context.ts';
import { inOrg } from '../../platform/tenancy/scope.ts';
import { findCiRow, refOf } from './ci-query.ts';
import { classIndex, isKindOf } from './class-index.ts';
import type { ImpactItem, ImpactQuery, ImpactReport } from './contract.ts';
import { impactSteps, nameFrom, type RelationshipName, type RelationshipType } from './relationship-types.ts';
import { configurationItems, criticalities, type Criticality } from './schema.ts';

type Direction = 'downstream' | 'upstream';

interface Reached {
  depth: number;
  parent: string;
  name: RelationshipName;
}

const uuidArray = (ids: readonly string[]) => sql`${`{${ids.join(',')}}`}::uuid[]`;
const textArray = (values: readonly string[]) => sql`${`{${values.join(',')}}`}::text[]`;

/**
 * Frontier items per query. Small enough that PostgreSQL's planner takes the relationship indexes (not
 * a scan of every link) and that a walk which reaches its limit stops after the part of a level it needed.
 */
const chunkSize = 200;

/** Walks one direction from `rootId`; each item reached once, by a shortest path, at most `limit` items. */
export async function walkImpact(ctx: Ctx, rootId: string, direction: Direction, depth: number, limit: number): Promise<{ reached: Map<string, Reached>; truncated: boolean }> {
  const steps = impactSteps(direction);
  const reached = new Map<string, Reached>();
  const seen = new Set([rootId]);
  let frontier = [rootId];
  for (let level = 1; level <= depth && frontier.length > 0; level++) {
    const next: string[] = [];
    for (let at = 0; at < frontier.length; at += chunkSize) {
      const part = uuidArray(frontier.slice(at, at + chunkSize));
      const rows = resultRows<{ from_id: string; to_id: string; type: RelationshipType; outgoing: boolean }>(
        await ctx.db.execute(sql`
          SELECT source_id AS from_id, target_id AS to_id, type, true AS outgoing FROM ci_relationships
            WHERE org_id = ${ctx.orgId} AND source_id = ANY(${part}) AND type = ANY(${textArray(steps.asSource)})
          UNION ALL
          SELECT target_id, source_id, type, false FROM ci_relationships
            WHERE org_id = ${ctx.orgId} AND target_id = ANY(${part}) AND type = ANY(${textArray(steps.asTarget)})`),
      );
      for (const row of rows) {
        if (seen.has(row.to_id)) continue;
        if (reached.size >= limit) return { reached, truncated: true };
        seen.add(row.to_id);
        reached.set(row.to_id, { depth: level, parent: row.from_id, name: nameFrom(row.type, row.outgoing ? 'source' : 'target') });
        next.push(row.to_id);
      }
    }
    frontier = next;
  }
  return { reached, truncated: false };
}

/** The reached items' columns, fetched in parts the planner answers from the primary key. */
async function reachedRows(ctx: Ctx, ids: string[]) {
  const parts = [];
  for (let at = 0; at < ids.length; at += 2 * chunkSize) {
    parts.push(
      ctx.db
        .select({ id: configurationItems.id, key: configurationItems.key, name: configurationItems.name, classId: configurationItems.classId, status: configurationItems.status, criticality: configurationItems.criticality })
        .from(configurationItems)
        .where(inOrg(ctx, configurationItems, sql`${configurationItems.id} = ANY(${uuidArray(ids.slice(at, at + 2 * chunkSize))})`)),
    );
  }
  return (await Promise.all(parts)).flat();
}

const criticalityRank = (c: Criticality | null) => (c === null ? criticalities.length : criticalities.indexOf(c));

/** The impact report of an item (by id or key). */
export async function analyseImpact(ctx: Ctx, idOrKey: string, query: ImpactQuery): Promise<ImpactReport> {
  requirePermission(ctx, 'cmdb:read');
  const root = await findCiRow(ctx, idOrKey);
  const directions: Direction[] = query.direction === 'both' ? ['downstream', 'upstream'] : [query.direction];
  // On PostgreSQL the two directions walk at once, each on its own connection.
  const walks = await Promise.all(directions.map(async (direction) => ({ direction, ...(await walkImpact(ctx, root.id, direction, query.depth, query.limit)) })));
  const ids = [...new Set(walks.flatMap((w) => [...w.reached.keys()]))];
  const [classes, rows] = await Promise.all([classIndex(ctx), reachedRows(ctx, ids)]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  byId.set(root.id, root);
  const items: ImpactItem[] = [];
  for (const walk of walks) {
    for (const [id, at] of walk.reached) {
      const path: ImpactItem['path'] = [];
      for (let step: string | undefined = id; step && step !== root.id; step = walk.reached.get(step)?.parent) {
        path.unshift({ name: walk.reached.get(step)!.name, key: byId.get(step)!.key });
      }
      const row = byId.get(id)!;
      items.push({ ci: refOf(classes, row), criticality: row.criticality, direction: walk.direction, depth: at.depth, path });
    }
  }
  const byName = (a: ImpactItem, b: ImpactItem) => (a.ci.name < b.ci.name ? -1 : a.ci.name > b.ci.name ? 1 : a.ci.id < b.ci.id ? -1 : 1);
  items.sort((a, b) => directions.indexOf(a.direction) - directions.indexOf(b.direction) || a.depth - b.depth || byName(a, b));
  const businessServices = items
    .filter((i) => isKindOf(classes, classes.byId.get(i.ci.class.id)!, 'business_service'))
    .sort((a, b) => criticalityRank(a.criticality) - criticalityRank(b.criticality) || a.depth - b.depth || byName(a, b));
  return {
    root: refOf(classes, root),
    direction: query.direction,
    depth: query.depth,
    items,
    businessServices,
    truncated: walks.some((w) => w.truncated),
  };
}

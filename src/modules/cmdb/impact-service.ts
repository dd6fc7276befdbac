/**
 * Impact analysis: from one item, everything downstream (the items that need it, transitively: what
 * breaks if it goes down) or upstream (what it needs) to a depth, each with the path that reached it,
 * and the business services among them by criticality.
 *
 * A breadth-first walk with one query per level (both ends of `ci_relationships` by index) and a
 * visited set: each item is expanded once, so cycles end and dense graphs cost O(items + links), where
 * a recursive CTE with a path array would enumerate every path (see docs/benchmarks.md).
 */
import { inArray, sql } from 'drizzle-orm';
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

/** Walks one direction from `rootId`; each item reached once, by a shortest path, at most `limit` items. */
export async function walkImpact(ctx: Ctx, rootId: string, direction: Direction, depth: number, limit: number): Promise<{ reached: Map<string, Reached>; truncated: boolean }> {
  const steps = impactSteps(direction);
  const reached = new Map<string, Reached>();
  const seen = new Set([rootId]);
  let frontier = [rootId];
  for (let level = 1; level <= depth && frontier.length > 0; level++) {
    const rows = resultRows<{ from_id: string; to_id: string; type: RelationshipType; end: 'source' | 'target' }>(
      await ctx.db.execute(sql`
        SELECT source_id AS from_id, target_id AS to_id, type, 'source' AS "end" FROM ci_relationships
          WHERE org_id = ${ctx.orgId} AND source_id = ANY(${uuidArray(frontier)}) AND type = ANY(${textArray(steps.asSource)})
        UNION ALL
        SELECT target_id, source_id, type, 'target' FROM ci_relationships
          WHERE org_id = ${ctx.orgId} AND target_id = ANY(${uuidArray(frontier)}) AND type = ANY(${textArray(steps.asTarget)})
        ORDER BY 1, 3, 2`),
    );
    const next: string[] = [];
    for (const row of rows) {
      if (seen.has(row.to_id)) continue;
      if (reached.size >= limit) return { reached, truncated: true };
      seen.add(row.to_id);
      reached.set(row.to_id, { depth: level, parent: row.from_id, name: nameFrom(row.type, row.end) });
      next.push(row.to_id);
    }
    frontier = next;
  }
  return { reached, truncated: false };
}

const criticalityRank = (c: Criticality | null) => (c === null ? criticalities.length : criticalities.indexOf(c));

/** The impact report of an item (by id or key). */
export async function analyseImpact(ctx: Ctx, idOrKey: string, query: ImpactQuery): Promise<ImpactReport> {
  requirePermission(ctx, 'cmdb:read');
  const root = await findCiRow(ctx, idOrKey);
  const directions: Direction[] = query.direction === 'both' ? ['downstream', 'upstream'] : [query.direction];
  const walks = [];
  for (const direction of directions) walks.push({ direction, ...(await walkImpact(ctx, root.id, direction, query.depth, query.limit)) });
  const ids = [...new Set(walks.flatMap((w) => [...w.reached.keys()]))];
  const [classes, rows] = await Promise.all([
    classIndex(ctx),
    ids.length
      ? ctx.db
          .select({ id: configurationItems.id, key: configurationItems.key, name: configurationItems.name, classId: configurationItems.classId, status: configurationItems.status, criticality: configurationItems.criticality })
          .from(configurationItems)
          .where(inOrg(ctx, configurationItems, inArray(configurationItems.id, ids)))
      : [],
  ]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  byId.set(root.id, root);
  const items: ImpactItem[] = [];
  for (const walk of walks) {
    for (const [id, at] of walk.reached) {
      const path: ImpactItem['path'] = [];
      for (let step: string | undefined = id; step && step !== root.id; step = walk.reached.get(step)?.parent) {
        const r = byId.get(step)!;
        path.unshift({ name: walk.reached.get(step)!.name, ci: { id: r.id, key: r.key, name: r.name } });
      }
      const row = byId.get(id)!;
      items.push({ ci: refOf(classes, row), criticality: row.criticality, direction: walk.direction, depth: at.depth, path });
    }
  }
  items.sort((a, b) => directions.indexOf(a.direction) - directions.indexOf(b.direction) || a.depth - b.depth || a.ci.name.localeCompare(b.ci.name) || a.ci.id.localeCompare(b.ci.id));
  const businessServices = items
    .filter((i) => isKindOf(classes, classes.byId.get(i.ci.class.id)!, 'business_service'))
    .sort((a, b) => criticalityRank(a.criticality) - criticalityRank(b.criticality) || a.depth - b.depth || a.ci.name.localeCompare(b.ci.name));
  return {
    root: refOf(classes, root),
    direction: query.direction,
    depth: query.depth,
    items,
    businessServices,
    truncated: walks.some((w) => w.truncated),
  };
}

/**
 * The dates of an asset's lifecycle: one row per transition (and one for the state it was registered
 * in), written in the transaction of the change, read newest first.
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import { users } from '../../platform/auth/schema.ts';
import { actorLabel, actorUserId, requirePermission, type Ctx } from '../../platform/context.ts';
import { finishPage, keyset, type Page } from '../../platform/http/pagination.ts';
import { inOrg, insertIn } from '../../platform/tenancy/scope.ts';
import type { AssetStateChange } from './asset-contract.ts';
import type { AssetState } from './asset-lifecycle.ts';
import { assetStateChanges } from './asset-schema.ts';
import { findCiRow } from './ci-query.ts';

/** Records one transition of an asset, by the acting person, token or system. */
export async function recordStateChange(ctx: Ctx, change: { ciId: string; from: AssetState | null; to: AssetState; at: string; note?: string }): Promise<void> {
  await insertIn(ctx, assetStateChanges, {
    ciId: change.ciId,
    fromState: change.from,
    toState: change.to,
    at: change.at,
    actorId: actorUserId(ctx.actor),
    actorLabel: actorLabel(ctx.actor),
    note: change.note ?? '',
  });
}

/** The latest transition of an asset, if any. */
export async function lastStateChange(ctx: Ctx, ciId: string): Promise<{ at: string } | undefined> {
  const [row] = await ctx.db
    .select({ at: assetStateChanges.at })
    .from(assetStateChanges)
    .where(inOrg(ctx, assetStateChanges, eq(assetStateChanges.ciId, ciId)))
    .orderBy(desc(assetStateChanges.at), desc(assetStateChanges.id))
    .limit(1);
  return row;
}

/** Names of the people who acted, as they are named now. */
export async function actorNames(ctx: Ctx, ids: readonly (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  return new Map((await ctx.db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, wanted))).map((u) => [u.id, u.name]));
}

/** A page of the asset's transitions with their dates, newest first. */
export async function findStateChanges(ctx: Ctx, idOrKey: string, query: { limit: number; cursor?: string }): Promise<Page<AssetStateChange>> {
  requirePermission(ctx, 'cmdb:read');
  // The cursor is checked first: a bad one is a 400 whether or not the item exists.
  const page = keyset({ sortColumn: assetStateChanges.at, idColumn: assetStateChanges.id, descending: true, sortName: 'at', cursor: query.cursor });
  const ci = await findCiRow(ctx, idOrKey);
  const rows = await ctx.db
    .select()
    .from(assetStateChanges)
    .where(inOrg(ctx, assetStateChanges, and(eq(assetStateChanges.ciId, ci.id), page.where)))
    .orderBy(...page.orderBy)
    .limit(query.limit + 1);
  const names = await actorNames(ctx, rows.slice(0, query.limit).map((r) => r.actorId));
  return finishPage(
    rows,
    query.limit,
    'at',
    (r) => [new Date(r.at).toISOString(), r.id],
    (r) => ({
      id: r.id,
      from: r.fromState,
      to: r.toState,
      at: new Date(r.at).toISOString(),
      actor: { id: r.actorId, label: (r.actorId && names.get(r.actorId)) || r.actorLabel },
      note: r.note,
    }),
  );
}

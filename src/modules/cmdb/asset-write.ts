/**
 * What lifecycle moves, check-outs and check-ins share: the asset's state (or 422 when the item is not
 * an asset), its open custody, closing that custody, and saving the item with its version bumped, an
 * audit row (before and after) and an event in the caller's transaction.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { actorLabel, actorUserId, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors/catalogue.ts';
import { recordChange } from '../../platform/record-change.ts';
import { inOrg, updateIn } from '../../platform/tenancy/scope.ts';
import { allowedTransitions, type AssetState } from './asset-lifecycle.ts';
import { assetCustody } from './asset-schema.ts';
import { presentCis, type CiRow } from './ci-query.ts';
import { ciSnapshot } from './ci-service.ts';
import type { ClassRow } from './class-index.ts';
import type { ConfigurationItem } from './contract.ts';
import { configurationItems } from './schema.ts';

export type CustodyRow = typeof assetCustody.$inferSelect;

/** The asset's lifecycle state; NOT_AN_ASSET (422) for an item of a class that is not an asset class. */
export function requireAssetState(row: CiRow, cls: ClassRow): AssetState {
  if (!cls.isAsset || row.assetState === null) throw new AppError('NOT_AN_ASSET', `${row.key} is a ${cls.name}, which is not an asset class: it has no lifecycle or custody`);
  return row.assetState;
}

/** The states an asset may move to, as a phrase for messages. */
export function allowedPhrase(from: AssetState): string {
  const allowed = allowedTransitions(from);
  return allowed.length ? `allowed from ${from}: ${allowed.join(', ')}` : `${from} is final`;
}

/** ASSET_TRANSITION_NOT_ALLOWED (422) naming the field and what is allowed instead. */
export function notAllowed(key: string, field: string, message: string): AppError {
  return new AppError('ASSET_TRANSITION_NOT_ALLOWED', `${key}: ${field} ${message}`, [{ field, message }]);
}

/** The asset's open custody record (not checked in), locked for the transaction. */
export async function openCustody(ctx: Ctx, ciId: string): Promise<CustodyRow | undefined> {
  const [row] = await ctx.db
    .select()
    .from(assetCustody)
    .where(inOrg(ctx, assetCustody, and(eq(assetCustody.ciId, ciId), isNull(assetCustody.checkedInAt))))
    .for('update');
  return row;
}

/** Closes a custody record at `at`, by the acting person, token or system. */
export async function closeCustody(ctx: Ctx, custody: CustodyRow, at: string, note: string): Promise<void> {
  await updateIn(
    ctx,
    assetCustody,
    { checkedInAt: at, checkedInById: actorUserId(ctx.actor), checkedInByLabel: actorLabel(ctx.actor), checkInNote: note },
    eq(assetCustody.id, custody.id),
  );
}

/**
 * Saves the item's new state and holder with the version bumped, audits the change from `before` (as
 * presented before anything changed) under `action`
 * (`state_changed`, `checked_out`, `checked_in`) and raises `ci.<action>` with `payload`.
 */
export async function saveAssetChange(
  ctx: Ctx,
  row: CiRow,
  before: ConfigurationItem,
  set: Partial<Pick<CiRow, 'assetState' | 'custodianId' | 'custodyLocationId' | 'locationId' | 'rackPosition'>>,
  action: 'state_changed' | 'checked_out' | 'checked_in',
  payload: Record<string, unknown>,
): Promise<ConfigurationItem> {
  const [updated] = await updateIn(ctx, configurationItems, { ...set, version: row.version + 1, updatedAt: ctx.clock.now().toISOString() }, eq(configurationItems.id, row.id));
  const [after] = await presentCis(ctx, [updated!]);
  await recordChange(ctx, {
    action,
    entityType: 'ci',
    entityId: row.id,
    before: ciSnapshot(before),
    after: ciSnapshot(after!),
    eventPayload: { key: row.key, ...payload },
  });
  return after!;
}

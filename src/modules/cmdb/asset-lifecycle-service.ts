/**
 * Moving an asset through its lifecycle (ordered → received → in stock → … → disposed), with the date
 * of each move. Moves the lifecycle table does not allow answer 422 naming the states that are allowed;
 * handing an asset out and taking it back go through check-out and check-in, which record custody.
 */
import { requirePermission, inTransaction, type Ctx } from '../../platform/context.ts';
import { invalid } from '../../platform/errors/catalogue.ts';
import { assertVersion } from '../../platform/record-change.ts';
import type { LifecycleBody } from './asset-contract.ts';
import { canTransition } from './asset-lifecycle.ts';
import { lastStateChange, recordStateChange } from './asset-state-history.ts';
import { allowedPhrase, closeCustody, notAllowed, openCustody, requireAssetState, saveAssetChange } from './asset-write.ts';
import { findCiRow, presentCis } from './ci-query.ts';
import { classIndex } from './class-index.ts';
import type { ConfigurationItem } from './contract.ts';

/** States in which an asset stays with its holder: deployed, or away for repair and coming back to them. */
const heldStates = new Set(['deployed', 'in_repair']);

/**
 * Moves an asset to `state` at `at` (default now). Leaving the held states (deployed, in repair) for any
 * other state ends the open custody at the same moment, so a lost or retired asset has no holder.
 */
export async function transitionAsset(ctx: Ctx, idOrKey: string, input: LifecycleBody): Promise<ConfigurationItem> {
  requirePermission(ctx, 'cmdb:write');
  return inTransaction(ctx, async (tx) => {
    const row = await findCiRow(tx, idOrKey, true);
    assertVersion(row.version, input.version);
    const classes = await classIndex(tx);
    const from = requireAssetState(row, classes.byId.get(row.classId)!);
    const to = input.state;
    if (from === to) throw notAllowed(row.key, 'state', `is already ${to}; ${allowedPhrase(from)}`);
    if (!canTransition(from, to)) throw notAllowed(row.key, 'state', `cannot move from ${from} to ${to}; ${allowedPhrase(from)}`);
    if (from === 'in_stock' && to === 'deployed') throw notAllowed(row.key, 'state', `deployed is reached by checking the asset out to a person or location: POST /api/v1/configuration-items/${row.key}/check-out`);
    if (from === 'deployed' && to === 'in_stock') throw notAllowed(row.key, 'state', `in_stock is reached by checking the asset in: POST /api/v1/configuration-items/${row.key}/check-in`);
    const custody = await openCustody(tx, row.id);
    if (from === 'in_repair' && to === 'deployed' && !custody) {
      throw notAllowed(row.key, 'state', 'can go back to deployed only to the holder it was checked out to, and nobody holds it: move it to in_stock and check it out');
    }

    const now = tx.clock.now();
    const at = input.at ? new Date(input.at) : now;
    const previous = await lastStateChange(tx, row.id);
    if (at.getTime() > now.getTime()) throw invalid([{ field: 'at', message: 'must not be in the future' }]);
    if (previous && at.getTime() < new Date(previous.at).getTime()) {
      throw invalid([{ field: 'at', message: `must not be before the previous transition (${new Date(previous.at).toISOString()})` }]);
    }
    if (custody && at.getTime() < new Date(custody.checkedOutAt).getTime()) {
      throw invalid([{ field: 'at', message: `must not be before the check-out (${new Date(custody.checkedOutAt).toISOString()})` }]);
    }

    const [before] = await presentCis(tx, [row], classes);
    const atText = at.toISOString();
    const note = input.note?.trim() ?? '';
    const releases = custody !== undefined && !heldStates.has(to);
    if (releases) await closeCustody(tx, custody, atText, note || `Ended by the move to ${to}`);
    await recordStateChange(tx, { ciId: row.id, from, to, at: atText, note });
    return saveAssetChange(tx, row, before!, { assetState: to, ...(releases ? { custodianId: null, custodyLocationId: null } : {}) }, 'state_changed', { from, to, at: atText, note });
  });
}

/**
 * The asset lifecycle: which state may follow which, as in a mature asset register (Snipe-IT, ServiceNow
 * HAM). Pure, so the UI's buttons, the API's 422s and the tests all read the same table.
 *
 *   ordered → received → in stock ⇄ deployed (check-out / check-in), in stock or deployed ⇄ in repair,
 *   any state the asset is held in → lost or stolen → back in stock when found (or written off: disposed),
 *   in stock, received or in repair → retired → disposed (final); a retired asset may be reinstated to stock.
 *
 * Deployed assets are checked in before they are retired, so nobody's laptop leaves the register while it is
 * still assigned to them. Lost and stolen assets are written off straight to disposed: retired means "taken
 * out of service and held for disposal", which a missing asset cannot be.
 */
import { addMonths, dayNumber } from './depreciation.ts';

/** Every state an asset can be in; the database enum and the API's enum are built from this list. */
export const assetStates = ['ordered', 'received', 'in_stock', 'deployed', 'in_repair', 'retired', 'disposed', 'lost', 'stolen'] as const;
export type AssetState = (typeof assetStates)[number];

/** Where a state sits in the asset's life, for counts, filters and whether it depreciates and is audited. */
export type AssetPhase = 'on_order' | 'active' | 'missing' | 'end_of_life';

/** The allowed moves from each state; exported so the UI can draw the whole lifecycle. */
export const assetTransitions: Readonly<Record<AssetState, readonly AssetState[]>> = {
  ordered: ['received'],
  received: ['in_stock', 'in_repair', 'retired', 'lost', 'stolen'],
  in_stock: ['deployed', 'in_repair', 'retired', 'lost', 'stolen'],
  deployed: ['in_stock', 'in_repair', 'lost', 'stolen'],
  in_repair: ['in_stock', 'deployed', 'retired', 'lost', 'stolen'],
  lost: ['in_stock', 'stolen', 'disposed'],
  stolen: ['in_stock', 'lost', 'disposed'],
  retired: ['disposed', 'in_stock'],
  disposed: [],
};

const phases: Readonly<Record<AssetState, AssetPhase>> = {
  ordered: 'on_order',
  received: 'active',
  in_stock: 'active',
  deployed: 'active',
  in_repair: 'active',
  lost: 'missing',
  stolen: 'missing',
  retired: 'end_of_life',
  disposed: 'end_of_life',
};

/** States of assets the organisation holds and uses: counted in the estate and in audits. */
export const activeAssetStates: readonly AssetState[] = assetStates.filter((state) => phases[state] === 'active');

/** States of assets that have left service for good or are waiting to be disposed of. */
export const endOfLifeAssetStates: readonly AssetState[] = assetStates.filter((state) => phases[state] === 'end_of_life');

/** The phase of a state: on order, active, missing (lost or stolen) or end of life. */
export function assetPhase(state: AssetState): AssetPhase {
  return phases[state];
}

/** The states an asset in `from` may move to next. */
export function allowedTransitions(from: AssetState): readonly AssetState[] {
  return assetTransitions[from];
}

/** True when the register allows moving an asset from `from` to `to`. */
export function canTransition(from: AssetState, to: AssetState): boolean {
  return assetTransitions[from].includes(to);
}

/** Only stock can be checked out to a person or location; everything else must come back to stock first. */
export function canCheckOut(state: AssetState): boolean {
  return state === 'in_stock';
}

/** Only a deployed asset can be checked in (back to stock). */
export function canCheckIn(state: AssetState): boolean {
  return state === 'deployed';
}

/** The day an asset is due for replacement: its in-service date plus its expected life (end of month kept). */
export function refreshDueDate(inServiceDate: string, expectedLifeMonths: number): string {
  if (!Number.isInteger(expectedLifeMonths) || expectedLifeMonths < 1) throw new RangeError(`expectedLifeMonths must be a whole number >= 1, got ${expectedLifeMonths}`);
  return addMonths(inServiceDate, expectedLifeMonths);
}

export type WarrantyStatus =
  | { status: 'none' }
  | { status: 'active' | 'expiring'; daysLeft: number }
  | { status: 'expired'; daysAgo: number };

/**
 * Warranty standing on `asOf`: covered through the end date inclusive, 'expiring' within the last
 * `expiringWithinDays` days (daysLeft 0 on the last covered day), 'none' when no warranty is recorded.
 */
export function warrantyStatus(warrantyEnd: string | null | undefined, asOf: string, expiringWithinDays = 30): WarrantyStatus {
  if (!Number.isInteger(expiringWithinDays) || expiringWithinDays < 0) throw new RangeError(`expiringWithinDays must be a whole number >= 0, got ${expiringWithinDays}`);
  const today = dayNumber(asOf);
  if (warrantyEnd == null) return { status: 'none' };
  const daysLeft = dayNumber(warrantyEnd) - today;
  if (daysLeft < 0) return { status: 'expired', daysAgo: -daysLeft };
  return { status: daysLeft < expiringWithinDays ? 'expiring' : 'active', daysLeft };
}

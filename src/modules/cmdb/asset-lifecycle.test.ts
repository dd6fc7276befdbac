import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toolSettings } from '../../config.ts';
import {
  activeAssetStates,
  allowedTransitions,
  assetPhase,
  assetStates,
  assetTransitions,
  canCheckIn,
  canCheckOut,
  canTransition,
  endOfLifeAssetStates,
  refreshDueDate,
  warrantyStatus,
  type AssetState,
} from './asset-lifecycle.ts';
import { dayNumber } from './depreciation.ts';

const runs = toolSettings().fuzzRuns ?? 200;

/** Every state reachable from `from` by allowed moves, `from` included. */
function reachable(from: AssetState): Set<AssetState> {
  const seen = new Set<AssetState>([from]);
  const queue = [from];
  for (let state = queue.shift(); state !== undefined; state = queue.shift()) {
    for (const next of allowedTransitions(state)) {
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(next);
    }
  }
  return seen;
}

describe('the asset lifecycle table', () => {
  it('names only known states, never a move to the same state, and agrees with canTransition', () => {
    expect(Object.keys(assetTransitions).sort()).toEqual([...assetStates].sort());
    for (const from of assetStates) {
      expect(new Set(allowedTransitions(from)).size).toBe(allowedTransitions(from).length);
      for (const to of assetStates) {
        expect(canTransition(from, to)).toBe(allowedTransitions(from).includes(to));
      }
      expect(canTransition(from, from)).toBe(false);
    }
  });

  it('reaches every state from an order, and every asset can still end its life as disposed', () => {
    expect(reachable('ordered')).toEqual(new Set(assetStates));
    for (const state of assetStates) expect(reachable(state).has('disposed')).toBe(true);
  });

  it('makes disposed final', () => {
    expect(allowedTransitions('disposed')).toEqual([]);
  });

  it.each<[AssetState, AssetState, string]>([
    ['ordered', 'received', 'delivery'],
    ['received', 'in_stock', 'goods receipt into stock'],
    ['in_stock', 'deployed', 'check-out'],
    ['deployed', 'in_stock', 'check-in'],
    ['deployed', 'in_repair', 'sent for repair'],
    ['in_repair', 'deployed', 'back to the person it is assigned to'],
    ['in_repair', 'in_stock', 'repaired into stock'],
    ['in_repair', 'retired', 'beyond economic repair'],
    ['in_stock', 'retired', 'taken out of service'],
    ['retired', 'disposed', 'disposal'],
    ['retired', 'in_stock', 'reinstated'],
    ['lost', 'in_stock', 'found'],
    ['stolen', 'in_stock', 'recovered'],
    ['lost', 'stolen', 'reclassified after investigation'],
    ['lost', 'disposed', 'written off'],
    ['stolen', 'disposed', 'written off'],
  ])('allows %s → %s (%s)', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
  });

  it.each<[AssetState, AssetState, string]>([
    ['ordered', 'deployed', 'an order is received into stock first'],
    ['received', 'deployed', 'only stock is checked out'],
    ['deployed', 'retired', 'a deployed asset is checked in before it is retired'],
    ['deployed', 'disposed', 'nothing skips retirement except a write-off'],
    ['lost', 'deployed', 'a found asset goes back to stock'],
    ['lost', 'retired', 'a missing asset cannot be held for disposal'],
    ['disposed', 'in_stock', 'disposal is final'],
    ['ordered', 'lost', 'an order in transit is the supplier’s loss, not a register state'],
  ])('refuses %s → %s (%s)', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
  });

  it('lets exactly the active states go lost or stolen', () => {
    for (const state of assetStates) {
      const canGoMissing = canTransition(state, 'lost') && canTransition(state, 'stolen');
      expect(canGoMissing).toBe(activeAssetStates.includes(state));
    }
  });
});

describe('phases, check-out and check-in', () => {
  it('sorts every state into exactly one phase', () => {
    expect(activeAssetStates).toEqual(['received', 'in_stock', 'deployed', 'in_repair']);
    expect(endOfLifeAssetStates).toEqual(['retired', 'disposed']);
    expect(assetStates.map(assetPhase)).toEqual(['on_order', 'active', 'active', 'active', 'active', 'end_of_life', 'end_of_life', 'missing', 'missing']);
  });

  it('checks out only from stock and in only when deployed, and the table allows both moves', () => {
    expect(assetStates.filter(canCheckOut)).toEqual(['in_stock']);
    expect(assetStates.filter(canCheckIn)).toEqual(['deployed']);
    expect(canTransition('in_stock', 'deployed') && canTransition('deployed', 'in_stock')).toBe(true);
  });

  it('never lets a random walk leave the table or move out of disposed', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 40 }), (choices) => {
        let state: AssetState = 'ordered';
        for (const choice of choices) {
          const options = allowedTransitions(state);
          if (options.length === 0) {
            expect(state).toBe('disposed');
            break;
          }
          const next = options[choice % options.length];
          expect(assetStates).toContain(next);
          if (assetPhase(next) === 'end_of_life' || assetPhase(next) === 'missing') expect(canCheckOut(next) || canCheckIn(next)).toBe(false);
          state = next;
        }
      }),
      { numRuns: runs },
    );
  });
});

describe('refresh due date', () => {
  it('is the in-service date plus the expected life, on the month end when the day does not exist', () => {
    expect(refreshDueDate('2024-03-15', 36)).toBe('2027-03-15');
    expect(refreshDueDate('2024-01-31', 1)).toBe('2024-02-29');
    expect(refreshDueDate('2024-02-29', 48)).toBe('2028-02-29');
    expect(refreshDueDate('2024-02-29', 12)).toBe('2025-02-28');
  });

  it('refuses a life that is not a whole number of months >= 1, and a date that does not exist', () => {
    expect(() => refreshDueDate('2024-01-01', 0)).toThrow('expectedLifeMonths must be a whole number >= 1, got 0');
    expect(() => refreshDueDate('2024-01-01', 2.5)).toThrow(RangeError);
    expect(() => refreshDueDate('2024-02-30', 12)).toThrow(RangeError);
  });

  it('is later for a longer life', () => {
    const day = fc.integer({ min: dayNumber('1990-01-01'), max: dayNumber('2060-12-31') }).map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 240 }), fc.integer({ min: 1, max: 240 }), (inService, a, b) => {
        const [shorter, longer] = [Math.min(a, b), Math.max(a, b)];
        expect(refreshDueDate(inService, shorter) > inService).toBe(true);
        if (shorter < longer) expect(refreshDueDate(inService, shorter) < refreshDueDate(inService, longer)).toBe(true);
      }),
      { numRuns: runs },
    );
  });
});

describe('warranty status', () => {
  it('is none without an end date', () => {
    expect(warrantyStatus(null, '2024-06-01')).toEqual({ status: 'none' });
    expect(warrantyStatus(undefined, '2024-06-01')).toEqual({ status: 'none' });
  });

  it('is active until the last 30 days, expiring in them (the end date covered), then expired', () => {
    expect(warrantyStatus('2024-12-31', '2024-06-01')).toEqual({ status: 'active', daysLeft: 213 });
    expect(warrantyStatus('2024-12-31', '2024-12-01')).toEqual({ status: 'active', daysLeft: 30 });
    expect(warrantyStatus('2024-12-31', '2024-12-02')).toEqual({ status: 'expiring', daysLeft: 29 });
    expect(warrantyStatus('2024-12-31', '2024-12-31')).toEqual({ status: 'expiring', daysLeft: 0 });
    expect(warrantyStatus('2024-12-31', '2025-01-01')).toEqual({ status: 'expired', daysAgo: 1 });
  });

  it('counts leap days and takes another warning period', () => {
    expect(warrantyStatus('2024-03-01', '2024-02-28', 0)).toEqual({ status: 'active', daysLeft: 2 });
    expect(warrantyStatus('2024-03-01', '2024-01-01', 90)).toEqual({ status: 'expiring', daysLeft: 60 });
  });

  it('refuses dates that do not exist and a negative warning period', () => {
    expect(() => warrantyStatus('2024-02-30', '2024-01-01')).toThrow(RangeError);
    expect(() => warrantyStatus('2024-03-01', 'today')).toThrow(RangeError);
    expect(() => warrantyStatus('2024-03-01', '2024-01-01', -1)).toThrow('expiringWithinDays');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toolSettings } from '../../config.ts';
import { compliancePosition, licenceMetrics, type ComplianceInput, type CompliancePosition, type Entitlement, type Installation, type Money } from './licence-compliance.ts';

const runs = toolSettings().fuzzRuns ?? 200;
const asOf = '2026-05-11';
const TITLES = ['a|one', 'b|two', 'c|three'];
const USERS = ['U1', 'U2', 'U3', 'U4', 'U5'];
const DAY_MS = 86_400_000;
const day = (offset: number) => new Date(Date.parse(asOf) + offset * DAY_MS).toISOString().slice(0, 10);

/** A fleet of devices: each has one primary user (or none) and one core count (or unknown), as inventory knows it. */
const fleet = fc.array(fc.record({ userId: fc.option(fc.constantFrom(...USERS), { nil: null }), cores: fc.option(fc.integer({ min: 1, max: 64 }), { nil: null }) }), { minLength: 1, maxLength: 10 });

const entitlement = (devices: number) =>
  fc
    .record({
      titleKey: fc.constantFrom(...TITLES),
      metric: fc.constantFrom(...licenceMetrics),
      quantity: fc.integer({ min: 0, max: 12 }),
      unitCost: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: null }),
      currency: fc.constantFrom('EUR', 'USD'),
      term: fc.option(fc.tuple(fc.integer({ min: -500, max: 60 }), fc.integer({ min: 0, max: 600 })), { nil: null }),
      minCores: fc.option(fc.integer({ min: 0, max: 16 }), { nil: null }),
      multiplier: fc.option(fc.constantFrom(0.25, 0.5, 1, 1.5, 2), { nil: null }),
      users: fc.subarray(USERS),
      devices: fc.subarray(Array.from({ length: devices }, (_, d) => `D${d}`)),
    })
    .map(({ metric, term, minCores, multiplier, users, devices: assigned, ...rest }) => {
      const span = term ?? (metric === 'subscription' ? ([-100, 365] as const) : null);
      return {
        ...rest,
        metric,
        termStart: span ? day(span[0]) : null,
        termEnd: span ? day(span[0] + span[1]) : null,
        minCoresPerDevice: metric === 'per_core' ? minCores : null,
        coreMultiplier: metric === 'per_core' ? multiplier : null,
        assignedUsers: metric === 'per_user' || metric === 'subscription' ? users : null,
        assignedDevices: metric === 'per_device' ? assigned : null,
      };
    });

type Use = { title: number; device: number; seen: number | null };
const use = (devices: number) => fc.record({ title: fc.nat({ max: TITLES.length - 1 }), device: fc.nat({ max: devices - 1 }), seen: fc.option(fc.integer({ min: -200, max: 5 }), { nil: null }) });

const scenario = fleet.chain((devices) =>
  fc.record({
    devices: fc.constant(devices),
    entitlements: fc.array(entitlement(devices.length), { maxLength: 7 }).map((list) => list.map((e, i): Entitlement => ({ ...e, id: `E${i}` }))),
    uses: fc.array(use(devices.length), { maxLength: 30 }),
    extra: use(devices.length),
    peaks: fc.array(fc.record({ titleKey: fc.constantFrom(...TITLES), peak: fc.nat({ max: 20 }) }), { maxLength: 3 }),
    staleAfterDays: fc.integer({ min: 0, max: 120 }),
  }),
);

function installation(devices: Array<{ userId: string | null; cores: number | null }>, u: Use): Installation {
  return { titleKey: TITLES[u.title], deviceId: `D${u.device}`, ...devices[u.device], lastSeen: u.seen === null ? null : day(u.seen) };
}

function sumByCurrency(lists: Money[][]): Money[] {
  const totals = new Map<string, number>();
  for (const money of lists.flat()) totals.set(money.currency, (totals.get(money.currency) ?? 0) + money.amount);
  return [...totals].filter(([, amount]) => amount !== 0).sort(([a], [b]) => (a < b ? -1 : 1)).map(([currency, amount]) => ({ currency, amount }));
}

function consumption(result: CompliancePosition): Map<string, number> {
  return new Map(result.titles.flatMap((t) => t.metrics.map((m) => [`${t.titleKey}/${m.metric}`, m.consumed] as const)));
}

describe('licence compliance properties', () => {
  it('balances every line: consumption never negative, entitled − consumed = surplus − shortfall, never both short and over', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const input: ComplianceInput = { asOf, entitlements: s.entitlements, installations: s.uses.map((u) => installation(s.devices, u)), usagePeaks: s.peaks, staleAfterDays: s.staleAfterDays };
        const result = compliancePosition(input);
        for (const title of result.titles) {
          for (const m of title.metrics) {
            expect(Number.isSafeInteger(m.consumed) && m.consumed >= 0).toBe(true);
            expect(m.shortfall >= 0 && m.surplus >= 0).toBe(true);
            expect(m.shortfall > 0 && m.surplus > 0).toBe(false);
            if (m.entitled === null) expect([m.metric, m.shortfall, m.surplus]).toEqual(['site', 0, 0]);
            else expect(m.entitled - m.consumed).toBe(m.surplus - m.shortfall);
            expect(m.trueUpCost !== null && m.shortfall === 0).toBe(false);
            if (m.surplus === 0) expect(m.unusedCost).toEqual([]);
          }
          if (title.metrics.length === 1) expect(title.trueUpCost.length > 0 && title.unusedCost.length > 0).toBe(false);
          const short = title.metrics.some((m) => m.shortfall > 0);
          expect(title.status).toBe(short ? 'shortfall' : title.metrics.some((m) => m.surplus > 0) ? 'over_licensed' : 'compliant');
        }
      }),
      { numRuns: runs },
    );
  });

  it('adding an installation never decreases the consumption of any line', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const base = { asOf, entitlements: s.entitlements, usagePeaks: s.peaks, staleAfterDays: s.staleAfterDays };
        const installations = s.uses.map((u) => installation(s.devices, u));
        const before = consumption(compliancePosition({ ...base, installations }));
        const after = consumption(compliancePosition({ ...base, installations: [...installations, installation(s.devices, s.extra)] }));
        expect([...after.keys()]).toEqual([...before.keys()]);
        for (const [line, consumed] of before) expect(after.get(line)!).toBeGreaterThanOrEqual(consumed);
      }),
      { numRuns: runs },
    );
  });

  it('adds money only within a currency: titles sum their lines and the totals sum the titles', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const result = compliancePosition({ asOf, entitlements: s.entitlements, installations: s.uses.map((u) => installation(s.devices, u)), usagePeaks: s.peaks });
        for (const title of result.titles) {
          expect(title.trueUpCost).toEqual(sumByCurrency(title.metrics.map((m) => (m.trueUpCost ? [m.trueUpCost] : []))));
          expect(title.unusedCost).toEqual(sumByCurrency(title.metrics.map((m) => m.unusedCost)));
          for (const money of [...title.trueUpCost, ...title.unusedCost]) expect(Number.isSafeInteger(money.amount) && money.amount > 0).toBe(true);
        }
        expect(result.trueUpCost).toEqual(sumByCurrency(result.titles.map((t) => t.trueUpCost)));
        expect(result.unusedCost).toEqual(sumByCurrency(result.titles.map((t) => t.unusedCost)));
      }),
      { numRuns: runs },
    );
  });

  it('does not depend on the order of installations or entitlements', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const installations = s.uses.map((u) => installation(s.devices, u));
        const forward = compliancePosition({ asOf, entitlements: s.entitlements, installations, usagePeaks: s.peaks, staleAfterDays: s.staleAfterDays });
        const backward = compliancePosition({ asOf, entitlements: [...s.entitlements].reverse(), installations: [...installations].reverse(), usagePeaks: [...s.peaks].reverse(), staleAfterDays: s.staleAfterDays });
        const strip = (r: CompliancePosition) => r.titles.map((t) => ({ ...t, metrics: t.metrics.map((m) => ({ ...m, entitlementIds: [...m.entitlementIds].sort(), expiredIds: [...m.expiredIds].sort(), notStartedIds: [...m.notStartedIds].sort() })) }));
        expect(strip(backward)).toEqual(strip(forward));
        expect(backward.renewals).toEqual(forward.renewals);
      }),
      { numRuns: runs },
    );
  });

  it('lists as removal candidates exactly the devices seen too long ago or covered without an assignment', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const installations = s.uses.map((u) => installation(s.devices, u));
        const result = compliancePosition({ asOf, entitlements: s.entitlements, installations, staleAfterDays: s.staleAfterDays });
        for (const title of result.titles) {
          const mine = installations.filter((i) => i.titleKey === title.titleKey);
          expect(title.devices).toBe(new Set(mine.map((i) => i.deviceId)).size);
          for (const c of title.removalCandidates) {
            expect(mine.some((i) => i.deviceId === c.deviceId)).toBe(true);
            const seen = mine.filter((i) => i.deviceId === c.deviceId && i.lastSeen != null).map((i) => i.lastSeen as string).sort().at(-1) ?? null;
            expect(c.lastSeen).toBe(seen);
            expect(c.reasons.includes('stale')).toBe(c.daysSinceSeen !== null && c.daysSinceSeen > s.staleAfterDays);
            if (c.reasons.includes('unassigned')) expect(title.metrics.find((m) => m.metric === c.metric)!.named).toBe(true);
          }
          const staleDevices = new Set(mine.filter((i) => i.lastSeen != null && (Date.parse(asOf) - Date.parse(i.lastSeen)) / DAY_MS > s.staleAfterDays).map((i) => i.deviceId));
          for (const deviceId of staleDevices) {
            const latest = mine.filter((i) => i.deviceId === deviceId).map((i) => i.lastSeen ?? '').sort().at(-1)!;
            if ((Date.parse(asOf) - Date.parse(latest)) / DAY_MS > s.staleAfterDays) expect(title.removalCandidates.some((c) => c.deviceId === deviceId && c.reasons.includes('stale'))).toBe(true);
          }
        }
      }),
      { numRuns: runs },
    );
  });
});

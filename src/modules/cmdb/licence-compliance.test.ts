import { describe, expect, it } from 'vitest';
import { compliancePosition, type ComplianceInput, type Entitlement, type Installation, type TitlePosition } from './licence-compliance.ts';

const asOf = '2026-05-11';
const OFFICE = 'microsoft|office professional plus 2021';

function licence(overrides: Partial<Entitlement> & Pick<Entitlement, 'id' | 'metric' | 'quantity'>): Entitlement {
  return { titleKey: OFFICE, unitCost: 10_000, currency: 'EUR', ...overrides };
}

/** Installations of `titleKey` on devices D1…Dn, with user Ui on device Di unless told otherwise. */
function installs(n: number, overrides: Partial<Installation> = {}, from = 1): Installation[] {
  return Array.from({ length: n }, (_, i) => ({ titleKey: OFFICE, deviceId: `D${from + i}`, userId: `U${from + i}`, cores: 4, lastSeen: asOf, ...overrides }));
}

function position(input: Partial<ComplianceInput>): TitlePosition {
  const result = compliancePosition({ asOf, entitlements: [], installations: [], ...input });
  expect(result.titles).toHaveLength(1);
  return result.titles[0];
}

describe('per device', () => {
  it('counts distinct devices with an installation: 12 devices on 10 licences are 2 short, trued up at the unit cost', () => {
    const title = position({ entitlements: [licence({ id: 'E1', metric: 'per_device', quantity: 10 })], installations: [...installs(12), ...installs(1)] });
    expect(title.status).toBe('shortfall');
    expect(title.devices).toBe(12);
    expect(title.metrics).toEqual([
      expect.objectContaining({ metric: 'per_device', entitled: 10, consumed: 12, shortfall: 2, surplus: 0, trueUpCost: { currency: 'EUR', amount: 20_000 }, unusedCost: [] }),
    ]);
    expect(title.trueUpCost).toEqual([{ currency: 'EUR', amount: 20_000 }]);
  });

  it('shows 3 unused licences and their cost when 7 devices hold 10', () => {
    const title = position({ entitlements: [licence({ id: 'E1', metric: 'per_device', quantity: 10, unitCost: 5_000 })], installations: installs(7) });
    expect(title.status).toBe('over_licensed');
    expect(title.metrics[0]).toMatchObject({ consumed: 7, shortfall: 0, surplus: 3, trueUpCost: null, unusedCost: [{ currency: 'EUR', amount: 15_000 }] });
  });

  it('is compliant when the count matches, and prices the true-up at the cheapest licence in force', () => {
    expect(position({ entitlements: [licence({ id: 'E1', metric: 'per_device', quantity: 3 })], installations: installs(3) }).status).toBe('compliant');
    const cheap = [licence({ id: 'E1', metric: 'per_device', quantity: 2, unitCost: 9_000 }), licence({ id: 'E2', metric: 'per_device', quantity: 2, unitCost: 7_500 })];
    expect(position({ entitlements: cheap, installations: installs(7) }).metrics[0].trueUpCost).toEqual({ currency: 'EUR', amount: 3 * 7_500 });
  });

  it('counts assigned devices even without an installation, and flags installations on devices nobody assigned', () => {
    const entitlements = [licence({ id: 'E1', metric: 'per_device', quantity: 5, assignedDevices: ['D1', 'D2', 'D9'] })];
    const title = position({ entitlements, installations: installs(4) });
    expect(title.metrics[0]).toMatchObject({ named: true, consumed: 5, surplus: 0 });
    expect(title.removalCandidates.map((c) => [c.deviceId, c.reasons])).toEqual([['D3', ['unassigned']], ['D4', ['unassigned']]]);
  });
});

describe('per user', () => {
  it('counts distinct primary users of the devices; a device without a user counts as one', () => {
    const installations = [...installs(3), { titleKey: OFFICE, deviceId: 'D4', userId: 'U1' }, { titleKey: OFFICE, deviceId: 'D5', userId: null }];
    const title = position({ entitlements: [licence({ id: 'E1', metric: 'per_user', quantity: 4 })], installations });
    expect(title.metrics[0]).toMatchObject({ metric: 'per_user', named: false, consumed: 4, shortfall: 0, surplus: 0 });
  });

  it('with assignments counts the assigned users plus anyone using it unassigned, who becomes a removal candidate', () => {
    const entitlements = [licence({ id: 'E1', metric: 'per_user', quantity: 5, assignedUsers: ['U1', 'U2', 'U3'] })];
    const title = position({ entitlements, installations: [...installs(1), ...installs(1, { userId: 'U7' }, 4)] });
    expect(title.metrics[0]).toMatchObject({ named: true, consumed: 4, surplus: 1 });
    expect(title.removalCandidates).toEqual([{ deviceId: 'D4', userId: 'U7', metric: 'per_user', reasons: ['unassigned'], lastSeen: asOf, daysSinceSeen: 0 }]);
  });
});

describe('per core', () => {
  it('counts each device at its cores or the minimum per device, whichever is more', () => {
    const installations = [...installs(1, { cores: 4 }), ...installs(1, { cores: 16 }, 2), ...installs(1, { cores: 8 }, 3)];
    const title = position({ entitlements: [licence({ id: 'E1', metric: 'per_core', quantity: 24, minCoresPerDevice: 8 })], installations });
    expect(title.metrics[0]).toMatchObject({ consumed: 32, shortfall: 8, trueUpCost: { currency: 'EUR', amount: 80_000 }, estimated: false });
  });

  it('applies a core factor rounding up per device, and counts unknown cores as the minimum (estimated)', () => {
    const installations = [...installs(1, { cores: 6 }), ...installs(1, { cores: 3 }, 2), ...installs(1, { cores: null }, 3)];
    const entitlements = [licence({ id: 'E1', metric: 'per_core', quantity: 20, minCoresPerDevice: 4, coreMultiplier: 0.5 })];
    expect(position({ entitlements, installations }).metrics[0]).toMatchObject({ consumed: 3 + 2 + 2, estimated: true });
    const noMinimum = [licence({ id: 'E1', metric: 'per_core', quantity: 20, coreMultiplier: 0.25 })];
    expect(position({ entitlements: noMinimum, installations }).metrics[0]).toMatchObject({ consumed: 2 + 1 + 1 });
  });
});

describe('concurrent', () => {
  it('uses the highest usage peak reported for the title', () => {
    const title = position({
      entitlements: [licence({ id: 'E1', metric: 'concurrent', quantity: 10 })],
      installations: installs(40),
      usagePeaks: [{ titleKey: OFFICE, peak: 6 }, { titleKey: OFFICE, peak: 7 }, { titleKey: 'other|title', peak: 99 }],
    });
    expect(title.metrics[0]).toMatchObject({ consumed: 7, surplus: 3, estimated: false });
  });

  it('without a peak counts the devices it covers, marked estimated', () => {
    const title = position({ entitlements: [licence({ id: 'E1', metric: 'concurrent', quantity: 10 })], installations: installs(12) });
    expect(title.metrics[0]).toMatchObject({ consumed: 12, shortfall: 2, estimated: true });
  });
});

describe('site', () => {
  it('is unlimited while in force: never short, however many devices', () => {
    const title = position({ entitlements: [licence({ id: 'S1', metric: 'site', quantity: 1, unitCost: 5_000_000 })], installations: installs(500) });
    expect(title.status).toBe('compliant');
    expect(title.metrics[0]).toMatchObject({ metric: 'site', entitled: null, consumed: 500, shortfall: 0, surplus: 0, unusedCost: [] });
  });

  it('makes other licences of the title unused, except seats held by assignment', () => {
    const entitlements = [
      licence({ id: 'S1', metric: 'site', quantity: 1 }),
      licence({ id: 'E1', metric: 'per_device', quantity: 10, unitCost: 2_000 }),
      licence({ id: 'E2', metric: 'per_user', quantity: 5, unitCost: 3_000, assignedUsers: ['U1', 'U2'] }),
    ];
    const title = position({ entitlements, installations: installs(20) });
    expect(title.metrics.map((m) => [m.metric, m.consumed, m.surplus])).toEqual([['per_device', 0, 10], ['per_user', 2, 3], ['site', 18, 0]]);
    expect(title.unusedCost).toEqual([{ currency: 'EUR', amount: 20_000 + 9_000 }]);
  });

  it('when expired entitles nothing, and its true-up is one site licence', () => {
    const entitlements = [licence({ id: 'S1', metric: 'site', quantity: 1, unitCost: 5_000_000, termStart: '2025-01-01', termEnd: '2025-12-31' })];
    expect(position({ entitlements, installations: installs(3) }).metrics[0]).toMatchObject({ entitled: 0, consumed: 3, shortfall: 3, expiredIds: ['S1'], trueUpCost: { currency: 'EUR', amount: 5_000_000 } });
  });
});

describe('subscriptions and terms', () => {
  const sub = (id: string, termStart: string, termEnd: string, quantity = 10) => licence({ id, metric: 'subscription', quantity, unitCost: 12_000, termStart, termEnd });

  it('count seats only inside the term, both ends included', () => {
    for (const [start, end] of [['2026-01-01', '2026-05-11'], ['2026-05-11', '2027-05-10']]) {
      expect(position({ entitlements: [sub('S1', start, end)], installations: installs(4) }).metrics[0]).toMatchObject({ entitled: 10, consumed: 4, surplus: 6, entitlementIds: ['S1'] });
    }
  });

  it('once expired entitle 0 and show as expired, short by every user at the renewal price', () => {
    const title = position({ entitlements: [sub('S1', '2025-05-11', '2026-05-10')], installations: installs(4) });
    expect(title.metrics[0]).toMatchObject({ entitled: 0, consumed: 4, shortfall: 4, expiredIds: ['S1'], entitlementIds: [], trueUpCost: { currency: 'EUR', amount: 48_000 } });
  });

  it('not yet started entitle 0 and are listed apart', () => {
    const title = position({ entitlements: [sub('S1', '2025-05-11', '2026-05-10'), sub('S2', '2026-06-01', '2027-05-31')], installations: installs(2) });
    expect(title.metrics[0]).toMatchObject({ entitled: 0, expiredIds: ['S1'], notStartedIds: ['S2'] });
  });

  it('are renewals due when they end within the window, soonest first, with the cost of renewing', () => {
    const entitlements = [
      sub('S1', '2025-06-01', '2026-05-31', 10),
      sub('S2', '2025-08-10', '2026-08-09', 3),
      sub('S3', '2025-08-11', '2026-08-10'),
      sub('S4', '2025-01-01', '2026-05-10'),
      licence({ id: 'T1', metric: 'per_core', quantity: 16, unitCost: null, termStart: '2025-05-12', termEnd: '2026-05-11' }),
    ];
    const { renewals } = compliancePosition({ asOf, entitlements, installations: [] });
    expect(renewals.map((r) => [r.entitlementId, r.daysLeft, r.cost])).toEqual([
      ['T1', 0, null],
      ['S1', 20, { currency: 'EUR', amount: 120_000 }],
      ['S2', 90, { currency: 'EUR', amount: 36_000 }],
    ]);
    expect(compliancePosition({ asOf, entitlements, installations: [], renewalWithinDays: 30 }).renewals.map((r) => r.entitlementId)).toEqual(['T1', 'S1']);
  });
});

describe('mixed metrics on one title', () => {
  it('covers each installation once: assigned devices and users by their licences, the rest by the default line', () => {
    const entitlements = [
      licence({ id: 'PD', metric: 'per_device', quantity: 4, unitCost: 30_000 }),
      licence({ id: 'M365', metric: 'subscription', quantity: 3, unitCost: 12_000, termStart: '2026-01-01', termEnd: '2026-12-31', assignedUsers: ['U1', 'U2', 'U3'] }),
    ];
    const title = position({ entitlements, installations: installs(8) });
    expect(title.metrics.map((m) => [m.metric, m.consumed, m.shortfall, m.surplus])).toEqual([['per_device', 5, 1, 0], ['subscription', 3, 0, 0]]);
    expect(title.trueUpCost).toEqual([{ currency: 'EUR', amount: 30_000 }]);
    expect(title.removalCandidates).toEqual([]);
  });

  it('sends unassigned use to a line without assignments, and may be short on one line with surplus on another', () => {
    const entitlements = [
      licence({ id: 'PU', metric: 'per_user', quantity: 10, unitCost: 8_000, assignedUsers: ['U1'] }),
      licence({ id: 'PC', metric: 'per_core', quantity: 8, unitCost: 50_000, currency: 'USD', minCoresPerDevice: 4 }),
    ];
    const title = position({ entitlements, installations: installs(3) });
    expect(title.metrics.map((m) => [m.metric, m.consumed, m.shortfall, m.surplus])).toEqual([['per_user', 1, 0, 9], ['per_core', 8, 0, 0]]);
    const more = position({ entitlements, installations: installs(4) });
    expect(more.status).toBe('shortfall');
    expect(more.trueUpCost).toEqual([{ currency: 'USD', amount: 4 * 50_000 }]);
    expect(more.unusedCost).toEqual([{ currency: 'EUR', amount: 9 * 8_000 }]);
  });
});

describe('currencies', () => {
  it('prices a line in the currency of most of its licences and never adds currencies together', () => {
    const entitlements = [
      licence({ id: 'A', metric: 'per_device', quantity: 10, unitCost: 100, currency: 'EUR' }),
      licence({ id: 'B', metric: 'per_device', quantity: 20, unitCost: 90, currency: 'USD' }),
      licence({ id: 'C', metric: 'per_device', quantity: 5, unitCost: 50, currency: 'USD' }),
    ];
    expect(position({ entitlements, installations: installs(40) }).metrics[0].trueUpCost).toEqual({ currency: 'USD', amount: 5 * 50 });
    const title = position({ entitlements, installations: installs(20) });
    expect(title.metrics[0].unusedCost).toEqual([{ currency: 'EUR', amount: 1_000 }, { currency: 'USD', amount: 5 * 90 }]);
  });

  it('totals the position per currency over all titles', () => {
    const entitlements = [
      licence({ id: 'A', metric: 'per_device', quantity: 1, unitCost: 100, currency: 'EUR' }),
      licence({ id: 'B', titleKey: 'b|b', metric: 'per_device', quantity: 1, unitCost: 70, currency: 'GBP' }),
      licence({ id: 'C', titleKey: 'c|c', metric: 'per_device', quantity: 1, unitCost: 30, currency: 'EUR' }),
    ];
    const installations = ['b|b', 'c|c', OFFICE].flatMap((titleKey) => installs(3, { titleKey }));
    const result = compliancePosition({ asOf, entitlements, installations });
    expect(result.titles.map((t) => t.titleKey)).toEqual(['b|b', 'c|c', OFFICE]);
    expect(result.trueUpCost).toEqual([{ currency: 'EUR', amount: 200 + 60 }, { currency: 'GBP', amount: 140 }]);
  });
});

describe('removal candidates and devices', () => {
  it('flags devices last seen more than the stale window ago, from dates or timestamps', () => {
    const installations = [
      ...installs(1, { lastSeen: '2026-02-10' }),
      ...installs(1, { lastSeen: '2026-02-09' }, 2),
      ...installs(1, { lastSeen: '2026-02-09T23:30:00-02:00' }, 3),
      ...installs(1, { lastSeen: null }, 4),
    ];
    const title = position({ entitlements: [licence({ id: 'E1', metric: 'per_device', quantity: 10 })], installations });
    expect(title.removalCandidates.map((c) => [c.deviceId, c.reasons, c.daysSinceSeen])).toEqual([['D2', ['stale'], 91]]);
    expect(title.metrics[0].consumed).toBe(4);
    const strict = compliancePosition({ asOf, entitlements: [licence({ id: 'E1', metric: 'per_device', quantity: 10 })], installations, staleAfterDays: 30 });
    expect(strict.titles[0].removalCandidates.map((c) => c.deviceId)).toEqual(['D1', 'D2', 'D3']);
  });

  it('merges installations on one device: its first user, largest cores and latest sighting', () => {
    const installations: Installation[] = [
      { titleKey: OFFICE, deviceId: 'D1', userId: null, cores: 4, lastSeen: '2025-01-01' },
      { titleKey: OFFICE, deviceId: 'D1', userId: 'U1', cores: 12, lastSeen: '2026-05-01' },
      { titleKey: OFFICE, deviceId: 'D1', userId: 'U2', cores: null },
    ];
    const title = position({ entitlements: [licence({ id: 'E1', metric: 'per_core', quantity: 12 })], installations });
    expect(title).toMatchObject({ devices: 1, status: 'compliant', removalCandidates: [] });
  });

  it('reports only titles with entitlements', () => {
    const result = compliancePosition({ asOf, entitlements: [licence({ id: 'E1', metric: 'per_device', quantity: 1 })], installations: installs(5, { titleKey: 'google|chrome' }) });
    expect(result.titles.map((t) => [t.titleKey, t.devices, t.status])).toEqual([[OFFICE, 0, 'over_licensed']]);
  });
});

describe('bad input', () => {
  it('names every problem at once', () => {
    const input = {
      asOf: '2026-02-30',
      staleAfterDays: -1,
      entitlements: [
        { id: 'E1', titleKey: OFFICE, metric: 'per_seat', quantity: 1.5 },
        { id: 'E2', titleKey: '', metric: 'subscription', quantity: 1, unitCost: 100 },
        { id: 'E3', titleKey: OFFICE, metric: 'per_device', quantity: 1, minCoresPerDevice: 8, assignedUsers: ['U1'], termStart: '2026-02-01', termEnd: '2026-01-01' },
      ],
      installations: [{ titleKey: OFFICE, deviceId: '', cores: 0, lastSeen: 'yesterday' }],
    } as unknown as ComplianceInput;
    expect(() => compliancePosition(input)).toThrow(RangeError);
    expect(() => compliancePosition(input)).toThrow(/asOf must be a calendar date.*staleAfterDays must be a whole number/);
    const message = (() => {
      try {
        compliancePosition({ ...input, asOf, staleAfterDays: 90 });
      } catch (err) {
        return (err as Error).message;
      }
    })();
    for (const expected of [
      'entitlements[0].metric must be one of', 'entitlements[0].quantity must be a whole number', 'entitlements[1].titleKey must be a non-empty string',
      'entitlements[1].currency must be an ISO 4217 code', 'entitlements[1] is a subscription and needs termStart and termEnd',
      'entitlements[2].minCoresPerDevice must be', 'entitlements[2].termStart (2026-02-01) must not be after termEnd', 'entitlements[2].assignedUsers only applies to per_user and subscription',
      'installations[0].deviceId must be a non-empty string', 'installations[0].cores must be a whole number >= 1', 'installations[0].lastSeen must be a date',
    ]) expect(message).toContain(expected);
  });

  it('rejects duplicate entitlement ids and caps a long list of problems', () => {
    expect(() => compliancePosition({ asOf, entitlements: [licence({ id: 'E1', metric: 'site', quantity: 1 }), licence({ id: 'E1', metric: 'site', quantity: 1 })], installations: [] })).toThrow(/entitlements\[1\]\.id "E1" is used twice/);
    const installations = Array.from({ length: 50 }, () => ({ titleKey: OFFICE, deviceId: 7 }) as unknown as Installation);
    expect(() => compliancePosition({ asOf, entitlements: [], installations })).toThrow(/installations\[19\]\.deviceId.*; and 30 more$/);
  });
});

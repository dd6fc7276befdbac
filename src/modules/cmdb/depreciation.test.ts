import { describe, expect, it } from 'vitest';
import { addMonths, bookValueAt, dayNumber, depreciationSchedule, fullyDepreciatedOn, totalBookValues, type DepreciationTerms } from './depreciation.ts';

// Money in cents: the textbook asset costs 10,000.00 with a salvage value of 1,000.00 over five years.
const textbook = { cost: 1_000_000, salvage: 100_000, lifeMonths: 60, inService: '2024-01-01' } as const;
const charges = (terms: DepreciationTerms) => depreciationSchedule(terms).map((row) => row.charge);

describe('yearly schedules of the textbook asset', () => {
  it('straight line charges 1,800 a year, with each year from the in-service date', () => {
    const rows = depreciationSchedule({ ...textbook, method: 'straight_line' });
    expect(rows.map((row) => row.charge)).toEqual([180_000, 180_000, 180_000, 180_000, 180_000]);
    expect(rows[0]).toEqual({ period: 1, start: '2024-01-01', end: '2024-12-31', opening: 1_000_000, charge: 180_000, accumulated: 180_000, closing: 820_000 });
    expect(rows[4]).toEqual({ period: 5, start: '2028-01-01', end: '2028-12-31', opening: 280_000, charge: 180_000, accumulated: 900_000, closing: 100_000 });
  });

  it("sum-of-years'-digits charges 5/15, 4/15 … 1/15 of 9,000", () => {
    expect(charges({ ...textbook, method: 'sum_of_years_digits' })).toEqual([300_000, 240_000, 180_000, 120_000, 60_000]);
  });

  it('double-declining balance charges 40 % of the opening value and stops at salvage in the last year', () => {
    const rows = depreciationSchedule({ ...textbook, method: 'double_declining_balance' });
    expect(rows.map((row) => row.charge)).toEqual([400_000, 240_000, 144_000, 86_400, 29_600]);
    expect(rows.map((row) => row.closing)).toEqual([600_000, 360_000, 216_000, 129_600, 100_000]);
  });

  it('double-declining balance switches to straight line when that charges more (no salvage value)', () => {
    // Year 4: 40 % of 2,160 is 864, straight line over the two years left is 1,080.
    expect(charges({ ...textbook, salvage: 0, method: 'double_declining_balance' })).toEqual([400_000, 240_000, 144_000, 108_000, 108_000]);
  });

  it('declining balance at 25 % switches to straight line in year 3 and rounds to the cent', () => {
    // 2,500 and 1,875 by the rate; then 4,625 / 3 = 1,541.67 beats 25 % of 5,625, and the rest is split evenly.
    expect(charges({ ...textbook, method: 'declining_balance', rate: 0.25 })).toEqual([250_000, 187_500, 154_167, 154_167, 154_166]);
  });

  it('a declining rate below straight line depreciates by straight line throughout', () => {
    expect(charges({ ...textbook, method: 'declining_balance', rate: 0.1 })).toEqual(charges({ ...textbook, method: 'straight_line' }));
  });

  it('an asset worth its salvage value has a schedule of zero charges', () => {
    expect(charges({ ...textbook, salvage: textbook.cost, method: 'sum_of_years_digits' })).toEqual([0, 0, 0, 0, 0]);
  });
});

describe('lives that are not whole years', () => {
  it('a 30-month life has years of 12, 12 and 6 months; straight line charges by the month', () => {
    const rows = depreciationSchedule({ cost: 300_000, salvage: 0, lifeMonths: 30, inService: '2024-07-01', method: 'straight_line' });
    expect(rows.map((row) => [row.start, row.end, row.charge])).toEqual([
      ['2024-07-01', '2025-06-30', 120_000],
      ['2025-07-01', '2026-06-30', 120_000],
      ['2026-07-01', '2026-12-31', 60_000],
    ]);
  });

  it("sum-of-years'-digits weighs each year by its months × the months left: 12·30, 12·18, 6·6", () => {
    expect(charges({ cost: 612_000, salvage: 0, lifeMonths: 30, inService: '2024-07-01', method: 'sum_of_years_digits' })).toEqual([360_000, 216_000, 36_000]);
  });

  it('double-declining balance reaches salvage at the end of a short last year', () => {
    const rows = depreciationSchedule({ cost: 100_000, salvage: 10_000, lifeMonths: 18, inService: '2024-01-01', method: 'double_declining_balance' });
    expect(rows.map((row) => row.charge)).toEqual([90_000, 0]);
    expect(rows.at(-1)!.closing).toBe(10_000);
  });
});

describe('book value at a date, prorated by whole months', () => {
  const laptop: DepreciationTerms = { cost: 120_000, salvage: 0, lifeMonths: 12, inService: '2024-01-15', method: 'straight_line' };

  it('is the cost up to the in-service date, then drops 100.00 at the end of each month of life', () => {
    expect(bookValueAt(laptop, '2023-06-01')).toBe(120_000);
    expect(bookValueAt(laptop, '2024-01-15')).toBe(120_000);
    expect(bookValueAt(laptop, '2024-02-13')).toBe(120_000);
    expect(bookValueAt(laptop, '2024-02-14')).toBe(110_000);
    expect(bookValueAt(laptop, '2024-03-13')).toBe(110_000);
    expect(bookValueAt(laptop, '2024-03-14')).toBe(100_000);
  });

  it('is the salvage value from the last day of life on', () => {
    expect(fullyDepreciatedOn(laptop)).toBe('2025-01-14');
    expect(bookValueAt(laptop, '2025-01-13')).toBe(10_000);
    expect(bookValueAt(laptop, '2025-01-14')).toBe(0);
    expect(bookValueAt(laptop, '2040-01-01')).toBe(0);
    expect(bookValueAt(laptop, '9999-12-31')).toBe(0);
    expect(bookValueAt(laptop, '0001-01-01')).toBe(120_000);
  });

  it('spreads a declining year evenly over its months', () => {
    const terms: DepreciationTerms = { ...textbook, method: 'double_declining_balance' };
    expect(bookValueAt(terms, '2024-03-31')).toBe(1_000_000 - 100_000);
    expect(bookValueAt(terms, '2025-06-30')).toBe(600_000 - 120_000);
  });

  it('keeps months anchored to an in-service date on the 31st, using the last day of shorter months', () => {
    const rows = depreciationSchedule({ cost: 40_000, salvage: 0, lifeMonths: 4, inService: '2024-01-31', method: 'straight_line' }, 'month');
    expect(rows.map((row) => [row.start, row.end])).toEqual([
      ['2024-01-31', '2024-02-28'],
      ['2024-02-29', '2024-03-30'],
      ['2024-03-31', '2024-04-29'],
      ['2024-04-30', '2024-05-30'],
    ]);
    expect(rows.map((row) => row.charge)).toEqual([10_000, 10_000, 10_000, 10_000]);
  });

  it('a monthly schedule rounds within each year so the year still sums to its charge', () => {
    const rows = depreciationSchedule({ cost: 100, salvage: 0, lifeMonths: 12, inService: '2024-01-01', method: 'straight_line' }, 'month');
    expect(rows.map((row) => row.charge)).toEqual([8, 9, 8, 8, 9, 8, 8, 9, 8, 8, 9, 8]);
  });
});

describe('book value totals', () => {
  it('totals cost, accumulated depreciation and book value per key, sorted by key', () => {
    const assets = [
      { ...textbook, method: 'straight_line' as const, costCentre: 'it' },
      { ...textbook, method: 'sum_of_years_digits' as const, costCentre: 'it' },
      { ...textbook, inService: '2030-01-01', method: 'straight_line' as const, costCentre: 'finance' },
    ];
    expect(totalBookValues(assets, (asset) => asset.costCentre, '2024-12-31')).toEqual([
      { key: 'finance', count: 1, cost: 1_000_000, accumulatedDepreciation: 0, bookValue: 1_000_000 },
      { key: 'it', count: 2, cost: 2_000_000, accumulatedDepreciation: 480_000, bookValue: 1_520_000 },
    ]);
    expect(totalBookValues([], () => 'x', '2024-12-31')).toEqual([]);
  });
});

describe('bad terms', () => {
  const ok: DepreciationTerms = { ...textbook, method: 'straight_line' };

  it('are refused with a RangeError naming every problem', () => {
    expect(() => bookValueAt({ ...ok, salvage: 2_000_000 }, '2024-01-01')).toThrow('salvage (2000000) must not exceed cost (1000000)');
    expect(() => depreciationSchedule({ ...ok, cost: -1, lifeMonths: 0 })).toThrow(/cost must be .* >= 0, got -1; .*lifeMonths must be a whole number from 1 to 1200, got 0/);
    expect(() => depreciationSchedule({ ...ok, cost: 10.5 })).toThrow(RangeError);
    expect(() => depreciationSchedule({ ...ok, lifeMonths: 1201 })).toThrow('lifeMonths');
    expect(() => depreciationSchedule({ ...ok, method: 'declining_balance' })).toThrow('declining_balance needs an annual rate in (0, 1], got undefined');
    expect(() => depreciationSchedule({ ...ok, method: 'declining_balance', rate: 1.5 })).toThrow('got 1.5');
    expect(() => depreciationSchedule({ ...ok, method: 'units' as never })).toThrow('method must be one of');
    expect(() => depreciationSchedule({ ...ok, inService: '2024-02-30' })).toThrow(`inService must be a calendar date 'YYYY-MM-DD', got "2024-02-30"`);
    expect(() => bookValueAt(ok, '2024-1-1')).toThrow(`asOf must be a calendar date`);
  });

  it('ignore a rate given to a method that has none', () => {
    expect(charges({ ...ok, rate: 0.5 })).toEqual(charges(ok));
  });
});

describe('calendar dates', () => {
  it('adds months keeping the day, or the last day of a shorter month', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2023-01-31', 1)).toBe('2023-02-28');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29');
    expect(addMonths('2024-11-15', 3)).toBe('2025-02-15');
    expect(addMonths('0050-01-01', 1)).toBe('0050-02-01');
    expect(() => addMonths('2024-01-01', 1.5)).toThrow(RangeError);
  });

  it('numbers days from 1970-01-01 and refuses dates that do not exist', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('2024-03-01') - dayNumber('2024-02-28')).toBe(2);
    expect(dayNumber('0004-02-29') - dayNumber('0004-02-28')).toBe(1);
    expect(() => dayNumber('2023-02-29')).toThrow(RangeError);
    expect(() => dayNumber('2023-13-01')).toThrow(RangeError);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toolSettings } from '../../config.ts';
import { addMonths, bookValueAt, dayNumber, depreciationMethods, depreciationSchedule, fullyDepreciatedOn, totalBookValues, type DepreciationTerms } from './depreciation.ts';

const runs = toolSettings().fuzzRuns ?? 200;
const DAY_MS = 86_400_000;

const dateOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const plusDays = (date: string, days: number) => dateOf(dayNumber(date) + days);

/** The given day of a month, or the month's last day when it has fewer days. */
function dayOfMonth(year: number, month: number, day: number): string {
  const first = `${year}-${String(month).padStart(2, '0')}-01`;
  const length = dayNumber(addMonths(first, 1)) - dayNumber(first);
  return dateOf(dayNumber(first) + Math.min(day, length) - 1);
}

/** In-service dates from 1990 to 2060, with extra weight on month ends and leap days, where month arithmetic bends. */
const inService = fc.oneof(
  fc.integer({ min: dayNumber('1990-01-01'), max: dayNumber('2060-12-31') }).map(dateOf),
  fc.tuple(fc.integer({ min: 1990, max: 2060 }), fc.integer({ min: 1, max: 12 }), fc.constantFrom(28, 29, 30, 31)).map(([y, m, d]) => dayOfMonth(y, m, d)),
);

const terms: fc.Arbitrary<DepreciationTerms> = fc
  .record({
    cost: fc.oneof(fc.integer({ min: 0, max: 1_000 }), fc.integer({ min: 0, max: 10_000_000_000 })),
    salvageShare: fc.oneof(fc.constant(0), fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true })),
    lifeMonths: fc.oneof(fc.integer({ min: 1, max: 36 }), fc.constantFrom(12, 24, 36, 48, 60, 84, 120), fc.integer({ min: 1, max: 360 })),
    inService,
    method: fc.constantFrom(...depreciationMethods),
    rate: fc.double({ min: 0.01, max: 1, noNaN: true }),
  })
  .map(({ cost, salvageShare, method, rate, ...rest }) => ({ ...rest, cost, salvage: Math.floor(cost * salvageShare), method, ...(method === 'declining_balance' ? { rate } : {}) }));

/** An asset and dates from a year before it enters service to a year after its life ends. */
const withDates = terms.chain((t) => {
  const first = dayNumber(t.inService) - 400;
  const last = dayNumber(fullyDepreciatedOn(t)) + 400;
  return fc.record({ terms: fc.constant(t), dates: fc.array(fc.integer({ min: first, max: last }).map(dateOf), { minLength: 2, maxLength: 12 }) });
});

describe('depreciation properties', () => {
  it('book value never rises over time and stays between salvage and cost', () => {
    fc.assert(
      fc.property(withDates, ({ terms: t, dates }) => {
        const values = [...dates].sort().map((date) => bookValueAt(t, date));
        for (let i = 0; i < values.length; i++) {
          expect(Number.isSafeInteger(values[i])).toBe(true);
          expect(values[i]).toBeGreaterThanOrEqual(t.salvage);
          expect(values[i]).toBeLessThanOrEqual(t.cost);
          if (i > 0) expect(values[i]).toBeLessThanOrEqual(values[i - 1]);
        }
      }),
      { numRuns: runs },
    );
  });

  it('book value is the cost up to the in-service date and the salvage value from the end of life on', () => {
    fc.assert(
      fc.property(withDates, ({ terms: t, dates }) => {
        const end = fullyDepreciatedOn(t);
        expect(end).toBe(plusDays(addMonths(t.inService, t.lifeMonths), -1));
        expect(bookValueAt(t, t.inService)).toBe(t.cost);
        expect(bookValueAt(t, end)).toBe(t.salvage);
        for (const date of dates) {
          if (date <= t.inService) expect(bookValueAt(t, date)).toBe(t.cost);
          if (date >= end) expect(bookValueAt(t, date)).toBe(t.salvage);
        }
      }),
      { numRuns: runs },
    );
  });

  it('yearly and monthly schedules cover the life without gaps and charge exactly cost − salvage', () => {
    fc.assert(
      fc.property(terms, (t) => {
        for (const period of ['year', 'month'] as const) {
          const rows = depreciationSchedule(t, period);
          expect(rows.length).toBe(period === 'year' ? Math.ceil(t.lifeMonths / 12) : t.lifeMonths);
          expect(rows.reduce((sum, row) => sum + row.charge, 0)).toBe(t.cost - t.salvage);
          expect(rows[0].start).toBe(t.inService);
          expect(rows[0].opening).toBe(t.cost);
          expect(rows.at(-1)!.end).toBe(fullyDepreciatedOn(t));
          expect(rows.at(-1)!.closing).toBe(t.salvage);
          rows.forEach((row, i) => {
            expect(row.period).toBe(i + 1);
            expect(row.charge).toBeGreaterThanOrEqual(0);
            expect(row.closing).toBe(row.opening - row.charge);
            expect(row.accumulated).toBe(t.cost - row.closing);
            expect(row.end >= row.start).toBe(true);
            if (i > 0) {
              expect(row.start).toBe(plusDays(rows[i - 1].end, 1));
              expect(row.opening).toBe(rows[i - 1].closing);
            }
          });
        }
      }),
      { numRuns: runs },
    );
  });

  it('book value at the end of each period is its closing value, and the day before it starts its opening value', () => {
    fc.assert(
      fc.property(terms, (t) => {
        for (const row of depreciationSchedule(t)) {
          expect(bookValueAt(t, row.end)).toBe(row.closing);
          expect(bookValueAt(t, plusDays(row.start, -1))).toBe(row.opening);
        }
      }),
      { numRuns: Math.ceil(runs / 2) },
    );
  });

  it('the monthly schedule adds up, year by year, to the yearly one', () => {
    fc.assert(
      fc.property(terms, (t) => {
        const months = depreciationSchedule(t, 'month');
        depreciationSchedule(t).forEach((year, k) => {
          const inYear = months.slice(12 * k, 12 * k + 12);
          expect(inYear[0].start).toBe(year.start);
          expect(inYear.at(-1)!.end).toBe(year.end);
          expect(inYear.reduce((sum, month) => sum + month.charge, 0)).toBe(year.charge);
        });
      }),
      { numRuns: runs },
    );
  });

  it("straight line and sum-of-years'-digits charge each year within a cent of the exact share", () => {
    fc.assert(
      fc.property(terms, (t) => {
        const life = t.lifeMonths;
        const months = (k: number) => Math.min(12, life - 12 * k);
        const years = Math.ceil(life / 12);
        for (const method of ['straight_line', 'sum_of_years_digits'] as const) {
          const weight = (k: number) => (method === 'straight_line' ? months(k) : months(k) * (life - 12 * k));
          let sum = 0;
          for (let k = 0; k < years; k++) sum += weight(k);
          depreciationSchedule({ ...t, method }).forEach((row, k) => {
            expect(Math.abs(row.charge - ((t.cost - t.salvage) * weight(k)) / sum)).toBeLessThanOrEqual(1);
          });
        }
      }),
      { numRuns: runs },
    );
  });

  it('declining methods follow unrounded arithmetic (switch to straight line included) to within half a cent a year', () => {
    const declining = terms.filter((t) => t.method === 'declining_balance' || t.method === 'double_declining_balance');
    fc.assert(
      fc.property(declining, (t) => {
        const life = t.lifeMonths;
        const rate = t.method === 'declining_balance' ? t.rate! : 2 / (life / 12);
        const rows = depreciationSchedule(t);
        let book = t.cost;
        rows.forEach((row, k) => {
          const months = Math.min(12, life - 12 * k);
          const charge = Math.min(book - t.salvage, Math.max(book * rate * (months / 12), ((book - t.salvage) * months) / (life - 12 * k)));
          book -= charge;
          expect(Math.abs(row.closing - book)).toBeLessThanOrEqual(0.5 * (k + 1) + 1e-6 * t.cost);
        });
      }),
      { numRuns: runs },
    );
  });

  it('group totals add up to the book values of their assets', () => {
    const portfolio = fc.record({
      assets: fc.array(fc.record({ terms, group: fc.constantFrom('laptops', 'servers', 'network') }), { maxLength: 8 }),
      asOf: fc.integer({ min: dayNumber('1989-01-01'), max: dayNumber('2092-12-31') }).map(dateOf),
    });
    fc.assert(
      fc.property(portfolio, ({ assets, asOf }) => {
        const rows = totalBookValues(assets.map((a) => ({ ...a.terms, group: a.group })), (a) => a.group, asOf);
        expect(rows.map((row) => row.key)).toEqual([...new Set(assets.map((a) => a.group))].sort());
        for (const row of rows) {
          const members = assets.filter((a) => a.group === row.key);
          expect(row.count).toBe(members.length);
          expect(row.cost).toBe(members.reduce((sum, a) => sum + a.terms.cost, 0));
          expect(row.bookValue).toBe(members.reduce((sum, a) => sum + bookValueAt(a.terms, asOf), 0));
          expect(row.accumulatedDepreciation).toBe(row.cost - row.bookValue);
        }
      }),
      { numRuns: runs },
    );
  });
});

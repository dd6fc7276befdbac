/**
 * Asset depreciation: the book value of an asset at any date and its schedule of charges, by straight line,
 * declining balance, double-declining balance or sum-of-years'-digits. Pure arithmetic on integer minor
 * units (cents) and calendar dates ('YYYY-MM-DD', no time of day, no zone), so every figure is exact and the
 * same on every server.
 *
 * Conventions (an accountant reading a figure should be able to recompute it from these):
 * - Periods are asset years counted from the in-service date, not fiscal years. The life is counted in
 *   months, so the last asset year may be short (a 30-month life has years of 12, 12 and 6 months).
 * - Proration is by whole months, never days. Month m runs from in-service + (m − 1) months to the day
 *   before in-service + m months (an in-service date on the 31st falls back to the last day of shorter
 *   months), and its charge is taken at the end of its last day. An asset year's charge is spread evenly
 *   over its months.
 * - Declining balance (annual `rate`) and double-declining balance (rate 2 / life in years) charge each year
 *   the larger of the declining-balance charge and straight line over the remaining life down to salvage,
 *   and never more than takes the value to salvage: the usual switch to straight line, so the asset reaches
 *   exactly its salvage value on the last day of its life.
 * - Sum-of-years'-digits weighs each asset year by its months × the months of life remaining at its start:
 *   the textbook 5/15, 4/15… for whole-year lives, and a consistent extension for a short last year.
 * - Rounding: yearly charges are rounded to the minor unit on cumulative totals (straight line, SYD) or on
 *   the rounded opening value (declining methods), months likewise within their year, and the last period
 *   takes what is left, so the charges always sum exactly to cost − salvage.
 * Bad input throws a `RangeError` naming every problem (the API validates with zod before this is reached).
 */

const DAY_MS = 86_400_000;
/** A hundred years: longer lives are a data-entry mistake, and the bound keeps the month table small. */
export const MAX_LIFE_MONTHS = 1200;

/** The methods Steward depreciates by; the API's enum is built from this list. */
export const depreciationMethods = ['straight_line', 'declining_balance', 'double_declining_balance', 'sum_of_years_digits'] as const;
export type DepreciationMethod = (typeof depreciationMethods)[number];

/** What depreciation needs to know about an asset; money in minor units (cents). */
export interface DepreciationTerms {
  cost: number;
  salvage: number;
  /** Useful life in whole months (60 for five years). */
  lifeMonths: number;
  /** First day in service, 'YYYY-MM-DD'; depreciation starts on it. */
  inService: string;
  method: DepreciationMethod;
  /** Annual rate in (0, 1] for `declining_balance` (0.25 = 25 % a year); ignored by the other methods. */
  rate?: number | null;
}

/** One period of a depreciation schedule; `start` and `end` are its first and last days, inclusive. */
export interface ScheduleRow {
  period: number;
  start: string;
  end: string;
  opening: number;
  charge: number;
  accumulated: number;
  closing: number;
}

/** Totals for one group of assets as of a date, for reports by asset class or cost centre. */
export interface BookValueTotal {
  key: string;
  count: number;
  cost: number;
  accumulatedDepreciation: number;
  bookValue: number;
}

// ---- calendar dates ----

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** setUTCFullYear, unlike Date.UTC, does not read years 0–99 as 1900–1999. */
function utcMidnight(year: number, month: number, day: number): Date {
  const t = new Date(0);
  t.setUTCFullYear(year, month - 1, day);
  return t;
}

function parseDate(date: string, name: string): CalendarDate {
  const match = DATE_PATTERN.exec(date);
  if (match) {
    const [year, month, day] = [match[1], match[2], match[3]].map(Number);
    const t = utcMidnight(year, month, day);
    if (t.getUTCMonth() === month - 1 && t.getUTCDate() === day) return { year, month, day };
  }
  throw new RangeError(`${name} must be a calendar date 'YYYY-MM-DD', got ${JSON.stringify(date)}`);
}

function formatDate(t: Date): string {
  const year = t.getUTCFullYear();
  if (year < 0 || year > 9999) throw new RangeError(`the date falls outside the years 0000–9999`);
  return `${String(year).padStart(4, '0')}-${String(t.getUTCMonth() + 1).padStart(2, '0')}-${String(t.getUTCDate()).padStart(2, '0')}`;
}

function shiftMonths(from: CalendarDate, months: number): string {
  const index = from.year * 12 + from.month - 1 + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  const lastDay = utcMidnight(year, month + 1, 0).getUTCDate();
  return formatDate(utcMidnight(year, month, Math.min(from.day, lastDay)));
}

/** The date `months` calendar months after `date` (before it when negative), kept on the month's last day when the day does not exist: 2024-01-31 + 1 month = 2024-02-29. */
export function addMonths(date: string, months: number): string {
  if (!Number.isInteger(months)) throw new RangeError(`months must be a whole number, got ${months}`);
  return shiftMonths(parseDate(date, 'date'), months);
}

/** Days from 1970-01-01 to a calendar date, for differences between dates without time zones. */
export function dayNumber(date: string): number {
  const { year, month, day } = parseDate(date, 'date');
  return utcMidnight(year, month, day).getTime() / DAY_MS;
}

function addDays(date: string, days: number): string {
  return formatDate(new Date((dayNumber(date) + days) * DAY_MS));
}

// ---- the arithmetic ----

function checkTerms(terms: DepreciationTerms): CalendarDate {
  const problems: string[] = [];
  const { cost, salvage, lifeMonths, method, rate } = terms;
  if (!Number.isSafeInteger(cost) || cost < 0) problems.push(`cost must be a whole number of minor units >= 0, got ${cost}`);
  if (!Number.isSafeInteger(salvage) || salvage < 0) problems.push(`salvage must be a whole number of minor units >= 0, got ${salvage}`);
  else if (salvage > cost) problems.push(`salvage (${salvage}) must not exceed cost (${cost})`);
  if (!Number.isInteger(lifeMonths) || lifeMonths < 1 || lifeMonths > MAX_LIFE_MONTHS) problems.push(`lifeMonths must be a whole number from 1 to ${MAX_LIFE_MONTHS}, got ${lifeMonths}`);
  if (!depreciationMethods.includes(method)) problems.push(`method must be one of ${depreciationMethods.join(', ')}, got ${JSON.stringify(method)}`);
  if (method === 'declining_balance' && !(typeof rate === 'number' && rate > 0 && rate <= 1)) problems.push(`declining_balance needs an annual rate in (0, 1], got ${rate}`);
  let start: CalendarDate | undefined;
  try {
    start = parseDate(terms.inService, 'inService');
  } catch (err) {
    problems.push((err as Error).message);
  }
  if (problems.length > 0 || !start) throw new RangeError(`invalid depreciation terms: ${problems.join('; ')}`);
  return start;
}

/** Each asset year's charge, in minor units, summing to cost − salvage. */
function yearlyCharges(terms: DepreciationTerms): number[] {
  const { cost, salvage, lifeMonths: life, method } = terms;
  const total = cost - salvage;
  const years = Math.ceil(life / 12);
  const monthsIn = (k: number) => Math.min(12, life - 12 * k);
  const charges: number[] = [];
  if (method === 'straight_line' || method === 'sum_of_years_digits') {
    const weights = Array.from({ length: years }, (_, k) => (method === 'straight_line' ? monthsIn(k) : monthsIn(k) * (life - 12 * k)));
    const sum = weights.reduce((a, b) => a + b, 0);
    let weight = 0;
    let booked = 0;
    for (let k = 0; k < years; k++) {
      weight += weights[k];
      const accumulated = k === years - 1 ? total : Math.round((total * weight) / sum);
      charges.push(accumulated - booked);
      booked = accumulated;
    }
    return charges;
  }
  const rate = method === 'declining_balance' ? (terms.rate as number) : 24 / life;
  let book = cost;
  for (let k = 0; k < years; k++) {
    const left = book - salvage;
    const fraction = monthsIn(k) / 12;
    const declining = book * rate * fraction;
    const straight = (left * monthsIn(k)) / (life - 12 * k);
    const charge = k === years - 1 ? left : Math.min(left, Math.round(Math.max(declining, straight)));
    charges.push(charge);
    book -= charge;
  }
  return charges;
}

/** Accumulated depreciation at the end of each month of life: index m is after m months, [0] is 0. */
function accumulatedByMonth(terms: DepreciationTerms): number[] {
  const accumulated = [0];
  let booked = 0;
  yearlyCharges(terms).forEach((charge, k) => {
    const months = Math.min(12, terms.lifeMonths - 12 * k);
    for (let j = 1; j <= months; j++) accumulated.push(booked + Math.round((charge * j) / months));
    booked += charge;
  });
  return accumulated;
}

/** Whole months of life completed by the end of `asOf` (0 before in-service, at most the life). */
function monthsElapsed(start: CalendarDate, asOf: string, life: number): number {
  const end = parseDate(asOf, 'asOf');
  const nextDay = dayNumber(asOf) + 1;
  let months = Math.min(life, (end.year - start.year) * 12 + end.month - start.month + 1);
  while (months > 0 && dayNumber(shiftMonths(start, months)) > nextDay) months -= 1;
  return Math.max(0, months);
}

/** The last day of depreciation: from the end of this day on, the book value is the salvage value. */
export function fullyDepreciatedOn(terms: DepreciationTerms): string {
  const start = checkTerms(terms);
  return addDays(shiftMonths(start, terms.lifeMonths), -1);
}

/** Book value in minor units at the end of `asOf`: cost up to the in-service date, salvage from the end of life on. */
export function bookValueAt(terms: DepreciationTerms, asOf: string): number {
  const start = checkTerms(terms);
  const months = monthsElapsed(start, asOf, terms.lifeMonths);
  if (months === 0) return terms.cost;
  if (months === terms.lifeMonths) return terms.salvage;
  return terms.cost - accumulatedByMonth(terms)[months];
}

/** The schedule over the whole life, by asset year (the last may be short) or by month; charges sum to cost − salvage. */
export function depreciationSchedule(terms: DepreciationTerms, period: 'year' | 'month' = 'year'): ScheduleRow[] {
  const start = checkTerms(terms);
  const accumulated = accumulatedByMonth(terms);
  const step = period === 'year' ? 12 : 1;
  const rows: ScheduleRow[] = [];
  for (let from = 0; from < terms.lifeMonths; from += step) {
    const to = Math.min(terms.lifeMonths, from + step);
    const opening = terms.cost - accumulated[from];
    const closing = terms.cost - accumulated[to];
    rows.push({
      period: rows.length + 1,
      start: shiftMonths(start, from),
      end: addDays(shiftMonths(start, to), -1),
      opening,
      charge: opening - closing,
      accumulated: accumulated[to],
      closing,
    });
  }
  return rows;
}

/** Cost, accumulated depreciation and book value as of a date, totalled per key (asset class, cost centre…), sorted by key. */
export function totalBookValues<T extends DepreciationTerms>(assets: Iterable<T>, keyOf: (asset: T) => string, asOf: string): BookValueTotal[] {
  const totals = new Map<string, BookValueTotal>();
  for (const asset of assets) {
    const key = keyOf(asset);
    const bookValue = bookValueAt(asset, asOf);
    let total = totals.get(key);
    if (!total) {
      total = { key, count: 0, cost: 0, accumulatedDepreciation: 0, bookValue: 0 };
      totals.set(key, total);
    }
    total.count += 1;
    total.cost += asset.cost;
    total.accumulatedDepreciation += asset.cost - bookValue;
    total.bookValue += bookValue;
  }
  return [...totals.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

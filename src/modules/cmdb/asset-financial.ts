/**
 * The purchase and financial facet of an asset: merging what a create or update sends onto the stored
 * columns with every cross-field problem named at once, the facet as the API shows it, and the
 * depreciation terms it gives (in-service date, else purchase date; the item's life, else its class's).
 */
import type { FieldError } from '../../platform/errors/catalogue.ts';
import type { AssetFinancial, FinancialInput } from './asset-contract.ts';
import { refreshDueDate, warrantyStatus } from './asset-lifecycle.ts';
import type { CiRow } from './ci-query.ts';
import type { ClassRow } from './class-index.ts';
import type { DepreciationTerms } from './depreciation.ts';

/** The financial columns of a configuration item. */
export type FinancialColumns = Pick<
  CiRow,
  | 'vendorName' | 'orderNumber' | 'invoiceNumber' | 'purchaseDate' | 'purchaseCost' | 'currency' | 'warrantyEnd' | 'inServiceDate'
  | 'expectedLifeMonths' | 'salvageValue' | 'depreciationMethod' | 'decliningBalanceRate' | 'costCentre'
>;

/** API field → column, in the order problems are reported. */
const columnOf = {
  vendor: 'vendorName',
  orderNumber: 'orderNumber',
  invoiceNumber: 'invoiceNumber',
  purchaseDate: 'purchaseDate',
  purchaseCost: 'purchaseCost',
  currency: 'currency',
  warrantyEnd: 'warrantyEnd',
  inServiceDate: 'inServiceDate',
  expectedLifeMonths: 'expectedLifeMonths',
  salvageValue: 'salvageValue',
  depreciationMethod: 'depreciationMethod',
  decliningBalanceRate: 'decliningBalanceRate',
  costCentre: 'costCentre',
} as const satisfies Record<keyof FinancialInput, keyof FinancialColumns>;
const fields = Object.keys(columnOf) as (keyof FinancialInput)[];

/** The financial columns of a stored item. */
export function financialColumns(row: FinancialColumns): FinancialColumns {
  return Object.fromEntries(fields.map((field) => [columnOf[field], row[columnOf[field]]])) as unknown as FinancialColumns;
}

/** Every financial column empty: a new item, or one of a class that is not an asset class. */
export const emptyFinancial: FinancialColumns = Object.fromEntries(fields.map((field) => [columnOf[field], null])) as unknown as FinancialColumns;

const blank = (value: unknown) => value === null || (typeof value === 'string' && value.trim() === '');

/**
 * The columns after applying `input` (fields sent change, null or blank text clears one) and the problems
 * with the result: financial data on a class that is not an asset class, cost without currency, salvage
 * above cost, a rate without declining balance, a warranty ending before the purchase.
 */
export function mergeFinancial(current: FinancialColumns, input: FinancialInput | undefined, cls: ClassRow): { columns: FinancialColumns; errors: FieldError[] } {
  const columns = { ...current } as Record<keyof FinancialColumns, unknown>;
  for (const field of fields) {
    const value = input?.[field];
    if (value !== undefined) columns[columnOf[field]] = blank(value) ? null : typeof value === 'string' ? value.trim() : value;
  }
  const merged = columns as FinancialColumns;
  const errors: FieldError[] = [];
  const problem = (field: keyof FinancialInput, message: string) => errors.push({ field: `financial.${field}`, message });
  if (!cls.isAsset) {
    for (const field of fields) if (merged[columnOf[field]] !== null) problem(field, `applies only to asset classes; ${cls.name} is not one`);
    return { columns: merged, errors };
  }
  if (merged.purchaseCost !== null && merged.currency === null) problem('currency', 'is required with a purchase cost');
  if (merged.salvageValue !== null && merged.purchaseCost === null) problem('salvageValue', 'needs a purchase cost');
  if (merged.salvageValue !== null && merged.purchaseCost !== null && merged.salvageValue > merged.purchaseCost) {
    problem('salvageValue', `must not exceed the purchase cost (${merged.purchaseCost})`);
  }
  if (merged.depreciationMethod === 'declining_balance' && merged.decliningBalanceRate === null) problem('decliningBalanceRate', 'is required by declining_balance');
  if (merged.decliningBalanceRate !== null && merged.depreciationMethod !== 'declining_balance') problem('decliningBalanceRate', 'applies only to declining_balance');
  if (merged.warrantyEnd !== null && merged.purchaseDate !== null && merged.warrantyEnd < merged.purchaseDate) problem('warrantyEnd', `must not be before the purchase date ${merged.purchaseDate}`);
  return { columns: merged, errors };
}

/** The expected life in force: the item's own, else its class's. */
export function lifeMonthsOf(row: Pick<CiRow, 'expectedLifeMonths'>, cls: Pick<ClassRow, 'expectedLifeMonths'> | undefined): number | null {
  return row.expectedLifeMonths ?? cls?.expectedLifeMonths ?? null;
}

/** The first day of service: the in-service date, else the purchase date. */
export function serviceStartOf(row: Pick<CiRow, 'inServiceDate' | 'purchaseDate'>): string | null {
  return row.inServiceDate ?? row.purchaseDate;
}

/** Today as a calendar date (UTC). */
export function today(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** The facet as the API shows it; null for items of classes that are not asset classes. */
export function presentFinancial(row: CiRow, cls: ClassRow | undefined, now: Date): AssetFinancial | null {
  if (!cls?.isAsset) return null;
  const lifeMonths = lifeMonthsOf(row, cls);
  const start = serviceStartOf(row);
  return {
    vendor: row.vendorName,
    orderNumber: row.orderNumber,
    invoiceNumber: row.invoiceNumber,
    purchaseDate: row.purchaseDate,
    purchaseCost: row.purchaseCost,
    currency: row.currency,
    warrantyEnd: row.warrantyEnd,
    inServiceDate: row.inServiceDate,
    expectedLifeMonths: row.expectedLifeMonths,
    lifeMonths,
    salvageValue: row.salvageValue,
    depreciationMethod: row.depreciationMethod,
    decliningBalanceRate: row.decliningBalanceRate,
    costCentre: row.costCentre,
    refreshDue: start && lifeMonths ? refreshDueDate(start, lifeMonths) : null,
    warrantyStatus: warrantyStatus(row.warrantyEnd, today(now)).status,
  };
}

/** The depreciation terms of an asset, or the fields it lacks (named as the API names them). */
export function depreciationTerms(row: CiRow, cls: ClassRow | undefined): { terms: DepreciationTerms & { currency: string } } | { missing: FieldError[] } {
  const lifeMonths = lifeMonthsOf(row, cls);
  const inService = serviceStartOf(row);
  const missing: FieldError[] = [];
  if (row.purchaseCost === null || row.currency === null) missing.push({ field: 'financial.purchaseCost', message: 'is needed (with its currency) to depreciate the asset' });
  if (inService === null) missing.push({ field: 'financial.inServiceDate', message: 'is needed (or a purchase date) to depreciate the asset' });
  if (lifeMonths === null) missing.push({ field: 'financial.expectedLifeMonths', message: `is needed: neither the item nor its class (${cls?.name ?? '?'}) has an expected life` });
  if (missing.length) return { missing };
  return {
    terms: {
      cost: row.purchaseCost!,
      salvage: row.salvageValue ?? 0,
      lifeMonths: lifeMonths!,
      inService: inService!,
      method: row.depreciationMethod ?? 'straight_line',
      rate: row.decliningBalanceRate,
      currency: row.currency!,
    },
  };
}

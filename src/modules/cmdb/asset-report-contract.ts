/**
 * Request and response schemas of the asset register's figures and views: an asset's depreciation,
 * fleet book values by class or cost centre, assets due for refresh, warranties running out, labels.
 */
import { z } from 'zod';
import { pageOf, pageQuery } from '../../platform/http/pagination.ts';
import { AssetState, DepreciationMethod } from './asset-contract.ts';
import { CiRef } from './ci-ref.ts';
import { ciFilterShape, evenWithOtherIssues, onlyAttributeExtras } from './contract.ts';
import { DEFAULT_LABEL_LAYOUT, LABEL_LAYOUT_NAMES } from './labels.ts';

const day = z.iso.date('must be a date YYYY-MM-DD');
const minor = z.number().int().describe('Minor units of currency');

export const DepreciationQuery = z.strictObject({
  asOf: day.optional().describe('The date of the book value (default today)'),
  period: z.enum(['year', 'month']).default('year').describe('Schedule rows by asset year (from the in-service date) or by month'),
});
export type DepreciationQuery = z.infer<typeof DepreciationQuery>;

const ScheduleRow = z.object({
  period: z.number().int(),
  start: z.string().describe('First day of the period'),
  end: z.string().describe('Last day of the period'),
  opening: minor,
  charge: minor,
  accumulated: minor,
  closing: minor,
});

export const DepreciationReport = z
  .object({
    ci: CiRef,
    currency: z.string(),
    cost: minor,
    salvageValue: minor,
    method: DepreciationMethod,
    decliningBalanceRate: z.number().nullable(),
    lifeMonths: z.number().int(),
    inServiceDate: z.string().describe('The in-service date, else the purchase date'),
    fullyDepreciatedOn: z.string().describe('From the end of this day the book value is the salvage value'),
    asOf: z.string(),
    bookValue: minor.describe('At the end of asOf'),
    accumulatedDepreciation: minor,
    period: z.enum(['year', 'month']),
    schedule: z.array(ScheduleRow).describe('The whole life; charges sum to cost − salvage'),
  })
  .meta({ id: 'AssetDepreciation' });
export type DepreciationReport = z.infer<typeof DepreciationReport>;

export const FleetDepreciationQuery = z.strictObject({
  asOf: day.optional().describe('Default today'),
  groupBy: z.enum(['class', 'costCentre']).default('class'),
});
export type FleetDepreciationQuery = z.infer<typeof FleetDepreciationQuery>;

const Totals = { count: z.number().int(), cost: minor, accumulatedDepreciation: minor, bookValue: minor };
export const FleetDepreciation = z
  .object({
    asOf: z.string(),
    groupBy: z.enum(['class', 'costCentre']),
    groups: z
      .array(z.object({ key: z.string().nullable().describe('Class key or cost centre; null: no cost centre'), name: z.string(), currency: z.string(), ...Totals }))
      .describe('One row per group and currency, by key then currency'),
    totals: z.array(z.object({ currency: z.string(), ...Totals })).describe('Per currency: amounts in different currencies are never added'),
    incomplete: z.number().int().describe('Assets left out because they lack a cost, currency, start date or expected life'),
  })
  .meta({ id: 'FleetDepreciation' });
export type FleetDepreciation = z.infer<typeof FleetDepreciation>;

const viewFilters = {
  class: z.string().trim().max(60).optional().describe('Class key or id; sub-classes included'),
  costCentre: z.string().trim().max(100).optional(),
  ...pageQuery,
};

export const RefreshDueQuery = z.strictObject({
  months: z.coerce.number().int().min(0).max(120).default(6).describe('Due within this many months from today (overdue ones included)'),
  ...viewFilters,
});
export type RefreshDueQuery = z.infer<typeof RefreshDueQuery>;

export const WarrantyExpiringQuery = z.strictObject({
  days: z.coerce.number().int().min(0).max(3650).default(30).describe('Warranty ends within this many days from today (still covered today)'),
  ...viewFilters,
});
export type WarrantyExpiringQuery = z.infer<typeof WarrantyExpiringQuery>;

const AssetViewItem = z.object({
  ci: CiRef,
  assetTag: z.string().nullable(),
  serialNumber: z.string().nullable(),
  assetState: AssetState,
  costCentre: z.string().nullable(),
  holder: z.string().nullable().describe('Who or where it is checked out to'),
});

export const RefreshDueItem = AssetViewItem.extend({
  inServiceDate: z.string().describe('The in-service date, else the purchase date'),
  lifeMonths: z.number().int(),
  refreshDue: z.string(),
  daysLeft: z.number().int().describe('Negative when overdue'),
}).meta({ id: 'AssetRefreshDue' });
export const RefreshDuePage = pageOf(RefreshDueItem);
export type RefreshDueItem = z.infer<typeof RefreshDueItem>;

export const WarrantyExpiringItem = AssetViewItem.extend({
  warrantyEnd: z.string(),
  daysLeft: z.number().int().describe('0 on the last covered day'),
}).meta({ id: 'AssetWarrantyExpiring' });
export const WarrantyExpiringPage = pageOf(WarrantyExpiringItem);
export type WarrantyExpiringItem = z.infer<typeof WarrantyExpiringItem>;

/** Most labels one request prints. */
export const maxLabels = 1000;

const labelsShape = {
  ...ciFilterShape,
  ids: z
    .string()
    .max(40_000)
    .transform((s) => s.split(',').map((p) => p.trim()).filter(Boolean))
    .pipe(z.array(z.string().max(60)).min(1, 'must name at least one item').max(maxLabels, `must name at most ${maxLabels} items`))
    .optional()
    .describe(`Comma-separated item ids or keys, printed in this order; without ids, the CI list's filters pick the items (by name), at most ${maxLabels}`),
  layout: z.enum(LABEL_LAYOUT_NAMES).default(DEFAULT_LABEL_LAYOUT).describe('avery-l7160 (A4, 21 per sheet), avery-5160 (US Letter, 30) or roll-62x29 (one per page)'),
};
/** The items to print (ids, or the CI list's filters) and the layout. */
export const LabelsQuery = z.looseObject(labelsShape).superRefine(onlyAttributeExtras(labelsShape), evenWithOtherIssues);
export type LabelsQuery = z.infer<typeof LabelsQuery>;

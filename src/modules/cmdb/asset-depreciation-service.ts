/**
 * Depreciation figures from the register: one asset's schedule and book value at a date, and the fleet's
 * cost, accumulated depreciation and book value as of a date by class or cost centre, per currency.
 * The arithmetic is depreciation.ts; this file picks the assets and their terms.
 */
import { and, eq, inArray, isNotNull, max } from 'drizzle-orm';
import { requirePermission, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors/catalogue.ts';
import { inOrg } from '../../platform/tenancy/scope.ts';
import { depreciationTerms, serviceStartOf, today } from './asset-financial.ts';
import type { DepreciationQuery, DepreciationReport, FleetDepreciation, FleetDepreciationQuery } from './asset-report-contract.ts';
import { assetStateChanges } from './asset-schema.ts';
import { requireAssetState } from './asset-write.ts';
import { findCiRow, refOf } from './ci-query.ts';
import { classIndex } from './class-index.ts';
import { bookValueAt, depreciationSchedule, fullyDepreciatedOn, totalBookValues, type DepreciationTerms } from './depreciation.ts';
import { configurationItems } from './schema.ts';

/** The asset's depreciation schedule over its life and its book value at `asOf` (default today). */
export async function assetDepreciation(ctx: Ctx, idOrKey: string, query: DepreciationQuery): Promise<DepreciationReport> {
  requirePermission(ctx, 'cmdb:read');
  const row = await findCiRow(ctx, idOrKey);
  const classes = await classIndex(ctx);
  const cls = classes.byId.get(row.classId)!;
  requireAssetState(row, cls);
  const found = depreciationTerms(row, cls);
  if ('missing' in found) throw new AppError('ASSET_DATA_MISSING', `${row.key} cannot be depreciated: ${found.missing.map((m) => m.field).join(', ')} missing`, found.missing);
  const { terms } = found;
  const asOf = query.asOf ?? today(ctx.clock.now());
  const bookValue = bookValueAt(terms, asOf);
  return {
    ci: refOf(classes, row),
    currency: terms.currency,
    cost: terms.cost,
    salvageValue: terms.salvage,
    method: terms.method,
    decliningBalanceRate: terms.method === 'declining_balance' ? (terms.rate ?? null) : null,
    lifeMonths: terms.lifeMonths,
    inServiceDate: terms.inService,
    fullyDepreciatedOn: fullyDepreciatedOn(terms),
    asOf,
    bookValue,
    accumulatedDepreciation: terms.cost - bookValue,
    period: query.period,
    schedule: depreciationSchedule(terms, query.period),
  };
}

type FleetAsset = DepreciationTerms & { group: string; currency: string };

/**
 * Fleet book values as of a date. Counted: assets of the organisation acquired by then (purchase date,
 * else in-service date, on or before asOf) and not disposed of by then. Assets without a cost, currency,
 * start date or life are counted in `incomplete`.
 */
export async function fleetDepreciation(ctx: Ctx, query: FleetDepreciationQuery): Promise<FleetDepreciation> {
  requirePermission(ctx, 'cmdb:read');
  const asOf = query.asOf ?? today(ctx.clock.now());
  const classes = await classIndex(ctx);
  const assetClassIds = [...classes.byId.values()].filter((c) => c.isAsset).map((c) => c.id);
  if (assetClassIds.length === 0) return { asOf, groupBy: query.groupBy, groups: [], totals: [], incomplete: 0 };
  const disposals = ctx.db
    .select({ ciId: assetStateChanges.ciId, at: max(assetStateChanges.at).as('disposed_at') })
    .from(assetStateChanges)
    .where(inOrg(ctx, assetStateChanges, eq(assetStateChanges.toState, 'disposed')))
    .groupBy(assetStateChanges.ciId)
    .as('disposals');
  const rows = await ctx.db
    .select({ ci: configurationItems, disposedAt: disposals.at })
    .from(configurationItems)
    .leftJoin(disposals, eq(disposals.ciId, configurationItems.id))
    .where(inOrg(ctx, configurationItems, and(inArray(configurationItems.classId, assetClassIds), isNotNull(configurationItems.assetState))));
  const assets: FleetAsset[] = [];
  let incomplete = 0;
  const names = new Map<string, string>();
  for (const { ci, disposedAt } of rows) {
    if (ci.assetState === 'disposed' && (!disposedAt || new Date(disposedAt).toISOString().slice(0, 10) <= asOf)) continue;
    const acquired = ci.purchaseDate ?? serviceStartOf(ci);
    if (acquired && acquired > asOf) continue;
    const cls = classes.byId.get(ci.classId)!;
    const found = depreciationTerms(ci, cls);
    if ('missing' in found) {
      incomplete += 1;
      continue;
    }
    const group = query.groupBy === 'class' ? cls.key : (ci.costCentre ?? '');
    names.set(group, query.groupBy === 'class' ? cls.name : (ci.costCentre ?? 'No cost centre'));
    assets.push({ ...found.terms, group });
  }
  const separator = '\u0000';
  const groups = totalBookValues(assets, (a) => `${a.group}${separator}${a.currency}`, asOf).map(({ key, ...total }) => {
    const [group, currency] = key.split(separator) as [string, string];
    return { key: query.groupBy === 'costCentre' && group === '' ? null : group, name: names.get(group)!, currency, ...total };
  });
  const totals = totalBookValues(assets, (a) => a.currency, asOf).map(({ key, ...total }) => ({ currency: key, ...total }));
  return { asOf, groupBy: query.groupBy, groups, totals, incomplete };
}

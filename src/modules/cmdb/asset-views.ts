/**
 * The asset register's working lists: assets due for hardware refresh within N months (overdue first)
 * and assets whose warranty ends within N days, both for assets in use (received, in stock, deployed,
 * in repair), soonest first, cursor-paginated.
 */
import { and, eq, gte, inArray, isNotNull, lte, sql, type SQL } from 'drizzle-orm';
import { requirePermission, type Ctx } from '../../platform/context.ts';
import { invalid } from '../../platform/errors/catalogue.ts';
import { finishPage, keyset, type Page } from '../../platform/http/pagination.ts';
import { inOrg } from '../../platform/tenancy/scope.ts';
import { lifeMonthsOf, serviceStartOf, today } from './asset-financial.ts';
import { activeAssetStates, refreshDueDate } from './asset-lifecycle.ts';
import type { RefreshDueItem, RefreshDueQuery, WarrantyExpiringItem, WarrantyExpiringQuery } from './asset-report-contract.ts';
import { refOf, type CiRow } from './ci-query.ts';
import { classIndex, findClass, withSubclasses, type ClassIndex } from './class-index.ts';
import { currentCustodies } from './custody-now.ts';
import { addMonths, dayNumber } from './depreciation.ts';
import { ciClasses, configurationItems } from './schema.ts';

/** Conditions every view shares: assets in use, of the asked class (and below) and cost centre. */
function viewConditions(classes: ClassIndex, query: { class?: string; costCentre?: string }): SQL[] {
  const conditions: SQL[] = [inArray(configurationItems.assetState, [...activeAssetStates])];
  if (query.class) {
    const cls = findClass(classes, query.class);
    if (!cls) throw invalid([{ field: 'class', message: 'is not a class of this organisation' }]);
    conditions.push(inArray(configurationItems.classId, withSubclasses(classes, cls.id)));
  }
  if (query.costCentre) conditions.push(sql`lower(${configurationItems.costCentre}) = lower(${query.costCentre})`);
  return conditions;
}

/** The fields both views show of an asset. */
async function viewItems<T>(ctx: Ctx, classes: ClassIndex, rows: CiRow[], extra: (row: CiRow) => T) {
  const custody = await currentCustodies(ctx, rows);
  return new Map(
    rows.map((row) => {
      const held = custody.get(row.id);
      return [
        row.id,
        {
          ci: refOf(classes, row),
          assetTag: row.assetTag,
          serialNumber: row.serialNumber,
          assetState: row.assetState!,
          costCentre: row.costCentre,
          holder: held ? (held.person?.name ?? held.location?.name ?? null) : null,
          ...extra(row),
        },
      ];
    }),
  );
}

/** Assets due for refresh (in-service date, else purchase date, plus the life in force) by today + `months`, overdue included. */
export async function findRefreshDue(ctx: Ctx, query: RefreshDueQuery): Promise<Page<RefreshDueItem>> {
  requirePermission(ctx, 'cmdb:read');
  const classes = await classIndex(ctx);
  const conditions = viewConditions(classes, query);
  const day = today(ctx.clock.now());
  const life = sql`coalesce(${configurationItems.expectedLifeMonths}, ${ciClasses.expectedLifeMonths})`;
  const due = sql`(coalesce(${configurationItems.inServiceDate}, ${configurationItems.purchaseDate}) + make_interval(months => ${life}))::date`;
  const page = keyset({ sortColumn: due, idColumn: configurationItems.id, descending: false, sortName: 'refreshDue', cursor: query.cursor });
  const rows = await ctx.db
    .select({ ci: configurationItems })
    .from(configurationItems)
    .innerJoin(ciClasses, eq(ciClasses.id, configurationItems.classId))
    .where(inOrg(ctx, configurationItems, and(...conditions, sql`${life} is not null`, sql`coalesce(${configurationItems.inServiceDate}, ${configurationItems.purchaseDate}) is not null`, lte(due, addMonths(day, query.months)), page.where)))
    .orderBy(...page.orderBy)
    .limit(query.limit + 1);
  const items = await viewItems(ctx, classes, rows.slice(0, query.limit).map((r) => r.ci), (row) => {
    const start = serviceStartOf(row)!;
    const lifeMonths = lifeMonthsOf(row, classes.byId.get(row.classId))!;
    const refreshDue = refreshDueDate(start, lifeMonths);
    return { inServiceDate: start, lifeMonths, refreshDue, daysLeft: dayNumber(refreshDue) - dayNumber(day) };
  });
  return finishPage(rows, query.limit, 'refreshDue', (r) => [items.get(r.ci.id)!.refreshDue, r.ci.id], (r) => items.get(r.ci.id)!);
}

/** Assets whose warranty ends between today and today + `days` (still covered today), soonest first. */
export async function findWarrantyExpiring(ctx: Ctx, query: WarrantyExpiringQuery): Promise<Page<WarrantyExpiringItem>> {
  requirePermission(ctx, 'cmdb:read');
  const classes = await classIndex(ctx);
  const conditions = viewConditions(classes, query);
  const day = today(ctx.clock.now());
  const last = new Date((dayNumber(day) + query.days) * 86_400_000).toISOString().slice(0, 10);
  const page = keyset({ sortColumn: configurationItems.warrantyEnd, idColumn: configurationItems.id, descending: false, sortName: 'warrantyEnd', cursor: query.cursor });
  const rows = await ctx.db
    .select()
    .from(configurationItems)
    .where(
      inOrg(ctx, configurationItems, and(...conditions, isNotNull(configurationItems.warrantyEnd), gte(configurationItems.warrantyEnd, day), lte(configurationItems.warrantyEnd, last), page.where)),
    )
    .orderBy(...page.orderBy)
    .limit(query.limit + 1);
  const items = await viewItems(ctx, classes, rows.slice(0, query.limit), (row) => ({ warrantyEnd: row.warrantyEnd!, daysLeft: dayNumber(row.warrantyEnd!) - dayNumber(day) }));
  return finishPage(rows, query.limit, 'warrantyEnd', (r) => [r.warrantyEnd, r.id], (r) => items.get(r.id)!);
}

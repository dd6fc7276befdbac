/** Usage peaks of a title (the most simultaneous users a licence server saw in a day), for concurrent licences. */
import { and, desc, eq, gt, lte, max } from 'drizzle-orm';
import { iso } from '../../db/columns.ts';
import { inTransaction, requirePermission, type Ctx } from '../../platform/context.ts';
import { finishPage, keyset, type Page } from '../../platform/http/pagination.ts';
import { recordChange } from '../../platform/record-change.ts';
import { inOrg } from '../../platform/tenancy/scope.ts';
import type { RecordUsagePeakBody, UsagePeak } from './software-contract.ts';
import { findTitleRow } from './software-query.ts';
import { licenceUsagePeaks } from './software-schema.ts';

type Row = typeof licenceUsagePeaks.$inferSelect;
const present = (r: Row): UsagePeak => ({ id: r.id, date: r.day, peak: r.peak, createdAt: iso(r.createdAt)! });

/** A title's peaks, newest day first. */
export async function findUsagePeaks(ctx: Ctx, titleId: string, query: { limit: number; cursor?: string }): Promise<Page<UsagePeak>> {
  requirePermission(ctx, 'cmdb:read');
  const page = keyset({ sortColumn: licenceUsagePeaks.day, idColumn: licenceUsagePeaks.id, descending: true, sortName: 'date', cursor: query.cursor });
  const title = await findTitleRow(ctx, titleId);
  const rows = await ctx.db
    .select()
    .from(licenceUsagePeaks)
    .where(inOrg(ctx, licenceUsagePeaks, and(eq(licenceUsagePeaks.titleId, title.id), page.where)))
    .orderBy(...page.orderBy)
    .limit(query.limit + 1);
  return finishPage(rows, query.limit, 'date', (r) => [r.day, r.id], present);
}

/** Records the peak of a day, replacing an earlier figure for the same day. */
export async function recordUsagePeak(ctx: Ctx, titleId: string, input: RecordUsagePeakBody): Promise<UsagePeak> {
  requirePermission(ctx, 'cmdb:write');
  return inTransaction(ctx, async (tx) => {
    const title = await findTitleRow(tx, titleId);
    const [before] = await tx.db.select().from(licenceUsagePeaks).where(inOrg(tx, licenceUsagePeaks, eq(licenceUsagePeaks.titleId, title.id), eq(licenceUsagePeaks.day, input.date))).for('update');
    const [row] = await tx.db
      .insert(licenceUsagePeaks)
      .values({ orgId: tx.orgId, titleId: title.id, day: input.date, peak: input.peak, createdAt: tx.clock.now().toISOString() })
      .onConflictDoUpdate({ target: [licenceUsagePeaks.titleId, licenceUsagePeaks.day], set: { peak: input.peak } })
      .returning();
    const snapshot = (r: Row) => ({ titleId: r.titleId, titleKey: title.key, date: r.day, peak: r.peak });
    await recordChange(tx, { action: before ? 'updated' : 'created', entityType: 'licence_usage_peak', entityId: row!.id, before: before ? snapshot(before) : undefined, after: snapshot(row!) });
    return present(row!);
  });
}

/** The highest peak per title over the days in (asOf − windowDays, asOf]. */
export async function peaksInWindow(ctx: Ctx, asOf: string, windowDays: number, titleIds?: readonly string[]): Promise<Map<string, number>> {
  const from = new Date(Date.parse(`${asOf}T00:00:00Z`) - windowDays * 86_400_000).toISOString().slice(0, 10);
  const rows = await ctx.db
    .select({ titleId: licenceUsagePeaks.titleId, peak: max(licenceUsagePeaks.peak) })
    .from(licenceUsagePeaks)
    .where(inOrg(ctx, licenceUsagePeaks, gt(licenceUsagePeaks.day, from), lte(licenceUsagePeaks.day, asOf)))
    .groupBy(licenceUsagePeaks.titleId)
    .orderBy(desc(licenceUsagePeaks.titleId));
  const wanted = titleIds ? new Set(titleIds) : undefined;
  return new Map(rows.filter((r) => r.peak !== null && (!wanted || wanted.has(r.titleId))).map((r) => [r.titleId, r.peak!]));
}

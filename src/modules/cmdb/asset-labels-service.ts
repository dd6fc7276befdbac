/**
 * Printing asset labels: the items named by id or key (in that order), or those the CI list's filters
 * pick (by name), at most 1,000, rendered by labels.ts with a QR code of each item's page in Steward.
 */
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { organisations } from '../../platform/auth/schema.ts';
import { requirePermission, type Ctx } from '../../platform/context.ts';
import { invalid } from '../../platform/errors/catalogue.ts';
import { parseHumanKey } from '../../platform/keys/human-keys.ts';
import { inOrg } from '../../platform/tenancy/scope.ts';
import { maxLabels, type LabelsQuery } from './asset-report-contract.ts';
import { ciFilterConditions, type CiRow } from './ci-query.ts';
import { classIndex } from './class-index.ts';
import { ciFilterShape } from './contract.ts';
import { renderAssetLabels } from './labels.ts';
import { configurationItems } from './schema.ts';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The items named by id or key, in the order named; every unknown one is reported at once. */
async function itemsByRef(ctx: Ctx, refs: string[]): Promise<CiRow[]> {
  const ids = refs.filter((r) => uuidPattern.test(r)).map((r) => r.toLowerCase());
  const keys = refs.flatMap((r) => {
    const key = uuidPattern.test(r) ? undefined : parseHumanKey(r);
    return key?.prefix === 'CI' ? [`CI-${key.number}`] : [];
  });
  const rows = ids.length || keys.length
    ? await ctx.db.select().from(configurationItems).where(inOrg(ctx, configurationItems, or(ids.length ? inArray(configurationItems.id, ids) : undefined, keys.length ? inArray(configurationItems.key, keys) : undefined)))
    : [];
  const byRef = new Map(rows.flatMap((r) => [[r.id, r] as const, [r.key, r] as const]));
  const found: CiRow[] = [];
  const unknown: string[] = [];
  for (const ref of refs) {
    const key = parseHumanKey(ref);
    const row = byRef.get(uuidPattern.test(ref) ? ref.toLowerCase() : key?.prefix === 'CI' ? `CI-${key.number}` : '');
    if (row) found.push(row);
    else unknown.push(ref);
  }
  if (unknown.length) throw invalid([{ field: 'ids', message: `${unknown.slice(0, 10).join(', ')}${unknown.length > 10 ? ` and ${unknown.length - 10} more` : ''}: not configuration items of this organisation` }]);
  return found;
}

/** True when the query carries any of the CI list's filters. */
function hasFilters(query: LabelsQuery): boolean {
  return Object.keys(query).some((key) => (key in ciFilterShape || key.startsWith('attr.')) && query[key] !== undefined);
}

/** The labels PDF of the chosen items and how many labels it holds; `publicUrl` makes each QR code's link. */
export async function assetLabelsPdf(ctx: Ctx, query: LabelsQuery, publicUrl: string): Promise<{ pdf: Uint8Array; count: number }> {
  requirePermission(ctx, 'cmdb:read');
  let rows: CiRow[];
  if (query.ids) {
    if (hasFilters(query)) throw invalid([{ field: 'ids', message: "must not be combined with the list's filters: name the items or filter them" }]);
    rows = await itemsByRef(ctx, query.ids);
  } else {
    const conditions = await ciFilterConditions(ctx, await classIndex(ctx), query);
    rows = await ctx.db
      .select()
      .from(configurationItems)
      .where(inOrg(ctx, configurationItems, and(...conditions)))
      .orderBy(sql`lower(${configurationItems.name})`, configurationItems.id)
      .limit(maxLabels + 1);
    if (rows.length > maxLabels) throw invalid([], `The filters match more than ${maxLabels.toLocaleString('en')} items; narrow them (e.g. by class or location) and print in parts`);
    if (rows.length === 0) throw invalid([], 'No configuration item matches the filters: there is nothing to print');
  }
  const [org] = await ctx.db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, ctx.orgId));
  const pdf = await renderAssetLabels(
    rows.map((r) => ({ tag: r.assetTag ?? r.key, name: r.name, serial: r.serialNumber, qrContent: `${publicUrl}/cmdb/${r.key}`, orgName: org?.name ?? null })),
    { layout: query.layout },
  );
  return { pdf, count: rows.length };
}

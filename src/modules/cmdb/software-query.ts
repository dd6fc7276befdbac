/**
 * Reading software: titles with their installation, device and licence counts, a title's versions,
 * and installations listed by title or by configuration item, presented with names resolved in batches.
 */
import { and, count, countDistinct, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { iso } from '../../db/columns.ts';
import { requirePermission, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors/catalogue.ts';
import { finishPage, keyset, likePattern, type Page } from '../../platform/http/pagination.ts';
import { inOrg } from '../../platform/tenancy/scope.ts';
import { ciRefs, findCiRow } from './ci-query.ts';
import type {
  CiSoftwareQuery, SoftwareInstallation, SoftwareQuery, SoftwareTitle, SoftwareTitleDetail, SoftwareTitleRef, TitleInstallationQuery,
} from './software-contract.ts';
import { configurationItems } from './schema.ts';
import { licences, softwareInstallations, softwareTitles } from './software-schema.ts';

/** A stored software title. */
export type TitleRow = typeof softwareTitles.$inferSelect;
/** A stored installation. */
export type InstallationRow = typeof softwareInstallations.$inferSelect;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The short reference to a title. */
export const titleRef = (t: Pick<TitleRow, 'id' | 'key' | 'publisher' | 'product'>): SoftwareTitleRef => ({ id: t.id, key: t.key, publisher: t.publisher, product: t.product });

/** The title by id in the caller's organisation; SOFTWARE_NOT_FOUND otherwise. */
export async function findTitleRow(ctx: Ctx, id: string): Promise<TitleRow> {
  const [row] = uuidPattern.test(id) ? await ctx.db.select().from(softwareTitles).where(inOrg(ctx, softwareTitles, eq(softwareTitles.id, id.toLowerCase()))) : [];
  if (!row) throw new AppError('SOFTWARE_NOT_FOUND', `No software title ${id} in this organisation`);
  return row;
}

/** Titles by id, in the caller's organisation. */
export async function titleRows(ctx: Ctx, ids: readonly string[]): Promise<Map<string, TitleRow>> {
  if (ids.length === 0) return new Map();
  const rows = await ctx.db.select().from(softwareTitles).where(inOrg(ctx, softwareTitles, inArray(softwareTitles.id, [...new Set(ids)])));
  return new Map(rows.map((r) => [r.id, r]));
}

async function presentTitles(ctx: Ctx, rows: TitleRow[]): Promise<SoftwareTitle[]> {
  const ids = rows.map((r) => r.id);
  const [installs, licenceCounts] = ids.length
    ? await Promise.all([
        ctx.db
          .select({ titleId: softwareInstallations.titleId, installations: count(), devices: countDistinct(softwareInstallations.ciId) })
          .from(softwareInstallations)
          .where(inOrg(ctx, softwareInstallations, inArray(softwareInstallations.titleId, ids)))
          .groupBy(softwareInstallations.titleId),
        ctx.db.select({ titleId: licences.titleId, n: count() }).from(licences).where(inOrg(ctx, licences, inArray(licences.titleId, ids))).groupBy(licences.titleId),
      ])
    : [[], []];
  const byTitle = new Map(installs.map((i) => [i.titleId, i]));
  const licenced = new Map(licenceCounts.map((l) => [l.titleId, l.n]));
  return rows.map((r) => ({
    ...titleRef(r),
    isNoise: r.isNoise,
    installations: byTitle.get(r.id)?.installations ?? 0,
    devices: byTitle.get(r.id)?.devices ?? 0,
    licences: licenced.get(r.id) ?? 0,
    createdAt: iso(r.createdAt)!,
  }));
}

/** Titles by product name, with counts; noise hidden unless asked for. */
export async function findSoftware(ctx: Ctx, query: SoftwareQuery): Promise<Page<SoftwareTitle>> {
  requirePermission(ctx, 'cmdb:read');
  const sortColumn = sql`lower(${softwareTitles.product})`;
  const page = keyset({ sortColumn, idColumn: softwareTitles.id, descending: false, sortName: 'name', cursor: query.cursor });
  const q = query.q?.trim();
  const noise = query.noise ?? 'exclude';
  const hasLicence = sql`exists (select 1 from ${licences} where ${licences.titleId} = ${softwareTitles.id})`;
  const conditions: (SQL | undefined)[] = [
    noise === 'exclude' ? eq(softwareTitles.isNoise, false) : noise === 'only' ? eq(softwareTitles.isNoise, true) : undefined,
    query.licensed === 'true' ? hasLicence : query.licensed === 'false' ? sql`not ${hasLicence}` : undefined,
    q ? or(ilike(softwareTitles.product, likePattern(q)), ilike(softwareTitles.publisher, likePattern(q))) : undefined,
    page.where,
  ];
  const rows = await ctx.db
    .select({ title: softwareTitles, sortValue: sql<string>`${sortColumn}` })
    .from(softwareTitles)
    .where(inOrg(ctx, softwareTitles, and(...conditions)))
    .orderBy(...page.orderBy)
    .limit(query.limit + 1);
  const presented = new Map((await presentTitles(ctx, rows.slice(0, query.limit).map((r) => r.title))).map((t) => [t.id, t]));
  return finishPage(rows, query.limit, 'name', (r) => [r.sortValue, r.title.id], (r) => presented.get(r.title.id)!);
}

/** One title with its counts and versions. */
export async function getSoftware(ctx: Ctx, id: string): Promise<SoftwareTitleDetail> {
  requirePermission(ctx, 'cmdb:read');
  const row = await findTitleRow(ctx, id);
  const [title] = await presentTitles(ctx, [row]);
  const versions = await ctx.db
    .select({ version: softwareInstallations.normalisedVersion, installations: count() })
    .from(softwareInstallations)
    .where(inOrg(ctx, softwareInstallations, eq(softwareInstallations.titleId, row.id)))
    .groupBy(softwareInstallations.normalisedVersion)
    .orderBy(desc(count()), softwareInstallations.normalisedVersion)
    .limit(100);
  return { ...title!, versions: versions.map((v) => ({ version: v.version === '' ? null : v.version, installations: v.installations })) };
}

/** Installations as the API shows them: item and title resolved in one batch each. */
export async function presentInstallations(ctx: Ctx, rows: InstallationRow[]): Promise<SoftwareInstallation[]> {
  const [cis, titles] = await Promise.all([ciRefs(ctx, rows.map((r) => r.ciId)), titleRows(ctx, rows.map((r) => r.titleId))]);
  return rows.map((r) => ({
    id: r.id,
    ci: cis.get(r.ciId)!,
    title: titleRef(titles.get(r.titleId)!),
    name: r.rawName,
    publisher: r.rawPublisher,
    softwareVersion: r.rawVersion,
    normalisedVersion: r.normalisedVersion === '' ? null : r.normalisedVersion,
    installDate: r.installDate,
    lastSeenAt: iso(r.lastSeenAt)!,
    source: r.source,
    createdAt: iso(r.createdAt)!,
    updatedAt: iso(r.updatedAt)!,
    version: r.version,
  }));
}

/** The installation of an item by id; INSTALLATION_NOT_FOUND when it is not on that item. */
export async function findInstallationRow(ctx: Ctx, ciId: string, installationId: string, forUpdate = false): Promise<InstallationRow> {
  const query = ctx.db
    .select()
    .from(softwareInstallations)
    .where(inOrg(ctx, softwareInstallations, eq(softwareInstallations.ciId, ciId), eq(softwareInstallations.id, installationId.toLowerCase())));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) throw new AppError('INSTALLATION_NOT_FOUND', `No installation ${installationId} on this configuration item`);
  return row;
}

/** One installation of an item. */
export async function getInstallation(ctx: Ctx, ciIdOrKey: string, installationId: string): Promise<SoftwareInstallation> {
  requirePermission(ctx, 'cmdb:read');
  const ci = await findCiRow(ctx, ciIdOrKey);
  return (await presentInstallations(ctx, [await findInstallationRow(ctx, ci.id, installationId)]))[0]!;
}

/** An item's installed software by product name. */
export async function findCiSoftware(ctx: Ctx, ciIdOrKey: string, query: CiSoftwareQuery): Promise<Page<SoftwareInstallation>> {
  requirePermission(ctx, 'cmdb:read');
  const sortColumn = sql`lower(${softwareTitles.product})`;
  const page = keyset({ sortColumn, idColumn: softwareInstallations.id, descending: false, sortName: 'name', cursor: query.cursor });
  const ci = await findCiRow(ctx, ciIdOrKey);
  const q = query.q?.trim();
  const noise = query.noise ?? 'include';
  const rows = await ctx.db
    .select({ installation: softwareInstallations, sortValue: sql<string>`${sortColumn}` })
    .from(softwareInstallations)
    .innerJoin(softwareTitles, eq(softwareTitles.id, softwareInstallations.titleId))
    .where(
      inOrg(
        ctx,
        softwareInstallations,
        eq(softwareInstallations.ciId, ci.id),
        noise === 'exclude' ? eq(softwareTitles.isNoise, false) : noise === 'only' ? eq(softwareTitles.isNoise, true) : undefined,
        q ? or(ilike(softwareTitles.product, likePattern(q)), ilike(softwareTitles.publisher, likePattern(q)), ilike(softwareInstallations.rawName, likePattern(q))) : undefined,
        page.where,
      ),
    )
    .orderBy(...page.orderBy)
    .limit(query.limit + 1);
  const presented = new Map((await presentInstallations(ctx, rows.slice(0, query.limit).map((r) => r.installation))).map((i) => [i.id, i]));
  return finishPage(rows, query.limit, 'name', (r) => [r.sortValue, r.installation.id], (r) => presented.get(r.installation.id)!);
}

/** The installations of a title, by item name. */
export async function findTitleInstallations(ctx: Ctx, titleId: string, query: TitleInstallationQuery): Promise<Page<SoftwareInstallation>> {
  requirePermission(ctx, 'cmdb:read');
  const sortColumn = sql`lower(${configurationItems.name})`;
  const page = keyset({ sortColumn, idColumn: softwareInstallations.id, descending: false, sortName: 'ci', cursor: query.cursor });
  const title = await findTitleRow(ctx, titleId);
  const rows = await ctx.db
    .select({ installation: softwareInstallations, sortValue: sql<string>`${sortColumn}` })
    .from(softwareInstallations)
    .innerJoin(configurationItems, eq(configurationItems.id, softwareInstallations.ciId))
    .where(
      inOrg(
        ctx,
        softwareInstallations,
        eq(softwareInstallations.titleId, title.id),
        query.softwareVersion !== undefined ? eq(softwareInstallations.normalisedVersion, query.softwareVersion) : undefined,
        page.where,
      ),
    )
    .orderBy(...page.orderBy)
    .limit(query.limit + 1);
  const presented = new Map((await presentInstallations(ctx, rows.slice(0, query.limit).map((r) => r.installation))).map((i) => [i.id, i]));
  return finishPage(rows, query.limit, 'ci', (r) => [r.sortValue, r.installation.id], (r) => presented.get(r.installation.id)!);
}

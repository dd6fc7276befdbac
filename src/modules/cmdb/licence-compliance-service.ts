/**
 * The licence compliance position from the database: licences with their assignments become
 * entitlements, installations become consumption (the item is the device, its owner the user, its
 * `cpuCores` attribute the cores, the latest sighting its last seen), usage peaks feed concurrent
 * licences; `compliancePosition` does the counting. Retired and disposed items are not counted.
 */
import { countDistinct, eq, inArray, isNull, ne, notInArray, or, sql } from 'drizzle-orm';
import { requirePermission, type Ctx } from '../../platform/context.ts';
import { decodeCursor, finishPage } from '../../platform/http/pagination.ts';
import { inOrg } from '../../platform/tenancy/scope.ts';
import { ciRefs } from './ci-query.ts';
import type { CompliancePage, ComplianceQuery, TitleCompliance, TitleComplianceDetail, TitleComplianceQuery } from './licence-contract.ts';
import { compliancePosition, type CompliancePosition, type Entitlement, type Installation, type Money, type Renewal, type TitlePosition } from './licence-compliance.ts';
import { personRefs } from './licence-assignment-service.ts';
import { licencesWithAssignments, type LicenceRow } from './licence-service.ts';
import { configurationItems } from './schema.ts';
import { findTitleRow, titleRef, titleRows, type TitleRow } from './software-query.ts';
import { licences, softwareInstallations } from './software-schema.ts';
import { peaksInWindow } from './usage-peak-service.ts';

interface Options {
  asOf?: string;
  staleAfterDays?: number;
  renewalWithinDays?: number;
  peakWindowDays?: number;
}

interface Computed {
  position: CompliancePosition;
  titles: Map<string, TitleRow>;
  licences: Map<string, LicenceRow>;
}

const retiredStates = ['retired', 'disposed'] as const;

/** Everything the position of the given titles (or of all licensed ones) is computed from, and the position. */
async function compute(ctx: Ctx, opts: Options, titleIds?: readonly string[]): Promise<Computed> {
  const asOf = opts.asOf ?? ctx.clock.now().toISOString().slice(0, 10);
  const { rows, users, cis } = await licencesWithAssignments(ctx, titleIds);
  const licensed = [...new Set(rows.map((r) => r.titleId))];
  const entitlements: Entitlement[] = rows.map((r) => ({
    id: r.id,
    titleKey: r.titleId,
    metric: r.metric,
    quantity: r.quantity,
    minCoresPerDevice: r.minCoresPerDevice,
    coreMultiplier: r.coreMultiplier,
    unitCost: r.unitCost,
    currency: r.currency,
    termStart: r.termStart,
    termEnd: r.termEnd,
    assignedUsers: users.get(r.id) ?? null,
    assignedDevices: cis.get(r.id) ?? null,
  }));
  const installations: Installation[] = [];
  if (licensed.length) {
    const licensedTitles = titleIds ? inArray(softwareInstallations.titleId, licensed) : inArray(softwareInstallations.titleId, ctx.db.select({ id: licences.titleId }).from(licences).where(inOrg(ctx, licences)));
    // One row per title, its installations packed as "item day,…" with the day last seen in days since 1970 (parsing 100,000 row
    // objects, or formatting 100,000 dates in SQL, costs more); the items' facts once per item. Entries made by hand have no
    // sighting ('-'): inventory does not see them, so they never go stale.
    const [found, devices] = await Promise.all([
      ctx.db
        .select({
          titleId: softwareInstallations.titleId,
          packed: sql<string>`string_agg(${softwareInstallations.ciId}::text || ' ' || case when ${softwareInstallations.source} = 'manual' then '-' else ((${softwareInstallations.lastSeenAt} at time zone 'UTC')::date - date '1970-01-01')::text end, ',')`,
        })
        .from(softwareInstallations)
        .where(inOrg(ctx, softwareInstallations, licensedTitles))
        .groupBy(softwareInstallations.titleId),
      ctx.db
        .select({ id: configurationItems.id, ownerId: configurationItems.ownerId, cores: sql<unknown>`${configurationItems.attributes} -> 'cpuCores'` })
        .from(configurationItems)
        .where(
          inOrg(
            ctx,
            configurationItems,
            ne(configurationItems.status, 'retired'),
            or(isNull(configurationItems.assetState), notInArray(configurationItems.assetState, [...retiredStates])),
            sql`exists (select 1 from ${softwareInstallations} where ${softwareInstallations.ciId} = ${configurationItems.id} and ${licensedTitles})`,
          ),
        ),
    ]);
    const counted = new Map(devices.map((d) => [d.id, { userId: d.ownerId, cores: typeof d.cores === 'number' && Number.isSafeInteger(d.cores) && d.cores >= 1 ? d.cores : null }]));
    const days = new Map<string, string>();
    const dayText = (n: string) => days.get(n) ?? (days.set(n, new Date(Number(n) * 86_400_000).toISOString().slice(0, 10)), days.get(n)!);
    for (const { titleId, packed } of found) {
      for (const one of packed.split(',')) {
        const space = one.indexOf(' ');
        const device = counted.get(one.slice(0, space));
        const day = one.slice(space + 1);
        if (device) installations.push({ titleKey: titleId, deviceId: one.slice(0, space), userId: device.userId, cores: device.cores, lastSeen: day === '-' ? null : dayText(day) });
      }
    }
  }
  const peaks = await peaksInWindow(ctx, asOf, opts.peakWindowDays ?? 90, licensed);
  const position = compliancePosition({
    asOf,
    entitlements,
    installations,
    usagePeaks: [...peaks].map(([titleKey, peak]) => ({ titleKey, peak })),
    staleAfterDays: opts.staleAfterDays ?? 90,
    renewalWithinDays: opts.renewalWithinDays ?? 90,
  });
  return { position, titles: await titleRows(ctx, licensed), licences: new Map(rows.map((r) => [r.id, r])) };
}

const licenceRef = (c: Computed, id: string) => ({ id, name: c.licences.get(id)?.name ?? '' });

function presentTitle(c: Computed, t: TitlePosition): TitleCompliance {
  return {
    title: titleRef(c.titles.get(t.titleKey)!),
    status: t.status,
    devices: t.devices,
    metrics: t.metrics.map((m) => ({
      metric: m.metric,
      entitled: m.entitled,
      consumed: m.consumed,
      shortfall: m.shortfall,
      surplus: m.surplus,
      trueUpCost: m.trueUpCost,
      unusedCost: m.unusedCost,
      named: m.named,
      estimated: m.estimated,
      licences: m.entitlementIds.map((id) => licenceRef(c, id)),
      expiredLicences: m.expiredIds.map((id) => licenceRef(c, id)),
      notStartedLicences: m.notStartedIds.map((id) => licenceRef(c, id)),
    })),
    trueUpCost: t.trueUpCost,
    unusedCost: t.unusedCost,
    removalCandidates: t.removalCandidates.length,
  };
}

function presentRenewals(c: Computed, renewals: Renewal[]) {
  return renewals.map((r) => ({
    licence: licenceRef(c, r.entitlementId),
    title: titleRef(c.titles.get(r.titleKey)!),
    metric: r.metric,
    termEnd: r.termEnd,
    daysLeft: r.daysLeft,
    quantity: r.quantity,
    cost: r.cost,
  }));
}

function sumMoney(lists: Money[][]): Money[] {
  const totals = new Map<string, number>();
  for (const list of lists) for (const m of list) totals.set(m.currency, (totals.get(m.currency) ?? 0) + m.amount);
  return [...totals].filter(([, amount]) => amount !== 0).sort(([a], [b]) => (a < b ? -1 : 1)).map(([currency, amount]) => ({ currency, amount }));
}

/** The organisation's position, titles by product name, filtered by title and status and paged. */
export async function findCompliance(ctx: Ctx, query: ComplianceQuery): Promise<CompliancePage> {
  requirePermission(ctx, 'cmdb:read');
  const after = query.cursor ? decodeCursor(query.cursor, 'name') : undefined;
  const c = await compute(ctx, query, query.titleId ? [query.titleId] : undefined);
  const sortKey = (t: TitlePosition): [string, string] => [c.titles.get(t.titleKey)!.product.toLowerCase(), t.titleKey];
  const order = (a: [string, string], b: [string, string]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);
  const statuses = query.status?.length ? new Set(query.status) : undefined;
  const matching = c.position.titles.filter((t) => !statuses || statuses.has(t.status)).sort((a, b) => order(sortKey(a), sortKey(b)));
  const rest = after ? matching.filter((t) => order(sortKey(t), [String(after[0]), after[1]]) > 0) : matching;
  const matchingKeys = new Set(matching.map((t) => t.titleKey));
  return {
    asOf: c.position.asOf,
    summary: {
      titles: matching.length,
      shortfall: matching.filter((t) => t.status === 'shortfall').length,
      overLicensed: matching.filter((t) => t.status === 'over_licensed').length,
      compliant: matching.filter((t) => t.status === 'compliant').length,
      trueUpCost: sumMoney(matching.map((t) => t.trueUpCost)),
      unusedCost: sumMoney(matching.map((t) => t.unusedCost)),
    },
    renewals: presentRenewals(c, c.position.renewals.filter((r) => matchingKeys.has(r.titleKey))),
    ...finishPage(rest.slice(0, query.limit + 1), query.limit, 'name', sortKey, (t) => presentTitle(c, t)),
  };
}

async function deviceCount(ctx: Ctx, titleId: string): Promise<number> {
  const [row] = await ctx.db.select({ n: countDistinct(softwareInstallations.ciId) }).from(softwareInstallations).where(inOrg(ctx, softwareInstallations, eq(softwareInstallations.titleId, titleId)));
  return row?.n ?? 0;
}

/** One title's position with its removal candidates and renewals. */
export async function getTitleCompliance(ctx: Ctx, titleId: string, query: TitleComplianceQuery): Promise<TitleComplianceDetail> {
  requirePermission(ctx, 'cmdb:read');
  const title = await findTitleRow(ctx, titleId);
  const c = await compute(ctx, query, [title.id]);
  const position = c.position.titles.find((t) => t.titleKey === title.id);
  const base = position ? presentTitle(c, position) : { title: titleRef(title), status: 'unlicensed' as const, devices: await deviceCount(ctx, title.id), metrics: [], trueUpCost: [], unusedCost: [], removalCandidates: 0 };
  const candidates = position?.removalCandidates ?? [];
  const [cis, people] = await Promise.all([ciRefs(ctx, candidates.map((r) => r.deviceId)), personRefs(ctx, candidates.flatMap((r) => (r.userId ? [r.userId] : [])))]);
  return {
    asOf: c.position.asOf,
    ...base,
    removalCandidates: candidates.map((r) => ({
      ci: cis.get(r.deviceId)!,
      person: r.userId ? (people.get(r.userId) ?? null) : null,
      metric: r.metric,
      reasons: r.reasons,
      lastSeen: r.lastSeen,
      daysSinceSeen: r.daysSinceSeen,
    })),
    renewals: presentRenewals(c, c.position.renewals),
  };
}

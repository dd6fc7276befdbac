/**
 * Licence entitlements: create, read, list, update (optimistic concurrency) and delete. Every problem
 * with the input is named at once: fields that belong to another metric, a subscription without its
 * term, a term that ends before it starts, a unit cost without an ISO 4217 currency, an unknown title.
 */
import { and, asc, count, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { iso } from '../../db/columns.ts';
import { inTransaction, requirePermission, type Ctx } from '../../platform/context.ts';
import { AppError, invalid, type FieldError } from '../../platform/errors/catalogue.ts';
import { finishPage, keyset, likePattern, type Page } from '../../platform/http/pagination.ts';
import { assertVersion, recordChange } from '../../platform/record-change.ts';
import { deleteIn, inOrg, insertIn, updateIn } from '../../platform/tenancy/scope.ts';
import type { CreateLicenceBody, Licence, LicenceQuery, UpdateLicenceBody } from './licence-contract.ts';
import type { LicenceMetric } from './licence-compliance-input.ts';
import { titleRef, titleRows } from './software-query.ts';
import { ensureTitles, loadAliases, normaliseReport } from './software-record.ts';
import { licenceAssignments, licences, softwareTitles } from './software-schema.ts';

/** A stored licence. */
export type LicenceRow = typeof licences.$inferSelect;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const currencies = new Set(Intl.supportedValuesOf('currency'));
/** Which metrics take assignments, and of what. */
export const assignable: Record<LicenceMetric, 'person' | 'ci' | null> = {
  per_user: 'person',
  subscription: 'person',
  per_device: 'ci',
  per_core: null,
  concurrent: null,
  site: null,
};

/** The licence by id in the caller's organisation; LICENCE_NOT_FOUND otherwise. */
export async function findLicenceRow(ctx: Ctx, id: string, forUpdate = false): Promise<LicenceRow> {
  const query = ctx.db.select().from(licences).where(inOrg(ctx, licences, eq(licences.id, uuidPattern.test(id) ? id.toLowerCase() : '00000000-0000-0000-0000-000000000000')));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) throw new AppError('LICENCE_NOT_FOUND', `No licence ${id} in this organisation`);
  return row;
}

/** Today's standing of a term: in force, expired or not started. */
export function termStatus(row: Pick<LicenceRow, 'termStart' | 'termEnd'>, today: string): Licence['status'] {
  if (row.termEnd !== null && row.termEnd < today) return 'expired';
  if (row.termStart !== null && row.termStart > today) return 'not_started';
  return 'in_force';
}

/** Licences as the API shows them, titles and assignment counts resolved in one batch each. */
export async function presentLicences(ctx: Ctx, rows: LicenceRow[]): Promise<Licence[]> {
  const ids = rows.map((r) => r.id);
  const [titles, counts] = await Promise.all([
    titleRows(ctx, rows.map((r) => r.titleId)),
    ids.length
      ? ctx.db.select({ licenceId: licenceAssignments.licenceId, n: count() }).from(licenceAssignments).where(inOrg(ctx, licenceAssignments, inArray(licenceAssignments.licenceId, ids))).groupBy(licenceAssignments.licenceId)
      : [],
  ]);
  const assigned = new Map(counts.map((c) => [c.licenceId, c.n]));
  const today = ctx.clock.now().toISOString().slice(0, 10);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    title: titleRef(titles.get(r.titleId)!),
    metric: r.metric,
    quantity: r.quantity,
    minCoresPerDevice: r.minCoresPerDevice,
    coreMultiplier: r.coreMultiplier,
    unitCost: r.unitCost,
    currency: r.currency,
    termStart: r.termStart,
    termEnd: r.termEnd,
    status: termStatus(r, today),
    assignments: assigned.get(r.id) ?? 0,
    vendor: r.vendor,
    contractRef: r.contractRef,
    notes: r.notes,
    createdAt: iso(r.createdAt)!,
    updatedAt: iso(r.updatedAt)!,
    version: r.version,
  }));
}

const snapshot = ({ createdAt: _c, updatedAt: _u, version: _v, status: _s, assignments: _a, title, ...rest }: Licence) => ({ ...rest, titleId: title.id, titleKey: title.key });

type Terms = Pick<LicenceRow, 'metric' | 'quantity' | 'minCoresPerDevice' | 'coreMultiplier' | 'unitCost' | 'currency' | 'termStart' | 'termEnd'>;

/** Every problem with a licence's metric-specific fields, money and term. */
function checkTerms(t: Terms): FieldError[] {
  const errors: FieldError[] = [];
  if (t.metric !== 'per_core') {
    if (t.minCoresPerDevice !== null) errors.push({ field: 'minCoresPerDevice', message: `applies only to per_core licences; this one is ${t.metric}` });
    if (t.coreMultiplier !== null) errors.push({ field: 'coreMultiplier', message: `applies only to per_core licences; this one is ${t.metric}` });
  }
  if (t.currency !== null && !currencies.has(t.currency)) errors.push({ field: 'currency', message: 'is not an ISO 4217 currency code' });
  if (t.unitCost !== null && t.currency === null) errors.push({ field: 'currency', message: 'is required with a unit cost' });
  if (t.unitCost !== null && !Number.isSafeInteger(t.unitCost * Math.max(1, t.quantity))) errors.push({ field: 'unitCost', message: 'times the quantity is too large' });
  if (t.metric === 'subscription') {
    if (t.termStart === null) errors.push({ field: 'termStart', message: 'is required for a subscription' });
    if (t.termEnd === null) errors.push({ field: 'termEnd', message: 'is required for a subscription' });
  }
  if (t.termStart !== null && t.termEnd !== null && t.termEnd < t.termStart) errors.push({ field: 'termEnd', message: `must not be before termStart (${t.termStart})` });
  return errors;
}

/** The title a write names: by id, or by a name normalised (and created when new). */
async function resolveTitle(ctx: Ctx, input: { titleId?: string; software?: { name: string; publisher?: string | null } }, errors: FieldError[]): Promise<string | undefined> {
  if (input.titleId && input.software) return void errors.push({ field: 'software', message: 'give titleId or software, not both' });
  if (input.titleId) {
    const [row] = await ctx.db.select({ id: softwareTitles.id }).from(softwareTitles).where(inOrg(ctx, softwareTitles, eq(softwareTitles.id, input.titleId)));
    if (!row) errors.push({ field: 'titleId', message: 'is not a software title of this organisation' });
    return row?.id;
  }
  if (!input.software) return void errors.push({ field: 'titleId', message: 'is required (or give software by name)' });
  const title = normaliseReport(input.software, await loadAliases(ctx), 'software.name');
  if ('field' in title) return void errors.push(title);
  return (await ensureTitles(ctx, [title])).ids.get(title.key);
}

/** One licence. */
export async function getLicence(ctx: Ctx, id: string): Promise<Licence> {
  requirePermission(ctx, 'cmdb:read');
  return (await presentLicences(ctx, [await findLicenceRow(ctx, id)]))[0]!;
}

/** Licences by name (or newest first), filtered by title, metric and text. */
export async function findLicences(ctx: Ctx, query: LicenceQuery): Promise<Page<Licence>> {
  requirePermission(ctx, 'cmdb:read');
  const sortName = query.sort ?? 'name';
  const byName = sortName.endsWith('name');
  const sortColumn = byName ? sql`lower(${licences.name})` : sql`${licences.createdAt}`;
  const page = keyset({ sortColumn, idColumn: licences.id, descending: sortName.startsWith('-'), sortName, cursor: query.cursor });
  const q = query.q?.trim();
  const conditions: (SQL | undefined)[] = [
    query.titleId ? eq(licences.titleId, query.titleId) : undefined,
    query.metric?.length ? inArray(licences.metric, query.metric) : undefined,
    q ? or(ilike(licences.name, likePattern(q)), ilike(licences.vendor, likePattern(q)), ilike(licences.contractRef, likePattern(q))) : undefined,
    page.where,
  ];
  const rows = await ctx.db
    .select({ licence: licences, sortValue: sql<string>`${sortColumn}` })
    .from(licences)
    .where(inOrg(ctx, licences, and(...conditions)))
    .orderBy(...page.orderBy)
    .limit(query.limit + 1);
  const presented = new Map((await presentLicences(ctx, rows.slice(0, query.limit).map((r) => r.licence))).map((l) => [l.id, l]));
  return finishPage(rows, query.limit, sortName, (r) => [byName ? r.sortValue : new Date(r.sortValue).toISOString(), r.licence.id], (r) => presented.get(r.licence.id)!);
}

/** Records a licence; every problem with the input is named at once. */
export async function createLicence(ctx: Ctx, input: CreateLicenceBody): Promise<Licence> {
  requirePermission(ctx, 'cmdb:write');
  return inTransaction(ctx, async (tx) => {
    const terms: Terms = {
      metric: input.metric,
      quantity: input.quantity,
      minCoresPerDevice: input.minCoresPerDevice ?? null,
      coreMultiplier: input.coreMultiplier ?? null,
      unitCost: input.unitCost ?? null,
      currency: input.currency ?? null,
      termStart: input.termStart ?? null,
      termEnd: input.termEnd ?? null,
    };
    const errors = checkTerms(terms);
    const titleId = await resolveTitle(tx, input, errors);
    if (errors.length) throw invalid(errors);
    const now = tx.clock.now().toISOString();
    const [row] = await insertIn(tx, licences, {
      ...terms,
      titleId: titleId!,
      name: input.name,
      vendor: input.vendor ?? '',
      contractRef: input.contractRef ?? '',
      notes: input.notes ?? '',
      createdAt: now,
      updatedAt: now,
    });
    const [created] = await presentLicences(tx, [row!]);
    await recordChange(tx, { action: 'created', entityType: 'licence', entityId: row!.id, after: snapshot(created!) });
    return created!;
  });
}

/** Changes a licence with the version read. A metric its assignments no longer fit answers 409. */
export async function updateLicence(ctx: Ctx, id: string, patch: UpdateLicenceBody): Promise<Licence> {
  requirePermission(ctx, 'cmdb:write');
  return inTransaction(ctx, async (tx) => {
    const row = await findLicenceRow(tx, id, true);
    assertVersion(row.version, patch.version);
    const pick = <K extends keyof Terms>(field: K): Terms[K] => (patch[field] === undefined ? row[field] : (patch[field] as Terms[K]));
    const terms: Terms = {
      metric: pick('metric'),
      quantity: pick('quantity'),
      minCoresPerDevice: pick('minCoresPerDevice'),
      coreMultiplier: pick('coreMultiplier'),
      unitCost: pick('unitCost'),
      currency: pick('currency'),
      termStart: pick('termStart'),
      termEnd: pick('termEnd'),
    };
    const errors = checkTerms(terms);
    const titleId = patch.titleId && patch.titleId !== row.titleId ? await resolveTitle(tx, { titleId: patch.titleId }, errors) : row.titleId;
    if (errors.length) throw invalid(errors);
    if (terms.metric !== row.metric) {
      const kinds = await tx.db
        .select({ person: sql<number>`count(${licenceAssignments.userId})::int`, ci: sql<number>`count(${licenceAssignments.ciId})::int` })
        .from(licenceAssignments)
        .where(inOrg(tx, licenceAssignments, eq(licenceAssignments.licenceId, row.id)));
      const { person, ci } = kinds[0] ?? { person: 0, ci: 0 };
      const takes = assignable[terms.metric];
      if ((person > 0 && takes !== 'person') || (ci > 0 && takes !== 'ci')) {
        const what = person > 0 ? `${person} people` : `${ci} devices`;
        throw new AppError('REFERENCE_CONFLICT', `The licence is assigned to ${what}; a ${terms.metric} licence cannot be. Remove the assignments first.`, [
          { field: 'metric', message: `does not fit the licence's assignments to ${what}` },
        ]);
      }
    }
    const [before] = await presentLicences(tx, [row]);
    const [updated] = await updateIn(
      tx,
      licences,
      {
        ...terms,
        titleId,
        name: patch.name,
        vendor: patch.vendor,
        contractRef: patch.contractRef,
        notes: patch.notes,
        updatedAt: tx.clock.now().toISOString(),
        version: row.version + 1,
      },
      eq(licences.id, row.id),
    );
    const [after] = await presentLicences(tx, [updated!]);
    await recordChange(tx, { action: 'updated', entityType: 'licence', entityId: row.id, before: snapshot(before!), after: snapshot(after!) });
    return after!;
  });
}

/** Deletes a licence with its assignments. */
export async function deleteLicence(ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx, 'cmdb:write');
  await inTransaction(ctx, async (tx) => {
    const row = await findLicenceRow(tx, id, true);
    const [before] = await presentLicences(tx, [row]);
    await deleteIn(tx, licences, eq(licences.id, row.id));
    await recordChange(tx, { action: 'deleted', entityType: 'licence', entityId: row.id, before: snapshot(before!) });
  });
}

/** Licences of the organisation with their assignments, for the compliance position. */
export async function licencesWithAssignments(ctx: Ctx, titleIds?: readonly string[]): Promise<{ rows: LicenceRow[]; users: Map<string, string[]>; cis: Map<string, string[]> }> {
  const rows = await ctx.db
    .select()
    .from(licences)
    .where(inOrg(ctx, licences, titleIds ? inArray(licences.titleId, [...titleIds]) : undefined))
    .orderBy(asc(licences.id));
  const users = new Map<string, string[]>();
  const cis = new Map<string, string[]>();
  if (rows.length) {
    const assigned = await ctx.db
      .select({ licenceId: licenceAssignments.licenceId, userId: licenceAssignments.userId, ciId: licenceAssignments.ciId })
      .from(licenceAssignments)
      .where(inOrg(ctx, licenceAssignments, titleIds ? inArray(licenceAssignments.licenceId, rows.map((r) => r.id)) : undefined))
      .orderBy(desc(licenceAssignments.createdAt));
    const add = (map: Map<string, string[]>, key: string, value: string) => {
      const found = map.get(key);
      if (found) found.push(value);
      else map.set(key, [value]);
    };
    for (const a of assigned) {
      if (a.userId) add(users, a.licenceId, a.userId);
      if (a.ciId) add(cis, a.licenceId, a.ciId);
    }
  }
  return { rows, users, cis };
}

/**
 * Reading configuration items: lookup by id or key, presentation with names resolved in batches, and
 * the filtered, sorted list, including `attr.<key>` filters typed by the class's attribute definitions
 * (answered by the GIN index on `attributes`).
 */
import { and, eq, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { iso } from '../../db/columns.ts';
import { users } from '../../platform/auth/schema.ts';
import { actorUserId, requirePermission, type Ctx } from '../../platform/context.ts';
import { AppError, invalid, type FieldError } from '../../platform/errors/catalogue.ts';
import { finishPage, keyset, likePattern, type Page } from '../../platform/http/pagination.ts';
import { parseHumanKey } from '../../platform/keys/human-keys.ts';
import { inOrg } from '../../platform/tenancy/scope.ts';
import { teams } from '../identity/schema.ts';
import type { CurrentCustody } from './asset-contract.ts';
import { presentFinancial } from './asset-financial.ts';
import { filterValue, type AttributeValue } from './attributes.ts';
import type { CiRef } from './ci-ref.ts';
import { classIndex, effectiveAttributes, findClass, withSubclasses, type ClassIndex } from './class-index.ts';
import type { Location } from './class-contract.ts';
import { attributeFilters, type CiFilters, type CiQuery, type ConfigurationItem } from './contract.ts';
import { currentCustodies } from './custody-now.ts';
import { locationIndex, locationsWithin } from './location-service.ts';
import { configurationItems } from './schema.ts';

export type CiRow = typeof configurationItems.$inferSelect;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `CI-42` or a uuid as a condition; anything else matches nothing. */
export function ciCondition(idOrKey: string): SQL {
  if (uuidPattern.test(idOrKey)) return eq(configurationItems.id, idOrKey.toLowerCase());
  const key = parseHumanKey(idOrKey);
  return key?.prefix === 'CI' ? eq(configurationItems.key, `CI-${key.number}`) : sql`false`;
}

/** The item by id or key in the caller's organisation; CI_NOT_FOUND otherwise. */
export async function findCiRow(ctx: Ctx, idOrKey: string, forUpdate = false): Promise<CiRow> {
  const query = ctx.db.select().from(configurationItems).where(inOrg(ctx, configurationItems, ciCondition(idOrKey)));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) throw new AppError('CI_NOT_FOUND', `No configuration item ${idOrKey} in this organisation`);
  return row;
}

/** Short references for items by id (class resolved), in the caller's organisation. */
export async function ciRefs(ctx: Ctx, ids: readonly string[], index?: ClassIndex): Promise<Map<string, CiRef>> {
  if (ids.length === 0) return new Map();
  const classes = index ?? (await classIndex(ctx));
  const rows = await ctx.db
    .select({ id: configurationItems.id, key: configurationItems.key, name: configurationItems.name, classId: configurationItems.classId, status: configurationItems.status })
    .from(configurationItems)
    .where(inOrg(ctx, configurationItems, inArray(configurationItems.id, [...new Set(ids)])));
  return new Map(rows.map((r) => [r.id, refOf(classes, r)]));
}

/** A CI reference from the columns it needs. */
export function refOf(classes: ClassIndex, r: { id: string; key: string; name: string; classId: string; status: CiRow['status'] }): CiRef {
  const c = classes.byId.get(r.classId);
  return { id: r.id, key: r.key, name: r.name, class: { id: r.classId, key: c?.key ?? '', name: c?.name ?? '' }, status: r.status };
}

interface Lookups {
  classes: ClassIndex;
  locations: Map<string, Location>;
  people: Map<string, { id: string; name: string; email: string }>;
  groups: Map<string, { id: string; name: string }>;
  custody: Map<string, CurrentCustody>;
  now: Date;
}

async function lookups(ctx: Ctx, rows: CiRow[], classes?: ClassIndex, locations?: Map<string, Location>): Promise<Lookups> {
  const personIds = [...new Set(rows.map((r) => r.ownerId).filter((id): id is string => id !== null))];
  const groupIds = [...new Set(rows.map((r) => r.supportGroupId).filter((id): id is string => id !== null))];
  const [c, l, people, groups, custody] = await Promise.all([
    classes ?? classIndex(ctx),
    locations ?? (rows.some((r) => r.locationId) ? locationIndex(ctx) : new Map<string, Location>()),
    personIds.length ? ctx.db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(inArray(users.id, personIds)) : [],
    groupIds.length ? ctx.db.select({ id: teams.id, name: teams.name }).from(teams).where(inOrg(ctx, teams, inArray(teams.id, groupIds))) : [],
    currentCustodies(ctx, rows),
  ]);
  const now = ctx.clock.now();
  return { classes: c, locations: l, people: new Map(people.map((p) => [p.id, p])), groups: new Map(groups.map((g) => [g.id, g])), custody, now };
}

function present(row: CiRow, l: Lookups): ConfigurationItem {
  const cls = l.classes.byId.get(row.classId);
  const location = row.locationId ? l.locations.get(row.locationId) : undefined;
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    class: { id: row.classId, key: cls?.key ?? '', name: cls?.name ?? '' },
    status: row.status,
    environment: row.environment,
    hosting: row.hosting,
    cloudProvider: row.cloudProvider,
    cloudAccount: row.cloudAccount,
    cloudRegion: row.cloudRegion,
    location: location ? { id: location.id, kind: location.kind, name: location.name, path: location.path } : null,
    rackPosition: row.rackPosition,
    owner: row.ownerId ? (l.people.get(row.ownerId) ?? { id: row.ownerId, name: '(removed)', email: '' }) : null,
    supportGroup: row.supportGroupId ? (l.groups.get(row.supportGroupId) ?? null) : null,
    criticality: row.criticality,
    description: row.description,
    tags: row.tags,
    attributes: row.attributes,
    isAsset: cls?.isAsset ?? false,
    assetTag: row.assetTag,
    serialNumber: row.serialNumber,
    assetState: row.assetState,
    financial: presentFinancial(row, cls, l.now),
    custody: l.custody.get(row.id) ?? null,
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
    version: row.version,
  };
}

/** Items as the API shows them, names resolved in one batch. */
export async function presentCis(ctx: Ctx, rows: CiRow[], classes?: ClassIndex): Promise<ConfigurationItem[]> {
  const l = await lookups(ctx, rows, classes);
  return rows.map((r) => present(r, l));
}

/** One item by id or key. */
export async function getCi(ctx: Ctx, idOrKey: string): Promise<ConfigurationItem> {
  requirePermission(ctx, 'cmdb:read');
  return (await presentCis(ctx, [await findCiRow(ctx, idOrKey)]))[0]!;
}

const sortColumns: Record<string, SQL> = {
  name: sql`lower(${configurationItems.name})`,
  createdAt: sql`${configurationItems.createdAt}`,
  updatedAt: sql`${configurationItems.updatedAt}`,
};

/** `attr.<key>` filters as one JSON containment the GIN index answers; every bad one named. */
function attributeCondition(classes: ClassIndex, query: CiFilters, classId: string | undefined): SQL | undefined {
  const filters = attributeFilters(query);
  if (filters.size === 0) return undefined;
  if (!classId) throw invalid([...filters.keys()].map((key) => ({ field: `attr.${key}`, message: 'needs a class: name one with class=' })));
  const cls = classes.byId.get(classId)!;
  const defs = new Map(effectiveAttributes(classes, cls).map((d) => [d.key, d]));
  const errors: FieldError[] = [];
  const wanted: Record<string, AttributeValue> = {};
  for (const [key, text] of filters) {
    const def = defs.get(key);
    if (!def) {
      errors.push({ field: `attr.${key}`, message: `is not an attribute of the class ${cls.key}` });
      continue;
    }
    const parsed = filterValue(def, text);
    if ('problem' in parsed) errors.push({ field: `attr.${key}`, message: parsed.problem });
    else wanted[key] = parsed.value;
  }
  if (errors.length) throw invalid(errors);
  return sql`${configurationItems.attributes} @> ${JSON.stringify(wanted)}::jsonb`;
}

/** The conditions of the CI list's filters (bad ones answered 400 naming the parameter); the caller adds the organisation. */
export async function ciFilterConditions(ctx: Ctx, classes: ClassIndex, query: CiFilters): Promise<(SQL | undefined)[]> {
  const cls = query.class ? findClass(classes, query.class) : undefined;
  if (query.class && !cls) throw invalid([{ field: 'class', message: 'is not a class of this organisation' }]);
  const locations = query.location ? await locationIndex(ctx) : undefined;
  if (query.location && !locations!.has(query.location)) throw invalid([{ field: 'location', message: 'is not a location of this organisation' }]);
  const me = actorUserId(ctx.actor);
  if (query.owner === 'me' && !me) throw invalid([{ field: 'owner', message: 'me needs a signed-in person or a personal API token' }]);
  const q = query.q?.trim();
  return [
    cls ? inArray(configurationItems.classId, withSubclasses(classes, cls.id)) : undefined,
    attributeCondition(classes, query, cls?.id),
    query.status?.length ? inArray(configurationItems.status, query.status) : undefined,
    query.environment?.length ? inArray(configurationItems.environment, query.environment) : undefined,
    query.criticality?.length ? inArray(configurationItems.criticality, query.criticality) : undefined,
    query.hosting?.length ? inArray(configurationItems.hosting, query.hosting) : undefined,
    query.assetState?.length ? inArray(configurationItems.assetState, query.assetState) : undefined,
    query.location ? inArray(configurationItems.locationId, locationsWithin(locations!, query.location)) : undefined,
    query.owner === 'none' ? isNull(configurationItems.ownerId) : query.owner ? eq(configurationItems.ownerId, query.owner === 'me' ? me! : query.owner) : undefined,
    query.supportGroup === 'none' ? isNull(configurationItems.supportGroupId) : query.supportGroup ? eq(configurationItems.supportGroupId, query.supportGroup) : undefined,
    query.tag ? sql`${configurationItems.tags} @> ARRAY[${query.tag}]::text[]` : undefined,
    q
      ? or(
          ilike(configurationItems.name, likePattern(q)),
          eq(configurationItems.key, q.toUpperCase()),
          ilike(configurationItems.assetTag, likePattern(q)),
          ilike(configurationItems.serialNumber, likePattern(q)),
          sql`${configurationItems.tags} @> ARRAY[${q.toLowerCase()}]::text[]`,
        )
      : undefined,
  ];
}

/** The filtered, sorted, cursor-paginated list. */
export async function findCis(ctx: Ctx, query: CiQuery): Promise<Page<ConfigurationItem>> {
  requirePermission(ctx, 'cmdb:read');
  const classes = await classIndex(ctx);
  const conditions = await ciFilterConditions(ctx, classes, query);
  const sortName = query.sort ?? 'name';
  const sortColumn = sortColumns[sortName.replace(/^-/, '')]!;
  const page = keyset({ sortColumn, idColumn: configurationItems.id, descending: sortName.startsWith('-'), sortName, cursor: query.cursor });
  const rows = await ctx.db
    .select({ ci: configurationItems, sortValue: sql<string>`${sortColumn}` })
    .from(configurationItems)
    .where(inOrg(ctx, configurationItems, and(...conditions, page.where)))
    .orderBy(...page.orderBy)
    .limit(query.limit + 1);
  const presented = await presentCis(ctx, rows.slice(0, query.limit).map((r) => r.ci), classes);
  const byId = new Map(presented.map((c) => [c.id, c]));
  return finishPage(rows, query.limit, sortName, (r) => [sortName.endsWith('name') ? r.sortValue : new Date(r.sortValue).toISOString(), r.ci.id], (r) => byId.get(r.ci.id)!);
}

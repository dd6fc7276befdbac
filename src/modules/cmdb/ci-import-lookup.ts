/**
 * What a configuration-item import looks up: the organisation's classes, teams and locations (read
 * once per run), and per batch the people named by e-mail, the items named in attributes and the
 * existing items the rows match by asset tag, serial number or name within a class.
 */
import { and, eq, inArray, isNotNull, or, sql } from 'drizzle-orm';
import { memberships, users } from '../../platform/auth/schema.ts';
import type { Ctx } from '../../platform/context.ts';
import { parseHumanKey } from '../../platform/keys/human-keys.ts';
import { inOrg, selectIn } from '../../platform/tenancy/scope.ts';
import { teams } from '../identity/schema.ts';
import type { CiRow } from './ci-query.ts';
import { classIndex, type ClassIndex, type ClassRow } from './class-index.ts';
import type { Location } from './class-contract.ts';
import { locationIndex } from './location-service.ts';
import { configurationItems } from './schema.ts';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A location path as compared: segments trimmed, joined by " / ", lower case. */
export function pathKey(text: string): string {
  return text
    .split('/')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)
    .join(' / ');
}

/** The organisation's reference data, read once per import run. */
export class CiImportDirectory {
  readonly classes: ClassIndex;
  readonly locations: Map<string, Location>;
  readonly #classByName = new Map<string, ClassRow>();
  readonly #teamByName = new Map<string, { id: string; name: string }>();
  readonly #locationByPath = new Map<string, Location>();
  readonly #locationsByName = new Map<string, Location[]>();

  private constructor(classes: ClassIndex, locations: Map<string, Location>, teamRows: { id: string; name: string }[]) {
    this.classes = classes;
    this.locations = locations;
    for (const c of classes.byId.values()) this.#classByName.set(c.name.trim().toLowerCase(), c);
    for (const t of teamRows) this.#teamByName.set(t.name.trim().toLowerCase(), t);
    for (const l of locations.values()) {
      this.#locationByPath.set(pathKey(l.path), l);
      const name = l.name.trim().toLowerCase();
      this.#locationsByName.set(name, [...(this.#locationsByName.get(name) ?? []), l]);
    }
  }

  /** Reads the classes, teams and locations of the caller's organisation. */
  static async load(ctx: Ctx): Promise<CiImportDirectory> {
    const [classes, locations, teamRows] = await Promise.all([classIndex(ctx), locationIndex(ctx), selectIn(ctx, teams)]);
    return new CiImportDirectory(classes, locations, teamRows.map((t) => ({ id: t.id, name: t.name })));
  }

  /** A class by key, name or id, in any case. */
  classOf(text: string): ClassRow | undefined {
    const t = text.trim().toLowerCase();
    return this.classes.byKey.get(t) ?? this.#classByName.get(t) ?? (uuidPattern.test(t) ? this.classes.byId.get(t) : undefined);
  }

  /** A team by name, in any case. */
  teamOf(text: string): { id: string; name: string } | undefined {
    return this.#teamByName.get(text.trim().toLowerCase());
  }

  /** A location by its path ("Berlin / HQ / Room 1.12") or, when unique, its name; the problem otherwise. */
  locationOf(text: string): Location | { problem: string } {
    const byPath = this.#locationByPath.get(pathKey(text));
    if (byPath) return byPath;
    const named = text.includes('/') ? [] : (this.#locationsByName.get(text.trim().toLowerCase()) ?? []);
    if (named.length === 1) return named[0]!;
    if (named.length > 1) return { problem: `${named.length} locations are named "${text}" (${named.map((l) => l.path).join('; ')}); give the path` };
    return { problem: `no location has the path or name "${text}"` };
  }
}

/** People of the organisation by lower-case e-mail, among the addresses given. */
export async function peopleByEmail(ctx: Ctx, emails: Iterable<string>): Promise<Map<string, { id: string; email: string; name: string }>> {
  const wanted = [...new Set([...emails].map((e) => e.toLowerCase()))];
  if (wanted.length === 0) return new Map();
  const rows = await ctx.db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.orgId, ctx.orgId)))
    .where(inArray(sql`lower(${users.email})`, wanted));
  return new Map(rows.map((r) => [r.email.toLowerCase(), r]));
}

/** Items named in `ci` attributes (by key or id), keyed by the text given in upper case. */
export async function itemsByRef(ctx: Ctx, refs: Iterable<string>): Promise<Map<string, { id: string; classId: string; key: string }>> {
  const keys: string[] = [];
  const ids: string[] = [];
  for (const ref of new Set([...refs].map((r) => r.trim().toUpperCase()))) {
    if (uuidPattern.test(ref)) ids.push(ref.toLowerCase());
    else if (parseHumanKey(ref)?.prefix === 'CI') keys.push(`CI-${parseHumanKey(ref)!.number}`);
  }
  if (keys.length + ids.length === 0) return new Map();
  const rows = await ctx.db
    .select({ id: configurationItems.id, classId: configurationItems.classId, key: configurationItems.key })
    .from(configurationItems)
    .where(inOrg(ctx, configurationItems, or(keys.length ? inArray(configurationItems.key, keys) : undefined, ids.length ? inArray(configurationItems.id, ids) : undefined)));
  const out = new Map<string, { id: string; classId: string; key: string }>();
  for (const r of rows) {
    out.set(r.key, r);
    out.set(r.id.toUpperCase(), r);
  }
  return out;
}

/** Existing items a batch may match, indexed the three ways rows identify them. */
export interface ItemMatches {
  byTag: Map<string, CiRow>;
  bySerial: Map<string, CiRow>;
  /** `lower(name)|classId` → items (names need not be unique). */
  byName: Map<string, CiRow[]>;
}

/** `lower(name)|classId`, the name index key. */
export const nameKey = (name: string, classId: string) => `${name.trim().toLowerCase()}|${classId}`;

/** Reads the items with any of the asset tags or serial numbers, or the names within their classes. */
export async function matchItems(ctx: Ctx, wanted: { tags: string[]; serials: string[]; names: { name: string; classId: string }[] }): Promise<ItemMatches> {
  const tags = [...new Set(wanted.tags.map((t) => t.toLowerCase()))];
  const serials = [...new Set(wanted.serials.map((s) => s.toLowerCase()))];
  const names = [...new Set(wanted.names.map((n) => n.name.trim().toLowerCase()))];
  const classIds = [...new Set(wanted.names.map((n) => n.classId))];
  const conditions = [
    tags.length ? and(isNotNull(configurationItems.assetTag), inArray(sql`lower(${configurationItems.assetTag})`, tags)) : undefined,
    serials.length ? and(isNotNull(configurationItems.serialNumber), inArray(sql`lower(${configurationItems.serialNumber})`, serials)) : undefined,
    names.length ? and(inArray(sql`lower(${configurationItems.name})`, names), inArray(configurationItems.classId, classIds)) : undefined,
  ].filter((c) => c !== undefined);
  const out: ItemMatches = { byTag: new Map(), bySerial: new Map(), byName: new Map() };
  if (conditions.length === 0) return out;
  const rows = await ctx.db.select().from(configurationItems).where(inOrg(ctx, configurationItems, or(...conditions)));
  const wantedNames = new Set(wanted.names.map((n) => nameKey(n.name, n.classId)));
  for (const row of rows) {
    if (row.assetTag) out.byTag.set(row.assetTag.toLowerCase(), row);
    if (row.serialNumber) out.bySerial.set(row.serialNumber.toLowerCase(), row);
    const key = nameKey(row.name, row.classId);
    if (wantedNames.has(key)) out.byName.set(key, [...(out.byName.get(key) ?? []), row]);
  }
  return out;
}

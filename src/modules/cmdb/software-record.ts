/**
 * Recording installed software on a configuration item from raw reports (inventory agents, CSV
 * imports): each record normalised with the organisation's aliases, titles created as needed,
 * installations added, changed or just seen again, and — for an inventory report — the item's
 * inventoried installations that the report no longer lists removed. One transaction, one audit row.
 */
import { asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { inTransaction, requirePermission, type Ctx } from '../../platform/context.ts';
import { invalid, type FieldError } from '../../platform/errors/catalogue.ts';
import { recordChange } from '../../platform/record-change.ts';
import { deleteIn, inOrg, updateIn } from '../../platform/tenancy/scope.ts';
import { findCiRow } from './ci-query.ts';
import { SoftwareReport } from './software-contract.ts';
import { normaliseSoftware, type SoftwareAlias, type SoftwareTitle } from './software-normalise.ts';
import { softwareAliases, softwareInstallations, softwareTitles, type InstallationSource } from './software-schema.ts';

/** The most records one report may carry. */
export const maxSoftwareReports = 5000;

/** What recording a report did. */
export interface RecordResult {
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
  titlesCreated: number;
}

/** The organisation's aliases in the order they are tried. */
export async function loadAliases(ctx: Ctx): Promise<SoftwareAlias[]> {
  const rows = await ctx.db.select().from(softwareAliases).where(inOrg(ctx, softwareAliases)).orderBy(asc(softwareAliases.position), asc(softwareAliases.id));
  return rows.map((r) => ({ publisher: r.publisherPattern, name: r.namePattern, toPublisher: r.toPublisher, toName: r.toName }));
}

/** Normalises a raw record; a record normalisation cannot read is a field error on `field`. */
export function normaliseReport(raw: { name: string; publisher?: string | null; version?: string | null }, aliases: readonly SoftwareAlias[], field: string): SoftwareTitle | FieldError {
  try {
    return normaliseSoftware({ name: raw.name, publisher: raw.publisher ?? null, version: raw.version ?? null }, aliases);
  } catch (err) {
    if (err instanceof RangeError) return { field, message: 'is not a name software can be recognised by' };
    throw err;
  }
}

/** Title ids by key, creating the titles not yet known; `created` lists the new keys. */
export async function ensureTitles(ctx: Ctx, titles: readonly SoftwareTitle[]): Promise<{ ids: Map<string, string>; created: string[] }> {
  const byKey = new Map(titles.map((t) => [t.key, t]));
  const ids = new Map<string, string>();
  const created: string[] = [];
  if (byKey.size === 0) return { ids, created };
  const keys = [...byKey.keys()];
  for (let i = 0; i < keys.length; i += 1000) {
    const chunk = keys.slice(i, i + 1000);
    const known = await ctx.db.select({ id: softwareTitles.id, key: softwareTitles.key }).from(softwareTitles).where(inOrg(ctx, softwareTitles, inArray(softwareTitles.key, chunk)));
    for (const k of known) ids.set(k.key, k.id);
    const missing = chunk.filter((k) => !ids.has(k));
    if (missing.length === 0) continue;
    const now = ctx.clock.now().toISOString();
    const inserted = await ctx.db
      .insert(softwareTitles)
      .values(missing.map((key) => ({ orgId: ctx.orgId, key, publisher: byKey.get(key)!.publisher, product: byKey.get(key)!.product, isNoise: byKey.get(key)!.isNoise, createdAt: now })))
      .onConflictDoNothing()
      .returning({ id: softwareTitles.id, key: softwareTitles.key });
    for (const r of inserted) {
      ids.set(r.key, r.id);
      created.push(r.key);
    }
    const raced = missing.filter((k) => !ids.has(k));
    if (raced.length) {
      const rows = await ctx.db.select({ id: softwareTitles.id, key: softwareTitles.key }).from(softwareTitles).where(inOrg(ctx, softwareTitles, inArray(softwareTitles.key, raced)));
      for (const r of rows) ids.set(r.key, r.id);
    }
  }
  return { ids, created };
}

interface Wanted {
  titleId: string;
  version: string;
  rawName: string;
  rawPublisher: string | null;
  rawVersion: string | null;
  installDate: string | null;
  label: string;
}

const blank = (v: string | null | undefined) => (v == null || v.trim() === '' ? null : v.trim());

/**
 * Upserts an item's installations from raw reports. Records of the same title and version are one
 * installation. Inventory reports are authoritative for what inventory and imports found: those the
 * report lacks are removed (manual entries stay). Refreshing only `lastSeenAt` is not audited.
 */
export async function recordInstallations(
  ctx: Ctx,
  ciIdOrKey: string,
  reports: readonly SoftwareReport[],
  source: InstallationSource,
  opts: { field?: string } = {},
): Promise<RecordResult> {
  requirePermission(ctx, 'cmdb:write');
  const field = opts.field ?? 'software';
  const parsed = z.array(SoftwareReport).max(maxSoftwareReports).safeParse(reports);
  if (!parsed.success) throw invalid(parsed.error.issues.map((i) => ({ field: [field, ...i.path].join('.'), message: i.message })));
  return inTransaction(ctx, async (tx) => {
    const ci = await findCiRow(tx, ciIdOrKey, true);
    const aliases = await loadAliases(tx);
    const errors: FieldError[] = [];
    const titles: SoftwareTitle[] = [];
    parsed.data.forEach((r, i) => {
      const title = normaliseReport(r, aliases, `${field}.${i}.name`);
      if ('field' in title) errors.push(title);
      else titles.push(title);
    });
    if (errors.length) throw invalid(errors);
    const { ids, created } = await ensureTitles(tx, titles);
    const wanted = new Map<string, Wanted>();
    parsed.data.forEach((r, i) => {
      const title = titles[i]!;
      const w: Wanted = {
        titleId: ids.get(title.key)!,
        version: title.version ?? '',
        rawName: r.name,
        rawPublisher: blank(r.publisher),
        rawVersion: blank(r.version),
        installDate: r.installDate ?? null,
        label: `${title.product}${title.version ? ` ${title.version}` : ''}`,
      };
      const slot = `${w.titleId}|${w.version}`;
      const earlier = wanted.get(slot);
      if (!earlier) wanted.set(slot, w);
      else if (w.installDate && (!earlier.installDate || w.installDate < earlier.installDate)) earlier.installDate = w.installDate;
    });
    const existing = await tx.db.select().from(softwareInstallations).where(inOrg(tx, softwareInstallations, eq(softwareInstallations.ciId, ci.id)));
    const bySlot = new Map(existing.map((e) => [`${e.titleId}|${e.normalisedVersion}`, e]));
    const now = tx.clock.now().toISOString();
    const added: string[] = [];
    const updated: string[] = [];
    const seen: string[] = [];
    const fresh: (typeof softwareInstallations.$inferInsert)[] = [];
    for (const [slot, w] of wanted) {
      const row = bySlot.get(slot);
      const values = { rawName: w.rawName, rawPublisher: w.rawPublisher, rawVersion: w.rawVersion, installDate: w.installDate ?? row?.installDate ?? null, source };
      if (!row) {
        fresh.push({ orgId: tx.orgId, ciId: ci.id, titleId: w.titleId, normalisedVersion: w.version, ...values, lastSeenAt: now, createdAt: now, updatedAt: now });
        added.push(w.label);
      } else if (row.rawName !== values.rawName || row.rawPublisher !== values.rawPublisher || row.rawVersion !== values.rawVersion || row.installDate !== values.installDate || row.source !== source) {
        await updateIn(tx, softwareInstallations, { ...values, lastSeenAt: now, updatedAt: now, version: row.version + 1 }, eq(softwareInstallations.id, row.id));
        updated.push(w.label);
      } else seen.push(row.id);
    }
    for (let i = 0; i < fresh.length; i += 500) await tx.db.insert(softwareInstallations).values(fresh.slice(i, i + 500));
    for (let i = 0; i < seen.length; i += 1000) await updateIn(tx, softwareInstallations, { lastSeenAt: now }, inArray(softwareInstallations.id, seen.slice(i, i + 1000)));
    const removed = source === 'inventory' ? existing.filter((e) => e.source !== 'manual' && !wanted.has(`${e.titleId}|${e.normalisedVersion}`)) : [];
    for (let i = 0; i < removed.length; i += 1000) await deleteIn(tx, softwareInstallations, inArray(softwareInstallations.id, removed.slice(i, i + 1000).map((r) => r.id)));
    if (added.length + updated.length + removed.length > 0) {
      const after = { source, added, updated, removed: removed.map((r) => r.rawName), titlesCreated: created };
      await recordChange(tx, { action: 'software_recorded', entityType: 'ci', entityId: ci.id, after, eventPayload: { ciKey: ci.key, ...after } });
    }
    return { added: added.length, updated: updated.length, unchanged: seen.length, removed: removed.length, titlesCreated: created.length };
  });
}

/**
 * Software aliases: CMDB administrators' rewrites that normalisation tries first ("Adobe Systems*" +
 * "Acrobat Reader*" → Adobe / Acrobat Reader). They apply to installations recorded from then on;
 * `reapplyAliases` reads every installation of the organisation again under the current aliases.
 */
import { asc, eq, max, sql } from 'drizzle-orm';
import { iso } from '../../db/columns.ts';
import { inTransaction, requirePermission, type Ctx } from '../../platform/context.ts';
import { AppError, invalid, type FieldError } from '../../platform/errors/catalogue.ts';
import { decodeCursor, finishPage, type Page } from '../../platform/http/pagination.ts';
import { assertVersion, recordChange } from '../../platform/record-change.ts';
import { deleteIn, inOrg, insertIn, updateIn } from '../../platform/tenancy/scope.ts';
import type { CreateSoftwareAliasBody, ReapplyAliasesResult, SoftwareAlias, UpdateSoftwareAliasBody } from './software-contract.ts';
import { normaliseSoftware } from './software-normalise.ts';
import { ensureTitles, loadAliases, normaliseReport } from './software-record.ts';
import { softwareAliases, softwareInstallations } from './software-schema.ts';

type Row = typeof softwareAliases.$inferSelect;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function present(r: Row): SoftwareAlias {
  return {
    id: r.id,
    position: r.position,
    publisher: r.publisherPattern,
    name: r.namePattern,
    toPublisher: r.toPublisher,
    toName: r.toName,
    createdAt: iso(r.createdAt)!,
    updatedAt: iso(r.updatedAt)!,
    version: r.version,
  };
}

const snapshot = ({ createdAt: _c, updatedAt: _u, version: _v, ...rest }: SoftwareAlias) => rest;

async function load(ctx: Ctx, id: string, forUpdate = false): Promise<Row> {
  const query = ctx.db.select().from(softwareAliases).where(inOrg(ctx, softwareAliases, eq(softwareAliases.id, uuidPattern.test(id) ? id.toLowerCase() : '00000000-0000-0000-0000-000000000000')));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) throw new AppError('SOFTWARE_ALIAS_NOT_FOUND', `No software alias ${id} in this organisation`);
  return row;
}

/** A pattern and a replacement are needed; the alias must compile. */
function check(alias: Pick<Row, 'publisherPattern' | 'namePattern' | 'toPublisher' | 'toName'>): void {
  const errors: FieldError[] = [];
  if (!alias.publisherPattern && !alias.namePattern) errors.push({ field: 'name', message: 'give a name or publisher pattern to match' });
  if (!alias.toPublisher && !alias.toName) errors.push({ field: 'toName', message: 'give the name or publisher to read instead' });
  if (errors.length) throw invalid(errors);
  try {
    normaliseSoftware({ name: 'x' }, [{ publisher: alias.publisherPattern, name: alias.namePattern, toPublisher: alias.toPublisher, toName: alias.toName }]);
  } catch (err) {
    if (err instanceof RangeError) throw invalid([{ field: 'name', message: err.message }]);
    throw err;
  }
}

/** The aliases in the order they are tried. */
export async function listAliases(ctx: Ctx, query: { limit: number; cursor?: string }): Promise<Page<SoftwareAlias>> {
  requirePermission(ctx, 'cmdb:read');
  const after = query.cursor ? decodeCursor(query.cursor, 'position') : undefined;
  const rows = await ctx.db
    .select()
    .from(softwareAliases)
    .where(inOrg(ctx, softwareAliases, after ? sql`(${softwareAliases.position}, ${softwareAliases.id}) > (${Number(after[0])}, ${after[1]})` : undefined))
    .orderBy(asc(softwareAliases.position), asc(softwareAliases.id))
    .limit(query.limit + 1);
  return finishPage(rows, query.limit, 'position', (r) => [r.position, r.id], present);
}

/** One alias. */
export async function getAlias(ctx: Ctx, id: string): Promise<SoftwareAlias> {
  requirePermission(ctx, 'cmdb:read');
  return present(await load(ctx, id));
}

/** Adds an alias, by default after the last one. */
export async function createAlias(ctx: Ctx, input: CreateSoftwareAliasBody): Promise<SoftwareAlias> {
  requirePermission(ctx, 'cmdb:admin');
  return inTransaction(ctx, async (tx) => {
    const values = { publisherPattern: input.publisher ?? null, namePattern: input.name ?? null, toPublisher: input.toPublisher ?? null, toName: input.toName ?? null };
    check(values);
    const [last] = await tx.db.select({ position: max(softwareAliases.position) }).from(softwareAliases).where(inOrg(tx, softwareAliases));
    const now = tx.clock.now().toISOString();
    const [row] = await insertIn(tx, softwareAliases, { ...values, position: input.position ?? (last?.position ?? 0) + 10, createdAt: now, updatedAt: now });
    const created = present(row!);
    await recordChange(tx, { action: 'created', entityType: 'software_alias', entityId: row!.id, after: snapshot(created) });
    return created;
  });
}

/** Changes an alias with the version read; null clears a pattern or replacement. */
export async function updateAlias(ctx: Ctx, id: string, patch: UpdateSoftwareAliasBody): Promise<SoftwareAlias> {
  requirePermission(ctx, 'cmdb:admin');
  return inTransaction(ctx, async (tx) => {
    const row = await load(tx, id, true);
    assertVersion(row.version, patch.version);
    const pick = (value: string | null | undefined, current: string | null) => (value === undefined ? current : value);
    const values = {
      publisherPattern: pick(patch.publisher, row.publisherPattern),
      namePattern: pick(patch.name, row.namePattern),
      toPublisher: pick(patch.toPublisher, row.toPublisher),
      toName: pick(patch.toName, row.toName),
    };
    check(values);
    const [updated] = await updateIn(tx, softwareAliases, { ...values, position: patch.position ?? row.position, updatedAt: tx.clock.now().toISOString(), version: row.version + 1 }, eq(softwareAliases.id, row.id));
    const after = present(updated!);
    await recordChange(tx, { action: 'updated', entityType: 'software_alias', entityId: row.id, before: snapshot(present(row)), after: snapshot(after) });
    return after;
  });
}

/** Removes an alias; installations keep their titles until aliases are reapplied. */
export async function deleteAlias(ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx, 'cmdb:admin');
  await inTransaction(ctx, async (tx) => {
    const row = await load(tx, id, true);
    await deleteIn(tx, softwareAliases, eq(softwareAliases.id, row.id));
    await recordChange(tx, { action: 'deleted', entityType: 'software_alias', entityId: row.id, before: snapshot(present(row)) });
  });
}

/**
 * Normalises every installation again from its raw values under the current aliases. An installation
 * whose new title and version an installation of the same item already has is merged into it (the
 * later sighting and earlier install date kept). One transaction; one audit row.
 */
export async function reapplyAliases(ctx: Ctx): Promise<ReapplyAliasesResult> {
  requirePermission(ctx, 'cmdb:admin');
  return inTransaction(ctx, async (tx) => {
    await tx.db.execute(sql`SELECT pg_advisory_xact_lock(hashtext('software_aliases:' || ${tx.orgId}))`);
    const aliases = await loadAliases(tx);
    const rows = await tx.db
      .select({
        id: softwareInstallations.id,
        ciId: softwareInstallations.ciId,
        titleId: softwareInstallations.titleId,
        normalisedVersion: softwareInstallations.normalisedVersion,
        rawName: softwareInstallations.rawName,
        rawPublisher: softwareInstallations.rawPublisher,
        rawVersion: softwareInstallations.rawVersion,
        installDate: softwareInstallations.installDate,
        lastSeenAt: softwareInstallations.lastSeenAt,
      })
      .from(softwareInstallations)
      .where(inOrg(tx, softwareInstallations))
      .orderBy(asc(softwareInstallations.id));
    const titles = rows.map((r) => normaliseReport({ name: r.rawName, publisher: r.rawPublisher, version: r.rawVersion }, aliases, 'name'));
    const readable = titles.flatMap((t) => ('field' in t ? [] : [t]));
    const { ids, created } = await ensureTitles(tx, readable);
    const slots = new Map(rows.map((r) => [`${r.ciId}|${r.titleId}|${r.normalisedVersion}`, r]));
    let moved = 0;
    let merged = 0;
    const now = tx.clock.now().toISOString();
    for (const [i, r] of rows.entries()) {
      const title = titles[i]!;
      if ('field' in title) continue;
      const titleId = ids.get(title.key)!;
      const version = title.version ?? '';
      if (titleId === r.titleId && version === r.normalisedVersion) continue;
      const slot = `${r.ciId}|${titleId}|${version}`;
      const other = slots.get(slot);
      slots.delete(`${r.ciId}|${r.titleId}|${r.normalisedVersion}`);
      if (other) {
        const lastSeenAt = Date.parse(other.lastSeenAt) >= Date.parse(r.lastSeenAt) ? other.lastSeenAt : r.lastSeenAt;
        const installDate = [other.installDate, r.installDate].filter((d): d is string => d !== null).sort()[0] ?? null;
        await updateIn(tx, softwareInstallations, { lastSeenAt, installDate, updatedAt: now }, eq(softwareInstallations.id, other.id));
        await deleteIn(tx, softwareInstallations, eq(softwareInstallations.id, r.id));
        merged += 1;
      } else {
        await updateIn(tx, softwareInstallations, { titleId, normalisedVersion: version, updatedAt: now, version: sql`${softwareInstallations.version} + 1` as never }, eq(softwareInstallations.id, r.id));
        slots.set(slot, { ...r, titleId, normalisedVersion: version });
        moved += 1;
      }
    }
    const result = { installations: rows.length, moved, merged, titlesCreated: created.length };
    await recordChange(tx, { action: 'reapplied', entityType: 'software_alias', entityId: tx.orgId, after: { ...result, aliases: aliases.length } });
    return result;
  });
}

/**
 * Installations entered by hand on a configuration item: add, correct and remove. The raw name,
 * publisher and version are kept as typed and normalised into a title like inventory's are; the item
 * is locked for each write, so hand edits and inventory reports of the same item queue up.
 */
import { eq } from 'drizzle-orm';
import { inTransaction, requirePermission, type Ctx } from '../../platform/context.ts';
import { invalid } from '../../platform/errors/catalogue.ts';
import { duplicateField } from '../../platform/errors/unique-violation.ts';
import { assertVersion, recordChange } from '../../platform/record-change.ts';
import { deleteIn, insertIn, updateIn } from '../../platform/tenancy/scope.ts';
import { findCiRow } from './ci-query.ts';
import type { CreateInstallationBody, SoftwareInstallation, UpdateInstallationBody } from './software-contract.ts';
import { findInstallationRow, presentInstallations } from './software-query.ts';
import { ensureTitles, loadAliases, normaliseReport } from './software-record.ts';
import { softwareInstallations } from './software-schema.ts';

const duplicate = duplicateField({ software_installations_ci_title_version: 'name' }, 'name');

/** The audit snapshot of an installation. */
function snapshot(i: SoftwareInstallation): Record<string, unknown> {
  const { updatedAt: _u, version: _v, createdAt: _c, ci, title, ...rest } = i;
  return { ...rest, ciId: ci.id, ciKey: ci.key, titleId: title.id, titleKey: title.key };
}

const blank = (v: string | null | undefined) => (v == null || v.trim() === '' ? null : v.trim());

/** Normalises the raw values into a title id and normalised version, creating the title when new. */
async function normalised(ctx: Ctx, raw: { name: string; publisher: string | null; version: string | null }): Promise<{ titleId: string; version: string }> {
  const title = normaliseReport(raw, await loadAliases(ctx), 'name');
  if ('field' in title) throw invalid([title]);
  const { ids } = await ensureTitles(ctx, [title]);
  return { titleId: ids.get(title.key)!, version: title.version ?? '' };
}

/** Adds an installation by hand; the same title and version twice on one item answers 409. */
export async function createInstallation(ctx: Ctx, ciIdOrKey: string, input: CreateInstallationBody): Promise<SoftwareInstallation> {
  requirePermission(ctx, 'cmdb:write');
  return inTransaction(ctx, async (tx) => {
    const ci = await findCiRow(tx, ciIdOrKey, true);
    const raw = { name: input.name, publisher: blank(input.publisher), version: blank(input.softwareVersion) };
    const { titleId, version } = await normalised(tx, raw);
    const now = tx.clock.now().toISOString();
    const [row] = await insertIn(tx, softwareInstallations, {
      ciId: ci.id,
      titleId,
      normalisedVersion: version,
      rawName: raw.name,
      rawPublisher: raw.publisher,
      rawVersion: raw.version,
      installDate: input.installDate ?? null,
      lastSeenAt: now,
      source: 'manual',
      createdAt: now,
      updatedAt: now,
    }).catch(duplicate);
    const [created] = await presentInstallations(tx, [row!]);
    await recordChange(tx, { action: 'created', entityType: 'software_installation', entityId: row!.id, after: snapshot(created!) });
    return created!;
  });
}

/** Corrects an installation's raw values (normalised again) or install date, with the version read. */
export async function updateInstallation(ctx: Ctx, ciIdOrKey: string, installationId: string, patch: UpdateInstallationBody): Promise<SoftwareInstallation> {
  requirePermission(ctx, 'cmdb:write');
  return inTransaction(ctx, async (tx) => {
    const ci = await findCiRow(tx, ciIdOrKey, true);
    const row = await findInstallationRow(tx, ci.id, installationId, true);
    assertVersion(row.version, patch.version);
    const raw = {
      name: patch.name ?? row.rawName,
      publisher: patch.publisher === undefined ? row.rawPublisher : blank(patch.publisher),
      version: patch.softwareVersion === undefined ? row.rawVersion : blank(patch.softwareVersion),
    };
    const { titleId, version } = await normalised(tx, raw);
    const [before] = await presentInstallations(tx, [row]);
    const [updated] = await updateIn(
      tx,
      softwareInstallations,
      {
        titleId,
        normalisedVersion: version,
        rawName: raw.name,
        rawPublisher: raw.publisher,
        rawVersion: raw.version,
        installDate: patch.installDate === undefined ? row.installDate : patch.installDate,
        updatedAt: tx.clock.now().toISOString(),
        version: row.version + 1,
      },
      eq(softwareInstallations.id, row.id),
    ).catch(duplicate);
    const [after] = await presentInstallations(tx, [updated!]);
    await recordChange(tx, { action: 'updated', entityType: 'software_installation', entityId: row.id, before: snapshot(before!), after: snapshot(after!) });
    return after!;
  });
}

/** Removes an installation (inventory adds it again if it still finds it). */
export async function deleteInstallation(ctx: Ctx, ciIdOrKey: string, installationId: string): Promise<void> {
  requirePermission(ctx, 'cmdb:write');
  await inTransaction(ctx, async (tx) => {
    const ci = await findCiRow(tx, ciIdOrKey, true);
    const row = await findInstallationRow(tx, ci.id, installationId, true);
    const [before] = await presentInstallations(tx, [row]);
    await deleteIn(tx, softwareInstallations, eq(softwareInstallations.id, row.id));
    await recordChange(tx, { action: 'deleted', entityType: 'software_installation', entityId: row.id, before: snapshot(before!) });
  });
}

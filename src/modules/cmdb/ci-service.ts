/**
 * Writing configuration items: create, update (optimistic concurrency) and delete, each in one
 * transaction with its audit row and event. Every problem with the input is reported at once; asset
 * tags and serial numbers are unique per organisation (409 naming the field).
 */
import { eq, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import { memberships } from '../../platform/auth/schema.ts';
import { inTransaction, requirePermission, type Ctx } from '../../platform/context.ts';
import { AppError, invalid, type FieldError } from '../../platform/errors/catalogue.ts';
import { duplicateField } from '../../platform/errors/unique-violation.ts';
import { nextHumanKey } from '../../platform/keys/human-keys.ts';
import { assertVersion, recordChange } from '../../platform/record-change.ts';
import { deleteIn, inOrg, selectIn, updateIn } from '../../platform/tenancy/scope.ts';
import { teams } from '../identity/schema.ts';
import { emptyFinancial, financialColumns, mergeFinancial } from './asset-financial.ts';
import { recordStateChange } from './asset-state-history.ts';
import { checkAttributes, type AttributeValues } from './attributes.ts';
import { ciCondition, findCiRow, presentCis, type CiRow } from './ci-query.ts';
import { classIndex, effectiveAttributes, findClass, isKindOf, type ClassIndex, type ClassRow } from './class-index.ts';
import type { ConfigurationItem, CreateCiBody, UpdateCiBody } from './contract.ts';
import { locationIndex } from './location-service.ts';
import { ciRelationships, configurationItems, ticketCis } from './schema.ts';

const duplicate = duplicateField({ configuration_items_org_asset_tag: 'assetTag', configuration_items_org_serial: 'serialNumber' }, 'assetTag');

/** The audit snapshot of an item: what its history diffs (without figures that change with the date alone). */
export function ciSnapshot(ci: ConfigurationItem): Record<string, unknown> {
  const { updatedAt: _u, version: _v, createdAt: _c, financial, custody, ...rest } = ci;
  const { warrantyStatus: _w, ...terms } = financial ?? { warrantyStatus: null };
  const { overdue: _o, ...holder } = custody ?? { overdue: null };
  return { ...rest, financial: financial ? terms : null, custody: custody ? holder : null };
}

/** The values an item will have after a write, as the checks see them. */
type Shape = Pick<CiRow, 'hosting' | 'cloudProvider' | 'cloudAccount' | 'cloudRegion' | 'locationId' | 'rackPosition' | 'ownerId' | 'supportGroupId' | 'assetTag' | 'serialNumber' | 'assetState'>;

/** References and facets: locations, racks, people, teams, cloud and asset fields. */
async function checkShape(ctx: Ctx, cls: ClassRow, shape: Shape, changed: (field: keyof Shape) => boolean): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  if (shape.hosting !== 'cloud' && shape.hosting !== 'hybrid') {
    for (const field of ['cloudProvider', 'cloudAccount', 'cloudRegion'] as const) {
      if (shape[field] !== null) errors.push({ field, message: 'applies only to cloud or hybrid hosting' });
    }
  }
  if (!cls.isAsset) {
    for (const field of ['assetTag', 'serialNumber', 'assetState'] as const) {
      if (shape[field] !== null) errors.push({ field, message: `applies only to asset classes; ${cls.name} is not one` });
    }
  }
  if (shape.locationId && (changed('locationId') || changed('rackPosition'))) {
    const location = (await locationIndex(ctx)).get(shape.locationId);
    if (!location) errors.push({ field: 'locationId', message: 'is not a location of this organisation' });
    else if (shape.rackPosition !== null && location.kind !== 'rack') errors.push({ field: 'rackPosition', message: `applies only in a rack; ${location.name} is a ${location.kind}` });
    else if (shape.rackPosition !== null && location.rackUnits !== null && shape.rackPosition > location.rackUnits) {
      errors.push({ field: 'rackPosition', message: `must be at most ${location.rackUnits}, the height of ${location.name}` });
    }
  } else if (!shape.locationId && shape.rackPosition !== null) errors.push({ field: 'rackPosition', message: 'needs a rack as the location' });
  if (shape.ownerId && changed('ownerId')) {
    const [member] = await selectIn(ctx, memberships, eq(memberships.userId, shape.ownerId));
    if (!member) errors.push({ field: 'ownerId', message: 'is not a person of this organisation' });
  }
  if (shape.supportGroupId && changed('supportGroupId')) {
    const [team] = await selectIn(ctx, teams, eq(teams.id, shape.supportGroupId));
    if (!team) errors.push({ field: 'supportGroupId', message: 'is not a team of this organisation' });
  }
  return errors;
}

/** Checks attribute values against the class; person and item references are resolved in the organisation. */
async function checkAttributeValues(ctx: Ctx, classes: ClassIndex, cls: ClassRow, values: Record<string, unknown>, selfId?: string): Promise<{ values: AttributeValues; errors: FieldError[] }> {
  const checked = checkAttributes(effectiveAttributes(classes, cls), values, cls.key);
  for (const { key, id } of checked.people) {
    const [member] = await selectIn(ctx, memberships, eq(memberships.userId, id));
    if (!member) checked.errors.push({ field: `attributes.${key}`, message: 'is not a person of this organisation' });
  }
  for (const { key, ref, ciClass } of checked.cis) {
    const [target] = await ctx.db.select({ id: configurationItems.id, classId: configurationItems.classId }).from(configurationItems).where(inOrg(ctx, configurationItems, ciCondition(ref)));
    if (!target) checked.errors.push({ field: `attributes.${key}`, message: 'is not a configuration item of this organisation' });
    else if (target.id === selfId) checked.errors.push({ field: `attributes.${key}`, message: 'must not be the item itself' });
    else if (ciClass && !isKindOf(classes, classes.byId.get(target.classId)!, ciClass)) checked.errors.push({ field: `attributes.${key}`, message: `must be a configuration item of the class ${ciClass}` });
    else checked.values[key] = target.id;
  }
  return { values: checked.values, errors: checked.errors };
}

/** 409 naming the field when another item of the organisation has the asset tag or serial number. */
async function checkUnique(ctx: Ctx, shape: Shape, selfId?: string): Promise<void> {
  for (const [field, column] of [['assetTag', configurationItems.assetTag], ['serialNumber', configurationItems.serialNumber]] as const) {
    const value = shape[field];
    if (value === null) continue;
    const [other] = await ctx.db
      .select({ key: configurationItems.key })
      .from(configurationItems)
      .where(inOrg(ctx, configurationItems, sql`lower(${column}) = lower(${value})`, selfId ? ne(configurationItems.id, selfId) : undefined))
      .limit(1);
    if (other) throw new AppError('DUPLICATE', `${other.key} already has the ${field === 'assetTag' ? 'asset tag' : 'serial number'} ${value}`, [{ field, message: `is already used by ${other.key}` }]);
  }
}

const blankToNull = (value: string | null | undefined) => (value === undefined ? undefined : value === null || value.trim() === '' ? null : value.trim());

export async function createCi(ctx: Ctx, input: CreateCiBody): Promise<ConfigurationItem> {
  requirePermission(ctx, 'cmdb:write');
  return inTransaction(ctx, async (tx) => {
    const classes = await classIndex(tx);
    const cls = findClass(classes, input.class);
    if (!cls) throw invalid([{ field: 'class', message: 'is not a class of this organisation' }]);
    const shape: Shape = {
      hosting: input.hosting ?? null,
      cloudProvider: blankToNull(input.cloudProvider) ?? null,
      cloudAccount: blankToNull(input.cloudAccount) ?? null,
      cloudRegion: blankToNull(input.cloudRegion) ?? null,
      locationId: input.locationId ?? null,
      rackPosition: input.rackPosition ?? null,
      ownerId: input.ownerId ?? null,
      supportGroupId: input.supportGroupId ?? null,
      assetTag: blankToNull(input.assetTag) ?? null,
      serialNumber: blankToNull(input.serialNumber) ?? null,
      assetState: input.assetState ?? (cls.isAsset ? 'in_stock' : null),
    };
    const attributes = await checkAttributeValues(tx, classes, cls, input.attributes ?? {});
    const financial = mergeFinancial(emptyFinancial, input.financial, cls);
    const errors = [...(await checkShape(tx, cls, shape, () => true)), ...attributes.errors, ...financial.errors];
    if (errors.length) throw invalid(errors);
    await checkUnique(tx, shape);
    const now = tx.clock.now().toISOString();
    const [row] = await tx.db
      .insert(configurationItems)
      .values({
        orgId: tx.orgId,
        key: await nextHumanKey(tx, 'CI'),
        name: input.name,
        classId: cls.id,
        status: input.status ?? 'active',
        environment: input.environment ?? null,
        criticality: input.criticality ?? null,
        description: input.description ?? '',
        tags: [...new Set(input.tags ?? [])],
        attributes: attributes.values,
        ...shape,
        ...financial.columns,
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .catch(duplicate);
    if (row!.assetState) await recordStateChange(tx, { ciId: row!.id, from: null, to: row!.assetState, at: now });
    const [created] = await presentCis(tx, [row!], classes);
    await recordChange(tx, { action: 'created', entityType: 'ci', entityId: row!.id, after: ciSnapshot(created!) });
    return created!;
  });
}

export async function updateCi(ctx: Ctx, idOrKey: string, patch: UpdateCiBody): Promise<ConfigurationItem> {
  requirePermission(ctx, 'cmdb:write');
  return inTransaction(ctx, async (tx) => {
    const row = await findCiRow(tx, idOrKey, true);
    assertVersion(row.version, patch.version);
    const classes = await classIndex(tx);
    const cls = classes.byId.get(row.classId)!;
    const pick = <K extends keyof Shape>(field: K, value: Shape[K] | undefined): Shape[K] => (value === undefined ? row[field] : value);
    const shape: Shape = {
      hosting: pick('hosting', patch.hosting),
      cloudProvider: pick('cloudProvider', blankToNull(patch.cloudProvider)),
      cloudAccount: pick('cloudAccount', blankToNull(patch.cloudAccount)),
      cloudRegion: pick('cloudRegion', blankToNull(patch.cloudRegion)),
      locationId: pick('locationId', patch.locationId),
      rackPosition: pick('rackPosition', patch.rackPosition),
      ownerId: pick('ownerId', patch.ownerId),
      supportGroupId: pick('supportGroupId', patch.supportGroupId),
      assetTag: pick('assetTag', blankToNull(patch.assetTag)),
      serialNumber: pick('serialNumber', blankToNull(patch.serialNumber)),
      assetState: row.assetState,
    };
    let attributes: { values: AttributeValues; errors: FieldError[] } = { values: row.attributes, errors: [] };
    if (patch.attributes) {
      const merged: Record<string, unknown> = { ...row.attributes };
      for (const [key, value] of Object.entries(patch.attributes)) {
        if (value === null) delete merged[key];
        else merged[key] = value;
      }
      attributes = await checkAttributeValues(tx, classes, cls, merged, row.id);
    }
    const financial = mergeFinancial(financialColumns(row), patch.financial, cls);
    const errors = [...(await checkShape(tx, cls, shape, (field) => shape[field] !== row[field])), ...attributes.errors, ...financial.errors];
    if (errors.length) throw invalid(errors);
    await checkUnique(tx, shape, row.id);
    const [before] = await presentCis(tx, [row], classes);
    const [updated] = await updateIn(
      tx,
      configurationItems,
      {
        name: patch.name,
        status: patch.status,
        environment: patch.environment,
        criticality: patch.criticality,
        description: patch.description,
        tags: patch.tags ? [...new Set(patch.tags)] : undefined,
        attributes: attributes.values,
        ...shape,
        ...financial.columns,
        version: row.version + 1,
        updatedAt: tx.clock.now().toISOString(),
      },
      eq(configurationItems.id, row.id),
    ).catch(duplicate);
    const [after] = await presentCis(tx, [updated!], classes);
    await recordChange(tx, { action: 'updated', entityType: 'ci', entityId: row.id, before: ciSnapshot(before!), after: ciSnapshot(after!) });
    return after!;
  });
}

/** Items whose `ci` attributes point at this one (they would dangle). */
async function referringItem(ctx: Ctx, classes: ClassIndex, id: string): Promise<string | undefined> {
  const keys = [...new Set([...classes.byId.values()].flatMap((c) => c.attributes.filter((a) => a.type === 'ci').map((a) => a.key)))];
  if (keys.length === 0) return undefined;
  const conditions: SQL[] = keys.map((key) => sql`${configurationItems.attributes} @> ${JSON.stringify({ [key]: id })}::jsonb`);
  const [row] = await ctx.db.select({ key: configurationItems.key }).from(configurationItems).where(inOrg(ctx, configurationItems, or(...conditions))).limit(1);
  return row?.key;
}

/**
 * Deletes an item with its relationships. An item tickets refer to, or that other items' attributes
 * name, is kept (409): retire it instead, so its history stays readable.
 */
export async function deleteCi(ctx: Ctx, idOrKey: string): Promise<void> {
  requirePermission(ctx, 'cmdb:write');
  await inTransaction(ctx, async (tx) => {
    const row = await findCiRow(tx, idOrKey, true);
    const [ticket] = await selectIn(tx, ticketCis, eq(ticketCis.ciId, row.id));
    if (ticket) throw new AppError('REFERENCE_CONFLICT', `Tickets name ${row.key} as affected; retire it (status retired) instead of deleting it`);
    const classes = await classIndex(tx);
    const referring = await referringItem(tx, classes, row.id);
    if (referring) throw new AppError('REFERENCE_CONFLICT', `The attributes of ${referring} name ${row.key}; change them first, or retire ${row.key}`);
    const [before] = await presentCis(tx, [row], classes);
    const links = await tx.db
      .select()
      .from(ciRelationships)
      .where(inOrg(tx, ciRelationships, or(eq(ciRelationships.sourceId, row.id), eq(ciRelationships.targetId, row.id))));
    if (links.length) await deleteIn(tx, ciRelationships, inArray(ciRelationships.id, links.map((l) => l.id)));
    for (const link of links) {
      const snapshot = { type: link.type, sourceId: link.sourceId, targetId: link.targetId };
      await recordChange(tx, { action: 'deleted', entityType: 'relationship', entityId: link.id, before: snapshot });
    }
    await deleteIn(tx, configurationItems, eq(configurationItems.id, row.id));
    await recordChange(tx, { action: 'deleted', entityType: 'ci', entityId: row.id, before: ciSnapshot(before!) });
  });
}

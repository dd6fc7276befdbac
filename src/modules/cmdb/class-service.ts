/**
 * CI classes: every agent reads them (the CI form needs them); CMDB administrators create classes and
 * edit attribute definitions. Built-in classes keep their key, name and built-in attributes; changing
 * or removing a definition is refused while stored values would no longer fit it.
 */
import { and, count, eq, inArray, sql } from 'drizzle-orm';
import { resultRows } from '../../db/client.ts';
import { canonicalJson } from '../../platform/audit/canonical.ts';
import { inTransaction, requirePermission, type Ctx } from '../../platform/context.ts';
import { AppError, invalid, type FieldError } from '../../platform/errors/catalogue.ts';
import { duplicateField } from '../../platform/errors/unique-violation.ts';
import { decodeCursor, finishPage, type Page } from '../../platform/http/pagination.ts';
import { assertVersion, recordChange } from '../../platform/record-change.ts';
import { deleteIn, inOrg, insertIn, updateIn } from '../../platform/tenancy/scope.ts';
import { checkDefinitions, checkValue, type AttributeDefinition } from './attributes.ts';
import type { CiClass, CiClassQuery, CreateCiClassBody, UpdateCiClassBody } from './class-contract.ts';
import {
  ancestorsOf, classIndex, definitionOf, effectiveAttributes, findClass, lockClass, maxClassDepth, presentClass, requireClass, withSubclasses, type ClassIndex, type ClassRow,
} from './class-index.ts';
import { ciClasses, configurationItems } from './schema.ts';

const duplicate = duplicateField({ ci_classes_org_key: 'key', ci_classes_org_name: 'name' }, 'name');

/** The classes by name, paged in memory (an organisation has tens of classes). */
export async function listClasses(ctx: Ctx, query: CiClassQuery): Promise<Page<CiClass>> {
  requirePermission(ctx, 'cmdb:read');
  const index = await classIndex(ctx);
  const needle = query.q?.toLowerCase();
  const after = query.cursor ? decodeCursor(query.cursor, 'name') : undefined;
  const sortKey = (c: ClassRow): [string, string] => [c.name.toLowerCase(), c.id];
  const order = (a: [string, string], b: [string, string]) => a[0].localeCompare(b[0]) || a[1].localeCompare(b[1]);
  const rows = [...index.byId.values()]
    .filter((c) => !needle || c.key.includes(needle) || c.name.toLowerCase().includes(needle))
    .filter((c) => !after || order(sortKey(c), [String(after[0]), after[1]]) > 0)
    .sort((a, b) => order(sortKey(a), sortKey(b)));
  return finishPage(rows.slice(0, query.limit + 1), query.limit, 'name', sortKey, (c) => presentClass(index, c));
}

/** One class by id or key. */
export async function getClass(ctx: Ctx, idOrKey: string): Promise<CiClass> {
  requirePermission(ctx, 'cmdb:read');
  const index = await classIndex(ctx);
  return presentClass(index, requireClass(index, idOrKey));
}

/** Checks a class's own custom definitions against the tree: keys free above and below, ci classes that exist. */
function checkCustom(index: ClassIndex, row: Pick<ClassRow, 'id' | 'parentId' | 'attributes'>, custom: AttributeDefinition[]): FieldError[] {
  const above = new Set(row.parentId ? effectiveAttributes(index, index.byId.get(row.parentId)!).map((a) => a.key) : []);
  for (const a of row.attributes) if (a.builtin) above.add(a.key);
  const errors = checkDefinitions(custom, above, 'customAttributes');
  const below = row.id ? withSubclasses(index, row.id).slice(1).map((id) => index.byId.get(id)!) : [];
  custom.forEach((a, i) => {
    const clash = below.find((c) => c.attributes.some((b) => b.key === a.key));
    if (clash) errors.push({ field: `customAttributes.${i}.key`, message: `is already an attribute of the sub-class ${clash.key}` });
    if (a.ciClass && !index.byKey.has(a.ciClass)) errors.push({ field: `customAttributes.${i}.ciClass`, message: 'is not a class of this organisation' });
  });
  return errors;
}

const stored = (custom: AttributeDefinition[] | undefined) => (custom ?? []).map((a) => definitionOf({ ...a, required: a.required ?? false }));

export async function createClass(ctx: Ctx, input: CreateCiClassBody): Promise<CiClass> {
  requirePermission(ctx, 'cmdb:admin');
  return inTransaction(ctx, async (tx) => {
    await tx.db.execute(sql`SELECT pg_advisory_xact_lock(hashtext('ci_classes:' || ${tx.orgId}))`);
    const index = await classIndex(tx);
    const parent = input.parent ? findClass(index, input.parent) : undefined;
    if (input.parent && !parent) throw invalid([{ field: 'parent', message: 'is not a class of this organisation' }]);
    if (parent && ancestorsOf(index, parent).length + 2 > maxClassDepth) throw invalid([{ field: 'parent', message: `would make the class tree deeper than ${maxClassDepth} levels` }]);
    if (index.byKey.has(input.key)) throw new AppError('DUPLICATE', `A class with the key ${input.key} already exists`, [{ field: 'key', message: 'is already used' }]);
    const custom = stored(input.customAttributes);
    const errors = checkCustom(index, { id: '', parentId: parent?.id ?? null, attributes: [] }, custom);
    if (errors.length) throw invalid(errors);
    const [row] = await insertIn(tx, ciClasses, {
      key: input.key,
      name: input.name,
      description: input.description ?? '',
      parentId: parent?.id ?? null,
      isAsset: input.isAsset ?? parent?.isAsset ?? false,
      expectedLifeMonths: input.expectedLifeMonths ?? null,
      attributes: custom,
      createdAt: tx.clock.now().toISOString(),
      updatedAt: tx.clock.now().toISOString(),
    }).catch(duplicate);
    index.byId.set(row!.id, row!);
    const created = presentClass(index, row!);
    await recordChange(tx, { action: 'created', entityType: 'ci_class', entityId: row!.id, after: created });
    return created;
  });
}

/**
 * Items of the class (and below) whose stored values no longer fit the changed definitions, or that
 * lack a value a definition now requires: one problem per attribute, naming an example item.
 */
async function valueConflicts(ctx: Ctx, classIds: string[], before: AttributeDefinition[], after: AttributeDefinition[]): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  const oldByKey = new Map(before.map((a) => [a.key, a]));
  const changed = [
    ...after.filter((a) => !oldByKey.has(a.key) || canonicalJson(definitionOf(oldByKey.get(a.key)!)) !== canonicalJson(definitionOf(a))).map((a) => ({ key: a.key, def: a as AttributeDefinition | undefined })),
    ...before.filter((a) => !after.some((b) => b.key === a.key)).map((a) => ({ key: a.key, def: undefined })),
  ];
  for (const { key, def } of changed) {
    const field = def ? `customAttributes.${after.indexOf(def)}` : 'customAttributes';
    const rows = resultRows<{ key: string; value: unknown }>(
      await ctx.db.execute(sql`SELECT key, attributes -> ${key} AS value FROM configuration_items WHERE org_id = ${ctx.orgId} AND class_id = ANY(${`{${classIds.join(',')}}`}::uuid[]) AND attributes ? ${key}`),
    );
    const misfit = def ? rows.filter((r) => 'problem' in checkValue(def, r.value)) : rows;
    if (misfit.length) {
      const why = def ? `${misfit.length} item(s) hold values that do not fit it (${misfit[0]!.key}: ${(checkValue(def, misfit[0]!.value) as { problem: string }).problem})` : `${key} is still set on ${misfit.length} item(s) such as ${misfit[0]!.key}; clear it there first`;
      errors.push({ field, message: why });
      continue;
    }
    if (def?.required && !oldByKey.get(key)?.required) {
      const [missing] = await ctx.db
        .select({ n: count() })
        .from(configurationItems)
        .where(inOrg(ctx, configurationItems, inArray(configurationItems.classId, classIds), sql`NOT (${configurationItems.attributes} ? ${key})`));
      if (missing!.n > 0) errors.push({ field: `${field}.required`, message: `${missing!.n} item(s) have no ${key} yet; give them one before making it required` });
    }
  }
  return errors;
}

export async function updateClass(ctx: Ctx, idOrKey: string, patch: UpdateCiClassBody): Promise<CiClass> {
  requirePermission(ctx, 'cmdb:admin');
  return inTransaction(ctx, async (tx) => {
    await tx.db.execute(sql`SELECT pg_advisory_xact_lock(hashtext('ci_classes:' || ${tx.orgId}))`);
    const index = await classIndex(tx);
    const current = await lockClass(tx, requireClass(index, idOrKey).id);
    assertVersion(current.version, patch.version);
    if (current.builtin) {
      const fixed = (['name', 'description', 'isAsset'] as const).filter((f) => patch[f] !== undefined && patch[f] !== current[f]);
      if (fixed.length) {
        throw new AppError('BUILTIN_CLASS', `${current.name} is a built-in class: only its custom attributes and expected life can change`, fixed.map((field) => ({ field, message: 'is fixed for a built-in class' })));
      }
    }
    const classIds = withSubclasses(index, current.id);
    if (patch.isAsset !== undefined && patch.isAsset !== current.isAsset) {
      const [used] = await tx.db.select({ id: configurationItems.id }).from(configurationItems).where(inOrg(tx, configurationItems, inArray(configurationItems.classId, classIds))).limit(1);
      if (used) throw new AppError('REFERENCE_CONFLICT', 'Items of this class exist; whether it is an asset class cannot change now', [{ field: 'isAsset', message: 'cannot change while the class has items' }]);
    }
    let attributes = current.attributes;
    if (patch.customAttributes) {
      const custom = stored(patch.customAttributes);
      const errors = checkCustom(index, current, custom);
      if (errors.length) throw invalid(errors);
      const conflicts = await valueConflicts(tx, classIds, current.attributes.filter((a) => !a.builtin), custom);
      if (conflicts.length) throw new AppError('REFERENCE_CONFLICT', conflicts.map((c) => `${c.field}: ${c.message}`).join('; '), conflicts);
      attributes = [...current.attributes.filter((a) => a.builtin), ...custom];
    }
    const before = presentClass(index, current);
    const [updated] = await updateIn(
      tx,
      ciClasses,
      {
        name: patch.name,
        description: patch.description,
        isAsset: patch.isAsset,
        expectedLifeMonths: patch.expectedLifeMonths,
        attributes,
        version: current.version + 1,
        updatedAt: tx.clock.now().toISOString(),
      },
      eq(ciClasses.id, current.id),
    ).catch(duplicate);
    index.byId.set(updated!.id, updated!);
    index.byKey.set(updated!.key, updated!);
    const after = presentClass(index, updated!);
    await recordChange(tx, { action: 'updated', entityType: 'ci_class', entityId: current.id, before, after });
    return after;
  });
}

/** Deletes an unused custom class: no items, no sub-classes, no attribute pointing at it. */
export async function deleteClass(ctx: Ctx, idOrKey: string): Promise<void> {
  requirePermission(ctx, 'cmdb:admin');
  await inTransaction(ctx, async (tx) => {
    await tx.db.execute(sql`SELECT pg_advisory_xact_lock(hashtext('ci_classes:' || ${tx.orgId}))`);
    const index = await classIndex(tx);
    const current = await lockClass(tx, requireClass(index, idOrKey).id);
    if (current.builtin) throw new AppError('BUILTIN_CLASS', `${current.name} is a built-in class and cannot be deleted`);
    const child = [...index.byId.values()].find((c) => c.parentId === current.id);
    if (child) throw new AppError('REFERENCE_CONFLICT', `The class has the sub-class ${child.key}; delete or keep it first`);
    const pointing = [...index.byId.values()].find((c) => c.attributes.some((a) => a.ciClass === current.key));
    if (pointing) throw new AppError('REFERENCE_CONFLICT', `Attributes of the class ${pointing.key} refer to this class`);
    const [used] = await tx.db.select({ id: configurationItems.id }).from(configurationItems).where(and(inOrg(tx, configurationItems), eq(configurationItems.classId, current.id))).limit(1);
    if (used) throw new AppError('REFERENCE_CONFLICT', 'Configuration items of this class exist; it cannot be deleted');
    const before = presentClass(index, current);
    await deleteIn(tx, ciClasses, eq(ciClasses.id, current.id));
    await recordChange(tx, { action: 'deleted', entityType: 'ci_class', entityId: current.id, before });
  });
}

/**
 * The organisation's CI classes in memory (tens, not thousands): lookup by id or key, the class tree,
 * each class's effective attributes (inherited first) and the presented class.
 */
import { eq } from 'drizzle-orm';
import { iso } from '../../db/columns.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors/catalogue.ts';
import { inOrg } from '../../platform/tenancy/scope.ts';
import type { AttributeDefinition } from './attributes.ts';
import type { AttributeView, CiClass } from './class-contract.ts';
import { ciClasses } from './schema.ts';

export type ClassRow = typeof ciClasses.$inferSelect;
/** The deepest a class tree may go (a class and four levels of refinement). */
export const maxClassDepth = 5;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ClassIndex {
  byId: Map<string, ClassRow>;
  byKey: Map<string, ClassRow>;
}

/** Every class of the caller's organisation. */
export async function classIndex(ctx: Ctx, forUpdate = false): Promise<ClassIndex> {
  const query = ctx.db.select().from(ciClasses).where(inOrg(ctx, ciClasses));
  const rows = forUpdate ? await query.for('update') : await query;
  return { byId: new Map(rows.map((r) => [r.id, r])), byKey: new Map(rows.map((r) => [r.key, r])) };
}

/** The class by id or key, or undefined. */
export function findClass(index: ClassIndex, idOrKey: string): ClassRow | undefined {
  return uuidPattern.test(idOrKey) ? index.byId.get(idOrKey.toLowerCase()) : index.byKey.get(idOrKey.trim().toLowerCase());
}

/** The class by id or key; CI_CLASS_NOT_FOUND otherwise. */
export function requireClass(index: ClassIndex, idOrKey: string): ClassRow {
  const row = findClass(index, idOrKey);
  if (!row) throw new AppError('CI_CLASS_NOT_FOUND', `No class ${idOrKey} in this organisation`);
  return row;
}

/** The class's ancestors, nearest first. */
export function ancestorsOf(index: ClassIndex, row: ClassRow): ClassRow[] {
  const out: ClassRow[] = [];
  for (let at = row.parentId ? index.byId.get(row.parentId) : undefined; at && out.length < maxClassDepth; at = at.parentId ? index.byId.get(at.parentId) : undefined) out.push(at);
  return out;
}

/** The ids of a class and every class below it. */
export function withSubclasses(index: ClassIndex, rootId: string): string[] {
  const out = [rootId];
  for (let i = 0; i < out.length; i++) for (const c of index.byId.values()) if (c.parentId === out[i]) out.push(c.id);
  return out;
}

/** True when the class is `key` or below it. */
export function isKindOf(index: ClassIndex, row: ClassRow, key: string): boolean {
  return row.key === key || ancestorsOf(index, row).some((a) => a.key === key);
}

/** Every attribute an item of the class has: the ancestors' (top first), then its own. */
export function effectiveAttributes(index: ClassIndex, row: ClassRow): (AttributeDefinition & { definedBy: string; inherited: boolean })[] {
  const chain = [...ancestorsOf(index, row).reverse(), row];
  return chain.flatMap((c) => c.attributes.map((a) => ({ ...a, definedBy: c.key, inherited: c.id !== row.id })));
}

/** A stored definition without bookkeeping, in a fixed field order. */
export function definitionOf(a: AttributeDefinition): AttributeDefinition {
  const out: AttributeDefinition = { key: a.key, label: a.label, type: a.type, required: a.required };
  for (const field of ['help', 'choices', 'min', 'max', 'integer', 'maxLength', 'pattern', 'ciClass'] as const) {
    if (a[field] !== undefined) (out as unknown as Record<string, unknown>)[field] = a[field];
  }
  return out;
}

/** A class as the API shows it. */
export function presentClass(index: ClassIndex, row: ClassRow): CiClass {
  const parent = row.parentId ? index.byId.get(row.parentId) : undefined;
  const attributes: AttributeView[] = effectiveAttributes(index, row).map((a) => ({
    ...definitionOf(a),
    source: a.inherited ? 'inherited' : a.builtin ? 'builtin' : 'custom',
    definedBy: a.definedBy,
  }));
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    description: row.description,
    parent: parent ? { id: parent.id, key: parent.key, name: parent.name } : null,
    builtin: row.builtin,
    isAsset: row.isAsset,
    expectedLifeMonths: row.expectedLifeMonths,
    attributes,
    customAttributes: row.attributes.filter((a) => !a.builtin).map(definitionOf) as CiClass['customAttributes'],
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
    version: row.version,
  };
}

/** Loads one class row by id, locked for an update; CI_CLASS_NOT_FOUND otherwise. */
export async function lockClass(ctx: Ctx, id: string): Promise<ClassRow> {
  const [row] = await ctx.db.select().from(ciClasses).where(inOrg(ctx, ciClasses, eq(ciClasses.id, id))).for('update');
  if (!row) throw new AppError('CI_CLASS_NOT_FOUND', `No class ${id} in this organisation`);
  return row;
}

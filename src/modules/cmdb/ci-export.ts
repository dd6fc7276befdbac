/**
 * CSV export of the configuration-item list: every item the list's filters match, page by page, in
 * the columns the import takes (class by key, owner by e-mail, support group by name, location by
 * path, tags joined by "; ", attributes by label with people as e-mails and items as keys), so an
 * exported file can be edited and imported again.
 */
import { inArray } from 'drizzle-orm';
import { z } from 'zod';
import { users } from '../../platform/auth/schema.ts';
import type { CsvCell, CsvColumn } from '../../platform/csv-import/to-csv.ts';
import { requirePermission, type Ctx } from '../../platform/context.ts';
import { inOrg } from '../../platform/tenancy/scope.ts';
import { attributeKeyPattern, type AttributeDefinition } from './attributes.ts';
import { attributeColumns, attributeFor, type AttributeColumn } from './ci-import-fields.ts';
import { findCis } from './ci-query.ts';
import { classIndex, effectiveAttributes, findClass, withSubclasses, type ClassIndex } from './class-index.ts';
import { CiQuery, type ConfigurationItem } from './contract.ts';
import { configurationItems } from './schema.ts';

const { limit: _limit, cursor: _cursor, ...filters } = CiQuery.shape;
const attrParam = new RegExp(`^attr\\.(${attributeKeyPattern.source.slice(1, -1)})$`);

const exportQuery = z
  .looseObject({
    ...filters,
    delimiter: z.enum(['comma', 'semicolon', 'tab']).optional().describe('Column delimiter (default comma; semicolon suits Excel where the decimal mark is a comma)'),
  })
  .superRefine(
    (query, ctx) => {
      for (const [key, value] of Object.entries(query)) {
        if (Object.hasOwn(filters, key) || key === 'delimiter') continue;
        if (!attrParam.test(key)) ctx.addIssue({ code: 'custom', path: [key], message: 'is not a parameter of this list (custom attributes are filtered as attr.<key>)' });
        else if (typeof value !== 'string') ctx.addIssue({ code: 'custom', path: [key], message: 'must be given once' });
        else if (value.length > 500) ctx.addIssue({ code: 'custom', path: [key], message: 'must be at most 500 characters' });
      }
    },
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  );

/**
 * The CI list's filters (no paging: the export has every match) and the delimiter. A `__proto__`
 * parameter is named before anything else: copying the loose object would drop it unseen.
 */
export const CiExportQuery = z.preprocess((raw, ctx) => {
  if (raw !== null && typeof raw === 'object' && Object.hasOwn(raw, '__proto__')) ctx.addIssue({ code: 'custom', path: ['__proto__'], message: 'is not a parameter of this list' });
  return raw;
}, exportQuery);
export type CiExportQuery = z.infer<typeof CiExportQuery>;

/** An item of the export with the names its attribute cells need. */
interface ExportRow {
  ci: ConfigurationItem;
  emails: Map<string, string>;
  keys: Map<string, string>;
}

const pageSize = 500;

/**
 * The attribute columns an export has: those of the classes the organisation has items of — within
 * the filtered class and its sub-classes, when there is a class filter — with their ancestors'.
 */
async function exportedAttributes(ctx: Ctx, classes: ClassIndex, classFilter: string | undefined): Promise<AttributeColumn[]> {
  const cls = classFilter ? findClass(classes, classFilter) : undefined;
  const within = cls ? new Set(withSubclasses(classes, cls.id)) : undefined;
  const used = await ctx.db.selectDistinct({ classId: configurationItems.classId }).from(configurationItems).where(inOrg(ctx, configurationItems));
  const keys = new Set<string>();
  for (const { classId } of used) {
    if (within && !within.has(classId)) continue;
    for (let at = classes.byId.get(classId); at; at = at.parentId ? classes.byId.get(at.parentId) : undefined) for (const a of at.attributes) keys.add(a.key);
  }
  const columns = attributeColumns(classes).filter((c) => keys.has(c.key));
  if (!cls) return columns;
  // The filtered class's own attributes first, in the order the class lists them.
  const order = effectiveAttributes(classes, cls).map((d) => d.key);
  const rank = (c: AttributeColumn) => (order.includes(c.key) ? order.indexOf(c.key) : order.length);
  return columns.map((c, i) => ({ c, i })).sort((a, b) => rank(a.c) - rank(b.c) || a.i - b.i).map(({ c }) => c);
}

function attributeCell(def: AttributeDefinition | undefined, row: ExportRow): CsvCell {
  if (!def) return null;
  const value = row.ci.attributes[def.key];
  if (value === undefined) return null;
  if (def.type === 'person') return row.emails.get(String(value)) ?? '';
  if (def.type === 'ci') return row.keys.get(String(value)) ?? '';
  return value;
}

/** The export's columns: the item's own, then its class's attributes by label. */
export function ciExportColumns(classes: ClassIndex, attributes: AttributeColumn[]): CsvColumn<ExportRow>[] {
  const classOf = (row: ExportRow) => classes.byId.get(row.ci.class.id);
  return [
    { header: 'Name', value: (r) => r.ci.name },
    { header: 'Class', value: (r) => r.ci.class.key },
    { header: 'Status', value: (r) => r.ci.status },
    { header: 'Environment', value: (r) => r.ci.environment },
    { header: 'Hosting', value: (r) => r.ci.hosting },
    { header: 'Criticality', value: (r) => r.ci.criticality },
    { header: 'Description', value: (r) => r.ci.description },
    { header: 'Tags', value: (r) => r.ci.tags.join('; ') },
    { header: 'Owner', value: (r) => r.ci.owner?.email || null },
    { header: 'Support group', value: (r) => r.ci.supportGroup?.name },
    { header: 'Location', value: (r) => r.ci.location?.path },
    { header: 'Asset tag', value: (r) => r.ci.assetTag },
    { header: 'Serial number', value: (r) => r.ci.serialNumber },
    ...attributes.map((column): CsvColumn<ExportRow> => ({
      header: column.header,
      value: (r) => {
        const cls = classOf(r);
        return cls ? attributeCell(attributeFor(classes, cls, column, { keyOnly: true }), r) : null;
      },
    })),
  ];
}

/** The people and items attribute values name, for one page. */
async function referencedNames(ctx: Ctx, classes: ClassIndex, items: ConfigurationItem[]): Promise<Pick<ExportRow, 'emails' | 'keys'>> {
  const typeOf = new Map([...classes.byId.values()].flatMap((c) => c.attributes.map((a) => [`${c.id}|${a.key}`, a.type] as const)));
  const people = new Set<string>();
  const cis = new Set<string>();
  for (const ci of items) {
    for (const [key, value] of Object.entries(ci.attributes)) {
      const cls = classes.byId.get(ci.class.id);
      let type: string | undefined;
      for (let at = cls; at && !type; at = at.parentId ? classes.byId.get(at.parentId) : undefined) type = typeOf.get(`${at.id}|${key}`);
      if (type === 'person') people.add(String(value));
      if (type === 'ci') cis.add(String(value));
    }
  }
  const [emailRows, keyRows] = await Promise.all([
    people.size ? ctx.db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.id, [...people])) : [],
    cis.size ? ctx.db.select({ id: configurationItems.id, key: configurationItems.key }).from(configurationItems).where(inOrg(ctx, configurationItems, inArray(configurationItems.id, [...cis]))) : [],
  ]);
  return { emails: new Map(emailRows.map((r) => [r.id, r.email])), keys: new Map(keyRows.map((r) => [r.id, r.key])) };
}

/** The columns and the rows (read page by page as the CSV streams) of an export. */
export async function exportCis(ctx: Ctx, query: CiExportQuery): Promise<{ columns: CsvColumn<ExportRow>[]; rows: AsyncGenerator<ExportRow> }> {
  requirePermission(ctx, 'cmdb:read');
  const classes = await classIndex(ctx);
  const { delimiter: _d, ...listQuery } = query;
  const first = await findCis(ctx, { ...listQuery, limit: pageSize } as CiQuery);
  async function* rows(): AsyncGenerator<ExportRow> {
    let page = first;
    for (;;) {
      const names = await referencedNames(ctx, classes, page.items);
      for (const ci of page.items) yield { ci, ...names };
      if (!page.nextCursor) return;
      page = await findCis(ctx, { ...listQuery, limit: pageSize, cursor: page.nextCursor } as CiQuery);
    }
  }
  return { columns: ciExportColumns(classes, await exportedAttributes(ctx, classes, query.class)), rows: rows() };
}

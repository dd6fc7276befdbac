/**
 * The columns of a configuration-item CSV import (and export): the item's own fields, then one field
 * per class attribute key of the organisation, named by the attribute's label. An attribute column
 * is read against each row's class: by key, else by the attribute of that class with the same label,
 * and converted by that attribute's type with the import's date and decimal formats.
 */
import { nameWords } from '../../platform/csv-import/auto-map.ts';
import { cellConverter } from '../../platform/csv-import/convert-cell.ts';
import { defineImportFields, type ImportField, type ImportValue } from '../../platform/csv-import/fields.ts';
import type { ImportOptions } from '../../platform/csv-import/options.ts';
import type { AttributeDefinition } from './attributes.ts';
import { effectiveAttributes, type ClassIndex, type ClassRow } from './class-index.ts';
import { ciStatuses, criticalities, environments, hostings } from './schema.ts';

/** Field keys of the item's own columns, in export order. */
export const ciBaseFieldKeys = ['name', 'class', 'status', 'environment', 'hosting', 'criticality', 'description', 'tags', 'owner', 'supportGroup', 'location', 'assetTag', 'serialNumber'] as const;
export type CiBaseFieldKey = (typeof ciBaseFieldKeys)[number];

const baseFields: ImportField[] = [
  { key: 'name', label: 'Name', aliases: ['CI name', 'Item name', 'Device name', 'Display name'], type: 'text', required: true, maxLength: 200 },
  { key: 'class', label: 'Class', aliases: ['CI class', 'Class name', 'Item class'], type: 'reference', required: true, maxLength: 200 },
  { key: 'status', label: 'Status', aliases: ['CI status'], type: 'choice', choices: [...ciStatuses] },
  { key: 'environment', label: 'Environment', aliases: ['Env'], type: 'choice', choices: [...environments] },
  { key: 'hosting', label: 'Hosting', type: 'choice', choices: [...hostings] },
  { key: 'criticality', label: 'Criticality', aliases: ['Business criticality'], type: 'choice', choices: [...criticalities] },
  { key: 'description', label: 'Description', aliases: ['Notes', 'Comment', 'Remarks'], type: 'text', maxLength: 20_000 },
  { key: 'tags', label: 'Tags', aliases: ['Labels', 'Keywords'], type: 'text', maxLength: 2000 },
  { key: 'owner', label: 'Owner', aliases: ['Owner e-mail', 'Owner email', 'Responsible'], type: 'email' },
  { key: 'supportGroup', label: 'Support group', aliases: ['Support team', 'Team', 'Assignment group'], type: 'reference' },
  { key: 'location', label: 'Location', aliases: ['Site', 'Location path'], type: 'reference', maxLength: 1000 },
  { key: 'assetTag', label: 'Asset tag', aliases: ['Tag', 'Inventory number', 'Asset number', 'Asset ID'], type: 'text', maxLength: 100 },
  { key: 'serialNumber', label: 'Serial number', aliases: ['S/N', 'SN', 'Serial'], type: 'text', maxLength: 100 },
];

/** The prefix of attribute field keys: `attr_cpuCores` feeds the attribute `cpuCores`. */
export const attributeFieldPrefix = 'attr_';

/** One attribute column: the key it names, its header, and the labels classes give that key. */
export interface AttributeColumn {
  field: string;
  key: string;
  /** The column header: the label, with the first defining class's name when another column has the same label. */
  header: string;
  labels: string[];
}

const words = (name: string) => nameWords(name).join(' ');

/** The attribute columns of an organisation: one per attribute key (built-in classes first), headers unique. */
export function attributeColumns(classes: ClassIndex): AttributeColumn[] {
  const byKey = new Map<string, AttributeColumn & { className: string }>();
  const sorted = [...classes.byId.values()].sort((a, b) => Number(b.builtin) - Number(a.builtin) || a.key.localeCompare(b.key));
  for (const cls of sorted) {
    for (const def of cls.attributes) {
      const column = byKey.get(def.key) ?? { field: `${attributeFieldPrefix}${def.key}`, key: def.key, header: def.label, labels: [], className: cls.name };
      if (!column.labels.includes(def.label)) column.labels.push(def.label);
      byKey.set(def.key, column);
    }
  }
  const columns = [...byKey.values()];
  const uses = new Map<string, number>();
  for (const name of [...baseFields.flatMap((f) => [f.label, ...(f.aliases ?? [])]), ...columns.map((c) => c.header)]) uses.set(words(name), (uses.get(words(name)) ?? 0) + 1);
  return columns.map(({ className, ...c }) => ({ ...c, header: uses.get(words(c.header))! > 1 ? `${c.header} (${className})` : c.header }));
}

/** Every field of the import: the item's own, then the attribute columns (read as text, typed per row). */
export function ciImportFields(classes: ClassIndex): ImportField[] {
  const taken = new Set(baseFields.flatMap((f) => [f.label, ...(f.aliases ?? [])]).map(words));
  const attributes = attributeColumns(classes).map((c): ImportField => {
    const aliases = [...new Set([c.key, ...c.labels.filter((l) => l !== c.header)])].filter((n) => !taken.has(words(n)));
    return { key: c.field, label: c.header, ...(aliases.length ? { aliases } : {}), type: 'text', maxLength: 10_000 };
  });
  return defineImportFields([...baseFields, ...attributes]);
}

/**
 * The attribute of `cls` a column feeds: the one with the column's key, else (unless `keyOnly`, or
 * when the file has a column for that attribute's own key) the one whose label reads the same as one
 * of the column's labels; undefined when the class has neither.
 */
export function attributeFor(classes: ClassIndex, cls: ClassRow, column: AttributeColumn, opts: { keyOnly?: boolean; mappedFields?: ReadonlySet<string> } = {}): AttributeDefinition | undefined {
  const defs = effectiveAttributes(classes, cls);
  const byKey = defs.find((d) => d.key === column.key);
  if (byKey || opts.keyOnly) return byKey;
  const names = new Set(column.labels.map(words));
  const byLabel = defs.find((d) => names.has(words(d.label)));
  return byLabel && !opts.mappedFields?.has(`${attributeFieldPrefix}${byLabel.key}`) ? byLabel : undefined;
}

/** How a cell of an attribute is read: the import field its definition corresponds to. */
function fieldOf(def: AttributeDefinition): ImportField {
  const base = { key: def.key, label: def.label };
  switch (def.type) {
    case 'number':
      return { ...base, type: def.integer ? 'integer' : 'number', ...(def.min !== undefined ? { min: def.min } : {}), ...(def.max !== undefined ? { max: def.max } : {}) };
    case 'date':
      return { ...base, type: 'date' };
    case 'boolean':
      return { ...base, type: 'boolean' };
    case 'choice':
      return { ...base, type: 'choice', choices: def.choices ?? [''] };
    case 'person':
      return { ...base, type: 'email' };
    default:
      return { ...base, type: 'text' };
  }
}

/** Converters of attribute cells by attribute definition, built once per definition. */
export class AttributeCellReader {
  readonly #options: Pick<ImportOptions, 'dateFormat' | 'decimalSeparator'>;
  readonly #cache = new Map<AttributeDefinition, (raw: string) => ImportValue | null | { problem: string }>();

  constructor(options: Pick<ImportOptions, 'dateFormat' | 'decimalSeparator'>) {
    this.#options = options;
  }

  /** The cell as the attribute's type: a person is an e-mail still to resolve, an item a key or id. */
  read(def: AttributeDefinition, raw: string): ImportValue | null | { problem: string } {
    let convert = this.#cache.get(def);
    if (!convert) {
      convert = cellConverter(fieldOf(def), this.#options);
      this.#cache.set(def, convert);
    }
    return convert(raw);
  }
}

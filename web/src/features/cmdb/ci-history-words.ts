/**
 * An item's audit entries in words: which field changed from what to what. Values read as people
 * say them (a person or team by name, a location by its path, yes/no); attributes change one by one.
 */
import type { TFunction } from 'i18next';
import type { CiAttribute } from '../../api/types';

/** One change: the field's label, and the values before and after (`ref` when an id needs resolving). */
export interface ChangeLine {
  field: string;
  from: ShownValue;
  to: ShownValue;
}

export type ShownValue = { text: string } | { person: string } | { ci: string };

const fieldKeys = [
  'name', 'status', 'environment', 'criticality', 'hosting', 'cloudProvider', 'cloudAccount', 'cloudRegion', 'location', 'rackPosition', 'owner', 'supportGroup',
  'description', 'tags', 'assetTag', 'serialNumber', 'assetState', 'class',
] as const;
type FieldKey = (typeof fieldKeys)[number];
const vocabularies: Partial<Record<FieldKey, 'statuses' | 'environments' | 'criticalities' | 'hostings' | 'assetStates'>> = {
  status: 'statuses',
  environment: 'environments',
  criticality: 'criticalities',
  hosting: 'hostings',
  assetState: 'assetStates',
};

function plain(t: TFunction, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? t('cmdb.yes') : t('cmdb.no');
  if (Array.isArray(value)) return value.length ? value.map((v) => plain(t, v)).join(', ') : '—';
  if (typeof value === 'object') {
    const o = value as { path?: unknown; name?: unknown };
    if (typeof o.path === 'string') return o.path;
    if (typeof o.name === 'string') return o.name;
    return JSON.stringify(value);
  }
  return String(value);
}

function fieldValue(t: TFunction, field: FieldKey, value: unknown): ShownValue {
  const vocabulary = vocabularies[field];
  if (vocabulary && typeof value === 'string') return { text: t(`cmdb.${vocabulary}.${value}` as 'cmdb.statuses.active') };
  return { text: plain(t, value) };
}

function attributeValue(t: TFunction, attribute: CiAttribute | undefined, value: unknown): ShownValue {
  if (typeof value === 'string' && attribute?.type === 'person') return { person: value };
  if (typeof value === 'string' && attribute?.type === 'ci') return { ci: value };
  return { text: plain(t, value) };
}

/** The changes of one entry, field by field; attributes by their labels. Unknown fields keep their names. */
export function changeLines(t: TFunction, changes: Record<string, { from?: unknown; to?: unknown }>, attributes: readonly CiAttribute[]): ChangeLine[] {
  const lines: ChangeLine[] = [];
  const byKey = new Map(attributes.map((a) => [a.key, a]));
  for (const [field, change] of Object.entries(changes)) {
    if (field === 'attributes') {
      const from = (change.from ?? {}) as Record<string, unknown>;
      const to = (change.to ?? {}) as Record<string, unknown>;
      for (const key of [...new Set([...Object.keys(from), ...Object.keys(to)])]) {
        if (JSON.stringify(from[key]) === JSON.stringify(to[key])) continue;
        const attribute = byKey.get(key);
        lines.push({ field: attribute?.label ?? key, from: attributeValue(t, attribute, from[key]), to: attributeValue(t, attribute, to[key]) });
      }
      continue;
    }
    if ((fieldKeys as readonly string[]).includes(field)) {
      const key = field as FieldKey;
      lines.push({ field: t(`cmdb.fields.${key}`), from: fieldValue(t, key, change.from), to: fieldValue(t, key, change.to) });
    } else if (field !== 'id' && field !== 'key' && field !== 'isAsset') {
      lines.push({ field, from: { text: plain(t, change.from) }, to: { text: plain(t, change.to) } });
    }
  }
  return lines;
}

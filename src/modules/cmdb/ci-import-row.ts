/**
 * One row of a configuration-item import as a change: the columns it sets (only mapped ones; an
 * empty cell clears a field, or keeps a required one), and the item it leads to from the item it
 * matched, so the check and the write compute the same result and "unchanged" means equal.
 */
import type { AttributeValue, AttributeValues } from './attributes.ts';
import type { CiRow } from './ci-query.ts';
import type { ClassRow } from './class-index.ts';

/** The columns an import row sets; a key that is absent was not mapped and stays as it is. */
export interface CiImportSet {
  name?: string;
  status?: CiRow['status'] | null;
  environment?: CiRow['environment'];
  hosting?: CiRow['hosting'];
  criticality?: CiRow['criticality'];
  description?: string | null;
  tags?: string[] | null;
  ownerId?: string | null;
  supportGroupId?: string | null;
  locationId?: string | null;
  assetTag?: string | null;
  serialNumber?: string | null;
}

/** What a checked row will do: update the matched item, or create one of `cls`. */
export interface CiRowPlan {
  line: number;
  cls: ClassRow;
  /** The matched item, or null to create one. */
  matchId: string | null;
  set: CiImportSet;
  /** Attribute values to set by the class's keys; null clears one. */
  attributes: Record<string, AttributeValue | null>;
}

/** The stored columns an import decides. */
export type CiImportState = Pick<
  CiRow,
  'name' | 'classId' | 'status' | 'environment' | 'hosting' | 'criticality' | 'description' | 'tags' | 'ownerId' | 'supportGroupId' | 'locationId' | 'assetTag' | 'serialNumber' | 'assetState' | 'attributes'
>;

const pick = <T>(value: T | undefined, current: T): T => (value === undefined ? current : value);

/** The attributes after the row: its values over the current ones, nulls removing keys. */
export function mergedAttributes(current: AttributeValues, set: Record<string, AttributeValue | null>): AttributeValues {
  const out: AttributeValues = { ...current };
  for (const [key, value] of Object.entries(set)) {
    if (value === null) delete out[key];
    else out[key] = value;
  }
  return out;
}

/** The item as the row leaves it, from the matched item (or nothing, for a new one). */
export function stateAfter(current: CiRow | undefined, plan: Pick<CiRowPlan, 'cls' | 'set' | 'attributes'>): CiImportState {
  const s = plan.set;
  return {
    name: s.name ?? current?.name ?? '',
    classId: current?.classId ?? plan.cls.id,
    status: s.status ?? current?.status ?? 'active',
    environment: pick(s.environment, current?.environment ?? null),
    hosting: pick(s.hosting, current?.hosting ?? null),
    criticality: pick(s.criticality, current?.criticality ?? null),
    description: s.description === undefined ? (current?.description ?? '') : (s.description ?? ''),
    tags: s.tags === undefined ? (current?.tags ?? []) : (s.tags ?? []),
    ownerId: pick(s.ownerId, current?.ownerId ?? null),
    supportGroupId: pick(s.supportGroupId, current?.supportGroupId ?? null),
    locationId: pick(s.locationId, current?.locationId ?? null),
    assetTag: pick(s.assetTag, current?.assetTag ?? null),
    serialNumber: pick(s.serialNumber, current?.serialNumber ?? null),
    assetState: current ? current.assetState : plan.cls.isAsset ? 'in_stock' : null,
    attributes: mergedAttributes(current?.attributes ?? {}, plan.attributes),
  };
}

function sameAttributes(a: AttributeValues, b: AttributeValues): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}

/** True when writing `next` would not change the item. */
export function isUnchanged(current: CiRow, next: CiImportState): boolean {
  return (
    current.name === next.name &&
    current.status === next.status &&
    current.environment === next.environment &&
    current.hosting === next.hosting &&
    current.criticality === next.criticality &&
    current.description === next.description &&
    current.tags.length === next.tags.length &&
    current.tags.every((t, i) => t === next.tags[i]) &&
    current.ownerId === next.ownerId &&
    current.supportGroupId === next.supportGroupId &&
    current.locationId === next.locationId &&
    current.assetTag === next.assetTag &&
    current.serialNumber === next.serialNumber &&
    sameAttributes(current.attributes, next.attributes)
  );
}

const tagPattern = /^[\p{L}\p{N}][\p{L}\p{N}._:/-]*$/u;

/** Tags from a cell: separated by ; or , — lower case, each checked as the API checks tags. */
export function parseTags(text: string): string[] | { problem: string } {
  const tags = [...new Set(text.split(/[;,]/).map((t) => t.trim().toLowerCase()).filter(Boolean))];
  const bad = tags.find((t) => t.length > 50 || !tagPattern.test(t));
  if (bad !== undefined) return { problem: `"${bad}" is not a tag: tags are up to 50 letters, digits and . _ : / - (no spaces), separated by ; or ,` };
  if (tags.length > 30) return { problem: `has ${tags.length} tags; at most 30 are allowed` };
  return tags;
}

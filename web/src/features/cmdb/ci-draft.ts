/**
 * The item editor's working copy: every field as the form edits it (blank text, blank numbers), each
 * of the class's attributes present (so a server problem on `attributes.<key>` finds its input), and
 * the conversion to the create body or to a patch of only what changed.
 */
import type { CiClass, CiEnvironment, CiHosting, CiPatch, CiStatus, ConfigurationItem, Criticality, NewCi } from '../../api/types';
import type { assetStates } from './cmdb-vocabulary';

/** An attribute as the form holds it: text, a number, yes/no, or blank ('' or null). */
export type AttributeDraft = string | number | boolean | null;

export interface CiDraft {
  name: string;
  status: CiStatus;
  environment: CiEnvironment | null;
  criticality: Criticality | null;
  hosting: CiHosting | null;
  cloudProvider: string;
  cloudAccount: string;
  cloudRegion: string;
  locationId: string | null;
  rackPosition: number | '';
  ownerId: string | null;
  supportGroupId: string | null;
  description: string;
  tags: string[];
  assetTag: string;
  serialNumber: string;
  assetState: (typeof assetStates)[number];
  attributes: Record<string, AttributeDraft>;
}

export function isBlank(value: AttributeDraft): value is '' | null {
  return value === null || (typeof value === 'string' && value.trim() === '');
}

/** The working copy of an item (a new one of `cls` when there is none). */
export function draftOf(ci: ConfigurationItem | null, cls: CiClass): CiDraft {
  const attributes: Record<string, AttributeDraft> = {};
  for (const a of cls.attributes) attributes[a.key] = ci?.attributes[a.key] ?? (a.type === 'number' || a.type === 'text' || a.type === 'date' ? '' : null);
  return {
    name: ci?.name ?? '',
    status: ci?.status ?? 'active',
    environment: ci?.environment ?? null,
    criticality: ci?.criticality ?? null,
    hosting: ci?.hosting ?? null,
    cloudProvider: ci?.cloudProvider ?? '',
    cloudAccount: ci?.cloudAccount ?? '',
    cloudRegion: ci?.cloudRegion ?? '',
    locationId: ci?.location?.id ?? null,
    rackPosition: ci?.rackPosition ?? '',
    ownerId: ci?.owner?.id ?? null,
    supportGroupId: ci?.supportGroup?.id ?? null,
    description: ci?.description ?? '',
    tags: ci?.tags ?? [],
    assetTag: ci?.assetTag ?? '',
    serialNumber: ci?.serialNumber ?? '',
    assetState: ci?.assetState ?? 'in_stock',
    attributes,
  };
}

const textOrNull = (s: string) => s.trim() || null;
const cloudy = (d: CiDraft) => d.hosting === 'cloud' || d.hosting === 'hybrid';

/** The fields both create and update send, in the API's shape. */
function fieldsOf(d: CiDraft, isAsset: boolean) {
  return {
    name: d.name.trim(),
    status: d.status,
    environment: d.environment,
    criticality: d.criticality,
    hosting: d.hosting,
    cloudProvider: cloudy(d) ? textOrNull(d.cloudProvider) : null,
    cloudAccount: cloudy(d) ? textOrNull(d.cloudAccount) : null,
    cloudRegion: cloudy(d) ? textOrNull(d.cloudRegion) : null,
    locationId: d.locationId,
    rackPosition: d.locationId && d.rackPosition !== '' ? d.rackPosition : null,
    ownerId: d.ownerId,
    supportGroupId: d.supportGroupId,
    description: d.description.trim(),
    tags: d.tags,
    assetTag: isAsset ? textOrNull(d.assetTag) : null,
    serialNumber: isAsset ? textOrNull(d.serialNumber) : null,
  };
}

/** A value as the API takes it: text trimmed, blanks left out. */
function attributeValue(value: AttributeDraft): string | number | boolean | null {
  if (isBlank(value)) return null;
  return typeof value === 'string' ? value.trim() : value;
}

/** The create body: the class, the fields set and the attributes filled in (blanks left out). */
export function createBodyOf(d: CiDraft, cls: CiClass): NewCi {
  const fields = fieldsOf(d, cls.isAsset);
  const body: NewCi = { name: fields.name, class: cls.key, status: fields.status, tags: fields.tags };
  for (const [key, value] of Object.entries(fields)) {
    if (key !== 'name' && key !== 'status' && key !== 'tags' && value !== null && value !== '') Object.assign(body, { [key]: value });
  }
  const attributes = Object.fromEntries(Object.entries(d.attributes).flatMap(([key, value]) => (isBlank(value) ? [] : [[key, attributeValue(value)]])));
  return { ...body, attributes, ...(cls.isAsset ? { assetState: d.assetState } : {}) };
}

/** The fields and attributes that differ from what was loaded (a cleared attribute as null), plus the version read. */
export function patchOf(ci: ConfigurationItem, cls: CiClass, d: CiDraft): CiPatch {
  const before = fieldsOf(draftOf(ci, cls), ci.isAsset);
  const after = fieldsOf(d, ci.isAsset);
  const patch: CiPatch = { version: ci.version };
  for (const key of Object.keys(after) as (keyof typeof after)[]) {
    if (JSON.stringify(after[key]) !== JSON.stringify(before[key])) Object.assign(patch, { [key]: after[key] });
  }
  const loaded = draftOf(ci, cls).attributes;
  const attributes: Record<string, string | number | boolean | null> = {};
  for (const [key, value] of Object.entries(d.attributes)) {
    if (attributeValue(value) !== attributeValue(loaded[key] ?? null)) attributes[key] = attributeValue(value);
  }
  if (Object.keys(attributes).length > 0) patch.attributes = attributes;
  return patch;
}

/** The client's check of the attributes the class requires; the server checks types and limits. */
export function missingAttributes(d: CiDraft, cls: CiClass, message: string): Record<string, string> {
  return Object.fromEntries(cls.attributes.filter((a) => a.required && isBlank(d.attributes[a.key] ?? null)).map((a) => [`attributes.${a.key}`, message]));
}

/** Request and response schemas of the CMDB API: configuration items, relationships and impact analysis. */
import { z } from 'zod';
import { HumanKey } from '../../platform/keys/human-keys.ts';
import { pageOf, pageQuery } from '../../platform/http/pagination.ts';
import { AssetFinancial, CurrentCustody, FinancialInput } from './asset-contract.ts';
import { assetStates } from './asset-lifecycle.ts';
import { attributeKeyPattern } from './attributes.ts';
import { CiRef, ClassRef } from './ci-ref.ts';
import { relationshipNames, relationshipTypes } from './relationship-types.ts';
import { ciStatuses, criticalities, environments, hostings, locationKinds } from './schema.ts';

const text = (max: number) => z.string().trim().max(max);
const uuid = z.uuid('must be an id');
const isoTime = z.string().describe('ISO 8601 time');
const version = z.number().int().min(1).describe('The version you read; a stale one gets 409');
const tag = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'must not be empty')
  .max(50)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}._:/-]*$/u, 'must be letters, digits and . _ : / - (no spaces)');
const tags = z.array(tag).max(30).describe('Up to 30 tags; stored in lower case');
const ciRef = z.string().trim().min(1, 'is required').max(60).describe('Configuration item id or key (CI-42)');

export const CiStatus = z.enum(ciStatuses).describe('planned, active, maintenance or retired (the CMDB status; an asset\'s lifecycle state is assetState)');
export const Environment = z.enum(environments);
export const Hosting = z.enum(hostings);
export const Criticality = z.enum(criticalities).describe('How much the business depends on it; set on business services above all');
export const AssetState = z.enum(assetStates);
export const RelationshipType = z.enum(relationshipTypes);
export const RelationshipName = z.enum(relationshipNames);

export const CiIdParams = z.strictObject({ id: ciRef });
export const IdParams = z.strictObject({ id: uuid });

const PersonRef = z.object({ id: z.string(), name: z.string(), email: z.string() });
const Ref = z.object({ id: z.string(), name: z.string() });
const LocationRef = z.object({ id: z.string(), kind: z.enum(locationKinds), name: z.string(), path: z.string().describe('Names from the site down, joined by " / "') });
const AttributeValue = z.union([z.string(), z.number(), z.boolean()]);

export const ConfigurationItem = z
  .object({
    id: z.string(),
    key: HumanKey,
    name: z.string(),
    class: ClassRef,
    status: CiStatus,
    environment: Environment.nullable(),
    hosting: Hosting.nullable(),
    cloudProvider: z.string().nullable(),
    cloudAccount: z.string().nullable(),
    cloudRegion: z.string().nullable(),
    location: LocationRef.nullable(),
    rackPosition: z.number().int().nullable().describe('In a rack: the lowest rack unit the item occupies'),
    owner: PersonRef.nullable(),
    supportGroup: Ref.nullable().describe('The team that supports the item'),
    criticality: Criticality.nullable(),
    description: z.string(),
    tags: z.array(z.string()),
    attributes: z.record(z.string(), AttributeValue).describe("The class's typed attributes by key; dates are YYYY-MM-DD, people and items are ids"),
    isAsset: z.boolean().describe('The class is an asset class: asset tag, serial number and lifecycle state apply'),
    assetTag: z.string().nullable(),
    serialNumber: z.string().nullable(),
    assetState: AssetState.nullable().describe('Asset lifecycle state (asset classes only)'),
    financial: AssetFinancial.nullable().describe('Asset classes only: purchase data, warranty, life and depreciation terms'),
    custody: CurrentCustody.nullable().describe('Who or where the asset is checked out to; null when nobody holds it'),
    createdAt: isoTime,
    updatedAt: isoTime,
    version: z.number().int(),
  })
  .meta({ id: 'ConfigurationItem' });
export type ConfigurationItem = z.infer<typeof ConfigurationItem>;
export const ConfigurationItemPage = pageOf(ConfigurationItem);

const list = <T extends z.ZodType>(item: T) =>
  z
    .string()
    .max(500)
    .transform((s, ctx) => {
      const out: z.infer<T>[] = [];
      for (const part of s.split(',').map((p) => p.trim()).filter(Boolean)) {
        const parsed = item.safeParse(part);
        if (!parsed.success) {
          ctx.addIssue({ code: 'custom', message: `"${part}" is not allowed` });
          return z.NEVER;
        }
        out.push(parsed.data);
      }
      return out;
    });

const attrParam = new RegExp(`^attr\\.(${attributeKeyPattern.source.slice(1, -1)})$`);

export const ciSorts = ['name', '-name', 'createdAt', '-createdAt', 'updatedAt', '-updatedAt'] as const;
/** The CI list's filter parameters, shared by every query that picks items the way the list does (labels). */
export const ciFilterShape = {
  q: text(200).optional().describe('Search in name, key, asset tag, serial number and tags'),
  class: text(60).optional().describe('Class key (e.g. server) or id; items of its sub-classes are included'),
  status: list(CiStatus).optional().describe('Comma-separated statuses'),
  environment: list(Environment).optional().describe('Comma-separated environments'),
  criticality: list(Criticality).optional().describe('Comma-separated criticalities'),
  hosting: list(Hosting).optional(),
  assetState: list(AssetState).optional(),
  location: uuid.optional().describe('Location id; items in the locations below it are included'),
  owner: z.union([z.literal('none'), z.literal('me'), uuid]).optional().describe('Person id, me or none'),
  supportGroup: z.union([z.literal('none'), uuid]).optional().describe('Team id or none'),
  tag: tag.optional(),
};

/** Names every query parameter that is neither declared in `shape` nor an `attr.<key>` filter (use with `.superRefine`). */
export function onlyAttributeExtras(shape: object): (query: Record<string, unknown>, ctx: z.RefinementCtx) => void {
  return (query, ctx) => {
    for (const [key, value] of Object.entries(query)) {
      if (key in shape) continue;
      if (!attrParam.test(key)) ctx.addIssue({ code: 'custom', path: [key], message: 'is not a parameter of this list (custom attributes are filtered as attr.<key>)' });
      else if (typeof value !== 'string') ctx.addIssue({ code: 'custom', path: [key], message: 'must be given once' });
      else if (value.length > 500) ctx.addIssue({ code: 'custom', path: [key], message: 'must be at most 500 characters' });
    }
  };
}

/** Unknown parameters are named even when declared ones are wrong too. */
export const evenWithOtherIssues = { when: (payload: { value: unknown }) => typeof payload.value === 'object' && payload.value !== null };

/**
 * The CI list's filters. Besides the declared parameters, `attr.<key>=<value>` filters on a custom
 * attribute of the class named by `class` (exact match, typed by the attribute's definition).
 */
const ciQueryShape = { ...ciFilterShape, sort: z.enum(ciSorts).optional().describe('Default name'), ...pageQuery };
export const CiQuery = z.looseObject(ciQueryShape).superRefine(onlyAttributeExtras(ciQueryShape), evenWithOtherIssues);
export type CiQuery = z.infer<typeof CiQuery>;

/** The filters of the CI list, as another query (labels) may carry them. */
export type CiFilters = z.infer<z.ZodObject<typeof ciFilterShape>> & { [param: string]: unknown };

/** The attribute filters of a CI query, by attribute key. */
export function attributeFilters(query: CiFilters): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(query)) {
    const match = attrParam.exec(key);
    if (match && typeof value === 'string') out.set(match[1]!, value);
  }
  return out;
}

const nullableText = (max: number) => text(max).nullable().optional();
const ciName = text(200).min(1, 'is required');
const ciFields = {
  status: CiStatus.optional().describe('Default active'),
  environment: Environment.nullable().optional(),
  hosting: Hosting.nullable().optional(),
  cloudProvider: nullableText(100).describe('e.g. aws, azure, gcp (cloud or hybrid hosting)'),
  cloudAccount: nullableText(200).describe('Account, subscription or project'),
  cloudRegion: nullableText(100),
  locationId: uuid.nullable().optional(),
  rackPosition: z.number().int().min(1).max(100).nullable().optional().describe('Lowest rack unit; the location must be a rack'),
  ownerId: uuid.nullable().optional(),
  supportGroupId: uuid.nullable().optional(),
  criticality: Criticality.nullable().optional(),
  description: z.string().max(20_000).optional().describe('Markdown'),
  tags: tags.optional(),
  attributes: z
    .record(z.string().max(60), AttributeValue.nullable())
    .optional()
    .describe("Typed attributes of the class by key; on update only the keys sent change, and null clears one"),
  assetTag: nullableText(100).describe('Asset classes: unique in the organisation'),
  serialNumber: nullableText(100).describe('Asset classes: unique in the organisation'),
  financial: FinancialInput.optional(),
};

export const CreateCiBody = z.strictObject({
  name: ciName,
  ...ciFields,
  class: text(60).min(1, 'is required').describe('Class key (e.g. server) or id'),
  assetState: AssetState.optional().describe('Asset classes: the starting lifecycle state (default in_stock); later changes go through the asset lifecycle'),
});
export type CreateCiBody = z.infer<typeof CreateCiBody>;

export const UpdateCiBody = z.strictObject({ version, name: ciName.optional(), ...ciFields });
export type UpdateCiBody = z.infer<typeof UpdateCiBody>;

export const Relationship = z
  .object({
    id: z.string(),
    type: RelationshipType.describe('The stored type, read from source to target'),
    source: CiRef,
    target: CiRef,
    createdAt: isoTime,
  })
  .meta({ id: 'CiRelationship' });
export type Relationship = z.infer<typeof Relationship>;

export const CreateRelationshipBody = z.strictObject({
  sourceId: ciRef.describe('The item the relationship reads from: id or key'),
  type: RelationshipName.describe('A type or its inverse name (used_by, hosts, has_member, backs_up, protects, contained_in); an inverse is stored as its type with the ends swapped'),
  targetId: ciRef.describe('The other item: id or key'),
});
export type CreateRelationshipBody = z.infer<typeof CreateRelationshipBody>;

export const CiRelationship = z
  .object({
    id: z.string(),
    type: RelationshipType,
    name: RelationshipName.describe('The relationship as read from this item (depends_on from its source, used_by from its target)'),
    direction: z.enum(['outgoing', 'incoming']).describe('outgoing: this item is the stored source'),
    ci: CiRef.describe('The item at the other end'),
    createdAt: isoTime,
  })
  .meta({ id: 'CiRelationshipFromItem' });
export type CiRelationship = z.infer<typeof CiRelationship>;
export const CiRelationshipPage = pageOf(CiRelationship);
export const CiRelationshipQuery = z.strictObject({
  direction: z.enum(['outgoing', 'incoming']).optional(),
  type: RelationshipType.optional(),
  ...pageQuery,
});
export type CiRelationshipQuery = z.infer<typeof CiRelationshipQuery>;

export const ImpactQuery = z.strictObject({
  direction: z.enum(['downstream', 'upstream', 'both']).default('downstream').describe('downstream: what breaks if this item goes down; upstream: what it needs'),
  depth: z.coerce.number().int().min(1).max(10).default(3).describe('How many relationships away to go, 1–10'),
  limit: z.coerce.number().int().min(1).max(5000).default(1000).describe('Most items to return (nearest first); truncated says when more were reached'),
});
export type ImpactQuery = z.infer<typeof ImpactQuery>;

const ImpactStep = z.object({
  name: RelationshipName.describe('The relationship as read from the previous item'),
  key: z.string().describe('The item this step reaches (every item on a path is itself in items)'),
});
export const ImpactItem = z.object({
  ci: CiRef,
  criticality: Criticality.nullable(),
  direction: z.enum(['downstream', 'upstream']),
  depth: z.number().int(),
  path: z.array(ImpactStep).describe('From the analysed item to this one, one step per relationship'),
});
export const ImpactReport = z
  .object({
    root: CiRef,
    direction: z.enum(['downstream', 'upstream', 'both']),
    depth: z.number().int(),
    items: z.array(ImpactItem).describe('Each item reached once, by its shortest path, nearest first'),
    businessServices: z.array(ImpactItem).describe('The business services among the items, most critical first'),
    truncated: z.boolean(),
  })
  .meta({ id: 'ImpactReport' });
export type ImpactReport = z.infer<typeof ImpactReport>;
export type ImpactItem = z.infer<typeof ImpactItem>;

export const CiTicketQuery = z.strictObject({ ...pageQuery });

export const CiHistoryQuery = z.strictObject({ ...pageQuery });
export const CiHistoryEntry = z
  .object({
    at: isoTime,
    actor: z.object({ id: z.string().nullable(), label: z.string().describe("The person's name, or the token or system that acted") }),
    action: z.string().describe('created, updated, state_changed, checked_out or checked_in'),
    changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })).describe('Field by field, as the item is presented (attributes as one object)'),
  })
  .meta({ id: 'CiHistoryEntry' });
export type CiHistoryEntry = z.infer<typeof CiHistoryEntry>;
export const CiHistoryPage = pageOf(CiHistoryEntry);

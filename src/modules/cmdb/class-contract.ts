/** Request and response schemas of CI classes (with their attribute definitions) and the location tree. */
import { z } from 'zod';
import { pageOf, pageQuery } from '../../platform/http/pagination.ts';
import { attributeKeyPattern, attributeTypes } from './attributes.ts';
import { ClassRef } from './ci-ref.ts';
import { locationKinds } from './schema.ts';

const text = (max: number) => z.string().trim().max(max);
const uuid = z.uuid('must be an id');
const isoTime = z.string().describe('ISO 8601 time');
const version = z.number().int().min(1).describe('The version you read; a stale one gets 409');
const classKey = z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'must be 2–40 lower-case letters, digits and _, starting with a letter');

export const AttributeDefinition = z
  .strictObject({
    key: z.string().regex(attributeKeyPattern, 'must be a camelCase name: a lower-case letter, then letters, digits or _ (at most 40)'),
    label: text(200).min(1, 'is required'),
    type: z.enum(attributeTypes).describe('text, number, date (YYYY-MM-DD), boolean, choice, person (a person of the organisation) or ci (another configuration item)'),
    required: z.boolean().default(false),
    help: text(500).optional(),
    choices: z.array(text(200).min(1, 'must not be empty')).min(1).max(200).optional().describe('choice: the allowed values'),
    min: z.number().min(-1e15).max(1e15).optional().describe('number: smallest allowed'),
    max: z.number().min(-1e15).max(1e15).optional().describe('number: largest allowed'),
    integer: z.boolean().optional().describe('number: whole numbers only'),
    maxLength: z.number().int().min(1).max(10_000).optional().describe('text: most characters (default 2000)'),
    pattern: z.string().max(200).optional().describe('text: a regular expression the whole value must match'),
    ciClass: classKey.optional().describe('ci: the item must be of this class (key) or one below it'),
  })
  .meta({ id: 'CiAttributeDefinition' });
export type AttributeDefinitionInput = z.infer<typeof AttributeDefinition>;

export const AttributeView = z
  .object({
    key: z.string(),
    label: z.string(),
    type: z.enum(attributeTypes),
    required: z.boolean(),
    help: z.string().optional(),
    choices: z.array(z.string()).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    integer: z.boolean().optional(),
    maxLength: z.number().optional(),
    pattern: z.string().optional(),
    ciClass: z.string().optional(),
    source: z.enum(['builtin', 'custom', 'inherited']).describe('builtin: Steward\'s (fixed); custom: this class\'s own; inherited: from a parent class'),
    definedBy: z.string().describe('Key of the class that declares it'),
  })
  .meta({ id: 'CiAttribute' });
export type AttributeView = z.infer<typeof AttributeView>;

export const CiClass = z
  .object({
    id: z.string(),
    key: z.string(),
    name: z.string(),
    description: z.string(),
    parent: ClassRef.nullable(),
    builtin: z.boolean().describe('Steward\'s own: only its custom attributes and expected life can change'),
    isAsset: z.boolean().describe('Items are physical assets: asset tag, serial number and lifecycle state apply'),
    expectedLifeMonths: z.number().int().nullable().describe('Hardware refresh: months from in-service to replacement'),
    attributes: z.array(AttributeView).describe('Every attribute an item of the class has: inherited, built-in, then custom'),
    customAttributes: z.array(AttributeDefinition).describe("The class's own custom attributes, as PATCH takes them"),
    createdAt: isoTime,
    updatedAt: isoTime,
    version: z.number().int(),
  })
  .meta({ id: 'CiClass' });
export type CiClass = z.infer<typeof CiClass>;
export const CiClassPage = pageOf(CiClass);
export const CiClassQuery = z.strictObject({ q: text(200).optional().describe('Search in key and name'), ...pageQuery });
export type CiClassQuery = z.infer<typeof CiClassQuery>;
export const ClassIdParams = z.strictObject({ id: text(60).min(1).describe('Class id or key') });

const customAttributes = z.array(AttributeDefinition).max(100).describe("The class's own custom attributes: the whole list, replacing the previous one");
export const CreateCiClassBody = z.strictObject({
  key: classKey.describe('Stable key, e.g. linux_server'),
  name: text(100).min(1, 'is required'),
  description: text(2000).optional(),
  parent: text(60).min(1).nullable().optional().describe('Parent class id or key: its attributes are inherited'),
  isAsset: z.boolean().optional().describe("Default: the parent's, else false"),
  expectedLifeMonths: z.number().int().min(1).max(1200).nullable().optional(),
  customAttributes: customAttributes.optional(),
});
export type CreateCiClassBody = z.infer<typeof CreateCiClassBody>;
export const UpdateCiClassBody = z.strictObject({
  version,
  name: text(100).min(1, 'is required').optional(),
  description: text(2000).optional(),
  isAsset: z.boolean().optional(),
  expectedLifeMonths: z.number().int().min(1).max(1200).nullable().optional(),
  customAttributes: customAttributes.optional(),
});
export type UpdateCiClassBody = z.infer<typeof UpdateCiClassBody>;

export const LocationKind = z.enum(locationKinds).describe('site, building, floor, room or rack; each sits only under a larger kind');
export const Location = z
  .object({
    id: z.string(),
    kind: LocationKind,
    name: z.string(),
    parentId: z.string().nullable(),
    path: z.string().describe('Names from the top down, joined by " / "'),
    description: z.string(),
    rackUnits: z.number().int().nullable().describe('Racks: height in rack units'),
    createdAt: isoTime,
    updatedAt: isoTime,
    version: z.number().int(),
  })
  .meta({ id: 'Location' });
export type Location = z.infer<typeof Location>;
export const LocationPage = pageOf(Location);
export const LocationQuery = z.strictObject({
  kind: LocationKind.optional(),
  parent: z.union([z.literal('none'), uuid]).optional().describe('Children of this location, or none for the top level'),
  q: text(200).optional().describe('Search in the path'),
  ...pageQuery,
});
export type LocationQuery = z.infer<typeof LocationQuery>;
export const CreateLocationBody = z.strictObject({
  kind: LocationKind,
  name: text(200).min(1, 'is required').refine((n) => !n.includes(' / '), 'must not contain " / "'),
  parentId: uuid.nullable().optional(),
  description: text(2000).optional(),
  rackUnits: z.number().int().min(1).max(100).nullable().optional().describe('Racks only: height in rack units'),
});
export type CreateLocationBody = z.infer<typeof CreateLocationBody>;
export const UpdateLocationBody = CreateLocationBody.partial().extend({ version }).strict();
export type UpdateLocationBody = z.infer<typeof UpdateLocationBody>;

/**
 * The CMDB's tables: classes with their typed attribute definitions, the location tree, configuration
 * items (one record per item; asset classes carry the physical asset facet), typed relationships
 * between items, and the items a ticket affects.
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, jsonb, numeric, pgTable, primaryKey, smallint, text, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt, version } from '../../db/columns.ts';
import { organisations, users } from '../../platform/auth/schema.ts';
import { teams } from '../identity/schema.ts';
import { tickets } from '../service-desk/schema.ts';
import { assetStates } from './asset-lifecycle.ts';
import type { AttributeDefinition, AttributeValues } from './attributes.ts';
import { depreciationMethods } from './depreciation.ts';
import { relationshipTypes } from './relationship-types.ts';

export const ciStatuses = ['planned', 'active', 'maintenance', 'retired'] as const;
export type CiStatus = (typeof ciStatuses)[number];
export const environments = ['production', 'staging', 'test', 'development'] as const;
export const hostings = ['on_site', 'cloud', 'hybrid'] as const;
export const criticalities = ['critical', 'high', 'medium', 'low'] as const;
export type Criticality = (typeof criticalities)[number];
/** From the largest to the smallest: a location sits only under a larger kind. */
export const locationKinds = ['site', 'building', 'floor', 'room', 'rack'] as const;
export type LocationKind = (typeof locationKinds)[number];

/** Built-in (Steward's) and admin-defined classes; a class may refine a parent and inherits its attributes. */
export const ciClasses = pgTable(
  'ci_classes',
  {
    id: id(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    parentId: uuid('parent_id').references((): AnyPgColumn => ciClasses.id),
    builtin: boolean('builtin').notNull().default(false),
    /** Items of the class are physical assets: asset tag, serial number and lifecycle state apply. */
    isAsset: boolean('is_asset').notNull().default(false),
    /** Hardware refresh: months from in-service to replacement. */
    expectedLifeMonths: integer('expected_life_months'),
    /** The class's own attributes (built-in ones first, marked `builtin`); parents' are inherited. */
    attributes: jsonb('attributes').notNull().$type<AttributeDefinition[]>().default(sql`'[]'::jsonb`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [uniqueIndex('ci_classes_org_key').on(t.orgId, t.key), uniqueIndex('ci_classes_org_name').on(t.orgId, sql`lower(${t.name})`), index('ci_classes_parent').on(t.parentId)],
);

/** Where things are: site → building → floor → room → rack. */
export const locations = pgTable(
  'locations',
  {
    id: id(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    parentId: uuid('parent_id').references((): AnyPgColumn => locations.id),
    kind: text('kind', { enum: locationKinds }).notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    /** Racks: height in rack units. */
    rackUnits: smallint('rack_units'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    uniqueIndex('locations_org_parent_name').on(t.orgId, sql`coalesce(${t.parentId}, '00000000-0000-0000-0000-000000000000'::uuid)`, sql`lower(${t.name})`),
    index('locations_parent').on(t.parentId),
  ],
);

/** One record per item, asset or not: its class says which attributes and facets apply. */
export const configurationItems = pgTable(
  'configuration_items',
  {
    id: id(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    name: text('name').notNull(),
    classId: uuid('class_id').notNull().references(() => ciClasses.id),
    status: text('status', { enum: ciStatuses }).notNull().default('active'),
    environment: text('environment', { enum: environments }),
    hosting: text('hosting', { enum: hostings }),
    cloudProvider: text('cloud_provider'),
    cloudAccount: text('cloud_account'),
    cloudRegion: text('cloud_region'),
    locationId: uuid('location_id').references(() => locations.id),
    /** In a rack: the lowest rack unit the item occupies. */
    rackPosition: smallint('rack_position'),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
    supportGroupId: uuid('support_group_id').references(() => teams.id, { onDelete: 'set null' }),
    criticality: text('criticality', { enum: criticalities }),
    description: text('description').notNull().default(''),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    attributes: jsonb('attributes').notNull().$type<AttributeValues>().default(sql`'{}'::jsonb`),
    /** Asset classes only: the physical asset's identifiers and lifecycle state (see asset-lifecycle.ts). */
    assetTag: text('asset_tag'),
    serialNumber: text('serial_number'),
    assetState: text('asset_state', { enum: assetStates }),
    /** Asset classes only: the purchase and financial facet; money in minor units of `currency`. */
    vendorName: text('vendor_name'),
    orderNumber: text('order_number'),
    invoiceNumber: text('invoice_number'),
    purchaseDate: date('purchase_date', { mode: 'string' }),
    purchaseCost: bigint('purchase_cost', { mode: 'number' }),
    currency: text('currency'),
    warrantyEnd: date('warranty_end', { mode: 'string' }),
    inServiceDate: date('in_service_date', { mode: 'string' }),
    /** Overrides the class's expected life (refresh due and depreciation). */
    expectedLifeMonths: integer('expected_life_months'),
    salvageValue: bigint('salvage_value', { mode: 'number' }),
    depreciationMethod: text('depreciation_method', { enum: depreciationMethods }),
    decliningBalanceRate: numeric('declining_balance_rate', { precision: 5, scale: 4, mode: 'number' }),
    costCentre: text('cost_centre'),
    /** Who or where the asset is checked out to now (asset_custody keeps the history). */
    custodianId: uuid('custodian_id').references(() => users.id, { onDelete: 'set null' }),
    custodyLocationId: uuid('custody_location_id').references(() => locations.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    uniqueIndex('configuration_items_org_key').on(t.orgId, t.key),
    uniqueIndex('configuration_items_org_asset_tag').on(t.orgId, sql`lower(${t.assetTag})`).where(sql`${t.assetTag} is not null`),
    uniqueIndex('configuration_items_org_serial').on(t.orgId, sql`lower(${t.serialNumber})`).where(sql`${t.serialNumber} is not null`),
    index('configuration_items_org_name').on(t.orgId, sql`lower(${t.name})`, t.id),
    index('configuration_items_org_created').on(t.orgId, t.createdAt, t.id),
    // A class's items in name order: the list filtered by one class (and its attributes) reads its first page from here.
    index('configuration_items_org_class_name').on(t.orgId, t.classId, sql`lower(${t.name})`, t.id),
    index('configuration_items_org_location').on(t.orgId, t.locationId),
    index('configuration_items_org_owner').on(t.orgId, t.ownerId),
    index('configuration_items_org_group').on(t.orgId, t.supportGroupId),
    index('configuration_items_tags').using('gin', t.tags),
    index('configuration_items_attributes').using('gin', t.attributes.op('jsonb_path_ops')),
    index('configuration_items_org_warranty').on(t.orgId, t.warrantyEnd, t.id).where(sql`${t.warrantyEnd} is not null`),
    index('configuration_items_org_custodian').on(t.orgId, t.custodianId).where(sql`${t.custodianId} is not null`),
    check('configuration_items_currency', sql`${t.currency} is null or ${t.currency} ~ '^[A-Z]{3}$'`),
    check('configuration_items_money', sql`coalesce(${t.purchaseCost}, 0) >= 0 and coalesce(${t.salvageValue}, 0) >= 0 and (${t.salvageValue} is null or ${t.purchaseCost} is null or ${t.salvageValue} <= ${t.purchaseCost})`),
    check('configuration_items_life', sql`${t.expectedLifeMonths} is null or ${t.expectedLifeMonths} between 1 and 1200`),
    check('configuration_items_rate', sql`${t.decliningBalanceRate} is null or (${t.decliningBalanceRate} > 0 and ${t.decliningBalanceRate} <= 1)`),
    check('configuration_items_one_holder', sql`${t.custodianId} is null or ${t.custodyLocationId} is null`),
  ],
);

/** A typed, directed link stored once; read from the target under the type's inverse name. */
export const ciRelationships = pgTable(
  'ci_relationships',
  {
    id: id(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    sourceId: uuid('source_id').notNull().references(() => configurationItems.id, { onDelete: 'cascade' }),
    type: text('type', { enum: relationshipTypes }).notNull(),
    targetId: uuid('target_id').notNull().references(() => configurationItems.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('ci_relationships_source_type_target').on(t.sourceId, t.type, t.targetId),
    index('ci_relationships_target_type').on(t.targetId, t.type, t.sourceId),
    index('ci_relationships_org').on(t.orgId),
    check('ci_relationships_not_self', sql`${t.sourceId} <> ${t.targetId}`),
  ],
);

/** The configuration items a ticket affects. */
export const ticketCis = pgTable(
  'ticket_cis',
  {
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    ticketId: uuid('ticket_id').notNull().references(() => tickets.id, { onDelete: 'cascade' }),
    ciId: uuid('ci_id').notNull().references(() => configurationItems.id),
    position: smallint('position').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.ciId] }), index('ticket_cis_ci').on(t.ciId, t.ticketId)],
);

/**
 * Software and licence tables: normalised software titles, the installations inventory found on
 * configuration items (raw values kept beside the normalised ones), admin aliases that steer
 * normalisation, licence entitlements with their assignments, and usage peaks for concurrent licences.
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, numeric, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ts, updatedAt, version } from '../../db/columns.ts';
import { organisations, users } from '../../platform/auth/schema.ts';
import { licenceMetrics } from './licence-compliance-input.ts';
import { configurationItems } from './schema.ts';

/** Where an installation came from: an inventory agent's report, a CSV import, or a person. */
export const installationSources = ['inventory', 'import', 'manual'] as const;
/** One of the installation sources. */
export type InstallationSource = (typeof installationSources)[number];

/** A product as normalisation names it: one row per organisation and `publisher|product` key. */
export const softwareTitles = pgTable(
  'software_titles',
  {
    id: id(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    /** `publisher|product` in lower case, from normaliseSoftware. */
    key: text('key').notNull(),
    publisher: text('publisher').notNull(),
    product: text('product').notNull(),
    /** Hotfixes, runtimes, drivers and the like: listed, but hidden by default and skipped by compliance. */
    isNoise: boolean('is_noise').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('software_titles_org_key').on(t.orgId, t.key), index('software_titles_org_name').on(t.orgId, sql`lower(${t.product})`, t.id)],
);

/** A title found on a configuration item, once per normalised version ('' when none was reported). */
export const softwareInstallations = pgTable(
  'software_installations',
  {
    id: id(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    ciId: uuid('ci_id').notNull().references(() => configurationItems.id, { onDelete: 'cascade' }),
    titleId: uuid('title_id').notNull().references(() => softwareTitles.id),
    rawName: text('raw_name').notNull(),
    rawPublisher: text('raw_publisher'),
    rawVersion: text('raw_version'),
    /** The normalised version; '' when unknown, so the unique index treats "no version" as one value. */
    normalisedVersion: text('normalised_version').notNull().default(''),
    installDate: date('install_date', { mode: 'string' }),
    lastSeenAt: ts('last_seen_at').notNull(),
    source: text('source', { enum: installationSources }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    uniqueIndex('software_installations_ci_title_version').on(t.ciId, t.titleId, t.normalisedVersion),
    index('software_installations_org_title').on(t.orgId, t.titleId, t.ciId),
  ],
);

/** An admin rewrite tried before the built-in normalisation rules, in `position` order. */
export const softwareAliases = pgTable(
  'software_aliases',
  {
    id: id(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    publisherPattern: text('publisher_pattern'),
    namePattern: text('name_pattern'),
    toPublisher: text('to_publisher'),
    toName: text('to_name'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    index('software_aliases_org_position').on(t.orgId, t.position, t.id),
    check('software_aliases_pattern', sql`${t.publisherPattern} is not null or ${t.namePattern} is not null`),
    check('software_aliases_target', sql`${t.toPublisher} is not null or ${t.toName} is not null`),
  ],
);

/** Licences bought for one title under one metric; money in minor units of `currency`. */
export const licences = pgTable(
  'licences',
  {
    id: id(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    titleId: uuid('title_id').notNull().references(() => softwareTitles.id),
    name: text('name').notNull(),
    metric: text('metric', { enum: licenceMetrics }).notNull(),
    quantity: integer('quantity').notNull(),
    minCoresPerDevice: integer('min_cores_per_device'),
    coreMultiplier: numeric('core_multiplier', { precision: 7, scale: 4, mode: 'number' }),
    unitCost: bigint('unit_cost', { mode: 'number' }),
    currency: text('currency'),
    termStart: date('term_start', { mode: 'string' }),
    termEnd: date('term_end', { mode: 'string' }),
    /** Free text until the vendors and contracts modules arrive. */
    vendor: text('vendor').notNull().default(''),
    contractRef: text('contract_ref').notNull().default(''),
    notes: text('notes').notNull().default(''),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    index('licences_org_title').on(t.orgId, t.titleId),
    index('licences_org_term_end').on(t.orgId, t.termEnd),
    check('licences_quantity', sql`${t.quantity} >= 0`),
    check('licences_term', sql`${t.termStart} is null or ${t.termEnd} is null or ${t.termStart} <= ${t.termEnd}`),
  ],
);

/** A licence assigned to a named person (per user, subscription) or a device (per device). */
export const licenceAssignments = pgTable(
  'licence_assignments',
  {
    id: id(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    licenceId: uuid('licence_id').notNull().references(() => licences.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    ciId: uuid('ci_id').references(() => configurationItems.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('licence_assignments_licence_user').on(t.licenceId, t.userId).where(sql`${t.userId} is not null`),
    uniqueIndex('licence_assignments_licence_ci').on(t.licenceId, t.ciId).where(sql`${t.ciId} is not null`),
    index('licence_assignments_org').on(t.orgId, t.licenceId),
    index('licence_assignments_ci').on(t.ciId),
    check('licence_assignments_one_target', sql`(${t.userId} is null) <> (${t.ciId} is null)`),
  ],
);

/** The most simultaneous users of a title on one day, as a licence server reports it (concurrent licences). */
export const licenceUsagePeaks = pgTable(
  'licence_usage_peaks',
  {
    id: id(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    titleId: uuid('title_id').notNull().references(() => softwareTitles.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    peak: integer('peak').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('licence_usage_peaks_title_day').on(t.titleId, t.day), index('licence_usage_peaks_org').on(t.orgId, t.day), check('licence_usage_peaks_peak', sql`${t.peak} >= 0`)],
);

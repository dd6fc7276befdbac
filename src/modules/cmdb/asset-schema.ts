/**
 * The asset register's history tables: each lifecycle transition with its date and actor, and the
 * custody of each asset (checked out to a person or a location, checked back in). The current state
 * and holder live on the configuration item itself.
 */
import { sql } from 'drizzle-orm';
import { check, date, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ts } from '../../db/columns.ts';
import { organisations, users } from '../../platform/auth/schema.ts';
import { assetStates } from './asset-lifecycle.ts';
import { configurationItems, locations } from './schema.ts';

/** One lifecycle transition of an asset; `fromState` is null for the state it was registered in. */
export const assetStateChanges = pgTable(
  'asset_state_changes',
  {
    id: id(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    ciId: uuid('ci_id').notNull().references(() => configurationItems.id, { onDelete: 'cascade' }),
    fromState: text('from_state', { enum: assetStates }),
    toState: text('to_state', { enum: assetStates }).notNull(),
    /** When it happened (may be earlier than when it was recorded). */
    at: ts('at').notNull(),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    actorLabel: text('actor_label').notNull(),
    note: text('note').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [index('asset_state_changes_ci').on(t.ciId, t.at, t.id), index('asset_state_changes_org').on(t.orgId, t.toState, t.at)],
);

/** Who or what holds an asset: a person or a location. */
export const custodyHolderKinds = ['person', 'location'] as const;
export type CustodyHolderKind = (typeof custodyHolderKinds)[number];

/** One check-out of an asset and its check-in; at most one is open (not checked in) per asset. */
export const assetCustody = pgTable(
  'asset_custody',
  {
    id: id(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    ciId: uuid('ci_id').notNull().references(() => configurationItems.id, { onDelete: 'cascade' }),
    holderKind: text('holder_kind', { enum: custodyHolderKinds }).notNull(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    locationId: uuid('location_id').references(() => locations.id, { onDelete: 'set null' }),
    /** The holder's name at check-out, so the history stays readable if the location is deleted. */
    holderName: text('holder_name').notNull(),
    checkedOutAt: ts('checked_out_at').notNull(),
    checkedOutById: uuid('checked_out_by_id').references(() => users.id, { onDelete: 'set null' }),
    checkedOutByLabel: text('checked_out_by_label').notNull(),
    dueBack: date('due_back', { mode: 'string' }),
    checkOutNote: text('check_out_note').notNull().default(''),
    checkedInAt: ts('checked_in_at'),
    checkedInById: uuid('checked_in_by_id').references(() => users.id, { onDelete: 'set null' }),
    checkedInByLabel: text('checked_in_by_label'),
    checkInNote: text('check_in_note').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('asset_custody_open').on(t.ciId).where(sql`${t.checkedInAt} is null`),
    index('asset_custody_ci').on(t.ciId, t.checkedOutAt, t.id),
    index('asset_custody_org_user').on(t.orgId, t.userId),
    check('asset_custody_one_holder', sql`${t.userId} is null or ${t.locationId} is null`),
    check('asset_custody_dates', sql`${t.checkedInAt} is null or ${t.checkedInAt} >= ${t.checkedOutAt}`),
  ],
);

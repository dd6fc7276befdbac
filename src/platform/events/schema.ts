/** Transactional outbox: domain events written with the change, delivered afterwards. */
import { sql } from 'drizzle-orm';
import { bigserial, bigint, index, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { ts } from '../../db/columns.ts';

export const domainEvents = pgTable(
  'events',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    orgId: uuid('org_id'),
    type: text('type').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    payload: jsonb('payload').notNull(),
    requestId: text('request_id').notNull().default(''),
    createdAt: ts('created_at').notNull(),
    /** The writing transaction's id: delivery cursors advance by transaction horizon, not by `seq`. */
    txId: bigint('tx_id', { mode: 'number' })
      .notNull()
      .default(sql`(pg_current_xact_id()::text)::bigint`),
  },
  (t) => [index('events_type').on(t.type), index('events_tx_id').on(t.txId)],
);

/** One row per (event, subscriber) once delivered, written in the subscriber's own transaction. */
export const eventDeliveries = pgTable(
  'event_deliveries',
  {
    eventSeq: bigint('event_seq', { mode: 'number' }).notNull().references(() => domainEvents.seq, { onDelete: 'cascade' }),
    subscriber: text('subscriber').notNull(),
    deliveredAt: ts('delivered_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.eventSeq, t.subscriber] })],
);

/**
 * Per-subscriber horizon so dispatch does not rescan delivered history: every event written by a
 * transaction with an id below `txHorizon` has been delivered (or does not concern the subscriber).
 */
export const eventCursors = pgTable('event_cursors', {
  subscriber: text('subscriber').primaryKey(),
  txHorizon: bigint('tx_horizon', { mode: 'number' }).notNull().default(0),
});

/** The append-only, hash-chained audit trail. */
import { bigserial, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { ts } from '../../db/columns.ts';

export const auditEvents = pgTable(
  'audit_events',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    id: uuid('id').notNull().unique(),
    orgId: uuid('org_id'),
    at: ts('at').notNull(),
    actorType: text('actor_type', { enum: ['user', 'token', 'system'] }).notNull(),
    actorId: uuid('actor_id'),
    actorLabel: text('actor_label').notNull(),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    requestId: text('request_id').notNull().default(''),
    before: jsonb('before'),
    after: jsonb('after'),
    changes: jsonb('changes').notNull().$type<Record<string, { from: unknown; to: unknown }>>(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_events_org_at').on(t.orgId, t.at),
    index('audit_events_entity').on(t.entityType, t.entityId),
    index('audit_events_actor').on(t.actorId),
  ],
);

/** One row holding the head of the chain; locking it serialises appends. */
export const auditChainHead = pgTable('audit_chain_head', {
  id: integer('id').primaryKey(),
  lastSeq: integer('last_seq').notNull().default(0),
  lastHash: text('last_hash').notNull(),
});

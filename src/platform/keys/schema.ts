/** Per-organisation counters behind human keys such as INC-1042. */
import { bigint, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { organisations } from '../auth/schema.ts';

export const keySequences = pgTable(
  'key_sequences',
  {
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    prefix: text('prefix').notNull(),
    lastValue: bigint('last_value', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.prefix] })],
);

/** Column helpers shared by every table, so ids, times and versions look the same everywhere. */
import { integer, timestamp, uuid } from 'drizzle-orm/pg-core';
import { v7 as uuidv7 } from 'uuid';

/** Time-ordered UUID primary key (v7), generated in the application. */
export const id = () => uuid('id').primaryKey().$defaultFn(() => uuidv7());
/** A `timestamptz` column exchanged as ISO strings. */
export const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });
export const createdAt = () => ts('created_at').notNull().defaultNow();
export const updatedAt = () => ts('updated_at').notNull().defaultNow();
/** Optimistic-concurrency counter: every update must name the version it read. */
export const version = () => integer('version').notNull().default(1);
export const newId = () => uuidv7();

/** A timestamp as the API shows it (ISO 8601, UTC), from the database's text; null stays null. */
export function iso(value: string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}

/**
 * Delivers outbox events to subscribers. For each subscriber, one transaction locks its cursor row
 * (so two workers never deliver the same batch), runs the handler per event and records the delivery
 * in the same transaction: an event is delivered at least once and, for database effects, exactly once.
 *
 * Sequence numbers are handed out when rows are inserted, not when transactions commit, so an event
 * with a lower `seq` can become visible after one with a higher `seq`. The cursor therefore moves by
 * transaction id instead: it is the snapshot's `xmin` (every transaction below it has ended) taken at
 * the start of a pass in which every pending event was handled. Events of transactions at or above it
 * are found by an anti-join on `event_deliveries`, however long those transactions stay open.
 */
import { and, asc, eq, gte, inArray, notExists, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../context.ts';
import { domainEvents, eventCursors, eventDeliveries } from './schema.ts';
import type { StoredEvent, Subscriber } from './subscribers.ts';

const batchSize = 100;

export interface DispatchLog {
  error(obj: object, msg: string): void;
}

/** Delivers pending events to every subscriber; returns how many deliveries were made. */
export async function dispatchPending(db: Db, clock: Clock, subscribers: Subscriber[], log?: DispatchLog): Promise<number> {
  let delivered = 0;
  for (const subscriber of subscribers) {
    try {
      delivered += await dispatchTo(db, clock, subscriber);
    } catch (err) {
      log?.error({ err, subscriber: subscriber.name }, 'event delivery failed; will retry');
    }
  }
  return delivered;
}

async function dispatchTo(db: Db, clock: Clock, subscriber: Subscriber): Promise<number> {
  await db.insert(eventCursors).values({ subscriber: subscriber.name, txHorizon: 0 }).onConflictDoNothing();
  let total = 0;
  for (;;) {
    const n = await db.transaction(async (txDb) => {
      const tx = txDb as unknown as Db;
      const [cursor] = await tx.select().from(eventCursors).where(eq(eventCursors.subscriber, subscriber.name)).for('update');
      // Every transaction with an id below this has ended; their events are visible to the queries below.
      const snapshot = (await tx.execute(sql`SELECT (pg_snapshot_xmin(pg_current_snapshot())::text)::bigint AS horizon`)) as unknown as {
        rows: { horizon: number | string }[];
      };
      const horizon = Number(snapshot.rows[0]!.horizon);
      const typeFilter = subscriber.types === '*' ? undefined : inArray(domainEvents.type, [...subscriber.types]);
      const pending = await tx
        .select()
        .from(domainEvents)
        .where(
          and(
            gte(domainEvents.txId, cursor!.txHorizon),
            typeFilter,
            notExists(
              tx
                .select({ one: sql`1` })
                .from(eventDeliveries)
                .where(and(eq(eventDeliveries.eventSeq, domainEvents.seq), eq(eventDeliveries.subscriber, subscriber.name))),
            ),
          ),
        )
        .orderBy(asc(domainEvents.seq))
        .limit(batchSize);
      const now = clock.now();
      for (const event of pending) {
        await subscriber.handle(
          { db: tx, actor: { type: 'system', label: `subscriber:${subscriber.name}` }, orgId: event.orgId ?? '', requestId: event.requestId, clock },
          event as StoredEvent,
        );
        await tx.insert(eventDeliveries).values({ eventSeq: event.seq, subscriber: subscriber.name, deliveredAt: now.toISOString() });
      }
      // Only a pass that saw everything pending may move the horizon forward.
      if (pending.length < batchSize && horizon > cursor!.txHorizon) {
        await tx.update(eventCursors).set({ txHorizon: horizon }).where(eq(eventCursors.subscriber, subscriber.name));
      }
      return pending.length;
    });
    total += n;
    if (n < batchSize) return total;
  }
}

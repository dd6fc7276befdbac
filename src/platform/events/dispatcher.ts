/**
 * Delivers outbox events to subscribers. For each subscriber, one transaction locks its cursor row
 * (so two workers never deliver the same batch), runs the handler per event and records the delivery
 * in the same transaction: an event is delivered at least once and, for database effects, exactly once.
 */
import { and, asc, eq, gt, inArray, notExists, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../context.ts';
import { domainEvents, eventCursors, eventDeliveries } from './schema.ts';
import type { StoredEvent, Subscriber } from './subscribers.ts';

/** Events may commit out of sequence order; the cursor never passes events younger than this. */
const settleMs = 60_000;
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
  await db.insert(eventCursors).values({ subscriber: subscriber.name, lastSeq: 0 }).onConflictDoNothing();
  let total = 0;
  for (;;) {
    const n = await db.transaction(async (txDb) => {
      const tx = txDb as unknown as Db;
      const [cursor] = await tx.select().from(eventCursors).where(eq(eventCursors.subscriber, subscriber.name)).for('update');
      const typeFilter = subscriber.types === '*' ? undefined : inArray(domainEvents.type, [...subscriber.types]);
      const pending = await tx
        .select()
        .from(domainEvents)
        .where(
          and(
            gt(domainEvents.seq, cursor!.lastSeq),
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
      // Advance the cursor only over events old enough that no earlier sequence number can still commit.
      const settledBefore = new Date(now.getTime() - settleMs).toISOString();
      const [settled] = await tx
        .select({ seq: sql<number | null>`max(${domainEvents.seq})` })
        .from(domainEvents)
        .where(and(gt(domainEvents.seq, cursor!.lastSeq), sql`${domainEvents.createdAt} < ${settledBefore}`));
      const safe = Math.min(settled?.seq ?? cursor!.lastSeq, pending.length === batchSize ? pending.at(-1)!.seq : Number.MAX_SAFE_INTEGER);
      if (safe > cursor!.lastSeq) await tx.update(eventCursors).set({ lastSeq: safe }).where(eq(eventCursors.subscriber, subscriber.name));
      return pending.length;
    });
    total += n;
    if (n < batchSize) return total;
  }
}

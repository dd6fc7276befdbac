/** Appends domain events to the outbox inside the caller's transaction. */
import type { Ctx } from '../context.ts';
import { domainEvents } from './schema.ts';

export interface DomainEvent {
  type: string;
  entityType: string;
  entityId: string;
  payload: Record<string, unknown>;
}

export async function emitEvent(ctx: Ctx, event: DomainEvent): Promise<void> {
  await emitEvents(ctx, [event]);
}

/** Appends several events in order with one insert per 500 (bulk writes such as CSV imports). */
export async function emitEvents(ctx: Ctx, events: readonly DomainEvent[]): Promise<void> {
  const at = ctx.clock.now().toISOString();
  const rows = events.map((event) => ({
    orgId: ctx.orgId,
    type: event.type,
    entityType: event.entityType,
    entityId: event.entityId,
    payload: event.payload,
    requestId: ctx.requestId,
    createdAt: at,
  }));
  for (let i = 0; i < rows.length; i += 500) await ctx.db.insert(domainEvents).values(rows.slice(i, i + 500));
}

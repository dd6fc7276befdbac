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
  await ctx.db.insert(domainEvents).values({
    orgId: ctx.orgId,
    type: event.type,
    entityType: event.entityType,
    entityId: event.entityId,
    payload: event.payload,
    requestId: ctx.requestId,
    createdAt: ctx.clock.now().toISOString(),
  });
}

/** The registry of outbox subscribers. Each handles events inside its own delivery transaction. */
import type { Ctx } from '../context.ts';

export interface StoredEvent {
  seq: number;
  orgId: string | null;
  type: string;
  entityType: string;
  entityId: string;
  payload: unknown;
  requestId: string;
  createdAt: string;
}

export interface Subscriber {
  /** Stable name: deliveries are recorded per name, so renaming one replays history to it. */
  name: string;
  /** Event types this subscriber wants (`*` for all). */
  types: readonly string[] | '*';
  /** Runs in the delivery transaction: its database writes commit together with the delivery mark. */
  handle(ctx: Ctx, event: StoredEvent): Promise<void>;
}

export class SubscriberRegistry {
  readonly #subscribers = new Map<string, Subscriber>();

  add(subscriber: Subscriber): void {
    if (this.#subscribers.has(subscriber.name)) throw new Error(`subscriber ${subscriber.name} registered twice`);
    this.#subscribers.set(subscriber.name, subscriber);
  }

  all(): Subscriber[] {
    return [...this.#subscribers.values()];
  }
}

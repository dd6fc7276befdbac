/**
 * Background work on pg-boss, on the same database as everything else (PGlite through an executor
 * adapter, PostgreSQL through the shared pool). Several worker processes share the queues.
 */
import { PgBoss } from 'pg-boss';
import type { Database } from '../../db/client.ts';
import type { Clock } from '../context.ts';
import { dispatchPending, type DispatchLog } from '../events/dispatcher.ts';
import type { SubscriberRegistry } from '../events/subscribers.ts';

export const outboxQueue = 'outbox-dispatch';

export interface JobRuntimeOptions {
  database: Database;
  clock: Clock;
  subscribers: SubscriberRegistry;
  log: DispatchLog & { warn(obj: object, msg: string): void };
  /** How often to look for undelivered events. */
  pollMs: number;
  /** Run workers in this process (the `worker` and `all` roles). */
  work: boolean;
}

export class JobRuntime {
  readonly #opts: JobRuntimeOptions;
  #boss: PgBoss | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(opts: JobRuntimeOptions) {
    this.#opts = opts;
  }

  get boss(): PgBoss | undefined {
    return this.#boss;
  }

  async start(): Promise<void> {
    const { database, work, pollMs, log } = this.#opts;
    const boss = new PgBoss({ db: database.jobsExecutor(), schema: 'pgboss', supervise: work, schedule: work } as ConstructorParameters<typeof PgBoss>[0]);
    boss.on('error', (err: unknown) => log.error({ err }, 'job queue error'));
    await boss.start();
    // `short`: at most one dispatch waits in the queue, any number may run (the subscriber cursor
    // lock serialises them). Not `stately`/`singleton`: a dispatch left "active" by a killed worker
    // would block delivery until it expired. Failed dispatches are not retried: the next poke follows.
    await boss.createQueue(outboxQueue, { policy: 'short', expireInSeconds: 60, retryLimit: 0 });
    this.#boss = boss;
    if (!work) return;
    await boss.work(outboxQueue, { pollingIntervalSeconds: Math.max(0.5, pollMs / 1000) }, async () => {
      await this.dispatchNow();
    });
    const poke = () => void boss.send(outboxQueue, {}, { singletonKey: 'outbox' }).catch((err: unknown) => log.warn({ err }, 'could not queue outbox dispatch'));
    poke();
    this.#timer = setInterval(poke, pollMs);
    this.#timer.unref();
  }

  /** Delivers pending events now (the queue's worker calls this; tests may too). */
  dispatchNow(): Promise<number> {
    const { database, clock, subscribers, log } = this.#opts;
    return dispatchPending(database.db, clock, subscribers.all(), log);
  }

  /** Stops taking jobs and waits for running ones to finish (up to `timeoutMs`). */
  async stop(timeoutMs: number): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    await this.#boss?.stop({ graceful: true, timeout: Math.max(1000, timeoutMs) });
    this.#boss = undefined;
  }
}

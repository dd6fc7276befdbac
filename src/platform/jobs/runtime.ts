/**
 * Background work on pg-boss, on the same database as everything else (PGlite through an executor
 * adapter, PostgreSQL through the shared pool). Several worker processes share the queues.
 */
import { PgBoss } from 'pg-boss';
import type { Database, Db } from '../../db/client.ts';
import type { Clock } from '../context.ts';
import { dispatchPending, type DispatchLog } from '../events/dispatcher.ts';
import type { SubscriberRegistry } from '../events/subscribers.ts';

export const outboxQueue = 'outbox-dispatch';

/** Work a module needs done every so often (an SLA sweep, closing old tickets); safe to run concurrently. */
export interface PeriodicTask {
  /** Queue name, unique. */
  name: string;
  everyMs: number;
  run(db: Db, clock: Clock): Promise<unknown>;
}

/** Work queued on demand with a payload (an import run): one job per `send`, run once, never retried. */
export interface QueuedTask {
  /** Queue name, unique. */
  name: string;
  /** How long a job may run before pg-boss counts it as failed (its signal is then aborted). */
  expireInSeconds: number;
  /** Jobs of this queue one process runs at once (default 1). */
  concurrency?: number;
  run(db: Db, clock: Clock, data: Record<string, unknown>, signal: AbortSignal): Promise<unknown>;
}

export interface JobRuntimeOptions {
  database: Database;
  clock: Clock;
  subscribers: SubscriberRegistry;
  log: DispatchLog & { warn(obj: object, msg: string): void };
  /** How often to look for undelivered events. */
  pollMs: number;
  /** Run workers in this process (the `worker` and `all` roles). */
  work: boolean;
  periodic?: readonly PeriodicTask[];
  queued?: readonly QueuedTask[];
}

export class JobRuntime {
  readonly #opts: JobRuntimeOptions;
  #boss: PgBoss | undefined;
  #timers: NodeJS.Timeout[] = [];

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
    for (const task of this.#opts.queued ?? []) {
      // Never retried: a run that failed half-way is started again by a person, who sees the report.
      await boss.createQueue(task.name, { policy: 'standard', expireInSeconds: task.expireInSeconds, retryLimit: 0 });
    }
    this.#boss = boss;
    if (!work) return;
    for (const task of this.#opts.queued ?? []) {
      await boss.work<Record<string, unknown>>(task.name, { pollingIntervalSeconds: 1, localConcurrency: task.concurrency ?? 1 }, async ([job]) => {
        if (!job) return;
        try {
          await task.run(database.db, this.#opts.clock, job.data ?? {}, job.signal);
        } catch (err) {
          log.error({ err }, `job ${task.name} ${job.id} failed`);
          throw err;
        }
      });
    }
    await boss.work(outboxQueue, { pollingIntervalSeconds: Math.max(0.5, pollMs / 1000) }, async () => {
      await this.dispatchNow();
    });
    this.#every(outboxQueue, pollMs);
    for (const task of this.#opts.periodic ?? []) {
      // Same policy as the outbox: at most one run waits, runs may overlap (each task is written to be safe so).
      await boss.createQueue(task.name, { policy: 'short', expireInSeconds: 300, retryLimit: 0 });
      await boss.work(task.name, { pollingIntervalSeconds: Math.max(0.5, Math.min(task.everyMs, 5000) / 1000) }, async () => {
        try {
          await task.run(database.db, this.#opts.clock);
        } catch (err) {
          log.error({ err }, `periodic task ${task.name} failed; the next run retries`);
          throw err;
        }
      });
      this.#every(task.name, task.everyMs);
    }
  }

  /** Queues a run of `queue` now and every `ms` (several processes poking is fine: one run waits at most). */
  #every(queue: string, ms: number): void {
    const boss = this.#boss!;
    const poke = () => void boss.send(queue, {}, { singletonKey: queue }).catch((err: unknown) => this.#opts.log.warn({ err }, `could not queue ${queue}`));
    poke();
    const timer = setInterval(poke, ms);
    timer.unref();
    this.#timers.push(timer);
  }

  /** Queues a job of a queued task; throws when the runtime has not started. */
  async send(queue: string, data: Record<string, unknown>): Promise<void> {
    if (!this.#boss) throw new Error('the job queue is not running');
    await this.#boss.send(queue, data);
  }

  /** Delivers pending events now (the queue's worker calls this; tests may too). */
  dispatchNow(): Promise<number> {
    const { database, clock, subscribers, log } = this.#opts;
    return dispatchPending(database.db, clock, subscribers.all(), log);
  }

  /** Stops taking jobs and waits for running ones to finish (up to `timeoutMs`). */
  async stop(timeoutMs: number): Promise<void> {
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers = [];
    await this.#boss?.stop({ graceful: true, timeout: Math.max(1000, timeoutMs) });
    this.#boss = undefined;
  }
}

/** The running Steward process: database, migrations, first run, HTTP server and background jobs. */
import type { Config } from './config.ts';
import { openDatabase, type Database } from './db/client.ts';
import { migrateDatabase } from './db/migrate.ts';
import { bootstrap } from './modules/identity/bootstrap.ts';
import { systemClock, type Clock } from './platform/context.ts';
import { SubscriberRegistry } from './platform/events/subscribers.ts';
import { JobRuntime } from './platform/jobs/runtime.ts';
import { deskTasks } from './modules/service-desk/jobs.ts';
import { importTasks } from './modules/imports/import-job.ts';
import { startMailChannel, type MailChannel } from './modules/service-desk/mail/mail-channel.ts';
import { deskSubscribers } from './modules/service-desk/subscribers.ts';
import type { App } from './platform/http/types.ts';
import { buildServer } from './server.ts';

/** Opens the configured database and brings its schema up to date. */
export async function openAndMigrate(config: Pick<Config, 'databaseUrl' | 'dataDir' | 'dbPoolSize' | 'pgliteFsyncMs'>): Promise<Database> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.dbPoolSize, pgliteFsyncMs: config.pgliteFsyncMs });
  try {
    await migrateDatabase(database);
  } catch (err) {
    await database.close();
    throw err;
  }
  return database;
}

export interface Steward {
  app: App;
  database: Database;
  jobs: JobRuntime;
  subscribers: SubscriberRegistry;
  /** The e-mail channel's inbound side (worker and all roles only). */
  mail: MailChannel | undefined;
  /** Graceful stop: no new connections, in-flight requests and jobs finish, then the database closes. */
  stop(): Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
  /** Listen on the configured port (false for tests that use `app.inject`). */
  listen?: boolean;
  /** Extra subscribers to register before workers start (tests). */
  subscribers?: SubscriberRegistry;
  /** Runs after first-run set-up and before serving (e.g. loading demo data). */
  beforeServe?: (database: Database) => Promise<void>;
}

export async function startSteward(config: Config, opts: StartOptions = {}): Promise<Steward> {
  const clock = opts.clock ?? systemClock;
  const database = await openAndMigrate(config);
  let ready = false;
  const app = await buildServer({
    config,
    database,
    clock,
    readiness: {
      ready: async () => {
        if (!ready) return { ok: false, detail: 'starting' };
        try {
          await database.query('SELECT 1');
          return { ok: true, detail: `database: ${database.kind}` };
        } catch (err) {
          return { ok: false, detail: `database unreachable: ${(err as Error).message}` };
        }
      },
    },
  });
  await bootstrap(database.db, config, app.log);
  if (opts.beforeServe) await opts.beforeServe(database);
  const subscribers = opts.subscribers ?? new SubscriberRegistry();
  for (const subscriber of deskSubscribers(config, app.log)) subscribers.add(subscriber);
  const imports = importTasks(config, () => jobs);
  const jobs: JobRuntime = new JobRuntime({
    database,
    clock,
    subscribers,
    log: app.log,
    pollMs: config.outboxPollMs,
    work: config.role !== 'web',
    periodic: [...deskTasks, ...imports.periodic],
    queued: imports.queued,
  });
  await jobs.start();
  app.jobQueue.attach(jobs);
  const mail: MailChannel | undefined = config.role !== 'web' ? await startMailChannel(config, database, clock, app.log) : undefined;
  if (config.role !== 'worker' && opts.listen !== false) {
    await app.listen({ port: config.port, host: config.host });
  } else {
    await app.ready();
  }
  ready = true;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      ready = false;
      await mail?.stop();
      await app.close();
      app.jobQueue.attach(undefined);
      await jobs.stop(config.shutdownTimeoutMs);
      await database.close();
    })());
  return { app, database, jobs, subscribers, mail, stop };
}

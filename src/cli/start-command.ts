/** `steward start`: serve the web app and API, run background workers, stop gracefully on SIGTERM. */
import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { startSteward } from '../runtime.ts';
import { seedDemo } from '../modules/identity/demo-seed.ts';

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('Start Steward (web server and background workers)')
    .option('--role <role>', 'web, worker or all (default from STEWARD_ROLE, else all)')
    .option('--demo', 'load the demo organisation on first start')
    .action(async (opts: { role?: string; demo?: boolean }) => {
      const config = loadConfig();
      if (opts.role) {
        if (!['web', 'worker', 'all'].includes(opts.role)) throw new Error(`--role must be web, worker or all, not ${opts.role}`);
        config.role = opts.role as 'web' | 'worker' | 'all';
      }
      const steward = await startSteward(config, {
        beforeServe: opts.demo ? async (database) => void (await seedDemo(database.db)) : undefined,
      });
      const log = steward.app.log;
      if (config.role !== 'worker') log.info(`Steward is running at ${config.publicUrl} (database: ${steward.database.kind}, role: ${config.role})`);
      else log.info('Steward worker is running');
      const shutdown = (signal: string) => {
        log.info(`${signal} received: finishing in-flight requests and jobs`);
        const force = setTimeout(() => {
          log.error('shutdown timed out; exiting');
          process.exit(1);
        }, config.shutdownTimeoutMs + 5000);
        force.unref();
        steward.stop().then(
          () => process.exit(0),
          (err: unknown) => {
            log.error({ err }, 'error during shutdown');
            process.exit(1);
          },
        );
      };
      process.once('SIGTERM', () => shutdown('SIGTERM'));
      process.once('SIGINT', () => shutdown('SIGINT'));
    });
}

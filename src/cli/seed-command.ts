/** `steward seed [--demo]`: first-run set-up without starting the server, optionally with the demo organisation. */
import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { bootstrap } from '../modules/identity/bootstrap.ts';
import { demoEmail, demoPassword, seedDemo } from '../modules/identity/demo-seed.ts';
import { openAndMigrate } from '../runtime.ts';

/** Registers `seed`. */
export function registerSeed(program: Command): void {
  program
    .command('seed')
    .description('Create the default organisation and the first administrator if missing; --demo also loads demo data')
    .option('--demo', 'load the demo organisation (departments, teams, 50 people) into the default organisation; skipped if already loaded')
    .addHelpText(
      'after',
      `
The first administrator gets STEWARD_ADMIN_EMAIL and STEWARD_ADMIN_PASSWORD; without a password
one is generated and printed once. Every demo person signs in with the password ${demoPassword}
(for example ${demoEmail('Aisha Bello')}, a service-desk agent): do not load the demo into production.`,
    )
    .action(async (opts: { demo?: boolean }) => {
      const config = loadConfig();
      const database = await openAndMigrate(config);
      try {
        const first = await bootstrap(database.db, config);
        if (!first.adminCreated) console.log('First-run set-up already done.');
        else if (first.generatedPassword) {
          console.log(`Created the first administrator ${config.adminEmail}\nPassword (shown once): ${first.generatedPassword}`);
        } else {
          console.log(`Created the first administrator ${config.adminEmail} with the password from STEWARD_ADMIN_PASSWORD.`);
        }
        if (!opts.demo) return;
        const demo = await seedDemo(database.db);
        if (demo.skipped) {
          console.log('The demo organisation is already loaded.');
          return;
        }
        console.log(
          `Loaded the demo organisation: ${demo.people} people, ${demo.departments} departments, ${demo.teams} teams.\n` +
            `Every demo person signs in with the password ${demoPassword}, e.g. ${demoEmail('Aisha Bello')} (agent) ` +
            `or ${demoEmail('Margaret Okafor')} (administrator).`,
        );
      } finally {
        await database.close();
      }
    });
}

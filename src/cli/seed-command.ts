/** `steward seed [--demo]`: first-run set-up without starting the server, optionally with the demo organisation. */
import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { bootstrap } from '../modules/identity/bootstrap.ts';
import { demoEmail, demoPassword, seedDemo } from '../modules/identity/demo-seed.ts';
import { openAndMigrate } from '../runtime.ts';
import { Presets, SingleBar } from 'cli-progress';
import { eq } from 'drizzle-orm';
import { organisations } from '../platform/auth/schema.ts';
import { systemClock } from '../platform/context.ts';
import { seedTickets } from '../modules/service-desk/bulk-seed.ts';
import { seedCis } from '../modules/cmdb/seed-cis.ts';

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

/** Registers `seed-tickets`: bulk tickets for load tests and benchmarks. */
export function registerSeedTickets(program: Command): void {
  program
    .command('seed-tickets')
    .description('Load tickets with conversation for load tests and benchmarks (not for production: no audit trail)')
    .requiredOption('--count <n>', 'how many tickets, e.g. 1000000', (v) => positive(v, '--count'))
    .option('--org <slug>', 'organisation to seed', 'default')
    .option('--batch <n>', 'tickets per transaction', (v) => positive(v, '--batch'), 10_000)
    .addHelpText(
      'after',
      `
Spreads the tickets over the year before now (older ones closed, recent ones open), with two comments
each (a public reply and an internal note), search text and SLA clocks, and adds 20 seed agents in 5
teams, 200 seed requesters and 5 categories on the first run. Keys continue the organisation's sequences.`,
    )
    .action(async (opts: { count: number; org: string; batch: number }) => {
      const config = loadConfig();
      const database = await openAndMigrate(config);
      const bar = new SingleBar({ stream: process.stderr, format: 'tickets [{bar}] {value}/{total} | {eta_formatted} left', hideCursor: true }, Presets.shades_classic);
      try {
        await bootstrap(database.db, config);
        const [org] = await database.db.select().from(organisations).where(eq(organisations.slug, opts.org));
        if (!org) throw new Error(`no organisation with the slug ${opts.org}`);
        const started = performance.now();
        bar.start(opts.count, 0);
        const written = await seedTickets(database.db, { orgId: org.id, count: opts.count, batchSize: opts.batch, clock: systemClock, onProgress: (p) => bar.update(p.done) });
        bar.stop();
        const seconds = (performance.now() - started) / 1000;
        console.log(`Seeded ${written} tickets into ${org.slug} on ${database.kind} in ${seconds.toFixed(1)} s (${Math.round(written / seconds)} tickets/s).`);
      } finally {
        bar.stop();
        await database.close();
      }
    });
}

/** Registers `seed-cis`: a bulk CMDB for load tests and benchmarks. */
export function registerSeedCis(program: Command): void {
  program
    .command('seed-cis')
    .description('Load configuration items and relationships for load tests and benchmarks (not for production: no audit trail)')
    .requiredOption('--count <n>', 'how many items, e.g. 100000', (v) => positive(v, '--count'))
    .option('--relationships <n>', 'how many relationships (default five per item)', (v) => positive(v, '--relationships'))
    .option('--org <slug>', 'organisation to seed', 'default')
    .option('--batch <n>', 'rows per statement', (v) => positive(v, '--batch'), 20_000)
    .addHelpText(
      'after',
      `
Items come in the shape of a real estate: business services (1%) on applications (10%), databases and
virtual machines, on hosts behind switches and firewalls, backed up to storage; endpoints, phones,
printers and peripherals beside them; typed attributes on each. Keys continue the organisation's CI
sequence.`,
    )
    .action(async (opts: { count: number; relationships?: number; org: string; batch: number }) => {
      const config = loadConfig();
      const database = await openAndMigrate(config);
      const bar = new SingleBar({ stream: process.stderr, format: 'CMDB [{bar}] {value}/{total} rows | {eta_formatted} left', hideCursor: true }, Presets.shades_classic);
      try {
        await bootstrap(database.db, config);
        const [org] = await database.db.select().from(organisations).where(eq(organisations.slug, opts.org));
        if (!org) throw new Error(`no organisation with the slug ${opts.org}`);
        const started = performance.now();
        const links = opts.relationships ?? opts.count * 5;
        bar.start(opts.count + links, 0);
        const written = await seedCis(database.db, { orgId: org.id, count: opts.count, relationships: links, batchSize: opts.batch, onProgress: (p) => bar.update(p.done) });
        bar.stop();
        const seconds = (performance.now() - started) / 1000;
        console.log(`Seeded ${written.items} items and ${written.relationships} relationships into ${org.slug} on ${database.kind} in ${seconds.toFixed(1)} s.`);
      } finally {
        bar.stop();
        await database.close();
      }
    });
}

function positive(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a positive whole number`);
  return n;
}

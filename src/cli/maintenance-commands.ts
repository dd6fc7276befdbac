/** `steward migrate` and `steward audit verify`. */
import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { verifyAuditChain } from '../platform/audit/verify.ts';
import { openAndMigrate } from '../runtime.ts';

export function registerMaintenance(program: Command): void {
  program
    .command('migrate')
    .description('Apply pending database migrations and exit')
    .action(async () => {
      const database = await openAndMigrate(loadConfig());
      await database.close();
      console.log(`Database schema is up to date (${database.kind}).`);
    });

  const audit = program.command('audit').description('Audit trail tools');
  audit
    .command('verify')
    .description('Check the audit hash chain; reports the first broken link and exits 1 if any')
    .action(async () => {
      const database = await openAndMigrate(loadConfig());
      try {
        const result = await verifyAuditChain(database.db, (n) => process.stderr.write(`\rchecked ${n} audit events`));
        process.stderr.write('\n');
        if (result.ok) {
          console.log(`Audit chain intact: ${result.checked} events verified.`);
        } else {
          console.error(`Audit chain BROKEN at event #${result.brokenAt!.seq} (${result.brokenAt!.id}): ${result.brokenAt!.reason}. ${result.checked} events before it verified.`);
          process.exitCode = 1;
        }
      } finally {
        await database.close();
      }
    });
}

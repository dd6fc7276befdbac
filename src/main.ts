/** The `steward` command line. */
import { Command } from 'commander';
import { ConfigError } from './config.ts';
import { registerImportCsv } from './cli/import-command.ts';
import { registerMaintenance } from './cli/maintenance-commands.ts';
import { registerSeed, registerSeedCis, registerSeedTickets } from './cli/seed-command.ts';
import { registerStart } from './cli/start-command.ts';
import { registerTransfer } from './cli/transfer-commands.ts';
import { registerUsers } from './cli/user-commands.ts';

const program = new Command()
  .name('steward')
  .description('Steward: self-hosted IT management. Settings come from environment variables (see README).')
  .showHelpAfterError();

registerStart(program);
registerMaintenance(program);
registerSeed(program);
registerSeedTickets(program);
registerSeedCis(program);
registerUsers(program);
registerTransfer(program);
registerImportCsv(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error(`steward: ${(err as Error).message}`);
  process.exitCode = 1;
}

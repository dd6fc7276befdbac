/** `steward export|backup` and `steward import|restore`: whole-installation dumps, with a progress bar on stderr. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import type { TransferProgress } from '../platform/transfer/dump-format.ts';
import { exportData } from '../platform/transfer/export-data.ts';
import { importData } from '../platform/transfer/import-data.ts';
import { openAndMigrate } from '../runtime.ts';

const formatHelp = `
The file is gzip'd JSON Lines: a header (format version, schema version, row count per table) and
one line per row. It holds every table of the application (people, roles, sessions, API tokens,
audit trail, outbox events…) but not the background-job queue. See docs/backup-and-transfer.md.

The database is the configured one: STEWARD_DATA_DIR (embedded) or DATABASE_URL (PostgreSQL).
On PostgreSQL Steward may keep running during an export; the embedded database can be opened by
one process only, so stop Steward first.`;

const importHelp = `
The target must be empty: a new STEWARD_DATA_DIR, or a newly created PostgreSQL database that
Steward has not been started on. Migrations are applied first; the file must come from a Steward
at the same schema version. Everything loads in one transaction, so a failure leaves no partial data.
Stop Steward before importing.${formatHelp}`;

/** Registers export, import and their backup/restore aliases. */
export function registerTransfer(program: Command): void {
  program
    .command('export')
    .description('Write all application data to a file as one consistent snapshot')
    .argument('<file>', 'file to write, e.g. steward.jsonl.gz')
    .addHelpText('after', `${formatHelp}\n\nExample:\n  DATABASE_URL=postgres://… steward export steward.jsonl.gz`)
    .action((file: string) => runExport(file));

  program
    .command('backup')
    .description('Same as export; the file name defaults to steward-backup-<UTC timestamp>.jsonl.gz')
    .argument('[file]', 'file to write (default: steward-backup-<UTC timestamp>.jsonl.gz in the current directory)')
    .addHelpText('after', `${formatHelp}\n\nExample:\n  steward backup            # writes e.g. steward-backup-20260102T030405Z.jsonl.gz`)
    .action((file: string | undefined) => runExport(file ?? defaultBackupName(new Date())));

  program
    .command('import')
    .description('Load a file written by export into an empty database')
    .argument('<file>', 'file written by steward export or steward backup')
    .addHelpText('after', `${importHelp}\n\nExample (embedded → PostgreSQL):\n  steward export steward.jsonl.gz\n  DATABASE_URL=postgres://… steward import steward.jsonl.gz`)
    .action((file: string) => runImport(file));

  program
    .command('restore')
    .description('Same as import: load a backup into an empty database')
    .argument('<file>', 'file written by steward backup or steward export')
    .addHelpText('after', `${importHelp}\n\nExample:\n  STEWARD_DATA_DIR=./data-restored steward restore steward-backup-20260102T030405Z.jsonl.gz`)
    .action((file: string) => runImport(file));
}

/** `steward-backup-20260102T030405Z.jsonl.gz` for the given moment. */
export function defaultBackupName(now: Date): string {
  const stamp = now.toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');
  return `steward-backup-${stamp}.jsonl.gz`;
}

async function runExport(file: string): Promise<void> {
  const config = loadConfig();
  const database = await openAndMigrate(config);
  const bar = rowsBar('export');
  try {
    const summary = await exportData(database, file, { onProgress: bar.update });
    bar.stop();
    console.log(`Exported ${summary.rows} rows of ${summary.tables.length} tables (${database.kind}, schema ${summary.schemaVersion}) to ${file}`);
    const attachments = path.join(config.dataDir, 'attachments');
    if (existsSync(attachments)) console.log(`Attachment files are not in the file: copy ${attachments} as well (see docs/backup-and-transfer.md#attachments)`);
  } finally {
    bar.stop();
    await database.close();
  }
}

async function runImport(file: string): Promise<void> {
  const database = await openAndMigrate(loadConfig());
  const bar = rowsBar('import');
  try {
    const summary = await importData(database, file, { onProgress: bar.update });
    bar.stop();
    console.log(`Imported ${summary.rows} rows of ${summary.tables.length} tables from ${file} into ${database.kind}. Start Steward with \`steward start\`.`);
  } finally {
    bar.stop();
    await database.close();
  }
}

/** A rows-done/total bar on stderr, started on the first progress report. */
function rowsBar(label: string): { update: (p: TransferProgress) => void; stop: () => void } {
  const bar = new SingleBar(
    { stream: process.stderr, format: `${label} [{bar}] {value}/{total} rows | {table}`, hideCursor: true },
    Presets.shades_classic,
  );
  let running = false;
  return {
    update: (p) => {
      if (!running) bar.start(p.total, p.done, { table: p.table });
      else bar.update(p.done, { table: p.table });
      running = true;
    },
    stop: () => {
      if (running) bar.stop();
      running = false;
    },
  };
}

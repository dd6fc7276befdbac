/**
 * `steward import-csv <file> --kind configuration-items`: the CSV import run in this process with the
 * same target the web app's background job uses — a dry run or the real thing, a progress bar on
 * stderr, a summary and the rejected rows as a CSV file. Exits non-zero when the file cannot be
 * imported, or when an import (not a dry run) skipped rows.
 */
import { createReadStream } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { Presets, SingleBar } from 'cli-progress';
import { eq, sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { loadConfig } from '../config.ts';
import type { Db } from '../db/client.ts';
import { importKindSpecs } from '../modules/imports/import-kinds.ts';
import { importKinds, type ImportKind } from '../modules/imports/schema.ts';
import { actingPerson } from '../platform/auth/principal.ts';
import { organisations, users } from '../platform/auth/schema.ts';
import { normaliseName, type ColumnMapping } from '../platform/csv-import/auto-map.ts';
import { describeError } from '../platform/csv-import/import-report.ts';
import type { ImportField } from '../platform/csv-import/fields.ts';
import type { ImportOptionsInput } from '../platform/csv-import/options.ts';
import { previewCsv } from '../platform/csv-import/preview-csv.ts';
import { runImport } from '../platform/csv-import/run-import.ts';
import { can, systemClock, systemContext, type Ctx } from '../platform/context.ts';
import { AppError } from '../platform/errors/catalogue.ts';
import { openAndMigrate } from '../runtime.ts';

interface ImportCsvOptions {
  kind: string;
  dryRun?: boolean;
  map: string[];
  dateFormat: 'iso' | 'dmy' | 'mdy';
  decimal: '.' | ',';
  delimiter?: string;
  as?: string;
  org?: string;
  rejected?: string;
}

const delimiters: Record<string, ',' | ';' | '\t'> = { ',': ',', comma: ',', ';': ';', semicolon: ';', tab: '\t', '\\t': '\t' };

/** The field a `--map` value names, by key or label. */
function fieldNamed(fields: readonly ImportField[], name: string): ImportField | undefined {
  return fields.find((f) => f.key === name) ?? fields.find((f) => normaliseName(f.label) === normaliseName(name) || normaliseName(f.key) === normaliseName(name));
}

/** The suggested mapping with the `--map "Header=field"` overrides ("Header=" leaves a column out). */
function mappingWith(headers: string[], fields: readonly ImportField[], suggested: ColumnMapping, overrides: string[]): ColumnMapping {
  const mapping = { ...suggested };
  for (const item of overrides) {
    const at = item.lastIndexOf('=');
    if (at <= 0) throw new Error(`--map "${item}" must be "Column header=field"`);
    const header = item.slice(0, at).trim();
    const target = item.slice(at + 1).trim();
    if (!headers.includes(header)) throw new Error(`--map "${item}": the file has no column "${header}" (it has ${headers.map((h) => `"${h}"`).join(', ')})`);
    if (target === '') {
      mapping[header] = null;
      continue;
    }
    const field = fieldNamed(fields, target);
    if (!field) throw new Error(`--map "${item}": there is no field "${target}"; fields: ${fields.map((f) => f.key).join(', ')}`);
    for (const [h, k] of Object.entries(mapping)) if (k === field.key && h !== header) mapping[h] = null;
    mapping[header] = field.key;
  }
  return mapping;
}

/** The context the import acts in: the person named by --as (who must hold the kind's permission), else the CLI. */
async function actingContext(db: Db, orgId: string, email: string | undefined, kind: ImportKind): Promise<Ctx> {
  const requestId = `cli-import-${uuidv7()}`;
  if (!email) return { ...systemContext(db, orgId, 'cli import-csv', systemClock), requestId };
  const [user] = await db.select({ id: users.id }).from(users).where(eq(sql`lower(${users.email})`, email.toLowerCase()));
  const actor = user ? await actingPerson(db, user.id, orgId) : undefined;
  if (!actor) throw new Error(`--as ${email}: no active person of this organisation has that e-mail`);
  if (!can(actor, importKindSpecs[kind].write)) throw new Error(`--as ${email}: ${actor.name} does not hold the ${importKindSpecs[kind].write} permission`);
  return { db, actor, orgId, requestId, clock: systemClock };
}

/** Registers `import-csv`. */
export function registerImportCsv(program: Command): void {
  program
    .command('import-csv <file>')
    .description('Import a CSV file (the same checks and upsert as the web import); --dry-run checks every row and writes nothing')
    .addOption(new Option('--kind <kind>', 'what the file holds').choices(importKinds.map((k) => k.replaceAll('_', '-'))).default('configuration-items'))
    .option('--dry-run', 'check every row and report the bad ones; write nothing')
    .option('--map <Header=field...>', 'map a column to a field by key or label ("Header=" leaves it out); the rest are matched by name', (v: string, all: string[]) => [...all, v], [])
    .addOption(new Option('--date-format <format>', 'how dates other than 2026-01-31 are written').choices(['iso', 'dmy', 'mdy']).default('iso'))
    .addOption(new Option('--decimal <mark>', 'the decimal mark of numbers').choices(['.', ',']).default('.'))
    .option('--delimiter <d>', 'column delimiter: comma, semicolon or tab (default: detected)')
    .option('--as <email>', 'the person the writes are audited as (needs the permission to write); default the "cli import-csv" system actor')
    .option('--org <slug>', 'organisation slug (default: the default organisation)')
    .option('--rejected <file>', 'where to write the rejected rows (default: <file>-rejected.csv beside the input)')
    .addHelpText(
      'after',
      `
Rows are matched to existing records (configuration items: asset tag, else serial number, else name
within the class), so importing the same file twice changes nothing the second time. Bad rows are
skipped and written, with an "error" column first, to the rejected-rows file: fix them and import that.
Exit code 1 when the file cannot be imported or when an import (not a dry run) skipped rows.`,
    )
    .action(async (file: string, opts: ImportCsvOptions) => {
      const kind = opts.kind.replaceAll('-', '_') as ImportKind;
      const delimiter = opts.delimiter === undefined ? undefined : delimiters[opts.delimiter];
      if (opts.delimiter !== undefined && !delimiter) throw new Error('--delimiter must be comma, semicolon or tab');
      const size = (await stat(file).catch(() => undefined))?.size;
      if (size === undefined) throw new Error(`cannot read ${file}`);
      const database = await openAndMigrate(loadConfig());
      const bar = new SingleBar(
        { stream: process.stderr, format: 'import [{bar}] {percentage}% | {rows} rows, {invalid} rejected | {eta_formatted} left', hideCursor: true, noTTYOutput: true, notTTYSchedule: 5000 },
        Presets.shades_classic,
      );
      try {
        const [org] = await database.db.select({ id: organisations.id }).from(organisations).where(opts.org ? eq(organisations.slug, opts.org) : eq(organisations.isDefault, true));
        if (!org) throw new Error(opts.org ? `no organisation with the slug ${opts.org}` : 'no default organisation yet: run `steward seed` first');
        const ctx = await actingContext(database.db, org.id, opts.as, kind);
        const options: ImportOptionsInput = { dateFormat: opts.dateFormat, decimalSeparator: opts.decimal, ...(delimiter ? { delimiter } : {}) };
        const target = await importKindSpecs[kind].open(ctx, options);
        const preview = await previewCsv(createReadStream(file), target.fields, options, 0);
        const mapping = mappingWith(preview.headers, target.fields, preview.suggestion.mapping, opts.map);
        const mapped = Object.entries(mapping).filter(([, f]) => f !== null);
        console.error(`${path.basename(file)}: ${preview.headers.length} columns (${preview.delimiter === '\t' ? 'tab' : preview.delimiter}-separated); ${mapped.map(([h, f]) => `${h} → ${f}`).join(', ')}`);
        const skipped = Object.entries(mapping).filter(([, f]) => f === null).map(([h]) => h);
        if (skipped.length) console.error(`Not imported: ${skipped.join(', ')}`);
        bar.start(size, 0, { rows: 0, invalid: 0 });
        const report = await runImport({
          source: createReadStream(file),
          target,
          mapping,
          options,
          mode: opts.dryRun ? 'dry-run' : 'apply',
          totalBytes: size,
          onProgress: (p) => bar.update(Math.min(p.bytesRead, size), { rows: p.rowsRead, invalid: p.invalid }),
        });
        bar.update(size);
        bar.stop();
        console.log(report.summary);
        for (const error of report.errors.slice(0, 20)) console.log(`  line ${error.line} — ${describeError(error)}`);
        if (report.errorCount > 20) console.log(`  … and ${report.errorCount - 20} more problems (all of them are in the rejected-rows file)`);
        if (report.rejectedCsv !== null) {
          const out = opts.rejected ?? path.join(path.dirname(file), `${path.basename(file).replace(/\.(csv|txt|tsv)$/i, '')}-rejected.csv`);
          await writeFile(out, report.rejectedCsv);
          console.log(`Rejected rows: ${out}`);
          if (!opts.dryRun) process.exitCode = 1;
        }
      } catch (err) {
        bar.stop();
        if (err instanceof AppError && err.errors.length) throw new Error(`${err.message}\n${err.errors.map((e) => `  ${e.field}: ${e.message}`).join('\n')}`, { cause: err });
        throw err;
      } finally {
        await database.close();
      }
    });
}

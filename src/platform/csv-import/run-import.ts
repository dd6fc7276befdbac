/**
 * Runs a CSV import against a target: reads the file, maps and converts each row, turns down rows
 * that repeat an earlier row's key, checks the rest in batches with the target and, in apply mode,
 * has the target write the rows without problems. A dry run never writes.
 *
 * Rows with problems are skipped, good rows are written: each row is applied whole or not at all,
 * and the report lists every skipped row with its reasons. Re-running the fixed file is safe because
 * the target upserts by key: rows written before come out `unchanged`.
 */
import { autoMap, type ColumnMapping } from './auto-map.ts';
import { rowConverter, type ImportRow, type RowError } from './convert-row.ts';
import type { CsvSource } from './decode-text.ts';
import { type ImportMode, type ImportProgress, type ImportReport, ImportTally } from './import-report.ts';
import { columnPlan, validateMapping } from './mapping.ts';
import { importOptions, type ImportOptionsInput } from './options.ts';
import { openCsv } from './read-csv.ts';
import type { ImportTarget, TargetIssue } from './target.ts';

/** What `runImport` needs. */
export interface RunImportInput {
  source: CsvSource;
  target: ImportTarget;
  /** The mapping the user confirmed; the auto-mapped suggestion when absent. */
  mapping?: ColumnMapping;
  options?: ImportOptionsInput;
  mode: ImportMode;
  /** Called after each batch and every `batchSize` rows read; awaited, so a job can store it. */
  onProgress?: (progress: ImportProgress) => void | Promise<void>;
  /** The size of the file, when known, for a percentage. */
  totalBytes?: number;
  signal?: AbortSignal;
}

interface Pending {
  row: ImportRow;
  cells: string[];
}

/** Imports (or dry-runs) a CSV file into a target and reports every row it turned down. */
export async function runImport(input: RunImportInput): Promise<ImportReport> {
  const { target, mode } = input;
  const options = importOptions(input.options);
  const table = await openCsv(input.source, options);
  try {
    const mapping = validateMapping(table.headers, target.fields, input.mapping ?? autoMap(table.headers, target.fields).mapping);
    const plan = columnPlan(table.headers, target.fields, mapping);
    const headerOf = new Map(plan.map((c) => [c.field.key, c.header]));
    const convert = rowConverter(plan, options);
    const tally = new ImportTally();
    const firstLineOf = new Map<string, number>();
    let batch: Pending[] = [];

    let reported = '';
    const progress = async () => {
      const counts = Object.values(tally.counts).join();
      if (counts === reported) return;
      reported = counts;
      await input.onProgress?.({ ...tally.counts, bytesRead: table.stats.bytesRead, totalBytes: input.totalBytes });
    };
    const asRowError = (issue: TargetIssue): RowError => ({
      line: issue.line,
      ...(issue.field !== undefined ? { field: issue.field, column: headerOf.get(issue.field) } : {}),
      message: issue.message,
    });

    const flush = async () => {
      const rows = batch;
      batch = [];
      if (rows.length === 0) return;
      input.signal?.throwIfAborted();
      const issues = groupByLine(await target.validate(rows.map((r) => r.row)), rows);
      const good = rows.filter((r) => {
        const found = issues.get(r.row.line);
        if (found) tally.reject(r.row.line, r.cells, found.map(asRowError));
        return !found;
      });
      tally.counts.valid += good.length;
      if (mode === 'apply' && good.length > 0) {
        input.signal?.throwIfAborted();
        const outcomes = await target.apply(good.map((r) => r.row));
        if (outcomes.length !== good.length) throw new Error(`The import target returned ${outcomes.length} outcomes for ${good.length} rows`);
        outcomes.forEach((outcome, i) => {
          if (typeof outcome === 'string') tally.counts[outcome]++;
          else tally.rejectValid(good[i].row.line, good[i].cells, [asRowError({ line: good[i].row.line, field: outcome.field, message: outcome.failed })]);
        });
      }
      await progress();
    };

    await progress();
    for await (const record of table.records) {
      input.signal?.throwIfAborted();
      tally.counts.rowsRead++;
      if (record.error !== undefined) {
        tally.reject(record.line, record.cells, [{ line: record.line, message: record.error }]);
      } else {
        const { row, errors } = convert(record);
        const key = target.keyOf(row);
        if (key === null) {
          if (errors.length === 0) errors.push({ line: row.line, message: `has nothing to identify it by: it needs ${target.identifiedBy}` });
        } else if (firstLineOf.has(key)) {
          errors.push({ line: row.line, message: `repeats line ${firstLineOf.get(key)}: both rows are ${key}` });
        } else firstLineOf.set(key, row.line);
        if (errors.length > 0) tally.reject(row.line, record.cells, errors);
        else batch.push({ row, cells: record.cells });
      }
      if (batch.length >= options.batchSize) await flush();
      else if (tally.counts.rowsRead % options.batchSize === 0) await progress();
    }
    await flush();
    await progress();
    return tally.report(mode, { headers: table.headers, mapping, delimiter: table.delimiter, encoding: table.stats.encoding }, options.maxReportedErrors);
  } finally {
    await table.records.return(undefined);
  }
}

/** The target's issues by line; an issue for a line outside the batch is a bug in the target. */
function groupByLine(issues: TargetIssue[], rows: Pending[]): Map<number, TargetIssue[]> {
  const lines = new Set(rows.map((r) => r.row.line));
  const byLine = new Map<number, TargetIssue[]>();
  for (const issue of issues) {
    if (!lines.has(issue.line)) throw new Error(`The import target reported line ${issue.line}, which is not in the batch`);
    byLine.set(issue.line, [...(byLine.get(issue.line) ?? []), issue]);
  }
  return byLine;
}

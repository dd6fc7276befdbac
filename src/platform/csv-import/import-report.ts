/**
 * The bookkeeping of an import run: counters for progress, every rejected row with its reasons, and
 * the final report with a capped error list and a CSV of the rejected rows (an `error` column first,
 * then the row's cells exactly as uploaded) that a person can fix and import again.
 */
import { stringify } from 'csv-stringify/sync';
import type { ColumnMapping } from './auto-map.ts';
import type { RowError } from './convert-row.ts';
import type { TextEncodingName } from './decode-text.ts';
import { escapeFormula } from './formula-escape.ts';
import type { CsvDelimiter } from './options.ts';

/** A dry run checks every row and writes nothing; apply writes the rows without problems. */
export type ImportMode = 'dry-run' | 'apply';

/** Row counts of a run; `valid + invalid = rowsRead` once every read row has been checked. */
export interface ImportCounts {
  rowsRead: number;
  valid: number;
  invalid: number;
  created: number;
  updated: number;
  unchanged: number;
}

/** What `onProgress` receives: the counts so far and how much of the file has been read. */
export interface ImportProgress extends ImportCounts {
  bytesRead: number;
  totalBytes?: number;
}

/** The outcome of a run. */
export interface ImportReport {
  mode: ImportMode;
  counts: ImportCounts;
  headers: string[];
  mapping: ColumnMapping;
  delimiter: CsvDelimiter;
  encoding: TextEncodingName;
  /** The problems of rejected rows in file order, at most `maxReportedErrors` of them. */
  errors: RowError[];
  /** How many problems there were in all (the list above may be shorter). */
  errorCount: number;
  /** The rejected rows with an `error` column, UTF-8 with BOM; null when no row was rejected. */
  rejectedCsv: string | null;
  /** One sentence saying what happened, including what became of rejected rows. */
  summary: string;
}

interface Rejected {
  line: number;
  cells: string[];
  errors: RowError[];
}

const plural = (n: number, word: string) => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;

/** A problem as one line of text: "Purchase Date: … ". */
export function describeError(error: RowError): string {
  return error.column ? `${error.column}: ${error.message}` : error.message;
}

/** Collects counts and rejected rows while an import runs, then builds its report. */
export class ImportTally {
  readonly counts: ImportCounts = { rowsRead: 0, valid: 0, invalid: 0, created: 0, updated: 0, unchanged: 0 };
  readonly #rejected: Rejected[] = [];

  /** Records a row turned down before or by the target's check. */
  reject(line: number, cells: string[], errors: RowError[]): void {
    this.counts.invalid++;
    this.#rejected.push({ line, cells, errors });
  }

  /** Records a row that passed the check but that the target could not write. */
  rejectValid(line: number, cells: string[], errors: RowError[]): void {
    this.counts.valid--;
    this.reject(line, cells, errors);
  }

  /** The final report of the run. */
  report(mode: ImportMode, file: { headers: string[]; mapping: ColumnMapping; delimiter: CsvDelimiter; encoding: TextEncodingName }, maxErrors: number): ImportReport {
    const rejected = this.#rejected.sort((a, b) => a.line - b.line);
    const all = rejected.flatMap((r) => r.errors);
    return {
      mode,
      counts: { ...this.counts },
      ...file,
      errors: all.slice(0, maxErrors),
      errorCount: all.length,
      rejectedCsv: rejected.length > 0 ? this.#rejectedCsv(rejected, file) : null,
      summary: this.#summary(mode),
    };
  }

  #rejectedCsv(rejected: Rejected[], file: { headers: string[]; mapping: ColumnMapping; delimiter: CsvDelimiter }): string {
    const keep = file.headers.map((h, i) => ({ h, i })).filter(({ h }) => !(h.toLowerCase() === 'error' && file.mapping[h] === null));
    const width = file.headers.length;
    const rows = rejected.map((r) => [
      escapeFormula(r.errors.map(describeError).join('; ')),
      ...keep.map(({ i }) => r.cells[i] ?? ''),
      ...(r.cells.length > width ? r.cells.slice(width) : []),
    ]);
    return `\uFEFF${stringify([['error', ...keep.map(({ h }) => h)], ...rows], { delimiter: file.delimiter, record_delimiter: 'windows', quoted_match: /[\r\n;\t]/ })}`;
  }

  #summary(mode: ImportMode): string {
    const c = this.counts;
    if (mode === 'dry-run') {
      const bad = c.invalid > 0 ? `${plural(c.invalid, 'row')} with errors would be skipped` : 'no row has errors';
      return `Dry run: ${plural(c.rowsRead, 'row')} checked; ${c.valid.toLocaleString('en')} would be imported and ${bad}. Nothing was written.`;
    }
    const written = `${c.created.toLocaleString('en')} created, ${c.updated.toLocaleString('en')} updated, ${c.unchanged.toLocaleString('en')} unchanged`;
    const bad = c.invalid > 0 ? `${plural(c.invalid, 'row')} with errors ${c.invalid === 1 ? 'was' : 'were'} skipped and nothing of ${c.invalid === 1 ? 'it' : 'them'} was written` : 'no row had errors';
    return `${plural(c.rowsRead, 'row')} read: ${written}; ${bad}.`;
  }
}

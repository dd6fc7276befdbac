/**
 * CSV export of any list: streams rows (from an array or an async cursor) as RFC 4180 CSV with CRLF
 * line ends and a UTF-8 byte-order mark, so Excel opens accents correctly. Text cells that a
 * spreadsheet would run as a formula are escaped (see formula-escape.ts); numbers, booleans and
 * dates cannot be formulas and are written plainly. Fields holding a lone CR or LF are quoted (the
 * library quotes only CRLF on its own), and so are those holding ; or tab, so that Steward's own
 * delimiter detection reads the file back.
 */
import { Readable, pipeline } from 'node:stream';
import { stringify } from 'csv-stringify';
import { escapeFormula } from './formula-escape.ts';
import type { CsvDelimiter } from './options.ts';

/** A value an export column can produce. */
export type CsvCell = string | number | bigint | boolean | Date | null | undefined;

/** One column of an export: its header and how to read it from a row. */
export interface CsvColumn<T> {
  header: string;
  value: (row: T) => CsvCell;
}

/** Export options; the defaults suit Excel and every CSV reader. */
export interface ToCsvOptions {
  delimiter?: CsvDelimiter;
  /** Start with a UTF-8 byte-order mark (default true). */
  bom?: boolean;
}

/** The text of one exported cell. */
export function csvCellText(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return escapeFormula(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  return String(value);
}

async function* records<T>(rows: Iterable<T> | AsyncIterable<T>, columns: readonly CsvColumn<T>[]): AsyncGenerator<string[]> {
  yield columns.map((c) => escapeFormula(c.header));
  for await (const row of rows) yield columns.map((c) => csvCellText(c.value(row)));
}

/** Streams rows as CSV; an error while reading the rows ends the stream with that error. */
export function toCsv<T>(rows: Iterable<T> | AsyncIterable<T>, columns: readonly CsvColumn<T>[], options: ToCsvOptions = {}): Readable {
  const output = stringify({
    bom: options.bom ?? true,
    delimiter: options.delimiter ?? ',',
    record_delimiter: 'windows',
    quoted_match: /[\r\n;\t]/,
  });
  pipeline(Readable.from(records(rows, columns)), output, () => undefined);
  return output;
}

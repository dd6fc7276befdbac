/**
 * Reads a CSV file as a header row and a stream of records, each with the line it starts on. A
 * malformed record (an unclosed quote, the wrong number of columns, an over-long field) comes out as
 * a record with an `error` instead of stopping the read; only limits of the whole file (size, rows,
 * columns) and an unreadable header stop it.
 */
import { type CsvError, parse } from 'csv-parse';
import { invalid } from '../errors/catalogue.ts';
import { type CsvSource, type DecodeStats, SniffingDecoder, decodeText } from './decode-text.ts';
import { detectDelimiter, firstLineEnd, separatorDirective } from './detect-delimiter.ts';
import type { CsvDelimiter, ImportOptions } from './options.ts';

/** One data record: its cells, the file line it starts on, and what is wrong with it, if anything. */
export interface CsvRecord {
  line: number;
  cells: string[];
  error?: string;
}

/** An open CSV file: its header, how it was read, and its data records (read once, in order). */
export interface CsvTable {
  /** Column names, trimmed; a blank one is named `Column 3`, a repeated one `Notes (2)`. */
  headers: string[];
  delimiter: CsvDelimiter;
  /** Live: the encoding is settled by the first non-ASCII character, which may come late. */
  stats: DecodeStats;
  records: AsyncGenerator<CsvRecord, void, undefined>;
}

type ReaderOptions = Pick<ImportOptions, 'delimiter' | 'maxBytes' | 'maxRows' | 'maxColumns' | 'maxFieldLength'>;
type Parsed = { cells: string[] } | { error: CsvError };

const blankLine = /^[\t,; ]*(?:\r\n?|\n)?$/;

function isBlank(cells: string[]): boolean {
  return cells.every((c) => c.trim() === '');
}

function lineBreaks(cells: string[]): number {
  let count = 0;
  for (const cell of cells) {
    if (cell.includes('\n') || cell.includes('\r')) count += cell.match(/\r\n|\r|\n/g)!.length;
  }
  return count;
}

/** Unique, non-blank column names, with trailing blank columns (spreadsheet leftovers) dropped. */
function columnNames(cells: string[]): string[] {
  const trimmed = cells.map((c) => c.trim());
  while (trimmed.length > 0 && trimmed[trimmed.length - 1] === '') trimmed.pop();
  const seen = new Map<string, number>();
  return trimmed.map((name, i) => {
    const base = name || `Column ${i + 1}`;
    const count = (seen.get(base.toLowerCase()) ?? 0) + 1;
    seen.set(base.toLowerCase(), count);
    return count === 1 ? base : `${base} (${count})`;
  });
}

/** Reads until the header row is complete; drops blank lines and Excel's `sep=` line before it. */
async function readHead(chunks: AsyncIterator<string>): Promise<{ head: string; linesBefore: number; directive?: CsvDelimiter }> {
  let head = '';
  let done = false;
  let linesBefore = 0;
  let directive: CsvDelimiter | undefined;
  for (;;) {
    const end = firstLineEnd(head);
    if (end < 0 && !done) {
      const next = await chunks.next();
      if (next.done) done = true;
      else head += next.value;
      continue;
    }
    const line = end < 0 ? head : head.slice(0, end);
    const sep = linesBefore === 0 ? separatorDirective(line) : undefined;
    if (line === '' || (!sep && !blankLine.test(line))) return { head, linesBefore, directive };
    directive ??= sep;
    head = head.slice(line.length);
    linesBefore++;
  }
}

function quoteMessage(error: CsvError, line: number): string {
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
    return `a quoted field starting on line ${line} is never closed, so the file could not be read from there to its end; check the quotes on that line`;
  }
  return `the line could not be read: ${error.message}`;
}

/** Parses text chunks with csv-parse, yielding records and skipped-record errors in file order. */
async function* parseText(first: string, rest: AsyncIterator<string>, delimiter: CsvDelimiter): AsyncGenerator<Parsed> {
  const queue: Parsed[] = [];
  const parser = parse({
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_records_with_error: true,
    on_record: (record: string[]) => {
      queue.push({ cells: record });
      return null;
    },
    on_skip: (error) => {
      if (error) queue.push({ error });
      return undefined;
    },
  });
  parser.on('error', () => undefined);
  parser.resume();
  const feed = (text: string) => new Promise<void>((resolve, reject) => parser.write(text, (e) => (e ? reject(e) : resolve())));
  try {
    let text: string | undefined = first;
    while (text !== undefined) {
      if (text) await feed(text);
      yield* queue.splice(0);
      const next = await rest.next();
      text = next.done ? undefined : next.value;
    }
    await new Promise<void>((resolve, reject) => parser.end((e?: Error | null) => (e ? reject(e) : resolve())));
    yield* queue.splice(0);
  } finally {
    parser.destroy();
    await rest.return?.();
  }
}

/** Numbers the records by the line they start on, checks their shape and the row limit. */
async function* numberRecords(parsed: AsyncGenerator<Parsed>, firstLine: number, options: ReaderOptions, width: () => number): AsyncGenerator<CsvRecord> {
  let line = firstLine;
  let rows = -1;
  for await (const item of parsed) {
    if ('error' in item) {
      yield { line, cells: [], error: quoteMessage(item.error, line) };
      continue;
    }
    const start = line;
    line += 1 + lineBreaks(item.cells);
    if (isBlank(item.cells)) continue;
    if (++rows > options.maxRows) {
      throw invalid([{ field: 'file', message: `has more than ${options.maxRows} rows, the import limit` }], `The file has more than ${options.maxRows} rows; split it into smaller files`);
    }
    yield { line: start, ...checkShape(item.cells, rows === 0 ? item.cells.length : width(), options.maxFieldLength) };
  }
}

function checkShape(cells: string[], width: number, maxFieldLength: number): Pick<CsvRecord, 'cells' | 'error'> {
  let fitted = cells;
  if (cells.length > width && isBlank(cells.slice(width))) fitted = cells.slice(0, width);
  if (fitted.length !== width) return { cells, error: `has ${cells.length} columns where the header row has ${width}` };
  const long = fitted.findIndex((c) => c.length > maxFieldLength);
  if (long >= 0) return { cells: fitted, error: `column ${long + 1} has ${fitted[long].length} characters; the limit is ${maxFieldLength}` };
  return { cells: fitted };
}

/** Opens a CSV source: detects encoding and delimiter and reads the header row. */
export async function openCsv(source: CsvSource, options: ReaderOptions): Promise<CsvTable> {
  const decoder = new SniffingDecoder();
  const chunks = decodeText(source, options.maxBytes, decoder);
  const { head, linesBefore, directive } = await readHead(chunks);
  const end = firstLineEnd(head);
  const delimiter = options.delimiter ?? directive ?? detectDelimiter(end < 0 ? head : head.slice(0, end));
  let headers: string[] = [];
  const records = numberRecords(parseText(head, chunks, delimiter), linesBefore + 1, options, () => headers.length);
  const first = await records.next();
  if (first.done) {
    await records.return(undefined);
    throw invalid([{ field: 'file', message: 'is empty; it needs a header row naming the columns' }], 'The file is empty');
  }
  if (first.value.error) {
    await records.return(undefined);
    throw invalid([{ field: 'file', message: `the header row ${first.value.error}` }], 'The header row of the file cannot be read');
  }
  headers = columnNames(first.value.cells);
  if (headers.length > options.maxColumns) {
    await records.return(undefined);
    throw invalid([{ field: 'file', message: `has ${headers.length} columns; the limit is ${options.maxColumns}` }], 'The file has too many columns');
  }
  return { headers, delimiter, stats: decoder.stats, records };
}

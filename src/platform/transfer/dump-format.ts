/**
 * The Steward export format: gzip'd JSON Lines. The first line is a header naming the format, its
 * version, the schema version (newest migration) and each table's row count; every other line is
 * one row, `{"t": table, "r": {column: value}}`, grouped by table in load order.
 */
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';

export const formatName = 'steward-export';
export const formatVersion = 1;

/** The first line of a dump. */
export interface DumpHeader {
  format: typeof formatName;
  formatVersion: number;
  schemaVersion: string;
  createdAt: string;
  tables: { name: string; rows: number }[];
}

/** One data line of a dump. */
export interface DumpRow {
  t: string;
  r: Record<string, unknown>;
}

/** Progress of an export or import: rows done out of the total the header announces. */
export interface TransferProgress {
  table: string;
  done: number;
  total: number;
}

/** A dump that cannot be loaded, with a message meant for the operator. */
export class TransferError extends Error {}

/**
 * Yields the lines of a gzip'd dump one at a time (the file is never held in memory). A truncated or
 * corrupt file makes the iteration throw.
 */
export async function* readDumpLines(file: string): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  const gunzip = createGunzip();
  pipeline(createReadStream(file), gunzip, () => {}); // a read error (missing file…) surfaces through `gunzip`
  try {
    for await (const chunk of gunzip) {
      const text = rest + decoder.write(chunk as Buffer);
      const lines = text.split('\n');
      rest = lines.pop()!;
      for (const line of lines) if (line.length > 0) yield line;
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') throw new TransferError(`Cannot read ${file}: ${(err as Error).message}`);
    throw new TransferError(`${file} is truncated or not a gzip'd Steward export (${(err as Error).message})`);
  } finally {
    gunzip.destroy();
  }
  rest += decoder.end();
  if (rest.length > 0) yield rest;
}

/** Parses and checks the header line against what this build can load. */
export function parseHeader(line: string | undefined, file: string, expectedSchemaVersion: string): DumpHeader {
  let header: Partial<DumpHeader>;
  try {
    header = JSON.parse(line ?? '') as Partial<DumpHeader>;
  } catch {
    throw new TransferError(`${file} does not start with a Steward export header`);
  }
  if (header?.format !== formatName) throw new TransferError(`${file} is not a Steward export (format is ${JSON.stringify(header?.format)})`);
  if (header.formatVersion !== formatVersion) {
    throw new TransferError(`${file} uses export format version ${header.formatVersion}; this Steward reads version ${formatVersion}`);
  }
  if (header.schemaVersion !== expectedSchemaVersion) {
    throw new TransferError(
      `${file} was exported at schema version ${header.schemaVersion}, but this Steward is at ${expectedSchemaVersion}; ` +
        'import it with the Steward release that exported it, then upgrade',
    );
  }
  const tables = header.tables;
  if (!Array.isArray(tables) || !tables.every((t) => typeof t?.name === 'string' && Number.isSafeInteger(t?.rows) && t.rows >= 0)) {
    throw new TransferError(`${file} has a malformed table list in its header`);
  }
  return header as DumpHeader;
}

/** Parses one data line, naming its position when it is not a row. */
export function parseRow(line: string, lineNumber: number): DumpRow {
  let row: DumpRow;
  try {
    row = JSON.parse(line) as DumpRow;
  } catch {
    throw new TransferError(`Line ${lineNumber} of the export is not valid JSON (the file is damaged)`);
  }
  if (typeof row?.t !== 'string' || !row.r || typeof row.r !== 'object' || Array.isArray(row.r)) {
    throw new TransferError(`Line ${lineNumber} of the export is not a row`);
  }
  return row;
}

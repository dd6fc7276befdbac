/**
 * `exportData`: a consistent logical dump of every application table, read in one REPEATABLE READ,
 * READ ONLY transaction (one snapshot) and streamed batch by batch into a gzip'd JSON Lines file.
 */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { Database, Db } from '../../db/client.ts';
import { schemaVersion } from '../../db/migrate.ts';
import { formatName, formatVersion, type DumpHeader, type TransferProgress } from './dump-format.ts';
import { applicationTables, type TablePlan } from './table-plan.ts';
import { countRows, decodeValue, queryRows, readColumns, selectBatch, type ColumnInfo } from './table-sql.ts';

export interface ExportOptions {
  onProgress?: (progress: TransferProgress) => void;
  /** Rows read per query (default 1000). */
  batchSize?: number;
}

/** What a finished export or import moved. */
export interface TransferSummary {
  file: string;
  schemaVersion: string;
  tables: { name: string; rows: number }[];
  rows: number;
}

/**
 * Writes all application data to `file`. The file appears only when complete: it is written under a
 * temporary name and renamed at the end, so a failed export leaves no half-written dump behind. It is
 * created readable by its owner only, as it holds password and token hashes.
 */
export async function exportData(database: Database, file: string, opts: ExportOptions = {}): Promise<TransferSummary> {
  const plan = applicationTables();
  const version = await schemaVersion(database);
  const partial = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.partial`);
  try {
    const header = await database.db.transaction(
      async (txDb) => {
        const tx = txDb as unknown as Db;
        const columns = await readColumns(tx, plan.map((t) => t.name));
        const tables: DumpHeader['tables'] = [];
        for (const table of plan) tables.push({ name: table.name, rows: await countRows(tx, table.name) });
        const header: DumpHeader = { format: formatName, formatVersion, schemaVersion: version, createdAt: new Date().toISOString(), tables };
        await pipeline(dumpLines(tx, plan, columns, header, opts), createGzip(), createWriteStream(partial, { mode: 0o600 }));
        return header;
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
    await rename(partial, file);
    return { file, schemaVersion: version, tables: header.tables, rows: header.tables.reduce((n, t) => n + t.rows, 0) };
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }
}

/** The header, then each table's rows in primary-key order, one chunk of lines per batch. */
async function* dumpLines(
  tx: Db,
  plan: TablePlan[],
  columns: Map<string, ColumnInfo[]>,
  header: DumpHeader,
  opts: ExportOptions,
): AsyncGenerator<string> {
  yield `${JSON.stringify(header)}\n`;
  const batchSize = opts.batchSize ?? 1000;
  const total = header.tables.reduce((n, t) => n + t.rows, 0);
  let done = 0;
  opts.onProgress?.({ table: plan[0]?.name ?? '', done, total });
  for (const table of plan) {
    const cols = columns.get(table.name)!;
    const key = table.primaryKey.map((name) => cols.find((c) => c.name === name)!);
    let after: unknown[] | null = null;
    let written = 0;
    for (;;) {
      const rows: Record<string, unknown>[] = await queryRows<Record<string, unknown>>(tx, selectBatch(table.name, cols, key, after, batchSize));
      if (rows.length === 0) break;
      let chunk = '';
      for (const raw of rows) {
        const r: Record<string, unknown> = {};
        for (const c of cols) r[c.name] = decodeValue(c, raw[c.name]);
        chunk += `${JSON.stringify({ t: table.name, r })}\n`;
      }
      const last: Record<string, unknown> = rows.at(-1)!;
      after = key.map((c) => last[c.name]);
      written += rows.length;
      done += rows.length;
      yield chunk;
      opts.onProgress?.({ table: table.name, done, total });
      if (rows.length < batchSize) break;
    }
    const expected = header.tables.find((t) => t.name === table.name)!.rows;
    if (written !== expected) throw new Error(`Export of ${table.name} read ${written} rows but the snapshot counted ${expected}`);
  }
}

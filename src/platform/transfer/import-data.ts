/**
 * `importData`: loads a dump made by `exportData` into an empty, migrated database of either backend,
 * in one transaction: the tables are locked, checked empty, loaded parent-first, sequences moved past
 * the loaded keys and row counts checked against the header. Any failure rolls everything back.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Database, Db } from '../../db/client.ts';
import { migrateDatabase, buildSchemaVersion } from '../../db/migrate.ts';
import { parseHeader, parseRow, readDumpLines, TransferError, type DumpHeader, type TransferProgress } from './dump-format.ts';
import type { TransferSummary } from './export-data.ts';
import { applicationTables, type TablePlan } from './table-plan.ts';
import { countRows, insertBatch, patchBatch, queryRows, readColumns, resetSequences, type ColumnInfo } from './table-sql.ts';

export interface ImportOptions {
  onProgress?: (progress: TransferProgress) => void;
  /** Rows written per statement (default 500). */
  batchSize?: number;
}

/**
 * Rows the migrations themselves insert (the audit chain's genesis head). They do not make a database
 * "non-empty", and the import replaces them with the exported rows.
 */
const seededByMigrations: Record<string, SQL> = {
  audit_chain_head: sql`id = 1 AND last_seq = 0 AND last_hash = repeat('0', 64)`,
};

/** Loads `file` into `database`, which must hold no application data yet. */
export async function importData(database: Database, file: string, opts: ImportOptions = {}): Promise<TransferSummary> {
  const plan = applicationTables();
  const lines = readDumpLines(file);
  try {
    const first = await lines.next();
    const header = parseHeader(first.done ? undefined : first.value, file, await buildSchemaVersion());
    checkTableList(header, plan);
    await migrateDatabase(database);
    await database.db.transaction(async (txDb) => {
      const tx = txDb as unknown as Db;
      const columns = await readColumns(tx, plan.map((t) => t.name));
      await tx.execute(sql`LOCK TABLE ${sql.join(plan.map((t) => sql.identifier(t.name)), sql`, `)} IN EXCLUSIVE MODE`);
      await assertEmpty(tx, plan);
      for (const [table, condition] of Object.entries(seededByMigrations)) {
        await tx.execute(sql`DELETE FROM ${sql.identifier(table)} WHERE ${condition}`);
      }
      const loaded = await loadRows(tx, lines, plan, columns, header, opts);
      await verifyCounts(tx, header, loaded);
      for (const table of plan) await resetSequences(tx, table.name);
    });
    const rows = header.tables.reduce((n, t) => n + t.rows, 0);
    return { file, schemaVersion: header.schemaVersion, tables: header.tables, rows };
  } finally {
    await lines.return(undefined);
  }
}

function checkTableList(header: DumpHeader, plan: TablePlan[]): void {
  const known = new Set(plan.map((t) => t.name));
  const listed = new Set(header.tables.map((t) => t.name));
  const unknown = [...listed].filter((t) => !known.has(t));
  const absent = [...known].filter((t) => !listed.has(t));
  if (unknown.length) throw new TransferError(`The export holds table(s) this Steward does not have: ${unknown.join(', ')}`);
  if (absent.length) throw new TransferError(`The export lacks table(s) this Steward has: ${absent.join(', ')}`);
}

async function assertEmpty(tx: Db, plan: TablePlan[]): Promise<void> {
  const occupied: string[] = [];
  for (const table of plan) {
    const seeded = seededByMigrations[table.name];
    const [row] = await queryRows<{ n: string }>(
      tx,
      sql`SELECT count(*)::text AS n FROM ${sql.identifier(table.name)} ${seeded ? sql`WHERE NOT (${seeded})` : sql``}`,
    );
    if (Number(row!.n) > 0) occupied.push(`${table.name} (${row!.n} ${row!.n === '1' ? 'row' : 'rows'})`);
  }
  if (occupied.length) {
    throw new TransferError(
      `The target database already holds data: ${occupied.join(', ')}. Import only into a new, empty database ` +
        '(a fresh STEWARD_DATA_DIR or a newly created PostgreSQL database that Steward has not been started on).',
    );
  }
}

interface Deferred {
  columns: string[];
  rows: Record<string, unknown>[];
}

/** Inserts the data lines in batches; returns how many lines each table had. */
async function loadRows(
  tx: Db,
  lines: AsyncGenerator<string>,
  plan: TablePlan[],
  columns: Map<string, ColumnInfo[]>,
  header: DumpHeader,
  opts: ImportOptions,
): Promise<Map<string, number>> {
  const batchSize = opts.batchSize ?? 500;
  const total = header.tables.reduce((n, t) => n + t.rows, 0);
  const planOf = new Map(plan.map((t) => [t.name, t]));
  const counts = new Map<string, number>();
  const deferred = new Map<string, Deferred>();
  let current: { plan: TablePlan; columns: ColumnInfo[]; names: Set<string> } | undefined;
  let batch: Record<string, unknown>[] = [];
  let done = 0;
  let lineNumber = 1;

  const flush = async () => {
    if (!current || batch.length === 0) return;
    try {
      await tx.execute(insertBatch(current.plan.name, current.columns, JSON.stringify(batch)));
    } catch (err) {
      throw new TransferError(`Could not load rows of ${current.plan.name}: ${(err as Error).message}`);
    }
    done += batch.length;
    batch = [];
    opts.onProgress?.({ table: current.plan.name, done, total });
  };

  opts.onProgress?.({ table: plan[0]?.name ?? '', done, total });
  for await (const line of lines) {
    const row = parseRow(line, ++lineNumber);
    if (row.t !== current?.plan.name) {
      await flush();
      const tablePlan = planOf.get(row.t);
      if (!tablePlan) throw new TransferError(`Line ${lineNumber} names unknown table ${row.t}`);
      if (counts.has(row.t)) throw new TransferError(`Line ${lineNumber}: the rows of ${row.t} are not together (the file is damaged)`);
      const cols = columns.get(row.t)!;
      current = { plan: tablePlan, columns: cols, names: new Set(cols.map((c) => c.name)) };
      counts.set(row.t, 0);
    }
    const keys = Object.keys(row.r);
    if (keys.length !== current.names.size || !keys.every((k) => current!.names.has(k))) {
      throw new TransferError(`Line ${lineNumber}: a row of ${row.t} does not have exactly the table's columns`);
    }
    counts.set(row.t, counts.get(row.t)! + 1);
    batch.push(deferColumns(row.r, current.plan, deferred));
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  for (const [table, pending] of deferred) {
    const key = planOf.get(table)!.primaryKey;
    for (let i = 0; i < pending.rows.length; i += batchSize) {
      await tx.execute(patchBatch(table, pending.columns, key, JSON.stringify(pending.rows.slice(i, i + batchSize))));
    }
  }
  return counts;
}

/** Loads self- or cycle-referencing columns as NULL first, remembering their values for later. */
function deferColumns(r: Record<string, unknown>, plan: TablePlan, deferred: Map<string, Deferred>): Record<string, unknown> {
  const set = plan.deferred.filter((c) => r[c] !== null);
  if (set.length === 0) return r;
  const pending = deferred.get(plan.name) ?? { columns: plan.deferred, rows: [] };
  deferred.set(plan.name, pending);
  pending.rows.push(Object.fromEntries([...plan.primaryKey, ...plan.deferred].map((c) => [c, r[c]])));
  return { ...r, ...Object.fromEntries(plan.deferred.map((c) => [c, null])) };
}

async function verifyCounts(tx: Db, header: DumpHeader, loaded: Map<string, number>): Promise<void> {
  for (const { name, rows } of header.tables) {
    const inFile = loaded.get(name) ?? 0;
    if (inFile !== rows) {
      throw new TransferError(`The header announces ${rows} rows of ${name} but the file holds ${inFile}: the file is truncated or damaged`);
    }
    const stored = await countRows(tx, name);
    if (stored !== rows) throw new TransferError(`${name} holds ${stored} rows after loading, expected ${rows}`);
  }
}

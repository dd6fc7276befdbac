/**
 * Generic SQL for moving any table's rows through JSON without losing anything: column types from
 * the catalogue, select expressions that render each type exactly (timestamps with microseconds, int8
 * beyond 2^53, arrays, jsonb), keyset reads in a collation-independent order, and set-based writes.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';

/** One stored column of a table, as the database declares it. */
export interface ColumnInfo {
  name: string;
  /** `format_type` of the column, usable in a cast (`timestamp with time zone`, `text[]`). */
  type: string;
  /** The base type name (`timestamptz`, `int8`, `_text` for a text array). */
  typname: string;
  isArray: boolean;
  /** Text-like types get `COLLATE "C"` so keyset order is the same on every server. */
  collatable: boolean;
}

/** Runs one statement in the given transaction (or database) and returns its rows. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** The stored (non-generated) columns of each named `public` table, in column order. */
export async function readColumns(db: Db, tables: string[]): Promise<Map<string, ColumnInfo[]>> {
  const rows = await queryRows<{ table: string; name: string; type: string; typname: string; category: string; collatable: boolean }>(
    db,
    sql`SELECT c.relname AS "table", a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, t.typname AS typname,
               t.typcategory::text AS category, (t.typcollation <> 0) AS collatable
          FROM pg_attribute a
          JOIN pg_class c ON c.oid = a.attrelid
          JOIN pg_namespace n ON n.oid = c.relnamespace
          JOIN pg_type t ON t.oid = a.atttypid
         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
           AND a.attgenerated::text = '' AND c.relname IN (${sql.join(tables.map((t) => sql`${t}`), sql`, `)})
         ORDER BY c.relname, a.attnum`,
  );
  const result = new Map<string, ColumnInfo[]>();
  for (const row of rows) {
    const list = result.get(row.table) ?? [];
    list.push({ name: row.name, type: row.type, typname: row.typname, isArray: row.category === 'A', collatable: row.collatable });
    result.set(row.table, list);
  }
  const missing = tables.filter((t) => !result.has(t));
  if (missing.length) throw new Error(`Table(s) ${missing.join(', ')} do not exist in this database; run \`steward migrate\` first`);
  return result;
}

const isoUtc = sql.raw(`'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`);
const isoLocal = sql.raw(`'YYYY-MM-DD"T"HH24:MI:SS.US'`);
/** Types the drivers already hand back as exact JSON values. */
const nativeTypes = new Set(['bool', 'int2', 'int4', 'text', 'varchar', 'bpchar', 'uuid', 'name', 'citext']);

/** The expression that reads a column as an exact, JSON-friendly value. */
function readExpression(column: ColumnInfo): SQL {
  const c = sql.identifier(column.name);
  if (column.isArray) return sql`to_jsonb(${c})::text`;
  switch (column.typname) {
    case 'timestamptz':
      return sql`CASE WHEN isfinite(${c}) THEN to_char(${c} AT TIME ZONE 'UTC', ${isoUtc}) ELSE ${c}::text END`;
    case 'timestamp':
      return sql`CASE WHEN isfinite(${c}) THEN to_char(${c}, ${isoLocal}) ELSE ${c}::text END`;
    default:
      return nativeTypes.has(column.typname) ? sql`${c}` : sql`${c}::text`;
  }
}

/** Turns what `readExpression` produced into the value written to the dump. */
export function decodeValue(column: ColumnInfo, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (column.isArray || column.typname === 'json' || column.typname === 'jsonb') return JSON.parse(value as string);
  if (column.typname === 'int8') {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : String(value);
  }
  if (column.typname === 'float4' || column.typname === 'float8') {
    const n = Number(value);
    return Number.isFinite(n) ? n : String(value);
  }
  return value;
}

/** A key column, qualified so ORDER BY sorts the stored value, not the same-named output expression. */
function orderKey(table: string, column: ColumnInfo): SQL {
  const c = sql`${sql.identifier(table)}.${sql.identifier(column.name)}`;
  return column.collatable ? sql`${c} COLLATE "C"` : c;
}

function keyParam(column: ColumnInfo, value: unknown): SQL {
  const cast = sql`${value}::${sql.raw(column.type)}`;
  return column.collatable ? sql`(${cast} COLLATE "C")` : cast;
}

/** The next `limit` rows of a table after the key `after` (primary-key order, byte order for text). */
export function selectBatch(table: string, columns: ColumnInfo[], primaryKey: ColumnInfo[], after: unknown[] | null, limit: number): SQL {
  const list = sql.join(
    columns.map((c) => sql`${readExpression(c)} AS ${sql.identifier(c.name)}`),
    sql`, `,
  );
  const keys = sql.join(primaryKey.map((c) => orderKey(table, c)), sql`, `);
  const where = after ? sql`WHERE (${keys}) > (${sql.join(primaryKey.map((c, i) => keyParam(c, after[i])), sql`, `)})` : sql``;
  return sql`SELECT ${list} FROM ${sql.identifier(table)} ${where} ORDER BY ${keys} LIMIT ${sql.raw(String(limit))}`;
}

/** Inserts rows given as a JSON array of `{column: value}` objects; the server converts every value. */
export function insertBatch(table: string, columns: ColumnInfo[], rowsJson: string): SQL {
  const names = sql.join(columns.map((c) => sql.identifier(c.name)), sql`, `);
  return sql`INSERT INTO ${sql.identifier(table)} (${names})
             SELECT ${names} FROM jsonb_populate_recordset(NULL::${sql.identifier(table)}, ${rowsJson}::jsonb)`;
}

/** Fills deferred columns in rows already inserted, matched on the primary key. */
export function patchBatch(table: string, columns: string[], primaryKey: string[], rowsJson: string): SQL {
  const t = sql.identifier(table);
  const set = sql.join(columns.map((c) => sql`${sql.identifier(c)} = v.${sql.identifier(c)}`), sql`, `);
  const match = sql.join(primaryKey.map((c) => sql`${t}.${sql.identifier(c)} = v.${sql.identifier(c)}`), sql` AND `);
  return sql`UPDATE ${t} SET ${set} FROM jsonb_populate_recordset(NULL::${t}, ${rowsJson}::jsonb) v WHERE ${match}`;
}

/** Number of rows in a table. */
export async function countRows(db: Db, table: string): Promise<number> {
  const [row] = await queryRows<{ n: string }>(db, sql`SELECT count(*)::text AS n FROM ${sql.identifier(table)}`);
  return Number(row!.n);
}

/** Moves every sequence owned by a column of `table` past the largest value now stored. */
export async function resetSequences(db: Db, table: string): Promise<void> {
  const owned = await queryRows<{ column: string; seq: string }>(
    db,
    sql`SELECT a.attname AS "column", pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname) AS seq
          FROM pg_attribute a
          JOIN pg_class c ON c.oid = a.attrelid
          JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relname = ${table} AND a.attnum > 0 AND NOT a.attisdropped`,
  );
  for (const { column, seq } of owned) {
    if (!seq) continue;
    const c = sql.identifier(column);
    await db.execute(sql`SELECT setval(${seq}::regclass, coalesce(max(${c}), 1), max(${c}) IS NOT NULL) FROM ${sql.identifier(table)}`);
  }
}

/**
 * One database handle over two backends: the embedded PGlite (default) or a PostgreSQL server
 * through a `pg` pool. Both speak the same SQL dialect and share one Drizzle schema.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { startFsyncLoop, type FsyncLoop } from './pglite-fsync.ts';
import * as schema from './schema.ts';

export type Schema = typeof schema;
/** A Drizzle handle: the database itself or an open transaction (both have the same API). */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

/** The minimal SQL executor pg-boss needs (see pg-boss `IDatabase`). */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** Runs raw SQL (several statements allowed when there are no parameters). */
  query<T = Record<string, unknown>>(text: string, values?: unknown[]): Promise<T[]>;
  /** An executor for pg-boss on the same database. */
  jobsExecutor(): SqlExecutor;
  /** The PGlite instance, when embedded. */
  pglite?: PGlite;
  /** The pool, when on a PostgreSQL server. */
  pool?: pg.Pool;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string;
  /** Directory for PGlite's files; `undefined` keeps it in memory. */
  dataDir?: string;
  poolSize?: number;
  /** An existing PGlite to wrap (tests load one from a template). */
  pglite?: PGlite;
  /** For an on-disk PGlite: fsync changed files this often (ms); 0 turns it off. */
  pgliteFsyncMs?: number;
}

// timestamptz and timestamp come back as ISO strings from both backends; Drizzle maps them.
pg.types.setTypeParser(20, (v) => Number(v)); // int8 → number (counts, bigserial ids below 2^53)

/** Opens the configured backend. */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.poolSize ?? 10);
  const pglite = opts.pglite ?? (await createPglite(opts.dataDir));
  const fsync = !opts.pglite && opts.dataDir && opts.pgliteFsyncMs ? startFsyncLoop(path.join(opts.dataDir, 'pglite'), opts.pgliteFsyncMs) : undefined;
  return wrapPglite(pglite, fsync);
}

async function createPglite(dataDir: string | undefined): Promise<PGlite> {
  if (!dataDir) return PGlite.create();
  const dir = path.join(dataDir, 'pglite');
  mkdirSync(dir, { recursive: true });
  return PGlite.create(dir);
}

function wrapPglite(pglite: PGlite, fsync?: FsyncLoop): Database {
  const db = drizzlePglite(pglite, { schema }) as unknown as Db;
  const query = async <T,>(text: string, values?: unknown[]): Promise<T[]> => {
    if (values && values.length > 0) return (await pglite.query<T>(text, values)).rows;
    const results = await pglite.exec(text);
    return (results.at(-1)?.rows ?? []) as T[];
  };
  return {
    kind: 'pglite',
    db,
    pglite,
    query,
    jobsExecutor: () => ({ executeSql: async (text, values) => ({ rows: await query(text, values) }) }),
    close: async () => {
      if (!pglite.closed) await pglite.close();
      if (fsync) {
        await fsync.stop();
        await fsync.flush();
      }
    },
  };
}

function openPostgres(url: string, poolSize: number): Database {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it on next use.
  });
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  const query = async <T,>(text: string, values?: unknown[]): Promise<T[]> => {
    const result = await pool.query(text, values);
    const last = Array.isArray(result) ? result.at(-1) : result;
    return (last?.rows ?? []) as T[];
  };
  return {
    kind: 'postgres',
    db,
    pool,
    query,
    jobsExecutor: () => ({ executeSql: async (text, values) => ({ rows: await query(text, values) }) }),
    close: () => pool.end(),
  };
}

/** The rows of a raw `db.execute` result: node-postgres answers `{ rows }`, PGlite's driver an array. */
export function resultRows<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

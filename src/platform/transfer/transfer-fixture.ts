/**
 * Test-only helpers for the transfer tests: fresh empty databases on each backend, reading and
 * rewriting dumps, and signing in against an imported database through the real HTTP app.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { loadConfig, testDatabaseUrl } from '../../config.ts';
import { openDatabase, type Database } from '../../db/client.ts';
import { migrateDatabase } from '../../db/migrate.ts';
import { buildServer } from '../../server.ts';
import { newPglite, newPostgresDatabaseUrl, onPostgres } from '../../../test/support/database.ts';

/** The server used for the PostgreSQL leg: the suite's, else the local one on the default port. */
export const postgresAdminUrl = testDatabaseUrl() ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** True when `postgresAdminUrl` accepts a connection within a few seconds. */
export async function postgresAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: postgresAdminUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const created: string[] = [];

/** A new PostgreSQL database: a copy of the suite's migrated template, or an empty one (import migrates it). */
export async function freshPostgres(): Promise<Database> {
  let url: string;
  if (onPostgres()) {
    url = await newPostgresDatabaseUrl();
  } else {
    const name = `steward_transfer_${process.pid}_${Date.now()}_${created.length}`;
    const admin = new pg.Client({ connectionString: postgresAdminUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    const target = new URL(postgresAdminUrl);
    target.pathname = `/${name}`;
    url = target.toString();
  }
  created.push(new URL(url).pathname.slice(1));
  return openDatabase({ databaseUrl: url, poolSize: 3 });
}

/** Drops the PostgreSQL databases `freshPostgres` created (their pools must be closed). */
export async function dropFreshPostgres(): Promise<void> {
  if (created.length === 0) return;
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  try {
    for (const name of created.splice(0)) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** A new, migrated PGlite: a copy of the suite's template on PGlite runs, migrated here otherwise. */
export async function freshPglite(): Promise<Database> {
  if (!onPostgres()) return openDatabase({ pglite: await newPglite() });
  const database = await openDatabase({ pglite: await PGlite.create() });
  await migrateDatabase(database);
  return database;
}

export const workDir = () => mkdtempSync(path.join(tmpdir(), 'steward-transfer-'));

/** A dump's lines, decompressed: the parsed header and the raw row lines. */
export function readDump(file: string): { header: Record<string, unknown> & { tables: unknown[] }; rows: string[] } {
  const [first, ...rest] = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
  return { header: JSON.parse(first!), rows: rest.filter((l) => l.length > 0) };
}

/** Writes a variant of a dump whose decompressed text `change` rewrote. */
export function rewriteDump(from: string, to: string, change: (text: string) => string): string {
  writeFileSync(to, gzipSync(change(gunzipSync(readFileSync(from)).toString('utf8'))));
  return to;
}

/** Signs in through the real app on `database`; returns the HTTP status. */
export async function signInStatus(database: Database, email: string, password: string): Promise<number> {
  const dataDir = workDir();
  const config = loadConfig({ STEWARD_DATA_DIR: dataDir, STEWARD_LOG_LEVEL: 'silent', STEWARD_LOGIN_RATE_LIMIT: '1000' });
  const app = await buildServer({ config, database, logger: false });
  try {
    await app.ready();
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
    return res.statusCode;
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Row counts of every application table that are not the migrations' own rows. */
export async function dataRowCount(database: Database, tables: string[]): Promise<number> {
  let n = 0;
  for (const table of tables) {
    const where = table === 'audit_chain_head' ? ` WHERE NOT (last_seq = 0 AND last_hash = repeat('0', 64))` : '';
    const [row] = await database.query<{ n: string }>(`SELECT count(*)::text AS n FROM "${table}"${where}`);
    n += Number(row!.n);
  }
  return n;
}

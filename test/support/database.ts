/** A fresh, migrated database for one test file: a copy of the run's template on either backend. */
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import { testDatabaseUrl } from '../../src/config.ts';
import { openDatabase, type Database } from '../../src/db/client.ts';

let counter = 0;

/** The connection URL of a new PostgreSQL database copied from the template (PostgreSQL runs only). */
export async function newPostgresDatabaseUrl(): Promise<string> {
  const url = testDatabaseUrl()!;
  const name = `steward_t${counter++}_${process.pid}_${inject('runId')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('pgTemplate')}`);
  } finally {
    await admin.end();
  }
  const target = new URL(url);
  target.pathname = `/${name}`;
  return target.toString();
}

/** Loads a new in-memory PGlite from the template tarball. */
export async function newPglite(): Promise<PGlite> {
  const tar = readFileSync(inject('pgliteTemplate'));
  return PGlite.create({ loadDataDir: new Blob([tar]) });
}

export const onPostgres = () => Boolean(testDatabaseUrl());

/** A migrated database of the backend under test, private to the caller. */
export async function openTestDatabase(): Promise<Database> {
  if (onPostgres()) return openDatabase({ databaseUrl: await newPostgresDatabaseUrl(), poolSize: 5 });
  return openDatabase({ pglite: await newPglite() });
}

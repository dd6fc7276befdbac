/**
 * Migrates one template database per test run; each test file gets its own copy:
 * a PGlite data-dir tarball (default) or a PostgreSQL database created from a template
 * when TEST_DATABASE_URL is set.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { testDatabaseUrl } from '../../src/config.ts';
import { openDatabase } from '../../src/db/client.ts';
import { migrateDatabase } from '../../src/db/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    pgTemplate: string;
    /** Names this run's throwaway PostgreSQL databases so teardown drops every one of them. */
    runId: string;
  }
}

export default async function setup(project: TestProject) {
  const url = testDatabaseUrl();
  const runId = `${process.pid}x${Date.now().toString(36)}`;
  project.provide('runId', runId);
  if (url) {
    const name = `steward_tpl_${runId}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const target = new URL(url);
    target.pathname = `/${name}`;
    const database = await openDatabase({ databaseUrl: target.toString(), poolSize: 2 });
    await migrateDatabase(database);
    await database.close();
    project.provide('pgTemplate', name);
    project.provide('pgliteTemplate', '');
    return async () => {
      const rows = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE 'steward_t%${runId}%'`);
      for (const row of rows.rows as { datname: string }[]) {
        await admin.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`);
      }
      await admin.end();
    };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'steward-template-'));
  const pglite = await PGlite.create();
  const database = await openDatabase({ pglite });
  await migrateDatabase(database);
  const tarball = await pglite.dumpDataDir('none');
  const file = path.join(dir, 'template.tar');
  writeFileSync(file, Buffer.from(await tarball.arrayBuffer()));
  await pglite.close();
  project.provide('pgliteTemplate', file);
  project.provide('pgTemplate', '');
  return () => rmSync(dir, { recursive: true, force: true });
}

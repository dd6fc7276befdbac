import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/client.ts';
import { createOrganisation, ensureDefaultOrganisation } from '../../modules/identity/organisation-service.ts';
import { newPglite, newPostgresDatabaseUrl, onPostgres } from '../../../test/support/database.ts';
import { inTransaction, systemContext } from '../context.ts';
import { nextHumanKey, parseHumanKey } from './human-keys.ts';

let database: Database;
let orgA: string;
let orgB: string;

beforeAll(async () => {
  // A pool as large as the burst, so on PostgreSQL the creates really run at the same time.
  database = onPostgres() ? await openDatabase({ databaseUrl: await newPostgresDatabaseUrl(), poolSize: 40 }) : await openDatabase({ pglite: await newPglite() });
  orgA = (await ensureDefaultOrganisation(database.db)).id;
  orgB = (await createOrganisation(systemContext(database.db, orgA, 'test'), { slug: 'other', name: 'Other' })).id;
  await database.query('CREATE TABLE key_probe (org_id uuid NOT NULL, key text NOT NULL)');
});
afterAll(() => database.close());

/** One create: allocate a key and store a record with it, rolling back every `failEvery`-th. */
async function create(orgId: string, i: number, failEvery: number): Promise<string | undefined> {
  try {
    return await inTransaction(systemContext(database.db, orgId, 'test'), async (tx) => {
      const key = await nextHumanKey(tx, 'INC');
      await tx.db.execute(sql`INSERT INTO key_probe (org_id, key) VALUES (${orgId}, ${key})`);
      await tx.db.execute(sql`SELECT pg_sleep(${(i % 5) / 1000})`);
      if (i % failEvery === 0) throw new Error('rolled back on purpose');
      return key;
    });
  } catch (err) {
    if ((err as Error).message !== 'rolled back on purpose') throw err;
    return undefined;
  }
}

describe('human keys', () => {
  it('parallel creates get consecutive keys with no duplicates and no gaps, per organisation', { timeout: 60_000 }, async () => {
    const burst = 120;
    const results = await Promise.all(Array.from({ length: burst }, (_, i) => create(i % 3 === 0 ? orgB : orgA, i + 1, 7)));
    const committed = results.filter((k): k is string => k !== undefined);
    expect(committed.length).toBeLessThan(burst);
    for (const orgId of [orgA, orgB]) {
      const rows = await database.query<{ key: string }>('SELECT key FROM key_probe WHERE org_id = $1', [orgId]);
      const numbers = rows.map((r) => parseHumanKey(r.key)!.number).sort((a, b) => a - b);
      expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1));
    }
  });

  it('parses keys case-insensitively and refuses anything else', () => {
    expect(parseHumanKey('inc-1042')).toEqual({ prefix: 'INC', number: 1042 });
    for (const bad of ['INC-0', 'INC-01', 'INC1042', 'I-1', 'TOOLONG-1', 'INC-1e3', '', 'INC--1']) expect(parseHumanKey(bad)).toBeUndefined();
  });
});

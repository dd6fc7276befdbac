import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/support/database.ts';
import type { Database } from '../../db/client.ts';
import { decodeValue, insertBatch, patchBatch, queryRows, readColumns, resetSequences, selectBatch, type ColumnInfo } from './table-sql.ts';

let database: Database;
let columns: ColumnInfo[];

/** Reads the whole table back the way an export does, `size` rows per query. */
async function readAll(size: number): Promise<Record<string, unknown>[]> {
  const key = columns.filter((c) => c.name === 'id');
  const out: Record<string, unknown>[] = [];
  let after: unknown[] | null = null;
  for (;;) {
    const rows: Record<string, unknown>[] = await queryRows(database.db, selectBatch('tree', columns, key, after, size));
    if (rows.length === 0) return out;
    for (const raw of rows) out.push(Object.fromEntries(columns.map((c) => [c.name, decodeValue(c, raw[c.name])])));
    after = [rows.at(-1)!.id];
  }
}

beforeAll(async () => {
  database = await openTestDatabase();
  await database.query(`
    CREATE TABLE tree (
      id text PRIMARY KEY, parent_id text REFERENCES tree(id), seq bigserial, big bigint, ratio double precision, amount numeric,
      at timestamptz, local timestamp, tags text[], doc jsonb, flag boolean
    )`);
  columns = (await readColumns(database.db, ['tree'])).get('tree')!;
}, 60_000);
afterAll(() => database.close());

describe('table SQL', () => {
  it('loads rows whose self references are filled in afterwards, and reads them back exactly', async () => {
    const rows = [
      { id: 'b', parent_id: 'a', seq: 7, big: '9007199254740993', ratio: 0.1, amount: '12345678901234567890.123456789', at: '2026-03-29T00:30:00.123456Z', local: '2026-03-29T01:30:00.000001', tags: ['x', 'y z', ''], doc: { n: 1, s: 'é', a: [null] }, flag: true },
      { id: 'a', parent_id: null, seq: 3, big: -5, ratio: 'NaN', amount: null, at: 'infinity', local: null, tags: [], doc: 'just a string', flag: false },
      { id: 'B', parent_id: 'b', seq: 9, big: null, ratio: null, amount: '0', at: null, local: null, tags: null, doc: null, flag: null },
    ];
    const withoutParents = rows.map((r) => ({ ...r, parent_id: null }));
    await database.db.transaction(async (tx) => {
      await tx.execute(insertBatch('tree', columns, JSON.stringify(withoutParents)));
      const patches = rows.filter((r) => r.parent_id).map((r) => ({ id: r.id, parent_id: r.parent_id }));
      await tx.execute(patchBatch('tree', ['parent_id'], ['id'], JSON.stringify(patches)));
    });
    await resetSequences(database.db, 'tree');
    const back = await readAll(1);
    expect(back.map((r) => r.id)).toEqual(['B', 'a', 'b']); // byte order, whatever the collation
    const byId = Object.fromEntries(back.map((r) => [r.id, r]));
    expect(byId).toEqual(Object.fromEntries(rows.map((r) => [r.id, r])));
    const [next] = await database.query<{ seq: number }>(`INSERT INTO tree (id) VALUES ('c') RETURNING seq::int AS seq`);
    expect(next!.seq).toBe(10);
  });
});

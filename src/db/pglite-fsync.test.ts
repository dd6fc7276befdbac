import { mkdtempSync, writeFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './client.ts';
import { startFsyncLoop } from './pglite-fsync.ts';

describe('PGlite fsync loop', () => {
  it('syncs only files changed since the previous pass', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'steward-fsync-'));
    writeFileSync(path.join(dir, 'a'), 'a');
    writeFileSync(path.join(dir, 'b'), 'b');
    const loop = startFsyncLoop(dir, 60_000);
    expect(await loop.flush()).toBe(2);
    const old = new Date(Date.now() - 60_000);
    utimesSync(path.join(dir, 'a'), old, old);
    utimesSync(path.join(dir, 'b'), old, old);
    expect(await loop.flush()).toBe(0);
    writeFileSync(path.join(dir, 'b'), 'changed');
    expect(await loop.flush()).toBe(1);
    // A file whose time the kernel's coarse clock put just before the pass began is not missed.
    const justBefore = new Date(Date.now() - 500);
    utimesSync(path.join(dir, 'a'), justBefore, justBefore);
    expect(await loop.flush()).toBe(2);
    await loop.stop();
  });

  it('an on-disk embedded database keeps working with the loop and flushes on close', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'steward-fsync-db-'));
    const database = await openDatabase({ dataDir, pgliteFsyncMs: 50 });
    await database.query('CREATE TABLE t (n int)');
    await database.query('INSERT INTO t VALUES (1)');
    await new Promise((r) => setTimeout(r, 120));
    await database.close();
    const again = await openDatabase({ dataDir, pgliteFsyncMs: 50 });
    expect(await again.query('SELECT n FROM t')).toEqual([{ n: 1 }]);
    await again.close();
  });
});

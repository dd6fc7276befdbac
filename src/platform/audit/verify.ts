/** Walks the audit chain and reports the first row whose hash or link does not match. */
import { asc, gt } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { auditEvents } from './schema.ts';
import { auditHash } from './canonical.ts';

export interface VerifyResult {
  ok: boolean;
  checked: number;
  /** The first broken row, when any. */
  brokenAt?: { seq: number; id: string; reason: string };
}

const genesis = '0'.repeat(64);

export async function verifyAuditChain(db: Db, onProgress?: (checked: number) => void): Promise<VerifyResult> {
  let prevHash = genesis;
  let lastSeq = 0;
  let checked = 0;
  for (;;) {
    const rows = await db.select().from(auditEvents).where(gt(auditEvents.seq, lastSeq)).orderBy(asc(auditEvents.seq)).limit(1000);
    if (rows.length === 0) return { ok: true, checked };
    for (const row of rows) {
      if (row.prevHash !== prevHash) {
        return { ok: false, checked, brokenAt: { seq: row.seq, id: row.id, reason: 'link to the previous row does not match (a row was removed or inserted)' } };
      }
      const expected = auditHash(prevHash, row);
      if (expected !== row.hash) {
        return { ok: false, checked, brokenAt: { seq: row.seq, id: row.id, reason: 'content does not match its hash (the row was altered)' } };
      }
      prevHash = row.hash;
      lastSeq = row.seq;
      checked++;
    }
    onProgress?.(checked);
  }
}

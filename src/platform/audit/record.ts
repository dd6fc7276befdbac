/** Appends audit rows to the hash chain inside the caller's transaction. */
import { eq, sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { actorLabel, actorUserId, type Ctx } from '../context.ts';
import { auditChainHead, auditEvents } from './schema.ts';
import { auditHash } from './canonical.ts';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  /** The presented record before the change (undefined for creations). */
  before?: Record<string, unknown> | null;
  /** The presented record after the change (undefined for deletions). */
  after?: Record<string, unknown> | null;
  /** Organisation the entity belongs to; defaults to the caller's. `null` for installation-wide records. */
  orgId?: string | null;
}

const ignoredInDiff = new Set(['updatedAt', 'version']);

/** Field-by-field differences between two presented records. */
export function diffRecords(before: Record<string, unknown> | null | undefined, after: Record<string, unknown> | null | undefined) {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const key of keys) {
    if (ignoredInDiff.has(key)) continue;
    const from = before?.[key] ?? null;
    const to = after?.[key] ?? null;
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[key] = { from, to };
  }
  return changes;
}

/** Records one audited write. Must run inside the transaction that makes the change. */
export async function recordAudit(ctx: Ctx, entry: AuditEntry): Promise<void> {
  await recordAudits(ctx, [entry]);
}

/**
 * Records several audited writes of one transaction in chain order with one lock of the chain head
 * and one insert (bulk writes such as CSV imports); the chain is the same as one call per entry.
 */
export async function recordAudits(ctx: Ctx, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const [head] = await ctx.db.select().from(auditChainHead).where(eq(auditChainHead.id, 1)).for('update');
  if (!head) throw new Error('audit chain head missing: migrations not applied');
  let prevHash = head.lastHash;
  const rows = entries.map((entry) => {
    const row = {
      id: uuidv7(),
      orgId: entry.orgId === undefined ? ctx.orgId : entry.orgId,
      at: ctx.clock.now().toISOString(),
      actorType: ctx.actor.type,
      actorId: actorUserId(ctx.actor),
      actorLabel: actorLabel(ctx.actor),
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      requestId: ctx.requestId,
      before: jsonSafe(entry.before ?? null),
      after: jsonSafe(entry.after ?? null),
      changes: diffRecords(entry.before, entry.after),
    };
    const hash = auditHash(prevHash, row);
    const linked = { ...row, prevHash, hash };
    prevHash = hash;
    return linked;
  });
  let lastSeq = 0;
  // Rows of one VALUES list take their sequence numbers in list order, so seq order is chain order.
  for (let i = 0; i < rows.length; i += 500) {
    const inserted = await ctx.db.insert(auditEvents).values(rows.slice(i, i + 500)).returning({ seq: auditEvents.seq });
    lastSeq = Math.max(lastSeq, ...inserted.map((r) => r.seq));
  }
  await ctx.db
    .update(auditChainHead)
    .set({ lastHash: prevHash, lastSeq: sql`${lastSeq}` })
    .where(eq(auditChainHead.id, 1));
}

/** Drops `undefined` so the stored JSON and the hashed JSON are the same document. */
function jsonSafe<T>(value: T): T {
  return value === null ? value : (JSON.parse(JSON.stringify(value)) as T);
}

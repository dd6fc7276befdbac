/**
 * A configuration item's history from the audit trail, for everyone who may read the CMDB: the whole
 * trail needs audit:read, which agents working the CMDB do not have (as a ticket's timeline is theirs).
 */
import { and, desc, eq, inArray, lt } from 'drizzle-orm';
import { decodeSeq, seqCursor } from '../../platform/audit/query.ts';
import { auditEvents } from '../../platform/audit/schema.ts';
import { users } from '../../platform/auth/schema.ts';
import { requirePermission, type Ctx } from '../../platform/context.ts';
import type { Page } from '../../platform/http/pagination.ts';
import type { CiHistoryEntry } from './contract.ts';
import { findCiRow } from './ci-query.ts';

/** A page of the item's changes, newest first; actors are named as people are now. */
export async function ciHistory(ctx: Ctx, idOrKey: string, query: { limit: number; cursor?: string }): Promise<Page<CiHistoryEntry>> {
  requirePermission(ctx, 'cmdb:read');
  // The cursor is checked first: a bad one is a 400 whether or not the item exists.
  const before = query.cursor ? decodeSeq(query.cursor) : undefined;
  const ci = await findCiRow(ctx, idOrKey);
  const rows = await ctx.db
    .select()
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.orgId, ctx.orgId),
        eq(auditEvents.entityType, 'ci'),
        eq(auditEvents.entityId, ci.id),
        before !== undefined ? lt(auditEvents.seq, before) : undefined,
      ),
    )
    .orderBy(desc(auditEvents.seq))
    .limit(query.limit + 1);
  const more = rows.length > query.limit;
  const page = rows.slice(0, query.limit);
  const actorIds = [...new Set(page.map((r) => r.actorId).filter((id): id is string => id !== null))];
  const names = new Map(
    (actorIds.length ? await ctx.db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, actorIds)) : []).map((u) => [u.id, u.name]),
  );
  return {
    items: page.map((r) => ({
      at: new Date(r.at).toISOString(),
      actor: { id: r.actorId, label: (r.actorId && names.get(r.actorId)) || r.actorLabel },
      action: r.action,
      changes: r.changes,
    })),
    nextCursor: more ? seqCursor(page.at(-1)!.seq) : null,
  };
}

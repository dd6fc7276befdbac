/** Reading the audit trail: filtered, newest first, cursor-paginated, scoped to the caller's organisation. */
import { and, desc, eq, gte, lte, lt, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { requirePermission, type Ctx } from '../context.ts';
import { AppError } from '../errors/catalogue.ts';
import { pageOf, pageQuery, type Page } from '../http/pagination.ts';
import { auditEvents } from './schema.ts';

export const AuditQuery = z.strictObject({
  entityType: z.string().max(100).optional(),
  entityId: z.string().max(200).optional(),
  actorId: z.uuid('must be an id').optional(),
  action: z.string().max(100).optional(),
  from: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 time' }).optional(),
  to: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 time' }).optional(),
  ...pageQuery,
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditEvent = z
  .object({
    id: z.string(),
    at: z.string(),
    actor: z.object({ type: z.enum(['user', 'token', 'system']), id: z.string().nullable(), label: z.string() }),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string(),
    requestId: z.string(),
    changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })),
    before: z.unknown(),
    after: z.unknown(),
  })
  .meta({ id: 'AuditEvent' });
export type AuditEvent = z.infer<typeof AuditEvent>;
export const AuditPage = pageOf(AuditEvent);

/** Cursors of lists ordered by audit sequence (the trail, a ticket's timeline): the last row's seq. */
export function seqCursor(seq: number): string {
  return Buffer.from(String(seq)).toString('base64url');
}

export function decodeSeq(cursor: string): number {
  const n = Number(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!Number.isSafeInteger(n) || n < 1) throw new AppError('BAD_CURSOR', 'The cursor is not valid for this list', [{ field: 'cursor', message: 'is not a cursor from this list' }]);
  return n;
}

export async function findAuditEvents(ctx: Ctx, query: AuditQuery): Promise<Page<AuditEvent>> {
  requirePermission(ctx, 'audit:read');
  if (query.from && query.to && new Date(query.from) > new Date(query.to)) {
    throw new AppError('VALIDATION_FAILED', 'from must not be after to', [{ field: 'from', message: 'is after to' }]);
  }
  const filters: (SQL | undefined)[] = [
    eq(auditEvents.orgId, ctx.orgId),
    query.entityType ? eq(auditEvents.entityType, query.entityType) : undefined,
    query.entityId ? eq(auditEvents.entityId, query.entityId) : undefined,
    query.actorId ? eq(auditEvents.actorId, query.actorId) : undefined,
    query.action ? eq(auditEvents.action, query.action) : undefined,
    query.from ? gte(auditEvents.at, new Date(query.from).toISOString()) : undefined,
    query.to ? lte(auditEvents.at, new Date(query.to).toISOString()) : undefined,
    query.cursor ? lt(auditEvents.seq, decodeSeq(query.cursor)) : undefined,
  ];
  const ordered = await ctx.db
    .select()
    .from(auditEvents)
    .where(and(...filters))
    .orderBy(desc(auditEvents.seq))
    .limit(query.limit + 1);
  const more = ordered.length > query.limit;
  const page = ordered.slice(0, query.limit);
  return {
    items: page.map((r) => ({
      id: r.id,
      at: new Date(r.at).toISOString(),
      actor: { type: r.actorType, id: r.actorId, label: r.actorLabel },
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId,
      requestId: r.requestId,
      changes: r.changes,
      before: r.before,
      after: r.after,
    })),
    nextCursor: more ? seqCursor(page.at(-1)!.seq) : null,
  };
}

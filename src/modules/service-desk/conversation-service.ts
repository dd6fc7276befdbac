/**
 * A ticket's conversation (public replies and internal notes) and its timeline of field changes.
 * Requesters see public replies and the status part of the timeline only.
 */
import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import { decodeSeq, seqCursor } from '../../platform/audit/query.ts';
import { auditEvents } from '../../platform/audit/schema.ts';
import { users } from '../../platform/auth/schema.ts';
import { can, inTransaction, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors/catalogue.ts';
import { finishPage, keyset, type Page } from '../../platform/http/pagination.ts';
import { recordChange } from '../../platform/record-change.ts';
import { inOrg, updateIn } from '../../platform/tenancy/scope.ts';
import type { Comment, CreateCommentBody } from './contract.ts';
import { statusAfterRequesterReply } from './lifecycle.ts';
import { ticketComments, tickets } from './schema.ts';
import { syncTicketSla } from './sla/ticket-sla.ts';
import { iso } from '../../db/columns.ts';
import { findTicketRow, ticketDetail, type TicketRow } from './ticket-query.ts';
import { insertComment, isRequesterSide, refreshSearch, snapshot, type CommentAuthor } from './ticket-service.ts';

type CommentRow = typeof ticketComments.$inferSelect;

async function presentComments(ctx: Ctx, rows: CommentRow[]): Promise<Comment[]> {
  const authorIds = [...new Set(rows.map((r) => r.authorId).filter((id): id is string => id !== null))];
  const authors = authorIds.length ? await ctx.db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(inArray(users.id, authorIds)) : [];
  const byId = new Map(authors.map((a) => [a.id, a]));
  return rows.map((r) => ({
    id: r.id,
    ticketId: r.ticketId,
    author: r.authorId ? (byId.get(r.authorId) ?? null) : null,
    authorLabel: r.authorLabel,
    visibility: r.visibility,
    text: r.body,
    source: r.source,
    createdAt: iso(r.createdAt)!,
  }));
}

/** The conversation, oldest first; internal notes only for people with tickets:read. */
export async function listComments(ctx: Ctx, idOrKey: string, query: { limit: number; cursor?: string }): Promise<Page<Comment>> {
  const page = keyset({ sortColumn: ticketComments.createdAt, idColumn: ticketComments.id, descending: false, sortName: 'createdAt', cursor: query.cursor });
  const ticket = await findTicketRow(ctx, idOrKey);
  const rows = await ctx.db
    .select()
    .from(ticketComments)
    .where(
      inOrg(ctx, ticketComments, eq(ticketComments.ticketId, ticket.id), can(ctx.actor, 'tickets:read') ? undefined : eq(ticketComments.visibility, 'public'), page.where),
    )
    .orderBy(...page.orderBy)
    .limit(query.limit + 1);
  const presented = await presentComments(ctx, rows.slice(0, query.limit));
  const byId = new Map(presented.map((c) => [c.id, c]));
  return finishPage(rows, query.limit, 'createdAt', (r) => [new Date(r.createdAt).toISOString(), r.id], (r) => byId.get(r.id)!);
}

/**
 * Adds a public reply or an internal note. An agent's first public reply stamps the first response;
 * a reply from the requester's side moves a pending ticket back to work.
 */
export async function addComment(ctx: Ctx, idOrKey: string, input: CreateCommentBody): Promise<Comment> {
  return postComment(ctx, idOrKey, input, { agent: can(ctx.actor, 'tickets:write'), requesterSide: (row) => isRequesterSide(ctx, row) });
}

/**
 * A public reply written by e-mail: `ctx` is a system context of the ticket's organisation, the reply
 * is the sender's (an agent of the organisation or someone on the requester's side), and the same
 * status rules apply as to a reply in the portal or console.
 */
export async function addMailReply(ctx: Ctx, idOrKey: string, text: string, sender: { userId: string; name: string; agent: boolean }): Promise<Comment> {
  return postComment(
    ctx,
    idOrKey,
    { text, visibility: 'public' },
    { agent: sender.agent, requesterSide: (row) => row.requesterId === sender.userId || row.affectedId === sender.userId, author: { userId: sender.userId, label: sender.name, source: 'email' } },
  );
}

interface Writer {
  agent: boolean;
  requesterSide: (row: TicketRow) => boolean;
  author?: CommentAuthor;
}

async function postComment(ctx: Ctx, idOrKey: string, input: CreateCommentBody, writer: Writer): Promise<Comment> {
  const agent = writer.agent;
  if (input.visibility === 'internal' && !agent) {
    throw new AppError('FORBIDDEN', 'Only the service desk writes internal notes', [{ field: 'visibility', message: 'must be public' }]);
  }
  return inTransaction(ctx, async (tx) => {
    const row = await findTicketRow(tx, idOrKey, true);
    if (row.status === 'closed' || row.status === 'cancelled') {
      throw new AppError('TICKET_NOT_OPEN', `${row.key} is ${row.status}; open a new ticket and mention ${row.key}`);
    }
    // Readers without tickets:write (auditors, watchers) follow the conversation; they do not take part in it.
    if (!agent && !writer.requesterSide(row)) throw new AppError('FORBIDDEN', 'Only the requester or the service desk can reply to this ticket');
    const comment = await insertComment(tx, row, input.text, input.visibility, false, writer.author);
    const requesterReply = writer.requesterSide(row) && input.visibility === 'public';
    const now = tx.clock.now().toISOString();
    const status = requesterReply ? statusAfterRequesterReply(row.status, Boolean(row.groupId || row.assigneeId)) : row.status;
    const firstResponse = agent && !requesterReply && input.visibility === 'public' && row.firstResponseAt === null;
    const before = status !== row.status || firstResponse ? await ticketDetail(tx, row) : undefined;
    const deskReplies = row.deskReplies + (input.visibility === 'public' && !requesterReply ? 1 : 0);
    const [updated] = await updateIn(
      tx,
      tickets,
      before
        ? { status, pendingReason: status === 'pending' ? row.pendingReason : null, firstResponseAt: firstResponse ? now : row.firstResponseAt, deskReplies, version: row.version + 1, updatedAt: now }
        : { deskReplies, updatedAt: now },
      eq(tickets.id, row.id),
    );
    await refreshSearch(tx, row.id);
    if (before) await syncTicketSla(tx, updated!);
    await recordChange(tx, {
      action: input.visibility === 'public' ? 'replied' : 'noted',
      entityType: 'ticket',
      entityId: row.id,
      ...(before ? { before: snapshot(before), after: snapshot(await ticketDetail(tx, updated!)) } : {}),
      eventPayload: { commentId: comment.id, visibility: input.visibility, key: row.key, byRequester: requesterReply },
    });
    return (await presentComments(tx, [comment]))[0]!;
  });
}

/** Field changes a requester may see in their ticket's timeline. */
const requesterVisibleFields = new Set(['status', 'pendingReason', 'resolutionCode', 'resolutionNotes', 'resolvedAt', 'closedAt', 'mergedInto']);

/** The ticket's timeline from the audit trail: who changed what, oldest first. */
export async function ticketHistory(ctx: Ctx, idOrKey: string, query: { limit: number; cursor?: string }) {
  const after = query.cursor ? decodeSeq(query.cursor) : 0;
  const ticket = await findTicketRow(ctx, idOrKey);
  const rows = await ctx.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.orgId, ctx.orgId), eq(auditEvents.entityType, 'ticket'), eq(auditEvents.entityId, ticket.id), gt(auditEvents.seq, after)))
    .orderBy(asc(auditEvents.seq))
    .limit(query.limit + 1);
  const agent = can(ctx.actor, 'tickets:read');
  const more = rows.length > query.limit;
  const page = rows.slice(0, query.limit);
  const actorIds = [...new Set(page.map((r) => r.actorId).filter((id): id is string => id !== null))];
  const names = new Map(
    (actorIds.length ? await ctx.db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, actorIds)) : []).map((u) => [u.id, u.name]),
  );
  return {
    items: page
      .map((r) => ({
        at: new Date(r.at).toISOString(),
        actor: { id: r.actorId, label: (r.actorId && names.get(r.actorId)) || r.actorLabel },
        action: r.action,
        changes: agent ? r.changes : Object.fromEntries(Object.entries(r.changes).filter(([field]) => requesterVisibleFields.has(field))),
      }))
      .filter((e) => agent || e.action === 'created' || Object.keys(e.changes).length > 0),
    nextCursor: more ? seqCursor(page.at(-1)!.seq) : null,
  };
}

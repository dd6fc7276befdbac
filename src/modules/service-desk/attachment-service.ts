/**
 * Files on tickets: stored by content hash under the data directory (platform/files), recorded in
 * `ticket_attachments`. The same visibility rules as the conversation apply: a requester adds public
 * files to tickets they may reply to and never sees internal ones; agents delete.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { users } from '../../platform/auth/schema.ts';
import { actorUserId, can, inTransaction, requirePermission, type Ctx } from '../../platform/context.ts';
import { AppError, invalid } from '../../platform/errors/catalogue.ts';
import type { BlobStore, TempBlob } from '../../platform/files/blob-store.ts';
import { cleanFileName, judgeUpload, type UploadPolicy } from '../../platform/files/upload-policy.ts';
import { finishPage, keyset, type Page } from '../../platform/http/pagination.ts';
import { recordChange } from '../../platform/record-change.ts';
import { deleteIn, inOrg, selectIn } from '../../platform/tenancy/scope.ts';
import type { Attachment, UploadFields } from './attachment-contract.ts';
import { ticketAttachments, ticketComments, type TicketSource } from './schema.ts';
import { iso } from '../../db/columns.ts';
import { findTicketRow, type TicketRow } from './ticket-query.ts';
import { isRequesterSide } from './ticket-service.ts';

type AttachmentRow = typeof ticketAttachments.$inferSelect;

/** Where attachments live and what they may be. */
export interface AttachmentStore {
  blobs: BlobStore;
  policy: UploadPolicy;
}

async function present(ctx: Ctx, ticketKey: string, rows: AttachmentRow[]): Promise<Attachment[]> {
  const ids = [...new Set(rows.map((r) => r.uploadedById).filter((id): id is string => id !== null))];
  const people = ids.length ? await ctx.db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(inArray(users.id, ids)) : [];
  const byId = new Map(people.map((p) => [p.id, p]));
  return rows.map((r) => ({
    id: r.id,
    ticketId: r.ticketId,
    commentId: r.commentId,
    fileName: r.fileName,
    contentType: r.contentType,
    sizeBytes: r.sizeBytes,
    sha256: r.sha256,
    visibility: r.visibility,
    uploadedBy: r.uploadedById ? (byId.get(r.uploadedById) ?? null) : null,
    source: r.source,
    createdAt: iso(r.createdAt)!,
    downloadUrl: `/api/v1/tickets/${ticketKey}/attachments/${r.id}`,
  }));
}

/** Serialises writers and deleters of one blob across processes, for the rest of the transaction. */
async function lockBlob(ctx: Ctx, sha256: string): Promise<void> {
  await ctx.db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`attachment:${sha256}`}, 0))`);
}

export interface NewAttachment {
  fileName: string;
  contentType: string;
  blob: TempBlob;
  commentId: string | null;
  visibility: 'public' | 'internal';
  uploadedById: string | null;
  source: TicketSource;
}

/**
 * Stores a judged file on a ticket inside the caller's transaction: the blob is moved into place and
 * the row written; `undo` removes the blob again if this call created it and the transaction fails.
 */
export async function insertAttachment(tx: Ctx, store: AttachmentStore, row: TicketRow, file: NewAttachment, undo: (() => Promise<void>)[]): Promise<AttachmentRow> {
  await lockBlob(tx, file.blob.sha256);
  if (await store.blobs.commit(file.blob)) undo.push(() => store.blobs.remove(file.blob.sha256));
  const [inserted] = await tx.db
    .insert(ticketAttachments)
    .values({
      orgId: tx.orgId,
      ticketId: row.id,
      commentId: file.commentId,
      fileName: file.fileName,
      contentType: file.contentType,
      sizeBytes: file.blob.size,
      sha256: file.blob.sha256,
      visibility: file.visibility,
      uploadedById: file.uploadedById,
      source: file.source,
      createdAt: tx.clock.now().toISOString(),
    })
    .returning();
  await recordChange(tx, {
    action: 'attachment_added',
    entityType: 'ticket',
    entityId: row.id,
    after: { attachment: { id: inserted!.id, fileName: inserted!.fileName, sizeBytes: inserted!.sizeBytes, visibility: inserted!.visibility } },
  });
  return inserted!;
}

/**
 * Runs `fn` in a transaction with an undo list for files it moved into place: when the transaction
 * fails they are removed again (the temp blob is always the caller's to discard).
 */
export async function withFileUndo<T>(ctx: Ctx, fn: (tx: Ctx, undo: (() => Promise<void>)[]) => Promise<T>): Promise<T> {
  const undo: (() => Promise<void>)[] = [];
  try {
    return await inTransaction(ctx, (tx) => fn(tx, undo));
  } catch (err) {
    for (const step of undo) await step().catch(() => {});
    throw err;
  }
}

/** Checks the ticket can be seen before a body is read: 404 for a ticket the caller may not see. */
export async function requireVisibleTicket(ctx: Ctx, idOrKey: string): Promise<void> {
  await findTicketRow(ctx, idOrKey);
}

/** Adds an uploaded file to a ticket (or one of its comments); the temp blob is consumed either way. */
export async function addAttachment(ctx: Ctx, store: AttachmentStore, idOrKey: string, upload: { fileName?: string; declaredType?: string; blob: TempBlob }, fields: UploadFields): Promise<Attachment> {
  try {
    const agent = can(ctx.actor, 'tickets:write');
    if (fields.visibility === 'internal' && !agent) {
      throw new AppError('FORBIDDEN', 'Only the service desk adds internal files', [{ field: 'visibility', message: 'must be public' }]);
    }
    const fileName = cleanFileName(upload.fileName);
    const verdict = await judgeUpload(store.policy, { fileName, declaredType: upload.declaredType, head: upload.blob.head });
    if (verdict.blocked) throw new AppError('UNSUPPORTED_MEDIA_TYPE', `${fileName}: ${verdict.blocked}`, [{ field: 'file', message: verdict.blocked }]);
    return await withFileUndo(ctx, async (tx, undo) => {
      const row = await findTicketRow(tx, idOrKey, true);
      if (row.status === 'closed' || row.status === 'cancelled') {
        throw new AppError('TICKET_NOT_OPEN', `${row.key} is ${row.status}; open a new ticket and mention ${row.key}`);
      }
      if (!agent && !isRequesterSide(tx, row) && row.status === 'resolved') {
        throw new AppError('TICKET_NOT_OPEN', `${row.key} is resolved; only its requester may still add files`);
      }
      let visibility = fields.visibility ?? 'public';
      if (fields.commentId) {
        const [comment] = await selectIn(tx, ticketComments, and(eq(ticketComments.id, fields.commentId), eq(ticketComments.ticketId, row.id)));
        if (!comment || (!can(tx.actor, 'tickets:read') && comment.visibility !== 'public')) throw invalid([{ field: 'commentId', message: 'is not a comment of this ticket' }]);
        if (comment.visibility === 'internal' && fields.visibility === 'public') throw invalid([{ field: 'visibility', message: 'must be internal for a file on an internal note' }]);
        visibility = fields.visibility ?? comment.visibility;
      }
      const source: TicketSource = ctx.actor.type === 'token' ? 'api' : 'portal';
      const inserted = await insertAttachment(
        tx,
        store,
        row,
        { fileName, contentType: verdict.contentType, blob: upload.blob, commentId: fields.commentId ?? null, visibility, uploadedById: actorUserId(tx.actor), source },
        undo,
      );
      return (await present(tx, row.key, [inserted]))[0]!;
    });
  } finally {
    await store.blobs.discard(upload.blob);
  }
}

const visibleToCaller = (ctx: Ctx) => (can(ctx.actor, 'tickets:read') ? undefined : eq(ticketAttachments.visibility, 'public'));

/** The ticket's files, oldest first; internal ones only for people with tickets:read. */
export async function listAttachments(ctx: Ctx, idOrKey: string, query: { limit: number; cursor?: string }): Promise<Page<Attachment>> {
  const page = keyset({ sortColumn: ticketAttachments.createdAt, idColumn: ticketAttachments.id, descending: false, sortName: 'createdAt', cursor: query.cursor });
  const ticket = await findTicketRow(ctx, idOrKey);
  const rows = await ctx.db
    .select()
    .from(ticketAttachments)
    .where(inOrg(ctx, ticketAttachments, eq(ticketAttachments.ticketId, ticket.id), visibleToCaller(ctx), page.where))
    .orderBy(...page.orderBy)
    .limit(query.limit + 1);
  const presented = await present(ctx, ticket.key, rows.slice(0, query.limit));
  const byId = new Map(presented.map((a) => [a.id, a]));
  return finishPage(rows, query.limit, 'createdAt', (r) => [new Date(r.createdAt).toISOString(), r.id], (r) => byId.get(r.id)!);
}

async function findAttachment(ctx: Ctx, idOrKey: string, attachmentId: string, forUpdate = false): Promise<{ ticket: TicketRow; row: AttachmentRow }> {
  const ticket = await findTicketRow(ctx, idOrKey, forUpdate);
  const [row] = await selectIn(ctx, ticketAttachments, and(eq(ticketAttachments.id, attachmentId), eq(ticketAttachments.ticketId, ticket.id), visibleToCaller(ctx)));
  if (!row) throw new AppError('ATTACHMENT_NOT_FOUND', `No attachment ${attachmentId} on ${ticket.key} that you can see`);
  return { ticket, row };
}

/** One file's record and its content, for download. */
export async function openAttachment(ctx: Ctx, store: AttachmentStore, idOrKey: string, attachmentId: string) {
  const { ticket, row } = await findAttachment(ctx, idOrKey, attachmentId);
  if (!(await store.blobs.exists(row.sha256))) throw new AppError('ATTACHMENT_NOT_FOUND', `The file of attachment ${row.id} is missing from the data directory`);
  return { attachment: (await present(ctx, ticket.key, [row]))[0]!, stream: store.blobs.open(row.sha256) };
}

/** Removes a file from a ticket; the stored content goes too once no record refers to it. */
export async function deleteAttachment(ctx: Ctx, store: AttachmentStore, idOrKey: string, attachmentId: string): Promise<void> {
  requirePermission(ctx, 'tickets:write');
  await inTransaction(ctx, async (tx) => {
    const { ticket, row } = await findAttachment(tx, idOrKey, attachmentId, true);
    await lockBlob(tx, row.sha256);
    await deleteIn(tx, ticketAttachments, eq(ticketAttachments.id, row.id));
    await recordChange(tx, {
      action: 'attachment_deleted',
      entityType: 'ticket',
      entityId: ticket.id,
      before: { attachment: { id: row.id, fileName: row.fileName, sizeBytes: row.sizeBytes, visibility: row.visibility } },
    });
    // Any organisation's record may share the content (same hash): look across all of them.
    const [{ n }] = (await tx.db.select({ n: sql<number>`count(*)::int` }).from(ticketAttachments).where(eq(ticketAttachments.sha256, row.sha256))) as [{ n: number }];
    if (n === 0) await store.blobs.remove(row.sha256);
  });
}

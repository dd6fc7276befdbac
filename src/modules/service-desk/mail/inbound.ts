/**
 * The inbound mail pipeline shared by the SMTP listener and IMAP polling: find the desk mailbox, drop
 * automatic mail and loops, find or create the sender, then thread the mail into its ticket (key in
 * the subject, else In-Reply-To/References) as a public reply, or open a new ticket. Attachments go
 * through the same checks and storage as uploads. Every mail taken in is recorded in `ticket_mails`.
 */
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import { simpleParser, type Attachment as MailAttachment, type HeaderValue, type ParsedMail } from 'mailparser';
import { z } from 'zod';
import type { MailConfig } from '../../../config.ts';
import type { Db } from '../../../db/client.ts';
import { memberships, roles, users } from '../../../platform/auth/schema.ts';
import { systemContext, type Clock, type Ctx } from '../../../platform/context.ts';
import { BlobTooLarge, type TempBlob } from '../../../platform/files/blob-store.ts';
import { cleanFileName, judgeUpload } from '../../../platform/files/upload-policy.ts';
import { addMembership, builtinRoleId } from '../../identity/organisation-service.ts';
import { createPerson } from '../../identity/people-service.ts';
import { insertAttachment, withFileUndo, type AttachmentStore } from '../attachment-service.ts';
import { categoryIndex } from '../category-service.ts';
import { addMailReply } from '../conversation-service.ts';
import { ticketMails } from '../schema.ts';
import { findTicketRow, type TicketRow } from '../ticket-query.ts';
import { createTicket } from '../ticket-service.ts';
import { allMailboxAddresses, findActiveMailbox, type MailboxRow } from './mailbox-service.ts';
import { autoReplyReason, htmlToSafeText, storableText, stripQuotedReply, ticketKeyInSubject } from './mail-text.ts';

export interface InboundLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface InboundDeps {
  db: Db;
  clock: Clock;
  mail: MailConfig;
  store: AttachmentStore;
  log: InboundLog;
}

export type InboundOutcome =
  | { action: 'created' | 'replied'; ticketKey: string }
  /** Accepted and dropped on purpose (auto-reply, loop, duplicate, no sender). */
  | { action: 'ignored'; reason: string }
  /** Refused: the SMTP listener answers 550 (unknown mailbox, unknown sender on a `reject` mailbox). */
  | { action: 'rejected'; reason: string };

interface Sender {
  userId: string;
  name: string;
  address: string;
  agent: boolean;
}

const hour = 3_600_000;
const maxDescription = 100_000;

function headerText(value: HeaderValue | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((v) => headerText(v as HeaderValue)).join(', ');
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && 'value' in value) return String(value.value);
  if (typeof value === 'object' && 'text' in value) return String((value as { text: unknown }).text);
  return String(value);
}

const messageIds = (value: string | string[] | undefined): string[] =>
  (Array.isArray(value) ? value : value ? value.split(/\s+/) : []).map((id) => id.trim()).filter((id) => /^<[^<>\s]{1,500}>$/.test(id));

/** The first recipient that is an active desk mailbox. */
async function mailboxFor(db: Db, recipients: readonly string[]): Promise<MailboxRow | undefined> {
  for (const address of recipients) {
    const mailbox = await findActiveMailbox(db, address);
    if (mailbox) return mailbox;
  }
  return undefined;
}

/** The person behind the sender address in the mailbox's organisation; created (or added) when the mailbox allows it. */
async function senderPerson(ctx: Ctx, mailbox: MailboxRow, address: string, displayName: string): Promise<Sender | { rejected: string }> {
  const lookup = async () =>
    (
      await ctx.db
        .select({ id: users.id, name: users.name, status: users.status, member: memberships.id, kind: memberships.kind, permissions: roles.permissions })
        .from(users)
        .leftJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.orgId, ctx.orgId)))
        .leftJoin(roles, eq(roles.id, memberships.roleId))
        .where(sql`lower(${users.email}) = ${address}`)
    )[0];
  let person = await lookup();
  if (person?.status === 'disabled') return { rejected: `the account of ${address} is disabled` };
  if (!person?.member) {
    if (mailbox.unknownSenders === 'reject') return { rejected: `${address} is not a person of this organisation` };
    const roleId = await builtinRoleId(ctx.db, ctx.orgId, 'requester');
    if (!roleId) return { rejected: 'the organisation has no requester role' };
    const name = [...(displayName.trim() || address.split('@')[0]!)].slice(0, 200).join('');
    if (person) await addMembership(ctx, person.id, roleId);
    else await createPerson(ctx, { name, email: address, roleId });
    person = await lookup();
  }
  return { userId: person!.id, name: person!.name, address, agent: person!.kind === 'agent' && Boolean(person!.permissions?.includes('tickets:write')) };
}

/** The ticket this mail answers: by key in the subject, else by the Message-IDs it refers to. */
async function threadOf(ctx: Ctx, parsed: ParsedMail): Promise<TicketRow | undefined> {
  const key = ticketKeyInSubject(parsed.subject ?? '');
  if (key) {
    const row = await findTicketRow(ctx, key).catch(() => undefined);
    if (row) return row;
  }
  const refs = [...messageIds(parsed.inReplyTo), ...messageIds(parsed.references)].slice(0, 100);
  if (!refs.length) return undefined;
  const [mail] = await ctx.db
    .select({ ticketId: ticketMails.ticketId })
    .from(ticketMails)
    .where(and(eq(ticketMails.orgId, ctx.orgId), inArray(ticketMails.messageId, refs)))
    .orderBy(sql`${ticketMails.createdAt} desc`)
    .limit(1);
  return mail ? findTicketRow(ctx, mail.ticketId).catch(() => undefined) : undefined;
}

/** May this person reply on the ticket by mail: the service desk or the requester's side, as in the portal. */
function mayReply(row: TicketRow, sender: Sender): boolean {
  return sender.agent || row.requesterId === sender.userId || row.affectedId === sender.userId;
}

/** Mails taken in from this sender in the last hour (to one ticket, or to any). */
async function recentMails(ctx: Ctx, address: string, ticketId?: string): Promise<number> {
  const since = new Date(ctx.clock.now().getTime() - hour).toISOString();
  const [row] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(ticketMails)
    .where(and(eq(ticketMails.orgId, ctx.orgId), eq(ticketMails.direction, 'in'), eq(ticketMails.fromAddress, address), gte(ticketMails.createdAt, since), ticketId ? eq(ticketMails.ticketId, ticketId) : undefined));
  return row!.n;
}

interface PreparedFile {
  fileName: string;
  contentType: string;
  blob: TempBlob;
}

/** Writes and judges the mail's attachments (inline images of the body excluded); refused ones are named. */
async function prepareAttachments(deps: InboundDeps, attachments: MailAttachment[]): Promise<{ files: PreparedFile[]; refused: string[] }> {
  const files: PreparedFile[] = [];
  const refused: string[] = [];
  for (const att of attachments.slice(0, 50)) {
    if (att.related) continue;
    const fileName = cleanFileName(att.filename);
    try {
      const blob = await deps.store.blobs.write(att.content, deps.store.policy.maxBytes);
      const verdict = await judgeUpload(deps.store.policy, { fileName, declaredType: att.contentType, head: blob.head });
      if (verdict.blocked) {
        await deps.store.blobs.discard(blob);
        refused.push(`${fileName} (${verdict.blocked})`);
      } else {
        files.push({ fileName, contentType: verdict.contentType, blob });
      }
    } catch (err) {
      if (!(err instanceof BlobTooLarge)) throw err;
      refused.push(`${fileName} (larger than ${deps.store.policy.maxBytes} bytes)`);
    }
  }
  return { files, refused };
}

/** The mail's text: the plain-text part, else the HTML part made safe and turned into text. */
function bodyText(parsed: ParsedMail): string {
  if (typeof parsed.text === 'string' && parsed.text.trim()) return parsed.text;
  if (typeof parsed.html === 'string') return htmlToSafeText(parsed.html);
  return '';
}

/** Takes in one mail addressed to `recipients` (the SMTP envelope, or the IMAP mailbox's address). */
export async function receiveMail(deps: InboundDeps, recipients: readonly string[], source: Buffer | Readable): Promise<InboundOutcome> {
  const mailbox = await mailboxFor(deps.db, recipients);
  if (!mailbox) return { action: 'rejected', reason: `no active desk mailbox among ${recipients.join(', ') || 'the recipients'}` };
  const parsed = await simpleParser(source, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true, maxHtmlLengthToParse: 5_000_000 });
  const fromEntry = parsed.from?.value.find((a) => a.address);
  const address = fromEntry?.address?.trim().toLowerCase();
  if (!address || !z.email().safeParse(address).success) return { action: 'ignored', reason: 'no usable sender address' };
  const ownAddresses = await allMailboxAddresses(deps.db);
  if (ownAddresses.has(address) || address === deps.mail.from) return { action: 'ignored', reason: `sent from Steward's own address ${address}` };
  const auto = autoReplyReason((name) => headerText(parsed.headers.get(name)));
  if (auto) return { action: 'ignored', reason: `automatic mail (${auto})` };

  const ctx = systemContext(deps.db, mailbox.orgId, `mail:${mailbox.address}`, deps.clock);
  const messageId = messageIds(parsed.messageId)[0] ?? `<${randomUUID()}@steward.invalid>`;
  const [seen] = await ctx.db.select({ id: ticketMails.id }).from(ticketMails).where(and(eq(ticketMails.orgId, ctx.orgId), eq(ticketMails.messageId, messageId)));
  if (seen) return { action: 'ignored', reason: `already received ${messageId}` };

  const sender = await senderPerson(ctx, mailbox, address, fromEntry?.name ?? '');
  if ('rejected' in sender) return { action: 'rejected', reason: sender.rejected };
  const subject = storableText(parsed.subject ?? '', 1000);
  let thread = await threadOf(ctx, parsed);
  if (thread && !mayReply(thread, sender)) thread = undefined;
  // Per ticket the limit itself; new tickets from one sender get five times as much room.
  const limit = thread ? deps.mail.loopLimit : deps.mail.loopLimit * 5;
  if ((await recentMails(ctx, address, thread?.id)) >= limit) {
    return { action: 'ignored', reason: `loop guard: ${limit} mails from ${address} in the last hour` };
  }

  const { files, refused } = await prepareAttachments(deps, parsed.attachments ?? []);
  try {
    const notes = refused.length ? `\n\nNot attached: ${refused.join('; ')}.` : '';
    const record = (tx: Ctx, ticketId: string, commentId: string | null) =>
      tx.db.insert(ticketMails).values({
        orgId: tx.orgId,
        ticketId,
        commentId,
        direction: 'in',
        messageId,
        fromAddress: address,
        toAddresses: [...recipients].map((r) => r.toLowerCase()).slice(0, 50),
        subject,
        createdAt: tx.clock.now().toISOString(),
      });
    const attach = async (tx: Ctx, undo: (() => Promise<void>)[], row: TicketRow, commentId: string | null) => {
      for (const f of files) {
        await insertAttachment(tx, deps.store, row, { ...f, commentId, visibility: 'public', uploadedById: sender.userId, source: 'email' }, undo);
      }
    };

    if (thread && thread.status !== 'closed' && thread.status !== 'cancelled') {
      const open = thread;
      const text = storableText(stripQuotedReply(bodyText(parsed)) || '(no text)', maxDescription) + notes;
      await withFileUndo(ctx, async (tx, undo) => {
        const comment = await addMailReply(tx, open.key, text, sender);
        await record(tx, open.id, comment.id);
        await attach(tx, undo, open, comment.id);
      });
      return { action: 'replied', ticketKey: open.key };
    }

    const followUp = thread ? `Follow-up to ${thread.key}, which is ${thread.status}.\n\n` : '';
    const text = storableText(followUp + bodyText(parsed).trim(), maxDescription) + notes;
    const category = mailbox.defaultCategoryId ? (await categoryIndex(ctx)).get(mailbox.defaultCategoryId) : undefined;
    const title = [...(subject.replace(/\s+/g, ' ').trim() || '(no subject)')].slice(0, 300).join('');
    const key = await withFileUndo(ctx, async (tx, undo) => {
      const created = await createTicket(tx, {
        type: mailbox.defaultType,
        title,
        description: text,
        requesterId: sender.userId,
        categoryId: category?.active ? category.id : undefined,
        source: 'email',
      });
      const row = await findTicketRow(tx, created.id);
      await record(tx, row.id, null);
      await attach(tx, undo, row, null);
      return created.key;
    });
    return { action: 'created', ticketKey: key };
  } finally {
    for (const f of files) await deps.store.blobs.discard(f.blob);
  }
}

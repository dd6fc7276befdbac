/**
 * Notification mails, sent by an outbox subscriber: on a new ticket, a public reply (never an internal
 * note), a status change and a resolution, to the requester and the watchers — never to whoever made
 * the change. Subjects carry `[INC-42]` and each mail's Message-ID is recorded, so answers thread back
 * in. Texts come from the organisation's templates (plain text only).
 */
import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, lte } from 'drizzle-orm';
import nodemailer, { type Transporter } from 'nodemailer';
import type { MailConfig } from '../../../config.ts';
import { auditEvents } from '../../../platform/audit/schema.ts';
import { memberships, users } from '../../../platform/auth/schema.ts';
import type { Ctx } from '../../../platform/context.ts';
import type { StoredEvent, Subscriber } from '../../../platform/events/subscribers.ts';
import { inOrg } from '../../../platform/tenancy/scope.ts';
import { ticketComments, ticketMails, tickets, ticketWatchers, type TicketStatus } from '../schema.ts';
import { allMailboxAddresses, replyAddress } from './mailbox-service.ts';
import { templateFor } from './template-service.ts';
import { renderTemplate, subjectLine, type NotificationEventName, type TemplateValues } from './templates.ts';

export interface NotifierLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export const notifiedEventTypes = ['ticket.created', 'ticket.replied', 'ticket.updated', 'ticket.reopened', 'ticket.confirmed', 'ticket.auto_closed', 'ticket.sla_escalated'] as const;
/** Events older than this when first delivered (e.g. right after notifications were switched on) send nothing. */
const staleAfterMs = 24 * 3_600_000;
const statusWords: Record<TicketStatus, string> = {
  new: 'new',
  assigned: 'assigned',
  in_progress: 'in progress',
  pending: 'on hold',
  resolved: 'resolved',
  closed: 'closed',
  cancelled: 'cancelled',
};

interface Change {
  template: NotificationEventName;
  /** The person who made the change: they get no mail about it. */
  authorId: string | null;
  commentId: string | null;
  commentText: string;
  /** Who gets the mail when it is not the requester and watchers (SLA escalations go to the desk). */
  recipients?: string[];
  sla?: { clock: string; event: string; due: string };
}

const clockWords: Record<string, string> = { response: 'first response', resolution: 'resolution', ola: 'group resolution (OLA)' };

type Snapshot = { status?: TicketStatus; resolutionNotes?: string } | null;

/** Who made the audited change behind an event (the audit row is written just before the event). */
async function changeAuthor(ctx: Ctx, event: StoredEvent): Promise<string | null> {
  const [row] = await ctx.db
    .select({ actorId: auditEvents.actorId })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.orgId, ctx.orgId),
        eq(auditEvents.entityType, 'ticket'),
        eq(auditEvents.entityId, event.entityId),
        eq(auditEvents.action, event.type.slice('ticket.'.length)),
        lte(auditEvents.at, event.createdAt),
      ),
    )
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  return row?.actorId ?? null;
}

/** What an event means for notification mails, or undefined when it means nothing. */
async function changeOf(ctx: Ctx, event: StoredEvent): Promise<Change | undefined> {
  if (event.type === 'ticket.sla_escalated') {
    const p = event.payload as { metric?: string; on?: string; action?: string; recipients?: string[]; dueAt?: string };
    if (!p.action?.startsWith('notify_') || !p.recipients?.length) return undefined;
    return {
      template: 'sla_escalated',
      authorId: null,
      commentId: null,
      commentText: '',
      recipients: p.recipients,
      sla: { clock: clockWords[p.metric ?? ''] ?? p.metric ?? '', event: p.on === 'breach' ? 'is breached' : 'is about to be breached', due: p.dueAt ? new Date(p.dueAt).toUTCString() : '' },
    };
  }
  if (event.type === 'ticket.created') return { template: 'ticket_created', authorId: await changeAuthor(ctx, event), commentId: null, commentText: '' };
  if (event.type === 'ticket.replied') {
    const payload = event.payload as { commentId?: string; visibility?: string };
    if (payload.visibility !== 'public' || !payload.commentId) return undefined;
    const [comment] = await ctx.db.select().from(ticketComments).where(inOrg(ctx, ticketComments, eq(ticketComments.id, payload.commentId)));
    if (!comment || comment.visibility !== 'public') return undefined;
    return { template: 'public_reply', authorId: comment.authorId, commentId: comment.id, commentText: comment.body };
  }
  const { before, after } = event.payload as { before?: Snapshot; after?: Snapshot };
  if (!after?.status || before?.status === after.status) return undefined;
  const resolved = after.status === 'resolved';
  return { template: resolved ? 'resolved' : 'status_changed', authorId: await changeAuthor(ctx, event), commentId: null, commentText: resolved ? (after.resolutionNotes ?? '') : '' };
}

export interface NotifierDeps {
  mail: MailConfig;
  publicUrl: string;
  transport: Transporter;
  log: NotifierLog;
}

/** Sends the mails one event calls for, recording each in `ticket_mails`. */
export async function notify(ctx: Ctx, deps: NotifierDeps, event: StoredEvent): Promise<number> {
  if (ctx.clock.now().getTime() - new Date(event.createdAt).getTime() > staleAfterMs) return 0;
  const [ticket] = await ctx.db.select().from(tickets).where(inOrg(ctx, tickets, eq(tickets.id, event.entityId)));
  if (!ticket) return 0;
  const change = await changeOf(ctx, event);
  if (!change) return 0;

  const watcherIds = (await ctx.db.select({ userId: ticketWatchers.userId }).from(ticketWatchers).where(eq(ticketWatchers.ticketId, ticket.id))).map((w) => w.userId);
  const ids = [...new Set(change.recipients ?? [ticket.requesterId, ...watcherIds])].filter((id) => id !== change.authorId);
  if (!ids.length) return 0;
  const people = await ctx.db
    .select({ id: users.id, name: users.name, email: users.email, status: users.status, kind: memberships.kind })
    .from(users)
    .leftJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.orgId, ctx.orgId)))
    .where(inArray(users.id, ids));
  const own = await allMailboxAddresses(ctx.db);
  own.add(deps.mail.from);
  const recipients = people.filter((p) => p.status === 'active' && p.email.includes('@') && !own.has(p.email.toLowerCase()));
  if (!recipients.length) return 0;

  const [requester] = await ctx.db.select({ name: users.name }).from(users).where(eq(users.id, ticket.requesterId));
  const text = await templateFor(ctx, change.template);
  const replyTo = await replyAddress(ctx);
  const thread = await ctx.db
    .select({ messageId: ticketMails.messageId })
    .from(ticketMails)
    .where(inOrg(ctx, ticketMails, eq(ticketMails.ticketId, ticket.id)))
    .orderBy(desc(ticketMails.createdAt))
    .limit(10);
  const references = thread.map((m) => m.messageId).reverse();
  const domain = deps.mail.from.split('@')[1] ?? 'steward.invalid';
  let sent = 0;
  for (const person of recipients) {
    const values: TemplateValues = {
      'ticket.key': ticket.key,
      'ticket.title': ticket.title,
      'ticket.status': statusWords[ticket.status],
      'ticket.url': `${deps.publicUrl}${person.kind === 'agent' ? '' : '/portal'}/tickets/${ticket.key}`,
      'comment.text': change.commentText,
      'requester.name': requester?.name ?? '',
      'sla.clock': change.sla?.clock ?? '',
      'sla.event': change.sla?.event ?? '',
      'sla.due': change.sla?.due ?? '',
    };
    let subject = subjectLine(renderTemplate(text.subject, values));
    if (!subject.includes(`[${ticket.key}]`)) subject = subjectLine(`[${ticket.key}] ${subject}`);
    const messageId = `<${randomUUID()}@${domain}>`;
    await deps.transport.sendMail({
      from: { name: 'Service desk', address: deps.mail.from },
      to: { name: person.name, address: person.email },
      replyTo,
      subject,
      text: renderTemplate(text.body, values),
      messageId,
      inReplyTo: references.at(-1),
      references,
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
    });
    await ctx.db.insert(ticketMails).values({
      orgId: ctx.orgId,
      ticketId: ticket.id,
      commentId: change.commentId,
      direction: 'out',
      messageId,
      fromAddress: deps.mail.from,
      toAddresses: [person.email.toLowerCase()],
      subject,
      createdAt: ctx.clock.now().toISOString(),
    });
    sent++;
  }
  deps.log.info({ ticket: ticket.key, event: event.type, sent }, 'notification mails sent');
  return sent;
}

/** The notification subscriber, or undefined (logged once) when no outbound SMTP server is configured. */
export function mailNotifier(mail: MailConfig, publicUrl: string, log: NotifierLog): Subscriber | undefined {
  if (!mail.smtpUrl) {
    log.info({}, 'STEWARD_SMTP_URL is not set: notification mails are off');
    return undefined;
  }
  const transport = nodemailer.createTransport({ url: mail.smtpUrl, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 } as never);
  const deps: NotifierDeps = { mail, publicUrl, transport, log };
  return { name: 'mail-notifications', types: notifiedEventTypes, handle: async (ctx, event) => void (await notify(ctx, deps, event)) };
}

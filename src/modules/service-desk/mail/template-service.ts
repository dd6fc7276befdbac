/** Notification templates per organisation: the built-in text until an admin edits it. */
import { and, eq } from 'drizzle-orm';
import { inTransaction, requirePermission, type Ctx } from '../../../platform/context.ts';
import { v5 as uuidv5 } from 'uuid';
import { AppError, invalid, type FieldError } from '../../../platform/errors/catalogue.ts';
import { assertVersion, recordChange } from '../../../platform/record-change.ts';
import { deleteIn, inOrg } from '../../../platform/tenancy/scope.ts';
import { notificationEvents, notificationTemplates } from '../schema.ts';
import type { NotificationTemplate, PatchTemplateBody } from './contract.ts';
import { builtinTemplates, placeholderNames, templateProblems, type NotificationEventName } from './templates.ts';

type Row = typeof notificationTemplates.$inferSelect;

const idNamespace = '6f1d2c3e-8a4b-5c6d-9e7f-0a1b2c3d4e5f';

/** The stable id of an organisation's template for an event (templates exist for every event, stored or not). */
export function templateId(orgId: string, event: NotificationEventName): string {
  return uuidv5(`${orgId}:${event}`, idNamespace);
}

/** The event a path names, by the template's id in the caller's organisation or by the event's name; 404 otherwise. */
export function templateEvent(ctx: Ctx, idOrEvent: string): NotificationEventName {
  const event = notificationEvents.find((e) => e === idOrEvent || templateId(ctx.orgId, e) === idOrEvent.toLowerCase());
  if (!event) throw new AppError('NOTIFICATION_TEMPLATE_NOT_FOUND', `No notification template ${idOrEvent}; the events are ${notificationEvents.join(', ')}`);
  return event;
}

function present(ctx: Ctx, event: NotificationEventName, row: Row | undefined): NotificationTemplate {
  const text = row ?? builtinTemplates[event];
  return {
    id: templateId(ctx.orgId, event),
    event,
    subject: text.subject,
    text: text.body,
    customised: Boolean(row),
    placeholders: placeholderNames.map((p) => `{{${p}}}`),
    version: row?.version ?? 0,
  };
}

async function rows(ctx: Ctx, event?: NotificationEventName, forUpdate = false): Promise<Row[]> {
  const query = ctx.db.select().from(notificationTemplates).where(inOrg(ctx, notificationTemplates, event ? eq(notificationTemplates.event, event) : undefined));
  return forUpdate ? query.for('update') : query;
}

/** The four notification texts of the organisation, in a fixed order. */
export async function listTemplates(ctx: Ctx): Promise<{ items: NotificationTemplate[]; nextCursor: null }> {
  requirePermission(ctx, 'tickets:read');
  const stored = new Map((await rows(ctx)).map((r) => [r.event, r]));
  return { items: notificationEvents.map((e) => present(ctx, e, stored.get(e))), nextCursor: null };
}

export async function getTemplate(ctx: Ctx, event: NotificationEventName): Promise<NotificationTemplate> {
  requirePermission(ctx, 'tickets:read');
  return present(ctx, event, (await rows(ctx, event))[0]);
}

/** The text to send for an event (no permission check: used by the notifier). */
export async function templateFor(ctx: Ctx, event: NotificationEventName): Promise<{ subject: string; body: string }> {
  const [row] = await rows(ctx, event);
  return row ?? builtinTemplates[event];
}

/**
 * Sets the subject and/or body. `version` is the one read: 0 while the built-in text is in use. An
 * unknown placeholder is refused naming the field.
 */
export async function saveTemplate(ctx: Ctx, event: NotificationEventName, patch: PatchTemplateBody): Promise<NotificationTemplate> {
  requirePermission(ctx, 'desk:admin');
  const problems: FieldError[] = [
    ...(patch.subject !== undefined ? templateProblems('subject', patch.subject) : []),
    ...(patch.text !== undefined ? templateProblems('text', patch.text) : []),
  ];
  if (problems.length) throw invalid(problems);
  return inTransaction(ctx, async (tx) => {
    const [current] = await rows(tx, event, true);
    assertVersion(current?.version ?? 0, patch.version);
    const before = present(tx, event, current);
    const now = tx.clock.now().toISOString();
    const subject = patch.subject ?? before.subject;
    const body = patch.text ?? before.text;
    const [saved] = current
      ? await tx.db
          .update(notificationTemplates)
          .set({ subject, body, version: current.version + 1, updatedAt: now })
          .where(and(inOrg(tx, notificationTemplates, eq(notificationTemplates.event, event)), eq(notificationTemplates.version, current.version)))
          .returning()
      : await tx.db.insert(notificationTemplates).values({ orgId: tx.orgId, event, subject, body, version: 1, updatedAt: now }).onConflictDoNothing().returning();
    // A concurrent first save inserted the row between our read and write: the caller's version is stale.
    if (!saved) assertVersion(1, patch.version);
    const after = present(tx, event, saved);
    await recordChange(tx, { action: 'updated', entityType: 'notification_template', entityId: after.id, before, after });
    return after;
  });
}

/** Back to the built-in text. */
export async function resetTemplate(ctx: Ctx, event: NotificationEventName): Promise<NotificationTemplate> {
  requirePermission(ctx, 'desk:admin');
  return inTransaction(ctx, async (tx) => {
    const [current] = await rows(tx, event, true);
    if (current) {
      await deleteIn(tx, notificationTemplates, eq(notificationTemplates.event, event));
      await recordChange(tx, { action: 'reset', entityType: 'notification_template', entityId: templateId(tx.orgId, event), before: present(tx, event, current), after: present(tx, event, undefined) });
    }
    return present(tx, event, undefined);
  });
}

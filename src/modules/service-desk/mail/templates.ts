/**
 * Notification texts: the built-in ones, the `{{name}}` placeholder syntax an admin may use, and
 * rendering. Mails are plain text, so a value can never become markup.
 */
import type { FieldError } from '../../../platform/errors/catalogue.ts';
import type { notificationEvents } from '../schema.ts';

export type NotificationEventName = (typeof notificationEvents)[number];
export const placeholderNames = ['ticket.key', 'ticket.title', 'ticket.status', 'ticket.url', 'comment.text', 'requester.name', 'sla.clock', 'sla.event', 'sla.due'] as const;
export type Placeholder = (typeof placeholderNames)[number];
export type TemplateValues = Record<Placeholder, string>;

const footer = 'Reply to this e-mail to add to the ticket; keep [{{ticket.key}}] in the subject.\n{{ticket.url}}';

export const builtinTemplates: Record<NotificationEventName, { subject: string; body: string }> = {
  ticket_created: {
    subject: '[{{ticket.key}}] {{ticket.title}}',
    body: `Hello {{requester.name}},\n\nwe have received your request and opened {{ticket.key}}: {{ticket.title}}.\nWe will get back to you.\n\n${footer}`,
  },
  public_reply: {
    subject: 'Re: [{{ticket.key}}] {{ticket.title}}',
    body: `{{comment.text}}\n\n--\n${footer}`,
  },
  status_changed: {
    subject: '[{{ticket.key}}] {{ticket.title}} is now {{ticket.status}}',
    body: `Hello {{requester.name}},\n\n{{ticket.key}} ({{ticket.title}}) is now {{ticket.status}}.\n\n${footer}`,
  },
  resolved: {
    subject: '[{{ticket.key}}] Resolved: {{ticket.title}}',
    body: `Hello {{requester.name}},\n\n{{ticket.key}} ({{ticket.title}}) has been resolved.\n\n{{comment.text}}\n\nIf the problem is not solved, reply to this e-mail and we will look again.\n{{ticket.url}}`,
  },
  // To the desk, not the requester: an SLA policy's escalation (notify the agent, the group or the manager).
  sla_escalated: {
    subject: '[{{ticket.key}}] SLA {{sla.event}}: {{ticket.title}}',
    body: 'The {{sla.clock}} target of {{ticket.key}} ({{ticket.title}}, {{ticket.status}}) {{sla.event}}: it is due {{sla.due}}.\n\n{{ticket.url}}',
  },
};

const token = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Problems with a template text: unknown placeholders, named by field. */
export function templateProblems(field: string, text: string): FieldError[] {
  const unknown = [...text.matchAll(token)].map((m) => m[1]!).filter((name) => !(placeholderNames as readonly string[]).includes(name));
  if (!unknown.length) return [];
  const known = placeholderNames.map((p) => `{{${p}}}`).join(', ');
  return [{ field, message: `unknown placeholder ${[...new Set(unknown)].map((u) => `{{${u}}}`).join(', ')}; use ${known}` }];
}

/** The text with each placeholder replaced by its value (values are inserted as they are, never re-expanded). */
export function renderTemplate(text: string, values: TemplateValues): string {
  return text.replace(token, (whole, name: string) => ((placeholderNames as readonly string[]).includes(name) ? values[name as Placeholder] : whole));
}

/** A subject line: one line, no control characters, at most 250 characters. */
export function subjectLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return [...text.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim()].slice(0, 250).join('');
}

/** Request and response schemas of the e-mail channel: desk mailboxes and notification templates. */
import { z } from 'zod';
import { pageOf, pageQuery } from '../../../platform/http/pagination.ts';
import { TicketType } from '../contract.ts';
import { notificationEvents } from '../schema.ts';
import { placeholderNames } from './templates.ts';

const version = z.number().int().min(0).describe('The version you read; a stale one gets 409');
const uuid = z.uuid('must be an id');

export const Mailbox = z
  .object({
    id: z.string(),
    address: z.string().describe('Mail to this address opens tickets in this organisation; unique across the installation'),
    name: z.string(),
    unknownSenders: z.enum(['create', 'reject']).describe('create: an unknown sender becomes a requester; reject: their mail is refused (SMTP 550)'),
    defaultType: TicketType,
    defaultCategory: z.object({ id: z.string(), name: z.string(), path: z.string() }).nullable(),
    active: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int(),
  })
  .meta({ id: 'Mailbox' });
export type Mailbox = z.infer<typeof Mailbox>;
export const MailboxPage = pageOf(Mailbox);
export const MailboxQuery = z.strictObject({ ...pageQuery });
export type MailboxQuery = z.infer<typeof MailboxQuery>;

export const CreateMailboxBody = z.strictObject({
  address: z.email('must be an e-mail address').max(254).describe('Compared without regard to case'),
  name: z.string().trim().min(1, 'is required').max(200),
  unknownSenders: z.enum(['create', 'reject']).optional().describe('Default create'),
  defaultType: TicketType.optional().describe('Type of tickets opened by mail; default incident'),
  defaultCategoryId: uuid.nullable().optional(),
  active: z.boolean().optional(),
});
export type CreateMailboxBody = z.infer<typeof CreateMailboxBody>;
export const UpdateMailboxBody = CreateMailboxBody.partial().extend({ version: version.min(1) }).strict();
export type UpdateMailboxBody = z.infer<typeof UpdateMailboxBody>;
export const MailboxParams = z.strictObject({ id: uuid });

export const NotificationEvent = z
  .enum(notificationEvents)
  .describe('ticket_created, public_reply (agents\' public replies and requesters\' replies to watchers), status_changed, resolved');
export const NotificationTemplate = z
  .object({
    id: z.string().describe("The organisation's template for this event"),
    event: NotificationEvent,
    subject: z.string(),
    text: z.string().describe('Plain-text body'),
    customised: z.boolean().describe('false: the built-in text'),
    placeholders: z.array(z.string()).describe('Placeholders this text may use, e.g. {{ticket.key}}'),
    version: z.number().int().describe('0 while the built-in text is in use'),
  })
  .meta({ id: 'NotificationTemplate' });
export type NotificationTemplate = z.infer<typeof NotificationTemplate>;
export const NotificationTemplateList = z.object({ items: z.array(NotificationTemplate), nextCursor: z.null() });
export const TemplateParams = z.strictObject({ id: z.string().max(60).describe('Template id, or its event: ticket_created, public_reply, status_changed or resolved') });

const subject = z.string().trim().min(1, 'is required').max(500).describe(`Subject; placeholders: ${placeholderNames.map((p) => `{{${p}}}`).join(' ')}`);
const text = z.string().min(1, 'is required').max(20_000).describe('Plain-text body with the same placeholders');
export const PutTemplateBody = z.strictObject({ version, subject, text });
export type PutTemplateBody = z.infer<typeof PutTemplateBody>;
export const PatchTemplateBody = z.strictObject({ version, subject: subject.optional(), text: text.optional() });
export type PatchTemplateBody = z.infer<typeof PatchTemplateBody>;

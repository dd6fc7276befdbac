/** HTTP routes of the e-mail channel's settings: desk mailboxes and notification templates. */
import { ctxOf } from '../../../platform/http/access.ts';
import { NoContent, problems } from '../../../platform/http/route-schema.ts';
import type { App } from '../../../platform/http/types.ts';
import {
  CreateMailboxBody, Mailbox, MailboxPage, MailboxParams, MailboxQuery, NotificationTemplate, NotificationTemplateList, PatchTemplateBody, PutTemplateBody,
  TemplateParams, UpdateMailboxBody,
} from './contract.ts';
import { createMailbox, deleteMailbox, getMailbox, listMailboxes, updateMailbox } from './mailbox-service.ts';
import { getTemplate, listTemplates, resetTemplate, saveTemplate, templateEvent } from './template-service.ts';

export function mailRoutes(app: App): void {
  const tags = ['E-mail'];
  const own = () => (app.config.mail.from ? [app.config.mail.from] : []);
  app.get('/api/v1/mailboxes', {
    config: { access: 'tickets:read' },
    schema: { tags, summary: 'The addresses the desk receives mail at', querystring: MailboxQuery, response: { 200: MailboxPage, ...problems() } },
    handler: (req) => listMailboxes(ctxOf(app, req), req.query),
  });
  app.post('/api/v1/mailboxes', {
    config: { access: 'desk:admin' },
    schema: { tags, summary: 'Add a mailbox', description: 'The address must be unique across the installation.', body: CreateMailboxBody, response: { 201: Mailbox, ...problems(409) } },
    handler: async (req, reply) => reply.status(201).send(await createMailbox(ctxOf(app, req), req.body, own())),
  });
  app.get('/api/v1/mailboxes/:id', {
    config: { access: 'tickets:read' },
    schema: { tags, summary: 'Read a mailbox', params: MailboxParams, response: { 200: Mailbox, ...problems(404) } },
    handler: (req) => getMailbox(ctxOf(app, req), req.params.id),
  });
  app.patch('/api/v1/mailboxes/:id', {
    config: { access: 'desk:admin' },
    schema: { tags, summary: 'Change a mailbox', params: MailboxParams, body: UpdateMailboxBody, response: { 200: Mailbox, ...problems(404, 409) } },
    handler: (req) => updateMailbox(ctxOf(app, req), req.params.id, req.body, own()),
  });
  app.delete('/api/v1/mailboxes/:id', {
    config: { access: 'desk:admin' },
    schema: { tags, summary: 'Remove a mailbox (mail to it is refused from then on)', params: MailboxParams, response: { 204: NoContent, ...problems(404) } },
    handler: async (req, reply) => {
      await deleteMailbox(ctxOf(app, req), req.params.id);
      return reply.status(204).send(null);
    },
  });

  app.get('/api/v1/notification-templates', {
    config: { access: 'tickets:read' },
    schema: { tags, summary: 'The notification mails: the four events, built-in text unless customised', response: { 200: NotificationTemplateList, ...problems() } },
    handler: (req) => listTemplates(ctxOf(app, req)),
  });
  app.get('/api/v1/notification-templates/:id', {
    config: { access: 'tickets:read' },
    schema: { tags, summary: "One event's notification text", params: TemplateParams, response: { 200: NotificationTemplate, ...problems(404) } },
    handler: (req) => getTemplate(ctxOf(app, req), templateEvent(ctxOf(app, req), req.params.id)),
  });
  app.put('/api/v1/notification-templates/:id', {
    config: { access: 'desk:admin' },
    schema: {
      tags,
      summary: "Replace an event's subject and text",
      description: 'Plain text with placeholders {{ticket.key}}, {{ticket.title}}, {{ticket.status}}, {{ticket.url}}, {{comment.text}}, {{requester.name}}; any other placeholder is refused with 400.',
      params: TemplateParams,
      body: PutTemplateBody,
      response: { 200: NotificationTemplate, ...problems(404, 409) },
    },
    handler: (req) => saveTemplate(ctxOf(app, req), templateEvent(ctxOf(app, req), req.params.id), req.body),
  });
  app.patch('/api/v1/notification-templates/:id', {
    config: { access: 'desk:admin' },
    schema: { tags, summary: "Change an event's subject or text", params: TemplateParams, body: PatchTemplateBody, response: { 200: NotificationTemplate, ...problems(404, 409) } },
    handler: (req) => saveTemplate(ctxOf(app, req), templateEvent(ctxOf(app, req), req.params.id), req.body),
  });
  app.delete('/api/v1/notification-templates/:id', {
    config: { access: 'desk:admin' },
    schema: { tags, summary: 'Go back to the built-in text', params: TemplateParams, response: { 200: NotificationTemplate, ...problems(404) } },
    handler: (req) => resetTemplate(ctxOf(app, req), templateEvent(ctxOf(app, req), req.params.id)),
  });
}

/**
 * HTTP routes of the service desk. Ticket routes are open to every signed-in person: the services
 * decide per row (agents with tickets:read see all, requesters their own, others get 404).
 */
import { z } from 'zod';
import { ctxOf } from '../../platform/http/access.ts';
import { NoContent, problems } from '../../platform/http/route-schema.ts';
import type { App } from '../../platform/http/types.ts';
import { createCategory, deleteCategory, getCategory, listCategories, updateCategory } from './category-service.ts';
import {
  BulkUpdateBody, BulkUpdateResult, Category, CategoryPage, CategoryQuery, Comment, CommentPage, CommentQuery, CreateCategoryBody, CreateCommentBody, CreateTicketBody, DeskSettings, HistoryPage, IdParams,
  MergeBody, RatingBody, ReopenBody, TicketDetail, TicketIdParams, TicketPage, TicketQuery, UpdateCategoryBody, UpdateDeskSettingsBody, UpdateTicketBody, VersionBody,
} from './contract.ts';
import { addComment, listComments, ticketHistory } from './conversation-service.ts';
import { getDeskSettings, updateDeskSettings } from './settings-service.ts';
import { KpiExportQuery, KpiQuery, KpiReport } from './kpi-contract.ts';
import { deskKpis, kpiCsv } from './kpi-service.ts';
import { findTickets } from './ticket-query.ts';
import { confirmResolution, mergeTicket, rateTicket, reopenTicket } from './ticket-resolution-service.ts';
import { bulkUpdateTickets, createTicket, getTicket, updateTicket } from './ticket-service.ts';

export function deskRoutes(app: App): void {
  const tags = ['Tickets'];
  app.get('/api/v1/tickets', {
    config: { access: 'authenticated' },
    schema: {
      tags,
      summary: 'Search and filter tickets',
      description: 'Agents see every ticket; requesters see the tickets they requested, are affected by or watch.',
      querystring: TicketQuery,
      response: { 200: TicketPage, ...problems() },
    },
    handler: (req) => findTickets(ctxOf(app, req), req.query),
  });
  app.post('/api/v1/tickets', {
    config: { access: 'authenticated' },
    schema: { tags, summary: 'Open a ticket', body: CreateTicketBody, response: { 201: TicketDetail, ...problems() } },
    handler: async (req, reply) => reply.status(201).send(await createTicket(ctxOf(app, req), req.body)),
  });
  app.post('/api/v1/tickets/bulk', {
    config: { access: 'tickets:write' },
    schema: {
      tags,
      summary: 'Change many tickets at once, all or nothing',
      description: 'Each ticket names the version you read; any refusal names tickets.<i> and changes nothing.',
      body: BulkUpdateBody,
      response: { 200: BulkUpdateResult, ...problems(404, 409, 422) },
    },
    handler: async (req) => ({ items: await bulkUpdateTickets(ctxOf(app, req), req.body) }),
  });
  app.get('/api/v1/tickets/:id', {
    config: { access: 'authenticated' },
    schema: { tags, summary: 'Read a ticket by id or key', params: TicketIdParams, response: { 200: TicketDetail, ...problems(404) } },
    handler: (req) => getTicket(ctxOf(app, req), req.params.id),
  });
  app.patch('/api/v1/tickets/:id', {
    config: { access: 'tickets:write' },
    schema: {
      tags,
      summary: 'Update a ticket: fields, assignment and status',
      description: 'Status changes follow the lifecycle; a refused transition answers 422 naming the allowed ones.',
      params: TicketIdParams,
      body: UpdateTicketBody,
      response: { 200: TicketDetail, ...problems(404, 409, 422) },
    },
    handler: (req) => updateTicket(ctxOf(app, req), req.params.id, req.body),
  });
  app.post('/api/v1/tickets/:id/reopen', {
    config: { access: 'authenticated' },
    schema: { tags, summary: 'Reopen a resolved ticket (reject its resolution)', params: TicketIdParams, body: ReopenBody, response: { 200: TicketDetail, ...problems(404, 409, 422) } },
    handler: (req) => reopenTicket(ctxOf(app, req), req.params.id, req.body),
  });
  app.post('/api/v1/tickets/:id/confirm', {
    config: { access: 'authenticated' },
    schema: { tags, summary: 'Confirm the resolution: the ticket closes', params: TicketIdParams, body: VersionBody, response: { 200: TicketDetail, ...problems(404, 409, 422) } },
    handler: (req) => confirmResolution(ctxOf(app, req), req.params.id, req.body.version),
  });
  app.post('/api/v1/tickets/:id/rating', {
    config: { access: 'authenticated' },
    schema: { tags, summary: 'Rate the resolution, 1–5 with a comment', params: TicketIdParams, body: RatingBody, response: { 200: TicketDetail, ...problems(404, 422) } },
    handler: (req) => rateTicket(ctxOf(app, req), req.params.id, req.body.rating, req.body.comment),
  });
  app.post('/api/v1/tickets/:id/merge', {
    config: { access: 'tickets:write' },
    schema: { tags, summary: 'Close this duplicate into another ticket', params: TicketIdParams, body: MergeBody, response: { 200: TicketDetail, ...problems(404, 409, 422) } },
    handler: (req) => mergeTicket(ctxOf(app, req), req.params.id, req.body),
  });
  app.get('/api/v1/tickets/:id/comments', {
    config: { access: 'authenticated' },
    schema: { tags, summary: "A ticket's conversation, oldest first", params: TicketIdParams, querystring: CommentQuery, response: { 200: CommentPage, ...problems(404) } },
    handler: (req) => listComments(ctxOf(app, req), req.params.id, req.query),
  });
  app.post('/api/v1/tickets/:id/comments', {
    config: { access: 'authenticated' },
    schema: { tags, summary: 'Reply publicly or add an internal note', params: TicketIdParams, body: CreateCommentBody, response: { 201: Comment, ...problems(404, 422) } },
    handler: async (req, reply) => reply.status(201).send(await addComment(ctxOf(app, req), req.params.id, req.body)),
  });
  app.get('/api/v1/tickets/:id/history', {
    config: { access: 'authenticated' },
    schema: { tags, summary: "A ticket's timeline of changes, oldest first", params: TicketIdParams, querystring: CommentQuery, response: { 200: HistoryPage, ...problems(404) } },
    handler: (req) => ticketHistory(ctxOf(app, req), req.params.id, req.query),
  });

  app.get('/api/v1/desk/kpis', {
    config: { access: 'tickets:read' },
    schema: {
      tags: ['KPIs'],
      summary: 'Service-desk KPIs for a period, in total and by priority, group and month',
      querystring: KpiQuery,
      response: { 200: KpiReport, ...problems() },
    },
    handler: (req) => deskKpis(ctxOf(app, req), req.query),
  });
  app.get('/api/v1/desk/kpis/export', {
    config: { access: 'tickets:read' },
    schema: {
      tags: ['KPIs'],
      summary: 'One KPI breakdown as CSV',
      querystring: KpiExportQuery,
      produces: ['text/csv'],
      response: { 200: z.string().describe('CSV with a header row'), ...problems() },
    },
    handler: async (req, reply) => {
      const { breakdown, ...period } = req.query;
      const csv = kpiCsv(await deskKpis(ctxOf(app, req), period), breakdown);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="steward-kpis-${breakdown}.csv"`)
        .serializer((payload: unknown) => payload as string)
        .send(csv);
    },
  });

  const adminTags = ['Service desk settings'];
  app.get('/api/v1/categories', {
    config: { access: 'authenticated' },
    schema: { tags: adminTags, summary: 'The ticket category tree, by path', querystring: CategoryQuery, response: { 200: CategoryPage, ...problems() } },
    handler: (req) => listCategories(ctxOf(app, req), req.query),
  });
  app.post('/api/v1/categories', {
    config: { access: 'desk:admin' },
    schema: { tags: adminTags, summary: 'Create a category', body: CreateCategoryBody, response: { 201: Category, ...problems(409) } },
    handler: async (req, reply) => reply.status(201).send(await createCategory(ctxOf(app, req), req.body)),
  });
  app.get('/api/v1/categories/:id', {
    config: { access: 'authenticated' },
    schema: { tags: adminTags, summary: 'Read a category', params: IdParams, response: { 200: Category, ...problems(404) } },
    handler: (req) => getCategory(ctxOf(app, req), req.params.id),
  });
  app.patch('/api/v1/categories/:id', {
    config: { access: 'desk:admin' },
    schema: { tags: adminTags, summary: 'Rename, move or deactivate a category', params: IdParams, body: UpdateCategoryBody, response: { 200: Category, ...problems(404, 409) } },
    handler: (req) => updateCategory(ctxOf(app, req), req.params.id, req.body),
  });
  app.delete('/api/v1/categories/:id', {
    config: { access: 'desk:admin' },
    schema: { tags: adminTags, summary: 'Delete an unused category', params: IdParams, response: { 204: NoContent, ...problems(404, 409) } },
    handler: async (req, reply) => {
      await deleteCategory(ctxOf(app, req), req.params.id);
      return reply.status(204).send(null);
    },
  });
  app.get('/api/v1/desk/settings', {
    config: { access: 'tickets:read' },
    schema: { tags: adminTags, summary: 'Priority matrix, reopen and auto-close periods', response: { 200: DeskSettings, ...problems() } },
    handler: (req) => getDeskSettings(ctxOf(app, req)),
  });
  app.patch('/api/v1/desk/settings', {
    config: { access: 'desk:admin' },
    schema: { tags: adminTags, summary: 'Change the desk settings', body: UpdateDeskSettingsBody, response: { 200: DeskSettings, ...problems(409) } },
    handler: (req) => updateDeskSettings(ctxOf(app, req), req.body),
  });
}

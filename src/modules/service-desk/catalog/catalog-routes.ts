/** HTTP routes of the service catalogue, approvals and fulfilment tasks. */
import { ctxOf } from '../../../platform/http/access.ts';
import { NoContent, problems } from '../../../platform/http/route-schema.ts';
import type { App } from '../../../platform/http/types.ts';
import { IdParams, TicketDetail, TicketIdParams } from '../contract.ts';
import {
  Approval, ApprovalPage, ApprovalQuery, CatalogItem, CatalogItemPage, CatalogQuery, CiOptionPage, CiOptionParams, CiOptionQuery, CreateCatalogItemBody, DecisionBody, RequestBody, Task, TaskList, TaskParams, UpdateCatalogItemBody,
  UpdateTaskBody,
} from './contract.ts';
import { findCiOptions } from './ci-answers.ts';
import { createItem, deleteItem, findItems, getItem, updateItem } from './item-service.ts';
import { decide, findApprovals, getTask, listTasks, submitRequest, updateTask } from './request-service.ts';

export function catalogRoutes(app: App): void {
  const tags = ['Service catalogue'];
  app.get('/api/v1/catalog-items', {
    config: { access: 'authenticated' },
    schema: { tags, summary: 'Browse the service catalogue', querystring: CatalogQuery, response: { 200: CatalogItemPage, ...problems() } },
    handler: (req) => findItems(ctxOf(app, req), req.query),
  });
  app.post('/api/v1/catalog-items', {
    config: { access: 'desk:admin' },
    schema: { tags, summary: 'Add an item to the catalogue', body: CreateCatalogItemBody, response: { 201: CatalogItem, ...problems(409) } },
    handler: async (req, reply) => reply.status(201).send(await createItem(ctxOf(app, req), req.body)),
  });
  app.get('/api/v1/catalog-items/:id', {
    config: { access: 'authenticated' },
    schema: { tags, summary: 'Read a catalogue item with its form', params: IdParams, response: { 200: CatalogItem, ...problems(404) } },
    handler: (req) => getItem(ctxOf(app, req), req.params.id),
  });
  app.patch('/api/v1/catalog-items/:id', {
    config: { access: 'desk:admin' },
    schema: { tags, summary: 'Change a catalogue item (new requests use the change)', params: IdParams, body: UpdateCatalogItemBody, response: { 200: CatalogItem, ...problems(404, 409) } },
    handler: (req) => updateItem(ctxOf(app, req), req.params.id, req.body),
  });
  app.delete('/api/v1/catalog-items/:id', {
    config: { access: 'desk:admin' },
    schema: { tags, summary: 'Delete an item nobody has requested', params: IdParams, response: { 204: NoContent, ...problems(404, 409) } },
    handler: async (req, reply) => {
      await deleteItem(ctxOf(app, req), req.params.id);
      return reply.status(204).send(null);
    },
  });
  app.get('/api/v1/catalog-items/:id/fields/:key/options', {
    config: { access: 'authenticated' },
    schema: {
      tags,
      summary: 'The configuration items a form question offers, by name',
      description: "Its classes (with subclasses), never retired items, and only the requester's own when the question says so.",
      params: CiOptionParams,
      querystring: CiOptionQuery,
      response: { 200: CiOptionPage, ...problems(404) },
    },
    handler: (req) => findCiOptions(ctxOf(app, req), req.params.id, req.params.key, req.query),
  });
  app.post('/api/v1/catalog-items/:id/requests', {
    config: { access: 'authenticated' },
    schema: {
      tags,
      summary: 'Request the item: answers the form and opens a REQ ticket',
      description: 'Answers are checked against the form (400 naming values.<key>); approvals start at the first level.',
      params: IdParams,
      body: RequestBody,
      response: { 201: TicketDetail, ...problems(404, 422) },
    },
    handler: async (req, reply) => reply.status(201).send(await submitRequest(ctxOf(app, req), req.params.id, req.body)),
  });

  app.get('/api/v1/approvals', {
    config: { access: 'authenticated' },
    schema: { tags, summary: 'Approvals you are asked for (or, for agents, any)', querystring: ApprovalQuery, response: { 200: ApprovalPage, ...problems(404) } },
    handler: (req) => findApprovals(ctxOf(app, req), req.query),
  });
  app.post('/api/v1/approvals/:id/decision', {
    config: { access: 'authenticated' },
    schema: { tags, summary: 'Approve or reject (a rejection needs a comment)', params: IdParams, body: DecisionBody, response: { 200: Approval, ...problems(404, 409, 422) } },
    handler: (req) => decide(ctxOf(app, req), req.params.id, req.body),
  });

  app.get('/api/v1/tickets/:id/tasks', {
    config: { access: 'authenticated' },
    schema: { tags, summary: "A request's fulfilment tasks", params: TicketIdParams, response: { 200: TaskList, ...problems(404) } },
    handler: async (req) => ({ items: await listTasks(ctxOf(app, req), req.params.id) }),
  });
  app.get('/api/v1/tickets/:id/tasks/:taskId', {
    config: { access: 'authenticated' },
    schema: { tags, summary: 'Read a fulfilment task', params: TaskParams, response: { 200: Task, ...problems(404) } },
    handler: (req) => getTask(ctxOf(app, req), req.params.id, req.params.taskId),
  });
  app.patch('/api/v1/tickets/:id/tasks/:taskId', {
    config: { access: 'tickets:write' },
    schema: { tags, summary: 'Work a fulfilment task', params: TaskParams, body: UpdateTaskBody, response: { 200: Task, ...problems(404, 409, 422) } },
    handler: (req) => updateTask(ctxOf(app, req), req.params.id, req.params.taskId, req.body),
  });
}

/** HTTP routes of team routing settings and saved ticket views. */
import { ctxOf } from '../../platform/http/access.ts';
import { NoContent, problems } from '../../platform/http/route-schema.ts';
import type { App } from '../../platform/http/types.ts';
import { IdParams } from './contract.ts';
import { CreateSavedViewBody, GroupSettings, SavedView, SavedViewPage, SavedViewQuery, UpdateGroupSettingsBody, UpdateSavedViewBody } from './routing-contract.ts';
import { getGroupSettings, updateGroupSettings } from './routing-service.ts';
import { createView, deleteView, findViews, getView, updateView } from './view-service.ts';

export function routingRoutes(app: App): void {
  const tags = ['Service desk settings'];
  app.get('/api/v1/desk/groups/:id', {
    config: { access: 'tickets:read' },
    schema: { tags, summary: "A team's routing settings (round robin)", params: IdParams, response: { 200: GroupSettings, ...problems(404) } },
    handler: (req) => getGroupSettings(ctxOf(app, req), req.params.id),
  });
  app.patch('/api/v1/desk/groups/:id', {
    config: { access: 'desk:admin' },
    schema: { tags, summary: 'Turn round robin on or off for a team', params: IdParams, body: UpdateGroupSettingsBody, response: { 200: GroupSettings, ...problems(404, 409) } },
    handler: (req) => updateGroupSettings(ctxOf(app, req), req.params.id, req.body),
  });

  const viewTags = ['Tickets'];
  app.get('/api/v1/ticket-views', {
    config: { access: 'tickets:read' },
    schema: { tags: viewTags, summary: 'Your saved ticket views and the shared ones', querystring: SavedViewQuery, response: { 200: SavedViewPage, ...problems() } },
    handler: (req) => findViews(ctxOf(app, req), req.query),
  });
  app.post('/api/v1/ticket-views', {
    config: { access: 'tickets:read' },
    schema: { tags: viewTags, summary: 'Save a ticket view', body: CreateSavedViewBody, response: { 201: SavedView, ...problems(409) } },
    handler: async (req, reply) => reply.status(201).send(await createView(ctxOf(app, req), req.body)),
  });
  app.get('/api/v1/ticket-views/:id', {
    config: { access: 'tickets:read' },
    schema: { tags: viewTags, summary: 'Read a saved view', params: IdParams, response: { 200: SavedView, ...problems(404) } },
    handler: (req) => getView(ctxOf(app, req), req.params.id),
  });
  app.patch('/api/v1/ticket-views/:id', {
    config: { access: 'tickets:read' },
    schema: { tags: viewTags, summary: 'Rename, refilter or share your view', params: IdParams, body: UpdateSavedViewBody, response: { 200: SavedView, ...problems(404, 409) } },
    handler: (req) => updateView(ctxOf(app, req), req.params.id, req.body),
  });
  app.delete('/api/v1/ticket-views/:id', {
    config: { access: 'tickets:read' },
    schema: { tags: viewTags, summary: 'Delete your view', params: IdParams, response: { 204: NoContent, ...problems(404) } },
    handler: async (req, reply) => {
      await deleteView(ctxOf(app, req), req.params.id);
      return reply.status(204).send(null);
    },
  });
}

/** HTTP routes of configuration items, their relationships, impact analysis and tickets; the asset register's beside them. */
import { ctxOf } from '../../platform/http/access.ts';
import { NoContent, problems } from '../../platform/http/route-schema.ts';
import type { App } from '../../platform/http/types.ts';
import { TicketPage } from '../service-desk/contract.ts';
import { assetRoutes } from './asset-routes.ts';
import { ciHistory } from './ci-history.ts';
import { findCiTickets } from './ci-tickets.ts';
import { findCis, getCi } from './ci-query.ts';
import { createCi, deleteCi, updateCi } from './ci-service.ts';
import {
  CiHistoryPage, CiHistoryQuery, CiIdParams, CiQuery, CiRelationshipPage, CiRelationshipQuery, CiTicketQuery, ConfigurationItem, ConfigurationItemPage, CreateCiBody, CreateRelationshipBody, IdParams, ImpactQuery, ImpactReport,
  Relationship, UpdateCiBody,
} from './contract.ts';
import { analyseImpact } from './impact-service.ts';
import { createRelationship, deleteRelationship, getRelationship, listCiRelationships } from './relationship-service.ts';

export function cmdbRoutes(app: App): void {
  const tags = ['Configuration items'];
  app.get('/api/v1/configuration-items', {
    config: { access: 'cmdb:read' },
    schema: {
      tags,
      summary: 'Search and filter configuration items',
      description:
        'Filter on a custom attribute with attr.<key>=<value> (exact match, typed by the attribute: attr.cpuCores=8, attr.encrypted=true) together with class=<key or id>; unknown attributes and wrong types answer 400 naming attr.<key>.',
      querystring: CiQuery,
      response: { 200: ConfigurationItemPage, ...problems() },
    },
    handler: (req) => findCis(ctxOf(app, req), req.query),
  });
  app.post('/api/v1/configuration-items', {
    config: { access: 'cmdb:write' },
    schema: {
      tags,
      summary: 'Create a configuration item',
      description: 'Attributes are checked against the class: unknown ones, wrong types and missing required ones answer 400 naming attributes.<key>. A duplicate asset tag or serial number answers 409 naming the field.',
      body: CreateCiBody,
      response: { 201: ConfigurationItem, ...problems(409) },
    },
    handler: async (req, reply) => reply.status(201).send(await createCi(ctxOf(app, req), req.body)),
  });
  app.get('/api/v1/configuration-items/:id', {
    config: { access: 'cmdb:read' },
    schema: { tags, summary: 'Read a configuration item by id or key', params: CiIdParams, response: { 200: ConfigurationItem, ...problems(404) } },
    handler: (req) => getCi(ctxOf(app, req), req.params.id),
  });
  app.patch('/api/v1/configuration-items/:id', {
    config: { access: 'cmdb:write' },
    schema: {
      tags,
      summary: 'Update a configuration item',
      description: 'Send the version you read (a stale one answers 409). Only the attribute keys sent change; null clears one. Retire an item with status retired.',
      params: CiIdParams,
      body: UpdateCiBody,
      response: { 200: ConfigurationItem, ...problems(404, 409) },
    },
    handler: (req) => updateCi(ctxOf(app, req), req.params.id, req.body),
  });
  app.delete('/api/v1/configuration-items/:id', {
    config: { access: 'cmdb:write' },
    schema: {
      tags,
      summary: 'Delete a configuration item and its relationships',
      description: 'An item that tickets or other items\' attributes refer to answers 409: retire it instead.',
      params: CiIdParams,
      response: { 204: NoContent, ...problems(404, 409) },
    },
    handler: async (req, reply) => {
      await deleteCi(ctxOf(app, req), req.params.id);
      return reply.status(204).send(null);
    },
  });
  app.get('/api/v1/configuration-items/:id/relationships', {
    config: { access: 'cmdb:read' },
    schema: {
      tags,
      summary: "An item's relationships from both ends",
      description: 'Each relationship is named as read from this item: depends_on from its source, used_by from its target.',
      params: CiIdParams,
      querystring: CiRelationshipQuery,
      response: { 200: CiRelationshipPage, ...problems(404) },
    },
    handler: (req) => listCiRelationships(ctxOf(app, req), req.params.id, req.query),
  });
  app.get('/api/v1/configuration-items/:id/impact', {
    config: { access: 'cmdb:read' },
    schema: {
      tags,
      summary: 'Impact analysis: what breaks if the item goes down, or what it needs',
      description:
        'downstream: the items that need this one, transitively (what breaks if it goes down); upstream: what it needs. Each item is reached once by its shortest path, shown step by step; cycles are followed once. The business services reached are listed most critical first.',
      params: CiIdParams,
      querystring: ImpactQuery,
      response: { 200: ImpactReport, ...problems(404) },
    },
    handler: (req) => analyseImpact(ctxOf(app, req), req.params.id, req.query),
  });
  app.get('/api/v1/configuration-items/:id/tickets', {
    config: { access: 'cmdb:read' },
    schema: { tags, summary: 'Tickets that name the item as affected, newest first', params: CiIdParams, querystring: CiTicketQuery, response: { 200: TicketPage, ...problems(404) } },
    handler: (req) => findCiTickets(ctxOf(app, req), req.params.id, req.query),
  });
  app.get('/api/v1/configuration-items/:id/history', {
    config: { access: 'cmdb:read' },
    schema: {
      tags,
      summary: "The item's changes from the audit trail, newest first",
      description: 'Who changed which field, from what to what. Needs only cmdb:read (the whole audit trail needs audit:read).',
      params: CiIdParams,
      querystring: CiHistoryQuery,
      response: { 200: CiHistoryPage, ...problems(404) },
    },
    handler: (req) => ciHistory(ctxOf(app, req), req.params.id, req.query),
  });

  const relationshipTags = ['Relationships'];
  app.post('/api/v1/relationships', {
    config: { access: 'cmdb:write' },
    schema: {
      tags: relationshipTags,
      summary: 'Relate two configuration items',
      description: 'A type or its inverse name; an inverse is stored as its type with the ends swapped. A missing item answers 400 naming sourceId or targetId; the same relationship twice 409.',
      body: CreateRelationshipBody,
      response: { 201: Relationship, ...problems(409) },
    },
    handler: async (req, reply) => reply.status(201).send(await createRelationship(ctxOf(app, req), req.body)),
  });
  app.get('/api/v1/relationships/:id', {
    config: { access: 'cmdb:read' },
    schema: { tags: relationshipTags, summary: 'Read a relationship', params: IdParams, response: { 200: Relationship, ...problems(404) } },
    handler: (req) => getRelationship(ctxOf(app, req), req.params.id),
  });
  app.delete('/api/v1/relationships/:id', {
    config: { access: 'cmdb:write' },
    schema: { tags: relationshipTags, summary: 'Remove a relationship', params: IdParams, response: { 204: NoContent, ...problems(404) } },
    handler: async (req, reply) => {
      await deleteRelationship(ctxOf(app, req), req.params.id);
      return reply.status(204).send(null);
    },
  });
  assetRoutes(app);
}

/** HTTP routes of CI classes and the location tree: read by every CMDB reader, shaped by CMDB administrators. */
import { ctxOf } from '../../platform/http/access.ts';
import { NoContent, problems } from '../../platform/http/route-schema.ts';
import type { App } from '../../platform/http/types.ts';
import {
  CiClass, CiClassPage, CiClassQuery, ClassIdParams, CreateCiClassBody, CreateLocationBody, Location, LocationPage, LocationQuery, UpdateCiClassBody, UpdateLocationBody,
} from './class-contract.ts';
import { createClass, deleteClass, getClass, listClasses, updateClass } from './class-service.ts';
import { IdParams } from './contract.ts';
import { createLocation, deleteLocation, getLocation, listLocations, updateLocation } from './location-service.ts';

export function classRoutes(app: App): void {
  const tags = ['CMDB classes'];
  app.get('/api/v1/ci-classes', {
    config: { access: 'cmdb:read' },
    schema: { tags, summary: 'CI classes with their attributes, by name', querystring: CiClassQuery, response: { 200: CiClassPage, ...problems() } },
    handler: (req) => listClasses(ctxOf(app, req), req.query),
  });
  app.post('/api/v1/ci-classes', {
    config: { access: 'cmdb:admin' },
    schema: {
      tags,
      summary: 'Define a class',
      description: 'A class with a parent inherits its attributes. Attribute keys are camelCase and unique along the class tree.',
      body: CreateCiClassBody,
      response: { 201: CiClass, ...problems(409) },
    },
    handler: async (req, reply) => reply.status(201).send(await createClass(ctxOf(app, req), req.body)),
  });
  app.get('/api/v1/ci-classes/:id', {
    config: { access: 'cmdb:read' },
    schema: { tags, summary: 'Read a class by id or key', params: ClassIdParams, response: { 200: CiClass, ...problems(404) } },
    handler: (req) => getClass(ctxOf(app, req), req.params.id),
  });
  app.patch('/api/v1/ci-classes/:id', {
    config: { access: 'cmdb:admin' },
    schema: {
      tags,
      summary: 'Change a class or its custom attributes',
      description:
        'customAttributes replaces the whole list of the class\'s own custom attributes. Built-in classes change only in their custom attributes and expected life (409 otherwise). A change that existing values would not fit answers 409 naming the attribute.',
      params: ClassIdParams,
      body: UpdateCiClassBody,
      response: { 200: CiClass, ...problems(404, 409) },
    },
    handler: (req) => updateClass(ctxOf(app, req), req.params.id, req.body),
  });
  app.delete('/api/v1/ci-classes/:id', {
    config: { access: 'cmdb:admin' },
    schema: { tags, summary: 'Delete an unused custom class', params: ClassIdParams, response: { 204: NoContent, ...problems(404, 409) } },
    handler: async (req, reply) => {
      await deleteClass(ctxOf(app, req), req.params.id);
      return reply.status(204).send(null);
    },
  });

  const locationTags = ['Locations'];
  app.get('/api/v1/locations', {
    config: { access: 'cmdb:read' },
    schema: { tags: locationTags, summary: 'The location tree, by path', querystring: LocationQuery, response: { 200: LocationPage, ...problems() } },
    handler: (req) => listLocations(ctxOf(app, req), req.query),
  });
  app.post('/api/v1/locations', {
    config: { access: 'cmdb:admin' },
    schema: { tags: locationTags, summary: 'Add a site, building, floor, room or rack', body: CreateLocationBody, response: { 201: Location, ...problems(409) } },
    handler: async (req, reply) => reply.status(201).send(await createLocation(ctxOf(app, req), req.body)),
  });
  app.get('/api/v1/locations/:id', {
    config: { access: 'cmdb:read' },
    schema: { tags: locationTags, summary: 'Read a location', params: IdParams, response: { 200: Location, ...problems(404) } },
    handler: (req) => getLocation(ctxOf(app, req), req.params.id),
  });
  app.patch('/api/v1/locations/:id', {
    config: { access: 'cmdb:admin' },
    schema: { tags: locationTags, summary: 'Rename, move or resize a location', params: IdParams, body: UpdateLocationBody, response: { 200: Location, ...problems(404, 409) } },
    handler: (req) => updateLocation(ctxOf(app, req), req.params.id, req.body),
  });
  app.delete('/api/v1/locations/:id', {
    config: { access: 'cmdb:admin' },
    schema: { tags: locationTags, summary: 'Delete an empty location', params: IdParams, response: { 204: NoContent, ...problems(404, 409) } },
    handler: async (req, reply) => {
      await deleteLocation(ctxOf(app, req), req.params.id);
      return reply.status(204).send(null);
    },
  });
}

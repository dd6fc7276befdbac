/** HTTP routes for people: list, read, create, update, reset password, unlock. */
import { ctxOf } from '../../platform/http/access.ts';
import { problems } from '../../platform/http/route-schema.ts';
import type { App } from '../../platform/http/types.ts';
import { CreatedPerson, CreatePersonBody, EmptyBody, IdParams, PeopleQuery, Person, PersonPage, TemporaryPassword, UpdatePersonBody } from './contract.ts';
import { directoryEntry, DirectoryEntry, DirectoryPage, DirectoryQuery, searchDirectory } from './directory.ts';
import { findPeople, getPerson } from './people-query.ts';
import { createPerson, resetPersonPassword, unlockPerson, updatePerson } from './people-service.ts';

const tags = ['People'];

export function peopleRoutes(app: App): void {
  app.get('/api/v1/people', {
    config: { access: 'people:read' },
    schema: { tags, summary: 'Search people', querystring: PeopleQuery, response: { 200: PersonPage, ...problems() } },
    handler: (req) => findPeople(ctxOf(app, req), req.query),
  });
  app.post('/api/v1/people', {
    config: { access: 'people:write' },
    schema: { tags, summary: 'Create a person', body: CreatePersonBody, response: { 201: CreatedPerson, ...problems(409) } },
    handler: async (req, reply) => reply.status(201).send(await createPerson(ctxOf(app, req), req.body)),
  });
  app.get('/api/v1/people/directory', {
    config: { access: 'authenticated' },
    schema: {
      tags,
      summary: "Find colleagues: the organisation's active people by name (name, e-mail, job title, department only)",
      querystring: DirectoryQuery,
      response: { 200: DirectoryPage, ...problems() },
    },
    handler: (req) => searchDirectory(ctxOf(app, req), req.query),
  });
  app.get('/api/v1/people/directory/:id', {
    config: { access: 'authenticated' },
    schema: { tags, summary: 'A colleague as the directory shows them', params: IdParams, response: { 200: DirectoryEntry, ...problems(404) } },
    handler: (req) => directoryEntry(ctxOf(app, req), req.params.id),
  });
  app.get('/api/v1/people/:id', {
    config: { access: 'authenticated' },
    schema: { tags, summary: 'Read a person (requesters: only themselves)', params: IdParams, response: { 200: Person, ...problems(404) } },
    handler: (req) => getPerson(ctxOf(app, req), req.params.id),
  });
  app.patch('/api/v1/people/:id', {
    config: { access: 'people:write' },
    schema: { tags, summary: 'Update a person', params: IdParams, body: UpdatePersonBody, response: { 200: Person, ...problems(404, 409) } },
    handler: (req) => updatePerson(ctxOf(app, req), req.params.id, req.body),
  });
  app.post('/api/v1/people/:id/reset-password', {
    config: { access: 'admin:users' },
    schema: {
      tags,
      summary: 'Set a generated temporary password (shown once) and end their sessions',
      params: IdParams,
      body: EmptyBody.optional(),
      response: { 200: TemporaryPassword, ...problems(404) },
    },
    handler: (req) => resetPersonPassword(ctxOf(app, req), req.params.id),
  });
  app.post('/api/v1/people/:id/unlock', {
    config: { access: 'admin:users' },
    schema: { tags, summary: 'Clear a lockout after failed sign-ins', params: IdParams, body: EmptyBody.optional(), response: { 200: Person, ...problems(404) } },
    handler: (req) => unlockPerson(ctxOf(app, req), req.params.id),
  });
}

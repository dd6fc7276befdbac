/** HTTP routes for teams and departments. */
import { ctxOf } from '../../platform/http/access.ts';
import { NoContent, problems } from '../../platform/http/route-schema.ts';
import type { App } from '../../platform/http/types.ts';
import {
  AddMemberBody, CreateDepartmentBody, CreateTeamBody, Department, DepartmentPage, IdParams, ListQuery, MemberParams, TeamDetail, TeamPage, UpdateDepartmentBody, UpdateTeamBody,
} from './contract.ts';
import { createDepartment, deleteDepartment, findDepartments, getDepartment, updateDepartment } from './department-service.ts';
import { addTeamMember, createTeam, deleteTeam, findTeams, getTeam, removeTeamMember, updateTeam } from './team-service.ts';

export function teamRoutes(app: App): void {
  const tags = ['Teams'];
  app.get('/api/v1/teams', {
    config: { access: 'teams:read' },
    schema: { tags, summary: 'Search teams', querystring: ListQuery, response: { 200: TeamPage, ...problems() } },
    handler: (req) => findTeams(ctxOf(app, req), req.query),
  });
  app.post('/api/v1/teams', {
    config: { access: 'teams:write' },
    schema: { tags, summary: 'Create a team', body: CreateTeamBody, response: { 201: TeamDetail, ...problems(409) } },
    handler: async (req, reply) => reply.status(201).send(await createTeam(ctxOf(app, req), req.body)),
  });
  app.get('/api/v1/teams/:id', {
    config: { access: 'teams:read' },
    schema: { tags, summary: 'Read a team with its members', params: IdParams, response: { 200: TeamDetail, ...problems(404) } },
    handler: (req) => getTeam(ctxOf(app, req), req.params.id),
  });
  app.patch('/api/v1/teams/:id', {
    config: { access: 'teams:write' },
    schema: { tags, summary: 'Update a team', params: IdParams, body: UpdateTeamBody, response: { 200: TeamDetail, ...problems(404, 409) } },
    handler: (req) => updateTeam(ctxOf(app, req), req.params.id, req.body),
  });
  app.delete('/api/v1/teams/:id', {
    config: { access: 'teams:write' },
    schema: { tags, summary: 'Delete a team', params: IdParams, response: { 204: NoContent, ...problems(404) } },
    handler: async (req, reply) => {
      await deleteTeam(ctxOf(app, req), req.params.id);
      return reply.status(204).send(null);
    },
  });
  app.post('/api/v1/teams/:id/members', {
    config: { access: 'teams:write' },
    schema: { tags, summary: 'Add a person to a team', params: IdParams, body: AddMemberBody, response: { 200: TeamDetail, ...problems(404) } },
    handler: (req) => addTeamMember(ctxOf(app, req), req.params.id, req.body.userId),
  });
  app.delete('/api/v1/teams/:id/members/:userId', {
    config: { access: 'teams:write' },
    schema: { tags, summary: 'Remove a person from a team', params: MemberParams, response: { 200: TeamDetail, ...problems(404) } },
    handler: (req) => removeTeamMember(ctxOf(app, req), req.params.id, req.params.userId),
  });

  const depTags = ['Departments'];
  app.get('/api/v1/departments', {
    config: { access: 'people:read' },
    schema: { tags: depTags, summary: 'Search departments', querystring: ListQuery, response: { 200: DepartmentPage, ...problems() } },
    handler: (req) => findDepartments(ctxOf(app, req), req.query),
  });
  app.post('/api/v1/departments', {
    config: { access: 'people:write' },
    schema: { tags: depTags, summary: 'Create a department', body: CreateDepartmentBody, response: { 201: Department, ...problems(409) } },
    handler: async (req, reply) => reply.status(201).send(await createDepartment(ctxOf(app, req), req.body)),
  });
  app.get('/api/v1/departments/:id', {
    config: { access: 'people:read' },
    schema: { tags: depTags, summary: 'Read a department', params: IdParams, response: { 200: Department, ...problems(404) } },
    handler: (req) => getDepartment(ctxOf(app, req), req.params.id),
  });
  app.patch('/api/v1/departments/:id', {
    config: { access: 'people:write' },
    schema: { tags: depTags, summary: 'Rename a department', params: IdParams, body: UpdateDepartmentBody, response: { 200: Department, ...problems(404, 409) } },
    handler: (req) => updateDepartment(ctxOf(app, req), req.params.id, req.body),
  });
  app.delete('/api/v1/departments/:id', {
    config: { access: 'people:write' },
    schema: { tags: depTags, summary: 'Delete a department (its people keep no department)', params: IdParams, response: { 204: NoContent, ...problems(404) } },
    handler: async (req, reply) => {
      await deleteDepartment(ctxOf(app, req), req.params.id);
      return reply.status(204).send(null);
    },
  });
}

/** HTTP routes for roles, the permission catalogue and API tokens. */
import { ctxOf } from '../../platform/http/access.ts';
import { NoContent, problems } from '../../platform/http/route-schema.ts';
import type { App } from '../../platform/http/types.ts';
import { permissionCatalogue } from '../../platform/rbac/permissions.ts';
import { CreatedToken, CreateRoleBody, CreateTokenBody, IdParams, ListQuery, PermissionList, Role, RolePage, TokenPage, TokensQuery, UpdateRoleBody } from './contract.ts';
import { createRole, deleteRole, findRoles, getRole, updateRole } from './role-service.ts';
import { createApiToken, findApiTokens, revokeApiToken } from './token-service.ts';

export function roleRoutes(app: App): void {
  const tags = ['Roles'];
  app.get('/api/v1/permissions', {
    config: { access: 'roles:read' },
    schema: { tags, summary: 'The permission catalogue', response: { 200: PermissionList, ...problems() } },
    handler: async () => ({ items: Object.entries(permissionCatalogue).map(([key, description]) => ({ key, description })) }),
  });
  app.get('/api/v1/roles', {
    config: { access: 'roles:read' },
    schema: { tags, summary: 'List roles', querystring: ListQuery, response: { 200: RolePage, ...problems() } },
    handler: (req) => findRoles(ctxOf(app, req), req.query),
  });
  app.post('/api/v1/roles', {
    config: { access: 'roles:write' },
    schema: { tags, summary: 'Create a custom role', body: CreateRoleBody, response: { 201: Role, ...problems(409) } },
    handler: async (req, reply) => reply.status(201).send(await createRole(ctxOf(app, req), req.body)),
  });
  app.get('/api/v1/roles/:id', {
    config: { access: 'roles:read' },
    schema: { tags, summary: 'Read a role', params: IdParams, response: { 200: Role, ...problems(404) } },
    handler: (req) => getRole(ctxOf(app, req), req.params.id),
  });
  app.patch('/api/v1/roles/:id', {
    config: { access: 'roles:write' },
    schema: { tags, summary: 'Update a custom role', params: IdParams, body: UpdateRoleBody, response: { 200: Role, ...problems(404, 409) } },
    handler: (req) => updateRole(ctxOf(app, req), req.params.id, req.body),
  });
  app.delete('/api/v1/roles/:id', {
    config: { access: 'roles:write' },
    schema: { tags, summary: 'Delete a custom role nobody has', params: IdParams, response: { 204: NoContent, ...problems(404, 409) } },
    handler: async (req, reply) => {
      await deleteRole(ctxOf(app, req), req.params.id);
      return reply.status(204).send(null);
    },
  });

  const tokenTags = ['API tokens'];
  app.get('/api/v1/api-tokens', {
    config: { access: 'session' },
    schema: { tags: tokenTags, summary: "List my API tokens (or everyone's with admin:users)", querystring: TokensQuery, response: { 200: TokenPage, ...problems() } },
    handler: (req) => findApiTokens(ctxOf(app, req), req.query),
  });
  app.post('/api/v1/api-tokens', {
    config: { access: 'session' },
    schema: { tags: tokenTags, summary: 'Create an API token; the secret is returned once', body: CreateTokenBody, response: { 201: CreatedToken, ...problems() } },
    handler: async (req, reply) => reply.status(201).send(await createApiToken(ctxOf(app, req), req.body)),
  });
  app.delete('/api/v1/api-tokens/:id', {
    config: { access: 'session' },
    schema: { tags: tokenTags, summary: 'Revoke an API token', params: IdParams, response: { 204: NoContent, ...problems(404) } },
    handler: async (req, reply) => {
      await revokeApiToken(ctxOf(app, req), req.params.id);
      return reply.status(204).send(null);
    },
  });
}

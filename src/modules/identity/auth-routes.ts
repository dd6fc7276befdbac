/** Sign-in over the API: password login, logout, the current session, password change, organisation switch. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { principalFromSession, sessionCookie } from '../../platform/auth/principal.ts';
import { changeOwnPassword, createSession, endSession, switchSessionOrganisation, touchSession, verifyCredentials, type SessionInfo } from '../../platform/auth/sign-in.ts';
import { inTransaction, requirePermission } from '../../platform/context.ts';
import { AppError } from '../../platform/errors/catalogue.ts';
import { ctxOf } from '../../platform/http/access.ts';
import { NoContent, problems } from '../../platform/http/route-schema.ts';
import type { App } from '../../platform/http/types.ts';
import { AddMembershipBody, CreateOrganisationBody, Organisation, OrganisationList } from './contract.ts';
import { addMembership, createOrganisationAsAdmin, listMyOrganisations } from './organisation-service.ts';
import { SessionView, sessionView } from './session-view.ts';

const LoginBody = z.strictObject({
  email: z.string().trim().min(1, 'is required').max(254),
  password: z.string().min(1, 'is required').max(256),
});
const PasswordBody = z.strictObject({ currentPassword: z.string().min(1, 'is required').max(256), newPassword: z.string().max(256) });
const SwitchBody = z.strictObject({ organisation: z.string().min(1).max(200).describe('Organisation id or slug') });
const Providers = z.object({ password: z.boolean(), oidc: z.object({ name: z.string() }).nullable() });

const tags = ['Authentication'];

/** Sets the session cookie: httpOnly, SameSite=Lax, Secure over HTTPS (or as configured). */
export function setSessionCookie(app: App, request: FastifyRequest, reply: FastifyReply, session: SessionInfo): void {
  const secure = app.config.cookieSecure === 'auto' ? request.protocol === 'https' : app.config.cookieSecure === 'true';
  reply.setCookie(sessionCookie, session.token, { path: '/', httpOnly: true, sameSite: 'lax', secure, expires: session.expiresAt });
}

export function clientInfo(request: FastifyRequest) {
  return { ip: request.ip, userAgent: String(request.headers['user-agent'] ?? ''), requestId: request.id };
}

export function authRoutes(app: App): void {
  app.get('/api/v1/auth/providers', {
    config: { access: 'public' },
    schema: { tags, summary: 'How people can sign in', response: { 200: Providers } },
    handler: async () => ({ password: true, oidc: app.config.oidc ? { name: app.config.oidc.name } : null }),
  });

  app.post('/api/v1/auth/login', {
    config: {
      access: 'public',
      rateLimit: { max: app.config.login.ratePerMinute, timeWindow: '1 minute' },
    },
    schema: { tags, summary: 'Sign in with e-mail and password; sets the session cookie', body: LoginBody, response: { 200: SessionView, ...problems(423, 429) } },
    handler: async (req, reply) => {
      const userId = await verifyCredentials(app.database.db, app.clock, req.body.email, req.body.password, {
        maxAttempts: app.config.login.maxAttempts,
        lockoutMinutes: app.config.login.lockoutMinutes,
        sessionTtlHours: app.config.sessionTtlHours,
      });
      // A session cookie sent along (fixation attempt or stale sign-in) is ended, never reused.
      const old = req.cookies[sessionCookie];
      if (old) await endSession(app.database.db, old);
      const session = await createSession(app.database.db, app.clock, userId, 'password', app.config.sessionTtlHours, clientInfo(req));
      setSessionCookie(app, req, reply, session);
      const principal = await principalFromSession(app.database.db, session.token, undefined, app.clock.now());
      return sessionView(app.database.db, principal!);
    },
  });

  app.post('/api/v1/auth/logout', {
    config: { access: 'authenticated' },
    schema: { tags, summary: 'Sign out: ends the session on the server', response: { 204: NoContent, ...problems() } },
    handler: async (req, reply) => {
      const cookie = req.cookies[sessionCookie];
      if (cookie) await endSession(app.database.db, cookie);
      reply.clearCookie(sessionCookie, { path: '/' });
      return reply.status(204).send(null);
    },
  });

  app.get('/api/v1/auth/session', {
    config: { access: 'authenticated' },
    schema: { tags, summary: 'The signed-in person, their permissions and organisations', response: { 200: SessionView, ...problems() } },
    handler: async (req) => {
      const principal = req.principal!;
      if (principal.actor.sessionId) await touchSession(app.database.db, principal.actor.sessionId, app.clock.now(), app.config.sessionTtlHours);
      return sessionView(app.database.db, principal);
    },
  });

  app.put('/api/v1/auth/session/organisation', {
    config: { access: 'session' },
    schema: { tags, summary: 'Switch the session to another organisation you belong to', body: SwitchBody, response: { 200: SessionView, ...problems(404) } },
    handler: async (req) => {
      const principal = req.principal!;
      const cookie = req.cookies[sessionCookie]!;
      const switched = await principalFromSession(app.database.db, cookie, req.body.organisation, app.clock.now());
      if (!switched) throw new AppError('UNAUTHENTICATED');
      await switchSessionOrganisation(app.database.db, principal.actor.sessionId!, switched.orgId);
      return sessionView(app.database.db, switched);
    },
  });

  app.post('/api/v1/auth/password', {
    config: { access: 'session' },
    schema: { tags, summary: 'Change my password (ends my other sessions)', body: PasswordBody, response: { 204: NoContent, ...problems() } },
    handler: async (req, reply) => {
      await changeOwnPassword(ctxOf(app, req), req.body.currentPassword, req.body.newPassword);
      return reply.status(204).send(null);
    },
  });

  app.post('/api/v1/organisations', {
    config: { access: 'installation-admin' },
    schema: {
      tags: ['Organisations'],
      summary: 'Create an organisation (installation administrators); you become its administrator',
      body: CreateOrganisationBody,
      response: { 201: Organisation, ...problems(409) },
    },
    handler: async (req, reply) => reply.status(201).send(await createOrganisationAsAdmin(ctxOf(app, req), req.body)),
  });

  app.post('/api/v1/organisations/current/members', {
    config: { access: 'installation-admin' },
    schema: {
      tags: ['Organisations'],
      summary: 'Add an existing account (e.g. a service provider engineer) to this organisation (installation administrators)',
      body: AddMembershipBody,
      response: { 204: NoContent, ...problems(409) },
    },
    handler: async (req, reply) => {
      const ctx = ctxOf(app, req);
      requirePermission(ctx, 'admin:users');
      await inTransaction(ctx, (tx) => addMembership(tx, req.body.userId, req.body.roleId));
      return reply.status(204).send(null);
    },
  });

  app.get('/api/v1/organisations', {
    config: { access: 'authenticated' },
    schema: { tags: ['Organisations'], summary: 'The organisations I belong to', response: { 200: OrganisationList, ...problems() } },
    handler: async (req) => ({ items: await listMyOrganisations(ctxOf(app, req)), nextCursor: null }),
  });
}

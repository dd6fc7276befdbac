/**
 * Authentication and authorisation for every route, run before the body is even parsed: identify
 * the caller (session cookie or bearer token), enforce CSRF on cookie-authenticated writes, and
 * check the route's declared access.
 */
import type { FastifyRequest } from 'fastify';
import type { Ctx } from '../context.ts';
import { AppError } from '../errors/catalogue.ts';
import { principalFromSession, principalFromToken, sessionCookie, touchToken, type Principal } from '../auth/principal.ts';
import { safeEqual } from '../auth/secrets.ts';
import type { App } from './types.ts';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);
export const orgHeader = 'x-steward-org';
export const csrfHeader = 'x-csrf-token';

async function identify(app: App, request: FastifyRequest): Promise<Principal | undefined> {
  const now = app.clock.now();
  const auth = request.headers.authorization;
  if (auth) {
    const match = /^Bearer\s+(\S+)$/i.exec(auth);
    if (!match) throw new AppError('UNAUTHENTICATED', 'The Authorization header must be "Bearer <token>"');
    const principal = await principalFromToken(app.database.db, match[1]!, now);
    if (!principal) throw new AppError('UNAUTHENTICATED', 'The API token is unknown, expired or revoked');
    await touchToken(app.database.db, principal.actor.tokenId!, now);
    return principal;
  }
  const cookie = request.cookies[sessionCookie];
  if (!cookie) return undefined;
  const requestedOrg = request.headers[orgHeader];
  return principalFromSession(app.database.db, cookie, typeof requestedOrg === 'string' ? requestedOrg : undefined, now);
}

export function registerAccessControl(app: App): void {
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config?.access;
    if (access === undefined || access === 'public') {
      // Public routes still learn who is calling when they can, but never fail because of it.
      request.principal = await identify(app, request).catch(() => undefined);
      return;
    }
    const principal = await identify(app, request);
    if (!principal) throw new AppError('UNAUTHENTICATED', 'Sign in or send an API token');
    if (principal.csrfToken && !safeMethods.has(request.method)) {
      const sent = request.headers[csrfHeader];
      if (typeof sent !== 'string' || !safeEqual(sent, principal.csrfToken)) {
        throw new AppError('CSRF_FAILED', `Cookie-authenticated writes must send the session's CSRF token in the ${csrfHeader} header`);
      }
    }
    if (access === 'session' && principal.actor.type !== 'user') {
      throw new AppError('FORBIDDEN', 'Sign in to do this; API tokens cannot');
    } else if (access === 'installation-admin' && (principal.actor.type !== 'user' || !principal.actor.installationAdmin)) {
      throw new AppError('INSTALLATION_ADMIN_REQUIRED', 'Only installation administrators, signed in, can do this');
    } else if (access !== 'authenticated' && access !== 'session' && access !== 'installation-admin' && !principal.actor.permissions.has(access)) {
      throw new AppError('FORBIDDEN', `Requires the ${access} permission`);
    }
    request.principal = principal;
  });
}

/** The service context of an authenticated request. */
export function ctxOf(app: App, request: FastifyRequest): Ctx {
  const principal = request.principal;
  if (!principal) throw new AppError('UNAUTHENTICATED', 'Sign in or send an API token');
  return { db: app.database.db, actor: principal.actor, orgId: principal.orgId, requestId: request.id, clock: app.clock };
}

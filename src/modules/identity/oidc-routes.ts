/**
 * Single sign-on with OpenID Connect: the redirect to the identity provider, and the callback that
 * finds, links or creates the person (with the role their groups map to) and signs them in.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { OidcConfig } from '../../config.ts';
import { beginOidcSignIn, finishOidcSignIn, oidcRedirectUri } from '../../platform/auth/oidc-client.ts';
import { isSafeReturnTo, oidcProfile, safeReturnPath, SsoFailure } from '../../platform/auth/oidc-claims.ts';
import { oidcStateTtlMs, saveOidcState, takeOidcState } from '../../platform/auth/oidc-state.ts';
import { sessionCookie } from '../../platform/auth/principal.ts';
import { safeEqual } from '../../platform/auth/secrets.ts';
import { createSession, endSession } from '../../platform/auth/sign-in.ts';
import { systemContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors/catalogue.ts';
import { problems } from '../../platform/http/route-schema.ts';
import type { App } from '../../platform/http/types.ts';
import { clientInfo, setSessionCookie } from './auth-routes.ts';
import { ensureDefaultOrganisation } from './organisation-service.ts';
import { provisionPerson } from './oidc-service.ts';

const tags = ['Authentication'];
const stateCookie = 'steward_oidc_state';
const cookiePath = '/api/v1/auth/oidc';

const StartQuery = z.strictObject({
  returnTo: z
    .string()
    .max(2000)
    .refine(isSafeReturnTo, 'must be a path on this site starting with a single /')
    .optional()
    .describe('Where to go after signing in: a path on this site such as /tickets'),
});
const CallbackQuery = z.looseObject({
  code: z.string().max(4096).optional(),
  state: z.string().max(1024).optional(),
  iss: z.string().max(2000).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(2000).optional(),
});
const Redirect = z.null().describe('Redirect (see the Location header)');

function requireOidc(app: App): OidcConfig {
  if (!app.config.oidc) throw new AppError('SSO_NOT_CONFIGURED', 'Single sign-on is not configured on this Steward installation (see STEWARD_OIDC_ISSUER)');
  return app.config.oidc;
}

function secureCookies(app: App, request: FastifyRequest): boolean {
  return app.config.cookieSecure === 'auto' ? request.protocol === 'https' : app.config.cookieSecure === 'true';
}

function failed(reply: FastifyReply, reason: string) {
  return reply.redirect(`/login?error=sso_failed&detail=${encodeURIComponent(reason)}`, 302);
}

/** Registers the SSO start and callback routes (they answer 404 SSO_NOT_CONFIGURED without STEWARD_OIDC_ISSUER). */
export function oidcRoutes(app: App): void {
  app.get('/api/v1/auth/oidc/start', {
    config: { access: 'public', rateLimit: { max: app.config.login.ratePerMinute, timeWindow: '1 minute' } },
    schema: {
      tags,
      summary: 'Start single sign-on: redirects to the identity provider',
      description: 'Redirects (302) to the OpenID Connect provider with PKCE, state and nonce. If the provider cannot be reached, redirects to /login?error=sso_failed.',
      querystring: StartQuery,
      response: { 302: Redirect, ...problems(404, 429) },
    },
    handler: async (req, reply) => {
      const settings = requireOidc(app);
      try {
        const { url, state } = await beginOidcSignIn(settings, oidcRedirectUri(app.config.publicUrl), safeReturnPath(req.query.returnTo ?? '/') ?? '/');
        await saveOidcState(app.database.db, app.clock, state);
        reply.setCookie(stateCookie, state.state, { path: cookiePath, httpOnly: true, sameSite: 'lax', secure: secureCookies(app, req), maxAge: oidcStateTtlMs / 1000 });
        return reply.redirect(url.href, 302);
      } catch (err) {
        if (!(err instanceof SsoFailure)) throw err;
        req.log.warn({ err, reason: err.reason }, 'single sign-on could not start');
        return failed(reply, err.reason);
      }
    },
  });

  app.get('/api/v1/auth/oidc/callback', {
    config: { access: 'public' },
    schema: {
      tags,
      summary: 'Single sign-on callback from the identity provider',
      description:
        'Exchanges the authorization code, signs the person in (creating their account on first sign-in) and redirects to where they started. On failure redirects to /login?error=sso_failed&detail=<reason>.',
      querystring: CallbackQuery,
      response: { 302: Redirect, ...problems(404) },
    },
    handler: async (req, reply) => {
      const settings = requireOidc(app);
      const db = app.database.db;
      const boundState = req.cookies[stateCookie];
      reply.clearCookie(stateCookie, { path: cookiePath });
      try {
        const expected = req.query.state ? await takeOidcState(db, app.clock, req.query.state) : undefined;
        if (req.query.error) {
          throw new SsoFailure(req.query.error === 'access_denied' ? 'provider_denied' : 'provider_error', `The identity provider answered ${req.query.error}: ${req.query.error_description ?? ''}`);
        }
        if (!expected) throw new SsoFailure('state_invalid', 'The sign-in state is unknown, expired or already used');
        if (!boundState || !safeEqual(boundState, expected.state)) throw new SsoFailure('state_mismatch', 'The sign-in was started in another browser');
        const callbackUrl = new URL(oidcRedirectUri(app.config.publicUrl));
        callbackUrl.search = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
        const profile = oidcProfile(await finishOidcSignIn(settings, callbackUrl, expected), settings.groupsClaim);
        const org = await ensureDefaultOrganisation(db);
        const ctx = { ...systemContext(db, org.id, 'single-sign-on', app.clock), requestId: req.id };
        const userId = await provisionPerson(ctx, settings, profile, req.log);
        const old = req.cookies[sessionCookie];
        if (old) await endSession(db, old);
        const session = await createSession(db, app.clock, userId, 'oidc', app.config.sessionTtlHours, clientInfo(req));
        setSessionCookie(app, req, reply, session);
        return reply.redirect(safeReturnPath(expected.returnTo) ?? '/', 302);
      } catch (err) {
        const reason = err instanceof SsoFailure ? err.reason : err instanceof AppError ? err.code.toLowerCase() : 'internal_error';
        if (err instanceof SsoFailure) req.log.warn({ err, reason }, 'single sign-on failed');
        else req.log.error({ err, reason }, 'single sign-on failed');
        return failed(reply, reason);
      }
    },
  });
}

/**
 * Builds the Fastify application: platform plugins (security headers, cookies, rate limits,
 * validation, OpenAPI, access control, errors, observability), then each module's routes, then
 * the web app. Does not listen; `main.ts` does.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { v7 as uuidv7 } from 'uuid';
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import { systemClock, type Clock } from './platform/context.ts';
import { AppError } from './platform/errors/catalogue.ts';
import { LateJobQueue } from './platform/jobs/job-queue.ts';
import { problem } from './platform/errors/problem.ts';
import { registerAccessControl } from './platform/http/access.ts';
import { errorHandler, findUnstorableText } from './platform/http/errors.ts';
import { registerObservability, type ReadinessProbe } from './platform/http/observability.ts';
import type { App, RouteInfo } from './platform/http/types.ts';
import { auditRoutes } from './platform/audit/routes.ts';
import { authRoutes } from './modules/identity/auth-routes.ts';
import { peopleRoutes } from './modules/identity/people-routes.ts';
import { roleRoutes } from './modules/identity/role-routes.ts';
import { teamRoutes } from './modules/identity/team-routes.ts';
import { oidcRoutes } from './modules/identity/oidc-routes.ts';
import { deskRoutes } from './modules/service-desk/desk-routes.ts';
import { slaRoutes } from './modules/service-desk/sla/sla-routes.ts';
import { attachmentRoutes } from './modules/service-desk/attachment-routes.ts';
import { mailRoutes } from './modules/service-desk/mail/mail-routes.ts';
import { catalogRoutes } from './modules/service-desk/catalog/catalog-routes.ts';
import { routingRoutes } from './modules/service-desk/routing-routes.ts';
import { cmdbRoutes } from './modules/cmdb/cmdb-routes.ts';
import { classRoutes } from './modules/cmdb/class-routes.ts';
import { ciExportRoutes } from './modules/cmdb/ci-export-routes.ts';
import { inventoryRoutes } from './modules/cmdb/inventory-routes.ts';
import { importRoutes } from './modules/imports/import-routes.ts';
import { softwareRoutes } from './modules/cmdb/software-routes.ts';
import { licenceRoutes } from './modules/cmdb/licence-routes.ts';

export const webRoot = fileURLToPath(new URL('../dist/web', import.meta.url));

export interface BuildOptions {
  config: Config;
  database: Database;
  clock?: Clock;
  logger?: FastifyServerOptions['logger'];
  readiness?: ReadinessProbe;
}

const requestIdPattern = /^[A-Za-z0-9._-]{1,100}$/;

export async function buildServer(opts: BuildOptions): Promise<App> {
  const { config, database } = opts;
  const app = Fastify({
    logger: opts.logger ?? {
      level: config.logLevel,
      ...((config.logFormat === 'pretty' || (config.logFormat === 'auto' && process.stdout.isTTY)) && {
        transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } },
      }),
    },
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    requestIdHeader: false,
    genReqId: (req) => {
      const sent = req.headers['x-request-id'];
      return typeof sent === 'string' && requestIdPattern.test(sent) ? sent : uuidv7();
    },
    routerOptions: { ignoreTrailingSlash: true },
    forceCloseConnections: 'idle',
    ajv: undefined,
  }).withTypeProvider<ZodTypeProvider>() as unknown as App;

  app.decorate('config', config);
  app.decorate('database', database);
  app.decorate('clock', opts.clock ?? systemClock);
  app.decorate('jobQueue', new LateJobQueue());
  app.decorate('routeInventory', [] as RouteInfo[]);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  // Plain JSON.parse: a "__proto__" key becomes an ordinary own property (JSON.parse never sets a
  // prototype), which the strict request schemas then reject by name like any unknown field.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    if (body === '') return done(new AppError('MALFORMED_JSON', 'The request body is empty but its content type is application/json'), undefined);
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(new AppError('MALFORMED_JSON', 'The request body is not valid JSON'), undefined);
    }
  });

  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      app.routeInventory.push({
        method,
        url: route.url,
        access: route.config?.access,
        hasBody: Boolean(route.schema?.body),
        hasQuery: Boolean(route.schema?.querystring),
        paginated: Boolean((route.schema?.querystring as { shape?: Record<string, unknown> } | undefined)?.shape?.cursor),
        hasResponse: Boolean(route.schema?.response),
      });
    }
    if (route.url.startsWith('/api/v1/') && !route.config?.access) {
      throw new Error(`Route ${methods.join(',')} ${route.url} declares no access (config.access)`);
    }
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
  });
  app.addHook('preValidation', async (request) => {
    const errors = [...findUnstorableText(request.body), ...findUnstorableText(request.query)];
    if (errors.length) throw new AppError('VALIDATION_FAILED', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
  });

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    hsts: config.publicUrl.startsWith('https://') ? { maxAge: 15552000 } : false,
  });
  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, {
    global: config.rateLimitPerMinute > 0,
    max: config.rateLimitPerMinute || 1000,
    timeWindow: '1 minute',
    errorResponseBuilder: (request, context) => {
      const body = problem('RATE_LIMITED', `Too many requests; retry in ${Math.ceil(context.ttl / 1000)} s`, [], request.id);
      return Object.assign(new Error(body.detail), { statusCode: 429, code: 'RATE_LIMITED' });
    },
  });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Steward API', version: '1', description: 'IT management: people, access, audit and (as modules land) service desk, CMDB, monitoring and more.' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'steward_session', description: 'Session cookie from POST /api/v1/auth/login; writes also need the X-CSRF-Token header' },
          bearer: { type: 'http', scheme: 'bearer', description: 'API token (stw_…)' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: (doc) => {
      const out = jsonSchemaTransform(doc);
      const multipart = doc.route.config?.multipartBody;
      return multipart ? { ...out, schema: { ...out.schema, consumes: ['multipart/form-data'], body: multipart } } : out;
    },
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true, uiConfig: { docExpansion: 'list' } });

  registerAccessControl(app);
  registerObservability(app, opts.readiness ?? { ready: async () => ({ ok: true, detail: 'ok' }) });
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());

  await app.register(async (api) => {
    const scoped = api as unknown as App;
    authRoutes(scoped);
    oidcRoutes(scoped);
    peopleRoutes(scoped);
    teamRoutes(scoped);
    roleRoutes(scoped);
    auditRoutes(scoped);
    deskRoutes(scoped);
    slaRoutes(scoped);
    attachmentRoutes(scoped);
    mailRoutes(scoped);
    catalogRoutes(scoped);
    routingRoutes(scoped);
    cmdbRoutes(scoped);
    classRoutes(scoped);
    ciExportRoutes(scoped);
    inventoryRoutes(scoped);
    importRoutes(scoped);
    softwareRoutes(scoped);
    licenceRoutes(scoped);
  });

  const hasWeb = existsSync(path.join(webRoot, 'index.html'));
  // Files are registered at start-up (fast, no directory serving): rebuild the web app, then restart.
  if (hasWeb) await app.register(fastifyStatic, { root: webRoot, wildcard: false, index: false });
  app.setNotFoundHandler((request, reply) => {
    const isApi = request.url.startsWith('/api/');
    if (!isApi && hasWeb && (request.method === 'GET' || request.method === 'HEAD')) {
      return reply.type('text/html').header('cache-control', 'no-cache').sendFile('index.html');
    }
    const body = problem('ROUTE_NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`, [], request.id);
    return reply.status(404).type('application/problem+json').send(body);
  });
  return app;
}

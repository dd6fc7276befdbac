/** Fastify type augmentation: each route declares its access; each request carries its principal. */
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import type { Principal } from '../auth/principal.ts';
import type { Clock } from '../context.ts';
import type { LateJobQueue } from '../jobs/job-queue.ts';
import type { RouteAccess } from '../rbac/permissions.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route: a permission, `authenticated` or `public`. Required on every /api route. */
    access?: RouteAccess;
    /** A multipart/form-data body as the API docs show it (JSON Schema); the route reads the parts itself. */
    multipartBody?: Record<string, unknown>;
  }
  interface FastifyRequest {
    principal: Principal | undefined;
  }
  interface FastifyInstance {
    config: Config;
    database: Database;
    clock: Clock;
    /** Queues background jobs once the job runtime has started (see job-queue.ts). */
    jobQueue: LateJobQueue;
    /** Every route registered, with its declared access, for the route-inventory tests. */
    routeInventory: RouteInfo[];
  }
}

export interface RouteInfo {
  method: string;
  url: string;
  access: RouteAccess | undefined;
  hasBody: boolean;
  hasQuery: boolean;
  /** The query string takes `limit` and `cursor` (a cursor-paginated list). */
  paginated: boolean;
  hasResponse: boolean;
}

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

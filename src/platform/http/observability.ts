/** Health, readiness and Prometheus metrics endpoints, plus per-request timing. */
import client from 'prom-client';
import type { App } from './types.ts';

export interface ReadinessProbe {
  ready(): Promise<{ ok: boolean; detail: string }>;
}

export function registerObservability(app: App, probe: ReadinessProbe): void {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'steward_' });
  const duration = new client.Histogram({
    name: 'steward_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    duration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  app.get('/healthz', { config: { access: 'public' }, logLevel: 'warn' }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { access: 'public' }, logLevel: 'warn' }, async (_req, reply) => {
    const { ok, detail } = await probe.ready();
    return reply.status(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not ready', detail });
  });
  app.get('/metrics', { config: { access: 'public' }, logLevel: 'warn' }, async (_req, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
}

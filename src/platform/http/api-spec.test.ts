import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../../test/support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

type Spec = { openapi: string; paths: Record<string, Record<string, { requestBody?: unknown; responses?: Record<string, unknown>; parameters?: unknown[] }>> };

describe('API surface', () => {
  it('serves an OpenAPI 3.1 spec and a docs page', async () => {
    const res = await t.anonymous.get('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    expect((res.json() as Spec).openapi).toBe('3.1.0');
    const docs = await t.anonymous.get('/api/docs/');
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });

  it('every /api/v1 route declares its access and appears in the spec with request and response schemas', async () => {
    const spec = (await t.anonymous.get('/api/openapi.json')).json() as Spec;
    const routes = t.app.routeInventory.filter((r) => r.url.startsWith('/api/v1/'));
    expect(routes.length).toBeGreaterThan(20);
    const problems: string[] = [];
    for (const route of routes) {
      const name = `${route.method} ${route.url}`;
      if (!route.access) problems.push(`${name}: no access declared`);
      if (!route.hasResponse) problems.push(`${name}: no response schema`);
      const openapiPath = route.url.replace(/:(\w+)/g, '{$1}');
      const op = spec.paths[openapiPath]?.[route.method.toLowerCase()];
      if (!op) problems.push(`${name}: missing from the OpenAPI spec`);
      else if (route.hasBody && !op.requestBody) problems.push(`${name}: body schema missing from the spec`);
    }
    expect(problems).toEqual([]);
  });

  it('the committed web client spec matches the server (run `npm run gen:api` after changing routes)', async () => {
    const served = (await t.anonymous.get('/api/openapi.json')).json();
    const committed = JSON.parse(readFileSync(new URL('../../../web/openapi.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(served);
  });

  it('answers unknown API routes with problem+json and sets request ids and security headers', async () => {
    const res = await t.anonymous.request({ method: 'GET', url: '/api/v1/nope', headers: { 'x-request-id': 'abc-123' } });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND', status: 404, requestId: 'abc-123' });
    expect(res.headers['x-request-id']).toBe('abc-123');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('reports health, readiness and metrics', async () => {
    expect((await t.anonymous.get('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await t.anonymous.get('/readyz')).statusCode).toBe(200);
    const metrics = await t.anonymous.get('/metrics');
    expect(metrics.body).toContain('steward_http_request_duration_seconds');
    expect(metrics.body).toContain('steward_process_resident_memory_bytes');
  });

  it('rejects NUL characters naming the field', async () => {
    const admin = await t.admin();
    const res = await admin.post('/api/v1/teams', { name: 'bad\u0000name' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ field: 'name', message: 'must not contain NUL characters' }]);
  });
});

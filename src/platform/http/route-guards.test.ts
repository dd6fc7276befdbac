/**
 * Bad input and access for every route, derived from the route table: no session → 401, missing
 * permission → 403, malformed JSON / unknown fields / bad pagination → 400; nothing written by any.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type Caller, type TestApp } from '../../../test/support/app.ts';
import type { RouteInfo } from './types.ts';

let t: TestApp;
let admin: Caller;
let requester: Caller;
let routes: RouteInfo[];
const placeholderId = '01a20102-0000-7000-8000-000000000001';

beforeAll(async () => {
  t = await makeTestApp();
  admin = await t.admin();
  const person = await t.makePerson({ role: 'requester' });
  requester = await t.login(person.email, person.password);
  routes = t.app.routeInventory.filter((r) => r.url.startsWith('/api/v1/'));
});
afterAll(() => t.close());

const urlOf = (route: RouteInfo) => route.url.replace(/:(\w+)/g, placeholderId);

async function writeCounts() {
  const [row] = await t.database.query<{ audit: number; events: number }>(
    'SELECT (SELECT count(*)::int FROM audit_events) AS audit, (SELECT count(*)::int FROM events) AS events',
  );
  return row;
}

describe('every route', () => {
  it('answers 401 problem+json without credentials (unless public)', async () => {
    const wrong: string[] = [];
    for (const route of routes.filter((r) => r.access !== 'public')) {
      const res = await t.anonymous.request({ method: route.method as 'GET', url: urlOf(route), payload: route.hasBody ? {} : undefined });
      if (res.statusCode !== 401 || !res.headers['content-type']?.includes('problem+json')) wrong.push(`${route.method} ${route.url} → ${res.statusCode}`);
    }
    expect(wrong).toEqual([]);
  });

  it('answers 403 to a signed-in person without the permission, writing nothing', async () => {
    const before = await writeCounts();
    const wrong: string[] = [];
    for (const route of routes.filter((r) => r.access && !['public', 'authenticated', 'session'].includes(r.access))) {
      const res = await requester.request({ method: route.method as 'GET', url: urlOf(route), payload: route.hasBody ? {} : undefined });
      if (res.statusCode !== 403) wrong.push(`${route.method} ${route.url} → ${res.statusCode}`);
    }
    expect(wrong).toEqual([]);
    expect(await writeCounts()).toEqual(before);
  });

  it('rejects malformed JSON and unknown fields with 400 naming the field, writing nothing', async () => {
    const before = await writeCounts();
    const wrong: string[] = [];
    for (const route of routes.filter((r) => r.hasBody && r.access !== 'public')) {
      const malformed = await admin.request({ method: route.method as 'POST', url: urlOf(route), payload: '{"a":', headers: { 'content-type': 'application/json' } });
      if (malformed.statusCode !== 400 || malformed.json().code !== 'MALFORMED_JSON') wrong.push(`${route.method} ${route.url} malformed → ${malformed.statusCode}`);
      const unknown = await admin.request({ method: route.method as 'POST', url: urlOf(route), payload: { unexpectedField: 1 } });
      const named = unknown.statusCode === 400 && unknown.json().errors.some((e: { field: string; message: string }) => /unexpectedField/.test(`${e.field} ${e.message}`));
      if (!named && unknown.statusCode !== 404) wrong.push(`${route.method} ${route.url} unknown field → ${unknown.statusCode} ${unknown.body.slice(0, 200)}`);
    }
    expect(wrong).toEqual([]);
    expect(await writeCounts()).toEqual(before);
  });

  it('rejects bad pagination on every list', async () => {
    expect(routes.filter((r) => r.paginated).length).toBeGreaterThan(5);
    const wrong: string[] = [];
    for (const route of routes.filter((r) => r.method === 'GET' && r.paginated)) {
      const cursor = await admin.get(`${urlOf(route)}?cursor=bm90LWEtY3Vyc29y`);
      if (cursor.statusCode !== 400 || cursor.json().errors[0]?.field !== 'cursor') wrong.push(`${route.url} cursor → ${cursor.statusCode}`);
      const limit = await admin.get(`${urlOf(route)}?limit=201`);
      if (limit.statusCode !== 400 || limit.json().errors[0]?.field !== 'limit') wrong.push(`${route.url} limit → ${limit.statusCode}`);
      const extra = await admin.get(`${urlOf(route)}?bogus=1`);
      if (extra.statusCode !== 400) wrong.push(`${route.url} unknown parameter → ${extra.statusCode}`);
    }
    expect(wrong).toEqual([]);
  });
});

/**
 * Authorisation matrix over every /api/v1 route × {admin, agent, read-only, requester, anonymous,
 * narrow API token}, derived from each route's declared access; row scope; isolation between
 * organisations; and proof (a dump of every table) that refused writes change nothing.
 */
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminEmail, adminPassword, makeTestApp, type Caller, type TestApp } from '../support/app.ts';
import { crossOrgReferenceAllowed, expectedRefusal, knownAccessGaps, rowScopeRules, type AccessGap } from '../support/guards/access-expectations.ts';
import { exampleFor, type ExampleContext } from '../support/guards/example-bodies.ts';
import { created, fixtureMakers, missingFixtures, parameterCollections, referenceFields, resolvePath } from '../support/guards/fixtures.ts';
import { describeRequest, GuardLog } from '../support/guards/guard-log.ts';
import { matrixCallers, selfHealing, type Account, type MatrixCaller } from '../support/guards/matrix-callers.ts';
import { apiRoutes, loadSpec, type ApiRoute } from '../support/guards/openapi-routes.ts';
import { dumpDifferences, dumpTables } from '../support/guards/table-dump.ts';

const log = new GuardLog('authorisation-matrix');
let t: TestApp;
let routes: ApiRoute[];
let callers: MatrixCaller[];
let setupAdmin: Caller;
let otherAdmin: Caller;
let loginAccount: Account;
/** Records of the second organisation by collection (`/api/v1/teams` → id), and every id there. */
const foreign = new Map<string, string>();
const foreignIds = new Set<string>();
const sightings: string[] = [];

beforeAll(async () => {
  t = await makeTestApp();
  routes = apiRoutes(t.app.routeInventory, await loadSpec(t));
  const adminAccount = { email: adminEmail, password: adminPassword };
  setupAdmin = selfHealing(t, adminAccount, { 'x-steward-org': 'default' });
  created(await setupAdmin.post('/api/v1/organisations', { slug: 'guards-other', name: 'Guards other organisation' }), 'second organisation');
  otherAdmin = selfHealing(t, adminAccount, { 'x-steward-org': 'guards-other' });
  callers = await matrixCallers(t, adminAccount);
  const login = await t.makePerson({ role: 'requester' });
  loginAccount = { email: login.email, password: login.password };
  // One record of each kind in the second organisation (nested ones included), and all its roles.
  const cache = new Map<string, string>();
  for (const route of routes.filter((r) => r.params.length && !missingFixtures([r]).length)) {
    const { params } = await resolvePath(route.url, otherAdmin, { cache });
    for (const { param, collection } of parameterCollections(route.url)) foreign.set(collection, params[param]!);
  }
  for (const id of foreign.values()) foreignIds.add(id);
  for (const role of created(await otherAdmin.get('/api/v1/roles?limit=200'), 'roles').items) foreignIds.add(role.id);
});

afterAll(async () => {
  log.print();
  log.write();
  await t?.close();
});

const ctxFor = (url: string, c: MatrixCaller, admin: Caller): ExampleContext => ({
  url,
  admin,
  permissions: c.permissions,
  account: c.account,
  loginAccount,
  outsider: () => fixtureMakers['/api/v1/people']!({ admin: otherAdmin, params: {} }),
});

/** Sends as the caller, counts it, and notes any id of the other organisation the request did not itself carry. */
async function send(route: ApiRoute, c: MatrixCaller, req: InjectOptions): Promise<LightMyRequestResponse> {
  const res = await c.caller.request(req);
  log.record(route.name, req, res);
  const sent = `${req.url} ${JSON.stringify(req.payload ?? '')}`;
  for (const id of foreignIds) {
    if (res.body.includes(id) && !sent.includes(id)) sightings.push(`${route.name} as ${c.label} revealed ${id}: ${res.body.slice(0, 200)}`);
  }
  return res;
}

const isProblem = (res: LightMyRequestResponse) => String(res.headers['content-type']).includes('application/problem+json');
const name = (route: ApiRoute, c: MatrixCaller, req: InjectOptions) => `${route.name} as ${c.label} (${describeRequest(req, 300)})`;

interface Planned {
  route: ApiRoute;
  c: MatrixCaller;
  req: InjectOptions;
  expect: number[];
}

/** Sends planned requests between two table dumps; returns wrong answers and changed tables. */
async function sendRefused(planned: Planned[]): Promise<{ wrong: string[]; changed: string[] }> {
  for (const c of callers) await c.heal(); // first use of a token records lastUsedAt: do it before the dump
  const before = await dumpTables(t.database);
  const wrong: string[] = [];
  for (const p of planned) {
    const res = await send(p.route, p.c, p.req);
    if (!p.expect.includes(res.statusCode) || !isProblem(res)) wrong.push(`${name(p.route, p.c, p.req)}: expected ${p.expect.join('/')}, got ${res.statusCode} ${res.body.slice(0, 200)}`);
  }
  return { wrong, changed: dumpDifferences(before, await dumpTables(t.database)) };
}

// Each test sends a request per route and caller (thousands, growing with the API): more than the default 30 s on a busy machine.
describe('authorisation matrix', { timeout: 180_000 }, () => {
  it('has a declared access and a fixture for every route with path parameters', () => {
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.filter((r) => r.access === 'undeclared').map((r) => r.name)).toEqual([]);
    expect(missingFixtures(routes)).toEqual([]);
  });

  it('answers 401 to nobody and 403 to callers without the permission, and those refused requests change nothing', async () => {
    const cache = new Map<string, string>();
    const planned: Planned[] = [];
    for (const route of routes) {
      for (const c of callers) {
        const refusal = expectedRefusal(route, c);
        if (!refusal) continue;
        const { url } = await resolvePath(route.url, setupAdmin, { cache });
        const example = await exampleFor(route, ctxFor(url, c, setupAdmin));
        planned.push({ route, c, req: { method: route.method as 'GET', url, payload: example?.body as never }, expect: [refusal] });
      }
    }
    expect(planned.length).toBeGreaterThan(30);
    const { wrong, changed } = await sendRefused(planned);
    expect(wrong).toEqual([]);
    expect(changed).toEqual([]);
  });

  it('lets every caller with access through: never 401/403 (beyond the known gaps), never 5xx, only documented statuses', async () => {
    const wrong: string[] = [];
    const gapsSeen = new Set<AccessGap>();
    for (const route of routes) {
      for (const c of callers) {
        if (expectedRefusal(route, c)) continue;
        const { url } = await resolvePath(route.url, setupAdmin);
        const example = await exampleFor(route, ctxFor(url, c, setupAdmin));
        const req: InjectOptions = { method: route.method as 'GET', url, payload: example?.body as never };
        // A refusal the declaration does not express must change nothing either.
        const gapExpected = knownAccessGaps.some((g) => g.route === route.name && g.applies(c));
        const before = gapExpected ? await dumpTables(t.database) : undefined;
        const res = await send(route, c, req);
        const status = res.statusCode;
        if (before && status >= 400) wrong.push(...dumpDifferences(before, await dumpTables(t.database)).map((d) => `${name(route, c, req)} refused but changed ${d}`));
        const code = status >= 400 ? res.json().code : undefined;
        const gap = knownAccessGaps.find((g) => g.route === route.name && g.code === code && g.applies(c));
        if (gap) gapsSeen.add(gap);
        else if (status === 401 || status === 403) wrong.push(`${name(route, c, req)}: refused with ${status} ${res.body.slice(0, 200)}`);
        else if (status >= 500) wrong.push(`${name(route, c, req)}: ${status} ${res.body.slice(0, 200)}`);
        else if (!route.statuses.includes(status)) wrong.push(`${name(route, c, req)}: undocumented status ${status} ${res.body.slice(0, 200)}`);
        else if (status >= 400 && !isProblem(res)) wrong.push(`${name(route, c, req)}: ${status} without problem+json`);
        if (status < 300) example?.onSuccess?.();
        if (route.method !== 'GET') await c.heal();
      }
    }
    expect(wrong).toEqual([]);
    expect(knownAccessGaps.filter((g) => !gapsSeen.has(g)).map((g) => `known gap no longer observed, remove it: ${g.route} ${g.code}`)).toEqual([]);
  });

  it('applies row scope: requesters see only themselves, lists show only what the caller may see', async () => {
    const requester = callers.find((c) => c.label === 'requester')!;
    const other = await t.makePerson({ role: 'requester' });
    expect((await send(routeNamed('GET /api/v1/people/:id'), requester, { method: 'GET', url: `/api/v1/people/${other.id}` })).statusCode).toBe(404);
    expect((await send(routeNamed('GET /api/v1/people/:id'), requester, { method: 'GET', url: `/api/v1/people/${requester.userId}` })).statusCode).toBe(200);

    // Everyone who may holds some tokens, so a leak between owners would show.
    for (const c of callers.filter((x) => x.signedIn && !x.isToken && x.permissions.size)) {
      created(await c.caller.post('/api/v1/api-tokens', { name: `own ${c.label}`, scopes: [[...c.permissions][0]] }), 'token');
    }
    const wrong: string[] = [];
    const adminToken = created(await setupAdmin.get('/api/v1/api-tokens?limit=1'), 'tokens').items[0].id as string;
    for (const c of callers.filter((x) => x.signedIn)) {
      const orgIds = (await t.database.query<{ org_id: string }>('SELECT org_id FROM memberships WHERE user_id = $1', [c.userId])).map((r) => r.org_id);
      for (const route of routes.filter((r) => r.method === 'GET' && !r.params.length && !expectedRefusal(r, c))) {
        const req: InjectOptions = { method: 'GET', url: route.paginated ? `${route.url}?limit=200` : route.url };
        const res = await send(route, c, req);
        const items = res.statusCode === 200 ? (jsonOf(res) as { items?: unknown[] } | undefined)?.items : undefined;
        if (!items || (route.access !== 'authenticated' && route.access !== 'session')) continue;
        const rule = rowScopeRules[route.name];
        if (!rule) wrong.push(`${route.name}: a list anyone signed in may read needs a row-scope rule in access-expectations.ts`);
        else for (const item of items) if (!rule(item, { userId: c.userId!, orgIds, permissions: c.permissions })) wrong.push(`${name(route, c, req)} shows ${JSON.stringify(item).slice(0, 200)}`);
      }
      if (!c.permissions.has('admin:users')) {
        const all = await send(routeNamed('GET /api/v1/api-tokens'), c, { method: 'GET', url: '/api/v1/api-tokens?all=true' });
        if (all.statusCode !== 403) wrong.push(`GET /api/v1/api-tokens?all=true as ${c.label}: ${all.statusCode}, expected 403`);
        if (c.isToken) continue; // the admin's own token may revoke the admin's tokens
        const revoke = await send(routeNamed('DELETE /api/v1/api-tokens/:id'), c, { method: 'DELETE', url: `/api/v1/api-tokens/${adminToken}` });
        if (revoke.statusCode !== 404) wrong.push(`DELETE another person's token as ${c.label}: ${revoke.statusCode}, expected 404`);
      }
    }
    expect(wrong).toEqual([]);
    expect(created(await setupAdmin.get('/api/v1/api-tokens?limit=200'), 'tokens').items.find((x: { id: string }) => x.id === adminToken).revokedAt).toBeNull();
  });

  it("answers 404 for another organisation's records on every route, never lists them and changes nothing", async () => {
    expect(foreign.size).toBeGreaterThanOrEqual(Object.keys(fixtureMakers).length);
    const local = new Map<string, string>();
    const planned: Planned[] = [];
    for (const route of routes.filter((r) => r.params.length)) {
      const collections = parameterCollections(route.url);
      const allForeign = Object.fromEntries(collections.map(({ param, collection }) => [param, foreign.get(collection)!]));
      const variants = [allForeign, ...(collections.length > 1 ? collections.map(({ param }) => ({ [param]: allForeign[param]! })) : [])];
      const { params } = await resolvePath(route.url, setupAdmin, { cache: local });
      for (const override of variants) {
        const url = route.url.replace(/:(\w+)/g, (_m, p: string) => override[p] ?? params[p]!);
        const readAs = override === allForeign ? otherAdmin : setupAdmin;
        for (const c of callers.filter((x) => x.signedIn && !expectedRefusal(route, x))) {
          const example = await exampleFor(route, ctxFor(url, c, readAs));
          planned.push({ route, c, req: { method: route.method as 'GET', url, payload: example?.body as never }, expect: [404] });
        }
      }
    }
    // Body fields naming records: another organisation's record is refused too (400/404/409), never used.
    const admin = callers.find((c) => c.label === 'admin')!;
    for (const route of routes.filter((r) => r.body?.properties)) {
      const refs = Object.keys(route.body!.properties!).filter((f) => referenceFields[f] && !crossOrgReferenceAllowed.has(`${route.name} ${f}`));
      for (const field of refs) {
        const { url } = await resolvePath(route.url, setupAdmin, { cache: local });
        const example = await exampleFor(route, ctxFor(url, admin, setupAdmin));
        const payload = { ...(example?.body as object), [field]: foreign.get(referenceFields[field]!) };
        planned.push({ route, c: admin, req: { method: route.method as 'GET', url, payload }, expect: [400, 404, 409] });
      }
    }
    const { wrong, changed } = await sendRefused(planned);
    // Every page of every list, unfiltered and filtered by the other organisation's records.
    for (const c of callers.filter((x) => x.signedIn)) {
      for (const route of routes.filter((r) => r.method === 'GET' && !r.params.length && !expectedRefusal(r, c))) {
        await readAllPages(route, c, '');
        for (const field of Object.keys(route.query?.properties ?? {}).filter((f) => referenceFields[f])) {
          const items = await readAllPages(route, c, `${field}=${foreign.get(referenceFields[field]!)}`);
          if (items.length) wrong.push(`${route.name}?${field}=<other organisation's record> as ${c.label}: ${items.length} items`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(changed).toEqual([]);
    expect(sightings).toEqual([]);
  });

  it('never leaks stack traces, SQL or internal column names in an error answer', () => {
    expect(log.leaks).toEqual([]);
  });
});

/** Reads a list page by page (sightings of the other organisation are noted by `send`); its items, or [] when refused. */
async function readAllPages(route: ApiRoute, c: MatrixCaller, filter: string): Promise<unknown[]> {
  const items: unknown[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const params = [route.paginated ? 'limit=200' : '', filter, cursor ? `cursor=${encodeURIComponent(cursor)}` : ''].filter(Boolean).join('&');
    const res = await send(route, c, { method: 'GET', url: params ? `${route.url}?${params}` : route.url });
    if (res.statusCode !== 200) return items;
    const body = jsonOf(res) as { items?: unknown[]; nextCursor?: string | null } | undefined;
    if (!body) return items; // a download (CSV), not a list
    items.push(...(body.items ?? []));
    cursor = body.nextCursor ?? null;
    if (!cursor) return items;
  }
  throw new Error(`${route.name}: more than 100 pages`);
}

/** The JSON body of an answer, or undefined for other media types (CSV exports). */
function jsonOf(res: { headers: Record<string, unknown>; json(): unknown }): unknown {
  return /json/.test(String(res.headers['content-type'] ?? '')) ? res.json() : undefined;
}

function routeNamed(routeName: string): ApiRoute {
  const route = routes.find((r) => r.name === routeName);
  if (!route) throw new Error(`no route ${routeName}`);
  return route;
}

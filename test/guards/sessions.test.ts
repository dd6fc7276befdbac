/**
 * Session security: the session cookie's attributes over TLS (behind a trusted proxy) and plain
 * http, spoofed forwarding headers ignored, logout ending the session; and error answers of every
 * route (bad ids, bad bodies, conflicts) never carrying stack traces, SQL or internal column names.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminEmail, adminPassword, makeTestApp, type TestApp } from '../support/app.ts';
import { exampleFor } from '../support/guards/example-bodies.ts';
import { fixtureMakers, resolvePath } from '../support/guards/fixtures.ts';
import { GuardLog, leaksIn } from '../support/guards/guard-log.ts';
import { deeplyNested } from '../support/guards/invalid-inputs.ts';
import { apiRoutes, loadSpec } from '../support/guards/openapi-routes.ts';

const log = new GuardLog('sessions');
let proxied: TestApp;
let direct: TestApp;

beforeAll(async () => {
  proxied = await makeTestApp({ STEWARD_TRUST_PROXY: 'true' });
  direct = await makeTestApp();
});

afterAll(async () => {
  log.print();
  log.write();
  await proxied?.close();
  await direct?.close();
});

/** The raw Set-Cookie header of the session cookie. */
function sessionSetCookie(res: LightMyRequestResponse): string {
  const headers = [res.headers['set-cookie'] ?? []].flat();
  const cookie = headers.find((h) => h.startsWith('steward_session='));
  if (!cookie) throw new Error(`no session cookie in ${res.statusCode} answer: ${JSON.stringify(res.headers)}`);
  return cookie;
}

const login = (t: TestApp, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: adminEmail, password: adminPassword }, headers });

const attributes = (cookie: string) => cookie.split(';').map((a) => a.trim().toLowerCase());

describe('session cookie', () => {
  it('is Secure, HttpOnly and SameSite=Lax when the request arrived over TLS (trusted proxy)', async () => {
    const res = await login(proxied, { 'x-forwarded-proto': 'https' });
    expect(res.statusCode).toBe(200);
    const attrs = attributes(sessionSetCookie(res));
    expect(attrs).toContain('secure');
    expect(attrs).toContain('httponly');
    expect(attrs).toContain('samesite=lax');
    expect(attrs).toContain('path=/');
  });

  it('is HttpOnly and SameSite=Lax but not Secure over plain http (STEWARD_COOKIE_SECURE auto)', async () => {
    for (const t of [proxied, direct]) {
      const attrs = attributes(sessionSetCookie(await login(t)));
      expect(attrs).not.toContain('secure');
      expect(attrs).toContain('httponly');
      expect(attrs).toContain('samesite=lax');
    }
  });

  it('ignores a forwarded protocol unless the proxy is trusted', async () => {
    const attrs = attributes(sessionSetCookie(await login(direct, { 'x-forwarded-proto': 'https' })));
    expect(attrs).not.toContain('secure');
  });

  it('is cleared by logout, and the old cookie no longer works', async () => {
    const signedIn = await direct.admin();
    const out = await signedIn.post('/api/v1/auth/logout');
    expect(out.statusCode).toBe(204);
    const cleared = sessionSetCookie(out);
    expect(cleared).toMatch(/steward_session=;|Max-Age=0|Expires=Thu, 01 Jan 1970/i);
    expect((await signedIn.get('/api/v1/auth/session')).statusCode).toBe(401);
  });
});

describe('error answers', () => {
  it('the leak detector recognises stack traces, SQL errors and internal columns, but not echoed input', () => {
    expect(leaksIn('{"detail":"TypeError: x\\n    at handler (/app/src/server.ts:12:34)"}', '')).toEqual(['stack trace']);
    expect(leaksIn('{"detail":"duplicate key value violates unique constraint \\"users_email_key\\""}', '')).toEqual(['constraint wording']);
    expect(leaksIn('{"detail":"syntax error at or near \\"OR\\""}', '')).toEqual(['SQL syntax error']);
    expect(leaksIn('{"detail":"relation \\"users\\" does not exist"}', '')).toEqual(['relation name']);
    expect(leaksIn('{"detail":"column password_hash"}', '')).toEqual(['password_hash column']);
    expect(leaksIn('{"detail":"token_hash is null"}', '')).toEqual(['token_hash column']);
    expect(leaksIn('{"detail":"No team named violates"}', 'name=violates')).toEqual([]);
  });

  it('of every route to hostile ids, bodies and conflicts carry no stack trace, SQL or internal column names', async () => {
    const t = direct;
    const admin = await t.admin();
    const routes = apiRoutes(t.app.routeInventory, await loadSpec(t));
    const hostileIds = ["'; DROP TABLE users; --", '00000000-0000-0000-0000-000000000000', 'x'.repeat(99), '%00', '..%2F..%2Fetc%2Fpasswd', '1 OR 1=1'];
    const hostileBodies: unknown[] = [null, [], 'text', { __proto__x: 1, $where: '1' }, deeplyNested(500, 'object'), { name: "' OR 1=1 --", email: 'a@b.c', version: -1 }];
    const outsider = () => fixtureMakers['/api/v1/people']!({ admin, params: {} });
    const context = (url: string) => ({ url, admin, permissions: new Set<string>(['people:read']), loginAccount: { email: adminEmail, password: 'wrong-password-1' }, outsider });
    const wrong: string[] = [];
    const check = (name: string, res: LightMyRequestResponse) => {
      if (res.statusCode >= 500) wrong.push(`${name}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      if (res.statusCode >= 400 && !String(res.headers['content-type']).includes('application/problem+json')) wrong.push(`${name}: ${res.statusCode} without problem+json`);
    };
    for (const route of routes) {
      const { url } = await resolvePath(route.url, admin);
      const requests: { url: string; payload?: unknown }[] = [
        ...(route.params.length ? hostileIds.map((id) => ({ url: route.url.replace(/:(\w+)/g, id) })) : []),
        ...(route.body ? hostileBodies.map((payload) => ({ url, payload })) : []),
      ];
      // Conflicts: the same valid write twice (duplicates, stale versions, already-used e-mails).
      const example = route.method !== 'GET' ? await exampleFor(route, context(url)) : undefined;
      if (example) requests.push({ url, payload: example.body }, { url, payload: example.body });
      for (const req of requests) {
        const opts = { method: route.method as 'GET', url: req.url, payload: req.payload as never };
        const res = await admin.request(opts);
        log.record(route.name, opts, res);
        check(`${route.name} ${req.url.slice(0, 80)}`, res);
      }
    }
    expect(log.routes.size).toBeGreaterThan(20);
    expect(wrong).toEqual([]);
    expect(log.leaks).toEqual([]);
  });

  it('an existing account with a wrong password and an unknown account are refused alike (no enumeration)', async () => {
    const person = await direct.makePerson({ role: 'requester' });
    const attempt = (email: string) => direct.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: 'Wrong-password-123' } });
    const known = await attempt(person.email);
    const unknown = await attempt(`nobody.${Date.now()}@example.test`);
    expect(known.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    const { requestId: _a, ...knownBody } = known.json();
    const { requestId: _b, ...unknownBody } = unknown.json();
    expect(knownBody).toEqual(unknownBody);
  });
});

import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oidcStates, users } from '../../platform/auth/schema.ts';
import { makeTestApp, type TestApp } from '../../../test/support/app.ts';
import { startOidcProvider, type TestOidcProvider } from '../../../test/support/oidc-provider.ts';

const publicUrl = 'http://steward.test';
let provider: TestOidcProvider;
let t: TestApp;

beforeAll(async () => {
  provider = await startOidcProvider({ redirectUris: [`${publicUrl}/api/v1/auth/oidc/callback`] });
  t = await makeTestApp({
    STEWARD_OIDC_ISSUER: provider.issuer,
    STEWARD_OIDC_CLIENT_ID: provider.clientId,
    STEWARD_OIDC_CLIENT_SECRET: provider.clientSecret,
    STEWARD_OIDC_ALLOW_HTTP: 'true',
    STEWARD_OIDC_ROLE_MAP: 'it-admins=admin,helpdesk=agent',
    STEWARD_PUBLIC_URL: publicUrl,
  });
});
afterAll(async () => {
  await t?.close();
  await provider?.close();
});

/** Starts SSO at Steward and returns the provider URL and the browser-binding cookie. */
async function start(returnTo = '/') {
  const res = await t.anonymous.get(`/api/v1/auth/oidc/start?returnTo=${encodeURIComponent(returnTo)}`);
  expect(res.statusCode).toBe(302);
  return { location: String(res.headers.location), stateCookie: res.cookies.find((c) => c.name === 'steward_oidc_state')!.value };
}

function callback(url: string, stateCookie: string): Promise<LightMyRequestResponse> {
  const target = new URL(url);
  return t.app.inject({ method: 'GET', url: target.pathname + target.search, headers: { cookie: `steward_oidc_state=${stateCookie}` } });
}

/** The whole browser journey: start, sign in at the provider as `login`, come back to the callback. */
async function ssoSignIn(login: string, returnTo = '/') {
  const { location, stateCookie } = await start(returnTo);
  return callback(await provider.signIn(location, login), stateCookie);
}

async function session(res: LightMyRequestResponse) {
  const cookie = res.cookies.find((c) => c.name === 'steward_session');
  expect(cookie, `no session cookie; redirected to ${res.headers.location}`).toBeDefined();
  const me = await t.anonymous.request({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie: `steward_session=${cookie!.value}` } });
  expect(me.statusCode).toBe(200);
  return me.json().user as { id: string; email: string; name: string; kind: string; role: { key: string } };
}

function failure(res: LightMyRequestResponse): string | null {
  expect(res.statusCode).toBe(302);
  expect(res.cookies.find((c) => c.name === 'steward_session')).toBeUndefined();
  const location = new URL(String(res.headers.location), publicUrl);
  expect(location.pathname).toBe('/login');
  expect(location.searchParams.get('error')).toBe('sso_failed');
  return location.searchParams.get('detail');
}

describe('single sign-on', () => {
  it('redirects to the provider with PKCE (S256), state, nonce and the callback URL', async () => {
    const { location, stateCookie } = await start('/tickets');
    const url = new URL(location);
    expect(url.origin).toBe(provider.issuer);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get('nonce')).toBeTruthy();
    expect(url.searchParams.get('state')).toBe(stateCookie);
    expect(url.searchParams.get('redirect_uri')).toBe(`${publicUrl}/api/v1/auth/oidc/callback`);
    const [row] = await t.database.db.select().from(oidcStates).where(eq(oidcStates.state, stateCookie));
    expect(row?.returnTo).toBe('/tickets');
  });

  it('creates people just in time with the role their groups map to, and the session works', async () => {
    const res = await ssoSignIn('ada', '/tickets?view=mine');
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/tickets?view=mine');
    const ada = await session(res);
    expect(ada).toMatchObject({ email: 'ada@example.test', name: 'Ada Admin', kind: 'agent', role: { key: 'admin' } });
    const [row] = await t.database.db.select().from(users).where(eq(users.id, ada.id));
    expect(row).toMatchObject({ oidcSubject: 'ada', passwordHash: null });

    expect((await session(await ssoSignIn('hal'))).role.key).toBe('agent');
    const sam = await session(await ssoSignIn('sam'));
    expect(sam).toMatchObject({ role: { key: 'requester' }, kind: 'requester' });
  });

  it('audits the created person, the link and the sign-in', async () => {
    const res = await ssoSignIn('hal');
    const hal = await session(res);
    const admin = await t.admin();
    const personEvents = (await admin.get(`/api/v1/audit-events?entityType=person&entityId=${hal.id}`)).json().items;
    expect(personEvents.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['created', 'sso_linked']));
    expect(personEvents.find((e: { action: string }) => e.action === 'created').actor.label).toBe('single-sign-on');
    const signIns = (await admin.get(`/api/v1/audit-events?entityType=person&entityId=${hal.id}&action=signed_in`)).json().items;
    expect(signIns.length).toBeGreaterThanOrEqual(2);
    expect(signIns[0]).toMatchObject({ actor: { type: 'user', id: hal.id }, after: { method: 'oidc' } });
  });

  it('links an existing person by e-mail, keeps them linked by subject, and keeps unmapped roles', async () => {
    const existing = await t.makePerson({ email: 'linda@example.test', role: 'read-only' });
    provider.accounts.set('linda', { login: 'linda', email: 'Linda@Example.TEST', name: 'Linda L', groups: ['staff'] });
    const linda = await session(await ssoSignIn('linda'));
    expect(linda).toMatchObject({ id: existing.id, role: { key: 'read-only' } });
    const [row] = await t.database.db.select().from(users).where(eq(users.id, existing.id));
    expect(row!.oidcSubject).toBe('linda');

    provider.accounts.get('linda')!.email = 'linda.renamed@example.test';
    expect((await session(await ssoSignIn('linda'))).id).toBe(existing.id);
  });

  it('re-applies the group mapping at every sign-in, demoting people who left a group', async () => {
    provider.accounts.set('max', { login: 'max', email: 'max@example.test', name: 'Max', groups: ['it-admins'] });
    expect((await session(await ssoSignIn('max'))).role.key).toBe('admin');
    provider.accounts.get('max')!.groups = ['helpdesk'];
    expect((await session(await ssoSignIn('max'))).role.key).toBe('agent');
    provider.accounts.get('max')!.groups = [];
    const max = await session(await ssoSignIn('max'));
    expect(max).toMatchObject({ role: { key: 'requester' }, kind: 'requester' });
    const admin = await t.admin();
    const updates = (await admin.get(`/api/v1/audit-events?entityType=person&entityId=${max.id}&action=updated`)).json().items;
    expect(updates).toHaveLength(2);
  });

  it('refuses a wrong, replayed, expired or unbound state', async () => {
    const first = await start();
    const url = await provider.signIn(first.location, 'sam');
    const forged = new URL(url);
    forged.searchParams.set('state', 'forged-state');
    expect(failure(await callback(forged.href, first.stateCookie))).toBe('state_invalid');
    expect(failure(await callback(url, 'another-browser'))).toBe('state_mismatch');
    expect(failure(await callback(url, first.stateCookie))).toBe('state_invalid');

    const ok = await start();
    const okUrl = await provider.signIn(ok.location, 'sam');
    expect((await callback(okUrl, ok.stateCookie)).headers.location).toBe('/');
    expect(failure(await callback(okUrl, ok.stateCookie))).toBe('state_invalid');

    const late = await start();
    const lateUrl = await provider.signIn(late.location, 'sam');
    t.clock.advance(11 * 60_000);
    expect(failure(await callback(lateUrl, late.stateCookie))).toBe('state_invalid');
  });

  it('refuses return paths that lead off the site', async () => {
    for (const returnTo of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)', 'tickets']) {
      const res = await t.anonymous.get(`/api/v1/auth/oidc/start?returnTo=${encodeURIComponent(returnTo)}`);
      expect(res.statusCode, returnTo).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
      expect(res.headers.location).toBeUndefined();
    }
  });

  it('refuses disabled accounts, unverified e-mail and a denial at the provider', async () => {
    const person = await t.makePerson({ email: 'dora@example.test', role: 'agent' });
    await t.database.db.update(users).set({ status: 'disabled' }).where(eq(users.id, person.id));
    provider.accounts.set('dora', { login: 'dora', email: 'dora@example.test', name: 'Dora', groups: ['helpdesk'] });
    expect(failure(await ssoSignIn('dora'))).toBe('account_disabled');
    const [dora] = await t.database.db.select().from(users).where(eq(users.id, person.id));
    expect(dora!.oidcSubject).toBeNull();

    expect(failure(await ssoSignIn('una'))).toBe('email_unverified');
    const [una] = await t.database.db.select().from(users).where(eq(users.email, 'una@example.test'));
    expect(una).toBeUndefined();

    const { location, stateCookie } = await start();
    const state = new URL(location).searchParams.get('state')!;
    const denied = `${publicUrl}/api/v1/auth/oidc/callback?error=access_denied&state=${state}`;
    expect(failure(await callback(denied, stateCookie))).toBe('provider_denied');
  });
});

describe('single sign-on when not configured', () => {
  it('answers 404 SSO_NOT_CONFIGURED', async () => {
    const plain = await makeTestApp();
    try {
      for (const url of ['/api/v1/auth/oidc/start', '/api/v1/auth/oidc/callback?code=x&state=y']) {
        const res = await plain.anonymous.get(url);
        expect(res.statusCode).toBe(404);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.json().code).toBe('SSO_NOT_CONFIGURED');
      }
      expect((await plain.anonymous.get('/api/v1/auth/providers')).json().oidc).toBeNull();
    } finally {
      await plain.close();
    }
  });
});

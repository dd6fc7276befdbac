import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, adminEmail, adminPassword, type TestApp } from '../../../test/support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp({ STEWARD_LOGIN_MAX_ATTEMPTS: '3' });
});
afterAll(() => t.close());

describe('sign-in', () => {
  it('signs in, sets an httpOnly SameSite cookie and returns the session', async () => {
    const res = await t.anonymous.post('/api/v1/auth/login', { email: adminEmail, password: adminPassword });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'steward_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    const body = res.json();
    expect(body.user.email).toBe(adminEmail);
    expect(body.user.permissions).toContain('admin:users');
    expect(body.csrfToken).toMatch(/\S{20,}/);
  });

  it('rejects a wrong password with 401 problem+json', async () => {
    const res = await t.anonymous.post('/api/v1/auth/login', { email: adminEmail, password: 'wrong-password-x' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().code).toBe('INVALID_CREDENTIALS');
  });

  it('answers 401 without a session and 400 listing every bad field', async () => {
    expect((await t.anonymous.get('/api/v1/people')).statusCode).toBe(401);
    const res = await t.anonymous.post('/api/v1/auth/login', { email: 5, extra: true });
    expect(res.statusCode).toBe(400);
    const fields = res.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['email', 'password']));
  });

  it('rejects malformed JSON and oversize bodies', async () => {
    const bad = await t.anonymous.request({ method: 'POST', url: '/api/v1/auth/login', payload: '{"email":', headers: { 'content-type': 'application/json' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('MALFORMED_JSON');
    const big = await t.anonymous.request({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(2 * 1024 * 1024) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('locks an account after repeated failures and unlocks after the lockout period', async () => {
    const person = await t.makePerson();
    for (let i = 0; i < 3; i++) {
      expect((await t.anonymous.post('/api/v1/auth/login', { email: person.email, password: 'not-the-password' })).statusCode).toBe(401);
    }
    const locked = await t.anonymous.post('/api/v1/auth/login', { email: person.email, password: person.password });
    expect(locked.statusCode).toBe(423);
    expect(locked.json().code).toBe('ACCOUNT_LOCKED');
    t.clock.advance(16 * 60_000);
    expect((await t.anonymous.post('/api/v1/auth/login', { email: person.email, password: person.password })).statusCode).toBe(200);
  });

  it('issues a new session id at every sign-in and ends the old one on logout', async () => {
    const a = await t.admin();
    const b = await t.admin();
    expect(a.cookie).not.toBe(b.cookie);
    expect((await a.post('/api/v1/auth/logout')).statusCode).toBe(204);
    expect((await a.get('/api/v1/auth/session')).statusCode).toBe(401);
    expect((await b.get('/api/v1/auth/session')).statusCode).toBe(200);
  });

  it('refuses cookie-authenticated writes without the CSRF token', async () => {
    const admin = await t.admin();
    const res = await t.anonymous.request({
      method: 'POST',
      url: '/api/v1/teams',
      payload: { name: 'No CSRF' },
      headers: { cookie: `steward_session=${admin.cookie}` },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('CSRF_FAILED');
    const teams = await admin.get('/api/v1/teams?q=No%20CSRF');
    expect(teams.json().items).toHaveLength(0);
  });

  it('changes the password and ends the other sessions', async () => {
    const person = await t.makePerson();
    const first = await t.login(person.email, person.password);
    const second = await t.login(person.email, person.password);
    const weak = await second.post('/api/v1/auth/password', { currentPassword: person.password, newPassword: 'short' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors[0].field).toBe('newPassword');
    const ok = await second.post('/api/v1/auth/password', { currentPassword: person.password, newPassword: 'A-much-better-password-42' });
    expect(ok.statusCode).toBe(204);
    expect((await first.get('/api/v1/auth/session')).statusCode).toBe(401);
    expect((await second.get('/api/v1/auth/session')).statusCode).toBe(200);
    await t.login(person.email, 'A-much-better-password-42');
  });

  it('never reveals a stack trace or SQL in errors', async () => {
    const admin = await t.admin();
    const res = await admin.get('/api/v1/people?cursor=not-a-cursor');
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('BAD_CURSOR');
    expect(res.body).not.toMatch(/at .*\.ts:\d+|select |SQL/i);
  });
});

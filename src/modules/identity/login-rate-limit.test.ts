import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../../test/support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp({ STEWARD_LOGIN_RATE_LIMIT: '3' });
});
afterAll(() => t.close());

it('limits sign-in attempts per client address with 429 problem+json', async () => {
  const attempt = () => t.anonymous.post('/api/v1/auth/login', { email: 'nobody@example.test', password: 'whatever-password' });
  for (let i = 0; i < 3; i++) expect((await attempt()).statusCode).toBe(401);
  const limited = await attempt();
  expect(limited.statusCode).toBe(429);
  expect(limited.headers['content-type']).toContain('application/problem+json');
  expect(limited.json().code).toBe('RATE_LIMITED');
  expect(limited.headers['retry-after']).toBeDefined();
});

/** The real Steward app on a private test database, with helpers to call it as different people. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '../../src/config.ts';
import type { Database } from '../../src/db/client.ts';
import { bootstrap } from '../../src/modules/identity/bootstrap.ts';
import { builtinRoleId } from '../../src/modules/identity/organisation-service.ts';
import { createPerson } from '../../src/modules/identity/people-service.ts';
import { systemContext, type Clock } from '../../src/platform/context.ts';
import type { App } from '../../src/platform/http/types.ts';
import { buildServer } from '../../src/server.ts';
import { openTestDatabase } from './database.ts';

export const adminEmail = 'admin@localhost';
export const adminPassword = 'Test-admin-password-1';
export const defaultPassword = 'Person-password-123';

/** A clock tests can move. */
export class TestClock implements Clock {
  #now: number;
  constructor(start = Date.now()) {
    this.#now = start;
  }
  now(): Date {
    return new Date(this.#now);
  }
  advance(ms: number): void {
    this.#now += ms;
  }
  /** Moves the clock to an instant (ISO text or a Date). */
  set(at: string | Date): void {
    this.#now = new Date(at).getTime();
  }
}

export interface Caller {
  /** Sends a request as this caller (cookie + CSRF header, or bearer token). */
  request(opts: InjectOptions): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body: unknown): Promise<LightMyRequestResponse>;
  put(url: string, body: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
  cookie?: string;
  csrfToken?: string;
}

export interface TestApp {
  app: App;
  database: Database;
  config: Config;
  clock: TestClock;
  orgId: string;
  anonymous: Caller;
  /** Signs in with e-mail and password; throws unless 200. */
  login(email: string, password: string): Promise<Caller>;
  admin(): Promise<Caller>;
  bearer(token: string): Caller;
  /** Creates a person with a built-in role directly through the service layer. */
  makePerson(overrides?: { email?: string; name?: string; role?: string; orgId?: string; password?: string }): Promise<{ id: string; email: string; password: string }>;
  close(): Promise<void>;
}

function caller(app: App, headers: Record<string, string>): Caller {
  return callerOf((opts: InjectOptions) => app.inject({ ...opts, headers: { ...headers, ...(opts.headers as Record<string, string>) } }));
}

/** A caller around any request function (e.g. one that adds credentials). */
export function callerOf(request: (opts: InjectOptions) => Promise<LightMyRequestResponse>): Caller {
  return {
    request,
    get: (url) => request({ method: 'GET', url }),
    post: (url, body) => request({ method: 'POST', url, payload: body as never }),
    patch: (url, body) => request({ method: 'PATCH', url, payload: body as never }),
    put: (url, body) => request({ method: 'PUT', url, payload: body as never }),
    delete: (url) => request({ method: 'DELETE', url }),
  };
}

let people = 0;

export async function makeTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await openTestDatabase();
  const config = loadConfig({
    STEWARD_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'steward-test-')),
    STEWARD_ADMIN_PASSWORD: adminPassword,
    STEWARD_LOG_LEVEL: 'silent',
    STEWARD_LOGIN_RATE_LIMIT: '1000',
    ...env,
  });
  const clock = new TestClock();
  const app = await buildServer({ config, database, clock, logger: false });
  const { orgId } = await bootstrap(database.db, config);
  await app.ready();

  const login = async (email: string, password: string): Promise<Caller> => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
    if (res.statusCode !== 200) throw new Error(`login ${email} failed: ${res.statusCode} ${res.body}`);
    const cookie = res.cookies.find((c) => c.name === 'steward_session')!.value;
    const csrfToken = (res.json() as { csrfToken: string }).csrfToken;
    return { ...caller(app, { cookie: `steward_session=${cookie}`, 'x-csrf-token': csrfToken }), cookie, csrfToken };
  };

  return {
    app,
    database,
    config,
    clock,
    orgId,
    anonymous: caller(app, {}),
    login,
    admin: () => login(adminEmail, adminPassword),
    bearer: (token) => caller(app, { authorization: `Bearer ${token}` }),
    makePerson: async (o = {}) => {
      const org = o.orgId ?? orgId;
      const email = o.email ?? `person${++people}.${Date.now()}@example.test`;
      const password = o.password ?? defaultPassword;
      const roleId = (await builtinRoleId(database.db, org, o.role ?? 'agent'))!;
      const person = await createPerson(systemContext(database.db, org, 'test'), { name: o.name ?? `Person ${people}`, email, roleId, password });
      return { id: person.id, email, password };
    },
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

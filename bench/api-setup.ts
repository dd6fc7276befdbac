/** Prepares a running server for load: signs in as the administrator, adds people, mints an API token. */

export interface Prepared {
  token: string;
  peopleCreated: number;
  /** Mean time of one `POST /api/v1/people`, sent one after another. */
  createPersonMs: number;
}

interface Session {
  cookie: string;
  csrfToken: string;
}

/** Signs in, creates `people` people (sequentially) and an API token with `people:read`. */
export async function prepareServer(baseUrl: string, adminPassword: string, people: number): Promise<Prepared> {
  const session = await login(baseUrl, 'admin@localhost', adminPassword);
  const roles = await call<{ items: { id: string; key: string; kind: string }[] }>(baseUrl, session, 'GET', '/api/v1/roles?limit=200');
  const role = roles.items.find((r) => r.key === 'requester') ?? roles.items.find((r) => r.kind === 'requester') ?? roles.items[0];
  if (!role) throw new Error('no role to give the benchmark people');

  const t0 = performance.now();
  for (let i = 1; i <= people; i++) {
    const n = String(i).padStart(3, '0');
    await call(baseUrl, session, 'POST', '/api/v1/people', {
      name: `Bench Person ${n}`,
      email: `bench.person.${n}@example.test`,
      roleId: role.id,
      jobTitle: 'Benchmark fixture',
    });
  }
  const createPersonMs = people > 0 ? (performance.now() - t0) / people : 0;

  const created = await call<{ token: string }>(baseUrl, session, 'POST', '/api/v1/api-tokens', {
    name: 'benchmark',
    scopes: ['people:read'],
  });
  return { token: created.token, peopleCreated: people, createPersonMs };
}

/** Checks that the token reads a full page of people, so the load phase measures real answers. */
export async function checkPeoplePage(baseUrl: string, token: string, limit: number): Promise<number> {
  const res = await fetch(`${baseUrl}/api/v1/people?limit=${limit}`, { headers: { authorization: `Bearer ${token}` } });
  const body = (await res.json()) as { items?: unknown[] };
  if (res.status !== 200 || !Array.isArray(body.items)) {
    throw new Error(`GET /api/v1/people answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
  }
  return body.items.length;
}

async function login(baseUrl: string, email: string, password: string): Promise<Session> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = (await res.json()) as { csrfToken?: string };
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c.startsWith('steward_session='));
  if (res.status !== 200 || !cookie || !body.csrfToken) {
    throw new Error(`sign-in failed (${res.status}): ${JSON.stringify(body).slice(0, 300)}`);
  }
  return { cookie, csrfToken: body.csrfToken };
}

async function call<T = unknown>(baseUrl: string, session: Session, method: string, url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { cookie: session.cookie };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = session.csrfToken;
  const res = await fetch(`${baseUrl}${url}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url} answered ${res.status}: ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** The JSON body of a response; throws with the status and a piece of the body unless it is 2xx. */
export async function json<T>(res: Response): Promise<T> {
  const body = (await res.json()) as T;
  if (!res.ok) throw new Error(`${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
  return body;
}

/** Signs in as the administrator and mints an API token with the given scopes. */
export async function mintToken(baseUrl: string, adminPassword: string, name: string, scopes: string[]): Promise<string> {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@localhost', password: adminPassword }) });
  const { csrfToken } = await json<{ csrfToken: string }>(login);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const minted = await fetch(`${baseUrl}/api/v1/api-tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ name, scopes }),
  });
  return (await json<{ token: string }>(minted)).token;
}

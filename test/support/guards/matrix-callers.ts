/**
 * The callers of the authorisation matrix: one per built-in role, nobody, and an API token narrower
 * than its owner. Routes may end or move a caller's session (logout, login, password change,
 * organisation switch), so each caller can heal itself between requests.
 */
import { builtinRoles } from '../../../src/platform/rbac/permissions.ts';
import { callerOf, type Caller, type TestApp } from '../app.ts';
import { created, unique } from './fixtures.ts';

/** Sign-in credentials; routes that change a password update the object so later sign-ins work. */
export interface Account {
  email: string;
  password: string;
}

export interface MatrixCaller {
  label: string;
  /** Effective permissions in the default organisation. */
  permissions: ReadonlySet<string>;
  signedIn: boolean;
  isToken: boolean;
  installationAdmin: boolean;
  userId?: string;
  /** The account behind the caller (for a token: its owner's). */
  account?: Account;
  caller: Caller;
  /** Makes the caller usable again if a route it called ended or moved its session. */
  heal(): Promise<void>;
}


/** A signed-in caller that signs in again (with the account's current password) when answered 401. */
export function selfHealing(t: TestApp, account: Account, headers: Record<string, string> = {}): Caller {
  let session: Caller | undefined;
  return callerOf(async (opts) => {
    session ??= await t.login(account.email, account.password);
    const withHeaders = { ...opts, headers: { ...headers, ...(opts.headers as Record<string, string>) } };
    const res = await session.request(withHeaders);
    if (res.statusCode !== 401) return res;
    session = await t.login(account.email, account.password);
    return session.request(withHeaders);
  });
}

async function sessionCaller(t: TestApp, label: string, roleKey: string, account: Account, installationAdmin: boolean): Promise<MatrixCaller> {
  const mc: MatrixCaller = {
    label,
    permissions: new Set(builtinRoles.find((r) => r.key === roleKey)!.permissions),
    signedIn: true,
    isToken: false,
    installationAdmin,
    account,
    caller: await t.login(account.email, account.password),
    heal: async () => {
      const res = await mc.caller.get('/api/v1/auth/session');
      if (res.statusCode === 200 && res.json().organisation.slug === 'default') return;
      mc.caller = await t.login(account.email, account.password);
    },
  };
  mc.userId = created(await mc.caller.get('/api/v1/auth/session'), 'session').user.id;
  return mc;
}

/** admin, agent, read-only, requester, anonymous, and the admin's API token scoped to people:read only. */
export async function matrixCallers(t: TestApp, adminAccount: Account): Promise<MatrixCaller[]> {
  const admin = await sessionCaller(t, 'admin', 'admin', adminAccount, true);
  const others: MatrixCaller[] = [];
  for (const key of ['agent', 'read-only', 'requester']) {
    const person = await t.makePerson({ role: key, email: `matrix.${key}.${unique()}@example.test` });
    others.push(await sessionCaller(t, key, key, { email: person.email, password: person.password }, false));
  }
  const { token } = created(await admin.caller.post('/api/v1/api-tokens', { name: 'matrix narrow token', scopes: ['people:read'] }), 'narrow token');
  const tokenCaller: MatrixCaller = {
    label: 'token(people:read)',
    permissions: new Set(['people:read']),
    signedIn: true,
    isToken: true,
    installationAdmin: false,
    userId: admin.userId,
    account: adminAccount,
    caller: t.bearer(token),
    heal: async () => {
      const res = await tokenCaller.caller.get('/api/v1/auth/session');
      if (res.statusCode !== 200) throw new Error(`the matrix token stopped working: ${res.statusCode} ${res.body}`);
    },
  };
  const anonymous: MatrixCaller = {
    label: 'anonymous',
    permissions: new Set(),
    signedIn: false,
    isToken: false,
    installationAdmin: false,
    caller: t.anonymous,
    heal: async () => {},
  };
  return [admin, ...others, anonymous, tokenCaller];
}

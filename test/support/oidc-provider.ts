/**
 * A real OpenID Connect provider (the `oidc-provider` package) on 127.0.0.1 for SSO tests: one
 * confidential client (client_secret_basic, PKCE), a few test accounts with e-mail, name and groups,
 * and its development sign-in page, which tests fill in over HTTP (`signIn`) or in a browser.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A person known to the test provider; `login` is what goes in its sign-in form and becomes `sub`. */
export interface TestAccount {
  login: string;
  email: string;
  name: string;
  groups: string[];
  emailVerified?: boolean;
}

/** A running test provider and its one client. */
export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The accounts by login; tests may add or change them between sign-ins. */
  accounts: Map<string, TestAccount>;
  /**
   * Follows an authorization URL through the provider's sign-in form as `login` and returns the
   * URL the provider finally redirects the browser to (the relying party's callback, with code and state).
   */
  signIn(authorizationUrl: string, login: string): Promise<string>;
  close(): Promise<void>;
}

/** Ada (it-admins), Hal (helpdesk), Sam (no mapped group) and Una (unverified e-mail). */
export const defaultTestAccounts: TestAccount[] = [
  { login: 'ada', email: 'ada@example.test', name: 'Ada Admin', groups: ['it-admins', 'staff'] },
  { login: 'hal', email: 'hal@example.test', name: 'Hal Helpdesk', groups: ['helpdesk', 'staff'] },
  { login: 'sam', email: 'sam@example.test', name: 'Sam Staff', groups: ['staff'] },
  { login: 'una', email: 'una@example.test', name: 'Una Unverified', groups: ['staff'], emailVerified: false },
];

interface ProviderCtx {
  oidc: {
    result?: { consent?: { grantId?: string } };
    session: { accountId: string; grantIdFor(clientId: string): string | undefined };
    client: { clientId: string };
    requestParamScopes: Set<string>;
    provider: { Grant: GrantClass };
  };
}
interface GrantInstance {
  addOIDCScope(scope: string): void;
  save(): Promise<string>;
}
type GrantClass = (new (props: { clientId: string; accountId: string }) => GrantInstance) & { find(id: string): Promise<GrantInstance | undefined> };
type ProviderInstance = { callback(): (req: unknown, res: unknown) => void };
type ProviderClass = new (issuer: string, configuration: Record<string, unknown>) => ProviderInstance;

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

/** Starts the provider on 127.0.0.1 (a free port unless one is given). */
export async function startOidcProvider(opts: { redirectUris: string[]; port?: number; accounts?: TestAccount[] }): Promise<TestOidcProvider> {
  // oidc-provider ships no type declarations; the shapes used here are declared above.
  const { default: Provider } = (await import('oidc-provider' as string)) as { default: ProviderClass };
  const server = createServer();
  const port = await listen(server, opts.port ?? 0);
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = 'steward-test';
  const clientSecret = `secret-${randomUUID()}`;
  const accounts = new Map((opts.accounts ?? defaultTestAccounts).map((a) => [a.login, { ...a }]));
  const signingKey = { ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' };

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: opts.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    pkce: { required: () => true },
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomUUID()] },
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 3600, IdToken: 600, Interaction: 600, Session: 3600 },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
    features: { devInteractions: { enabled: true } },
    findAccount: async (_ctx: unknown, id: string) => {
      const account = accounts.get(id);
      if (!account) return undefined;
      return {
        accountId: id,
        claims: async () => ({ sub: id, email: account.email, email_verified: account.emailVerified ?? true, name: account.name, groups: account.groups }),
      };
    },
    // A first-party client: grant the requested scopes without a consent screen.
    loadExistingGrant: async (ctx: ProviderCtx) => {
      const { oidc } = ctx;
      const grantId = oidc.result?.consent?.grantId ?? oidc.session.grantIdFor(oidc.client.clientId);
      if (grantId) return oidc.provider.Grant.find(grantId);
      const grant = new oidc.provider.Grant({ clientId: oidc.client.clientId, accountId: oidc.session.accountId });
      grant.addOIDCScope([...oidc.requestParamScopes].join(' '));
      await grant.save();
      return grant;
    },
  });
  server.on('request', provider.callback());

  const signIn = async (authorizationUrl: string, login: string): Promise<string> => {
    const jar = new Map<string, string>();
    let url = authorizationUrl;
    let body: URLSearchParams | undefined;
    for (let hop = 0; hop < 12; hop++) {
      if (!url.startsWith(`${issuer}/`)) return url;
      const res = await fetch(url, {
        method: body ? 'POST' : 'GET',
        body,
        redirect: 'manual',
        headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
      for (const line of res.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const [name, value] = [pair!.slice(0, pair!.indexOf('=')), pair!.slice(pair!.indexOf('=') + 1)];
        if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) jar.delete(name);
        else jar.set(name, value);
      }
      body = undefined;
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        url = new URL(location, url).href;
        continue;
      }
      const html = await res.text();
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
      if (res.status !== 200 || !action || !html.includes('name="login"')) throw new Error(`test OIDC provider answered ${res.status} at ${url}: ${html.slice(0, 500)}`);
      url = new URL(action.replaceAll('&amp;', '&'), url).href;
      body = new URLSearchParams({ prompt: 'login', login, password: 'any-password' });
    }
    throw new Error('test OIDC provider: too many redirects');
  };

  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    signIn,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

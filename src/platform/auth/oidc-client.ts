/**
 * The OpenID Connect relying party: provider discovery (cached per process), the authorization
 * request with PKCE, state and nonce, and the code exchange that yields the person's claims.
 */
import * as oidc from 'openid-client';
import type { OidcConfig } from '../../config.ts';
import { SsoFailure } from './oidc-claims.ts';
import type { OidcState } from './oidc-state.ts';

const discovered = new Map<string, Promise<oidc.Configuration>>();

function cacheKey(settings: OidcConfig): string {
  return JSON.stringify([settings.issuer, settings.clientId, settings.clientSecret ?? '', settings.allowHttp]);
}

/** The provider's configuration, discovered once per process; a failed discovery is retried next time. */
export function oidcConfiguration(settings: OidcConfig): Promise<oidc.Configuration> {
  const key = cacheKey(settings);
  let pending = discovered.get(key);
  if (!pending) {
    const auth = settings.clientSecret ? oidc.ClientSecretBasic(settings.clientSecret) : oidc.None();
    pending = oidc.discovery(new URL(settings.issuer), settings.clientId, settings.clientSecret, auth, {
      execute: settings.allowHttp ? [oidc.allowInsecureRequests] : [],
      timeout: 10,
    });
    discovered.set(key, pending);
    pending.catch(() => discovered.delete(key));
  }
  return pending;
}

/** Forgets the cached configuration so the next sign-in rediscovers (after keys or endpoints change). */
export function forgetOidcConfiguration(settings: OidcConfig): void {
  discovered.delete(cacheKey(settings));
}

/** Where Steward asks the provider to send people back to. */
export function oidcRedirectUri(publicUrl: string): string {
  return `${publicUrl}/api/v1/auth/oidc/callback`;
}

/** Builds the provider's authorization URL and the secrets the callback must match. */
export async function beginOidcSignIn(settings: OidcConfig, redirectUri: string, returnTo: string): Promise<{ url: URL; state: OidcState }> {
  const config = await oidcConfiguration(settings).catch((err: unknown) => {
    throw new SsoFailure('provider_unreachable', `Cannot reach the identity provider ${settings.issuer}: ${(err as Error).message}`);
  });
  const state: OidcState = { state: oidc.randomState(), codeVerifier: oidc.randomPKCECodeVerifier(), nonce: oidc.randomNonce(), returnTo };
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: settings.scopes,
    response_type: 'code',
    code_challenge: await oidc.calculatePKCECodeChallenge(state.codeVerifier),
    code_challenge_method: 'S256',
    state: state.state,
    nonce: state.nonce,
  });
  return { url, state };
}

/**
 * Exchanges the authorization code (checking state, nonce and PKCE) and returns the ID token's
 * claims, completed from the userinfo endpoint when the e-mail or groups are not in the token.
 */
export async function finishOidcSignIn(settings: OidcConfig, callbackUrl: URL, expected: OidcState): Promise<Record<string, unknown>> {
  const config = await oidcConfiguration(settings);
  let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
  try {
    tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: expected.codeVerifier,
      expectedState: expected.state,
      expectedNonce: expected.nonce,
      idTokenExpected: true,
    });
  } catch (err) {
    if (!(err instanceof oidc.ResponseBodyError || err instanceof oidc.AuthorizationResponseError)) forgetOidcConfiguration(settings);
    throw new SsoFailure('code_exchange_failed', `The identity provider did not accept the sign-in: ${(err as Error).message}`);
  }
  const idClaims = tokens.claims() as Record<string, unknown> | undefined;
  if (!idClaims) throw new SsoFailure('id_token_missing', 'The identity provider returned no ID token');
  const claims: Record<string, unknown> = { ...idClaims };
  const incomplete = claims.email === undefined || claims[settings.groupsClaim] === undefined;
  if (incomplete && tokens.access_token && config.serverMetadata().userinfo_endpoint) {
    try {
      const info = await oidc.fetchUserInfo(config, tokens.access_token, String(idClaims.sub));
      for (const [key, value] of Object.entries(info)) if (claims[key] === undefined) claims[key] = value;
    } catch (err) {
      throw new SsoFailure('userinfo_failed', `Reading the person's profile from the identity provider failed: ${(err as Error).message}`);
    }
  }
  return claims;
}

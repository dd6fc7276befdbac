/** API token queries and how a token's state reads. */
import type { ApiToken } from '../../api/types';

export const apiTokensKey = ['api-tokens'] as const;

export type TokenState = 'active' | 'revoked' | 'expired';

/** Revoked wins over expired; a token with no expiry never expires. */
export function tokenState(token: ApiToken, now = Date.now()): TokenState {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && new Date(token.expiresAt).getTime() <= now) return 'expired';
  return 'active';
}

/** The end of a chosen local calendar day (`YYYY-MM-DD`) as an ISO time, for "expires on" dates. */
export function endOfLocalDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(y ?? 0, (m ?? 1) - 1, d ?? 1, 23, 59, 59).toISOString();
}

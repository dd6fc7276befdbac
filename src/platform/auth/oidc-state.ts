/**
 * The short-lived state of an SSO sign-in between the redirect to the provider and its callback:
 * stored server-side, valid for ten minutes and usable exactly once.
 */
import { eq, lt } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../context.ts';
import { oidcStates } from './schema.ts';

/** How long a started SSO sign-in may take before its state expires. */
export const oidcStateTtlMs = 10 * 60_000;

/** What the callback must match: state, PKCE verifier, nonce, and where to go afterwards. */
export interface OidcState {
  state: string;
  codeVerifier: string;
  nonce: string;
  returnTo: string;
}

/** Stores a new sign-in's state and clears out expired ones. */
export async function saveOidcState(db: Db, clock: Clock, row: OidcState): Promise<void> {
  const now = clock.now();
  await db.delete(oidcStates).where(lt(oidcStates.createdAt, new Date(now.getTime() - oidcStateTtlMs).toISOString()));
  await db.insert(oidcStates).values({ ...row, createdAt: now.toISOString() });
}

/** Removes and returns a state (so it can never be replayed); undefined when unknown or expired. */
export async function takeOidcState(db: Db, clock: Clock, state: string): Promise<OidcState | undefined> {
  const [row] = await db.delete(oidcStates).where(eq(oidcStates.state, state)).returning();
  if (!row) return undefined;
  if (new Date(row.createdAt).getTime() < clock.now().getTime() - oidcStateTtlMs) return undefined;
  return { state: row.state, codeVerifier: row.codeVerifier, nonce: row.nonce, returnTo: row.returnTo };
}

/**
 * Pure rules of single sign-on: turning an identity provider's claims into a profile, choosing a
 * role from group membership, and deciding which return paths are safe to redirect to.
 */
import { z } from 'zod';
import { AppError } from '../errors/catalogue.ts';

/** An SSO failure with a short machine-readable reason, shown to the person on the sign-in page. */
export class SsoFailure extends AppError {
  readonly reason: string;
  constructor(reason: string, detail: string) {
    super('SSO_FAILED', detail);
    this.reason = reason;
  }
}

/** What Steward takes from the provider's ID token and userinfo. */
export interface OidcProfile {
  subject: string;
  email: string;
  name: string;
  groups: string[];
}

const emailSchema = z.email();

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** A claim by name, or by dotted path into nested objects (`realm_access.roles`). */
export function claimAt(claims: Record<string, unknown>, name: string): unknown {
  if (name in claims) return claims[name];
  let value: unknown = claims;
  for (const part of name.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** The groups claim as a list of strings (providers send an array, or one string). */
export function groupsFrom(claims: Record<string, unknown>, groupsClaim: string): string[] {
  const value = claimAt(claims, groupsClaim);
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[,\s]+/) : [];
  return list.filter((g): g is string => typeof g === 'string' && g !== '').slice(0, 1000);
}

/** Validates the claims Steward needs; throws SsoFailure when one is missing or unverified. */
export function oidcProfile(claims: Record<string, unknown>, groupsClaim: string): OidcProfile {
  const subject = text(claims.sub);
  if (!subject) throw new SsoFailure('subject_missing', 'The identity provider sent no subject (sub) claim');
  const email = text(claims.email)?.toLowerCase();
  if (!email) throw new SsoFailure('email_missing', 'The identity provider sent no e-mail address; request the "email" scope');
  if (email.length > 254 || !emailSchema.safeParse(email).success) throw new SsoFailure('email_invalid', `The e-mail claim "${email.slice(0, 100)}" is not an e-mail address`);
  if (claims.email_verified === false || claims.email_verified === 'false') {
    throw new SsoFailure('email_unverified', `The identity provider has not verified ${email}`);
  }
  const given = [text(claims.given_name), text(claims.family_name)].filter(Boolean).join(' ');
  const name = text(claims.name) ?? (given || undefined) ?? text(claims.preferred_username) ?? email.split('@')[0]!;
  return { subject: subject.slice(0, 500), email, name: name.slice(0, 200), groups: groupsFrom(claims, groupsClaim) };
}

function sameGroup(a: string, b: string): boolean {
  const norm = (g: string) => g.replace(/^\//, '').toLowerCase();
  return norm(a) === norm(b);
}

/** The role of the first mapping (in configured order) whose group the person is in, if any. */
export function mappedRole(roleMap: readonly { group: string; role: string }[], groups: readonly string[]): string | undefined {
  return roleMap.find((m) => groups.some((g) => sameGroup(g, m.group)))?.role;
}

/**
 * The role an SSO sign-in should leave a person with, or undefined to leave it alone: a matching
 * mapping wins; with none, a role that only the mapping hands out falls back to the default role.
 */
export function syncedRole(
  roleMap: readonly { group: string; role: string }[],
  groups: readonly string[],
  currentRole: string,
  defaultRole: string,
): string | undefined {
  const mapped = mappedRole(roleMap, groups);
  if (mapped) return mapped === currentRole ? undefined : mapped;
  const granted = new Set(roleMap.map((m) => m.role));
  return granted.has(currentRole) && currentRole !== defaultRole ? defaultRole : undefined;
}

/**
 * The return path in its percent-encoded form when it stays on this site (`/tickets?x=1`); undefined
 * for anything a browser could take elsewhere (`//host`, a backslash, `https:`, control characters).
 */
export function safeReturnPath(value: string): string | undefined {
  if (!value.startsWith('/') || value.startsWith('//') || value.length > 2000) return undefined;
  if ([...value].some((c) => c === '\\' || c <= '\u001f' || c === '\u007f')) return undefined;
  try {
    const base = 'http://steward.invalid';
    const url = new URL(value, base);
    return url.origin === base ? url.pathname + url.search + url.hash : undefined;
  } catch {
    return undefined;
  }
}

/** True when `safeReturnPath` accepts the value. */
export function isSafeReturnTo(value: string): boolean {
  return safeReturnPath(value) !== undefined;
}

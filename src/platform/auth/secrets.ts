/** Password hashing (argon2id), password policy, and random tokens stored only as hashes. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { FieldError } from '../errors/catalogue.ts';

// OWASP's recommended argon2id parameters (19 MiB, 2 iterations, 1 lane).
const argonOptions = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, argonOptions);
}

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) {
    // Spend the same time as a real check so the response does not reveal whether the account exists.
    await hash(password, argonOptions);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

const commonPasswords = new Set([
  'password', 'password123', 'password1234', '123456789012', 'qwertyuiopas', 'letmein12345', 'administrator',
  'welcome12345', 'changeme1234', 'steward12345', 'passwordpassword', '1234567890ab', 'iloveyou1234',
]);

/** Problems with a proposed password (empty when acceptable). */
export function passwordProblems(password: string, field: string, email?: string): FieldError[] {
  const problems: string[] = [];
  if (password.length < 12) problems.push('must be at least 12 characters');
  if (password.length > 256) problems.push('must be at most 256 characters');
  if (commonPasswords.has(password.toLowerCase())) problems.push('is a commonly used password');
  if (email && password.toLowerCase() === email.toLowerCase()) problems.push('must not be your e-mail address');
  if (new Set(password).size < 4) problems.push('needs more different characters');
  return problems.map((message) => ({ field, message }));
}

/** A random password that meets the policy, for first-run and admin resets. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

/** A random opaque token (URL-safe) of `bytes` bytes of entropy. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/**
 * The context every service call receives: the database (or open transaction), who is acting, in
 * which organisation, the request id and a clock. Services never read globals or `Date.now()`.
 */
import type { Db } from '../db/client.ts';
import { AppError } from './errors/catalogue.ts';
import type { Permission } from './rbac/permissions.ts';

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

export interface UserActor {
  type: 'user' | 'token';
  userId: string;
  email: string;
  name: string;
  installationAdmin: boolean;
  kind: 'agent' | 'requester';
  roleKey: string;
  /** Effective permissions in `orgId` (a token's are its role's narrowed to its scopes). */
  permissions: ReadonlySet<Permission>;
  sessionId?: string;
  tokenId?: string;
}
export interface SystemActor {
  type: 'system';
  label: string;
}
export type Actor = UserActor | SystemActor;

export interface Ctx {
  db: Db;
  actor: Actor;
  /** The organisation the call acts in; every org-owned query is scoped to it. */
  orgId: string;
  requestId: string;
  clock: Clock;
}

export function actorLabel(actor: Actor): string {
  return actor.type === 'system' ? actor.label : actor.email;
}

export function actorUserId(actor: Actor): string | null {
  return actor.type === 'system' ? null : actor.userId;
}

/** True when the actor holds the permission (the system actor holds all). */
export function can(actor: Actor, permission: Permission): boolean {
  return actor.type === 'system' || actor.permissions.has(permission);
}

/** Service-level re-check of a permission; throws FORBIDDEN. */
export function requirePermission(ctx: Ctx, permission: Permission): void {
  if (!can(ctx.actor, permission)) throw new AppError('FORBIDDEN', `Requires the ${permission} permission`);
}

/** Runs `fn` in one transaction; audit rows and outbox events written through `tx` commit with it. */
export async function inTransaction<T>(ctx: Ctx, fn: (tx: Ctx) => Promise<T>): Promise<T> {
  return ctx.db.transaction(async (tx) => fn({ ...ctx, db: tx as unknown as Db }));
}

/** A context for start-up, CLI and background work, acting as the named system component. */
export function systemContext(db: Db, orgId: string, label = 'system', clock: Clock = systemClock): Ctx {
  return { db, actor: { type: 'system', label }, orgId, requestId: '', clock };
}

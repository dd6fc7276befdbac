/** Personal API tokens: scoped to a subset of the owner's permissions, shown once, stored hashed. */
import { and, eq } from 'drizzle-orm';
import { apiTokens, users } from '../../platform/auth/schema.ts';
import { tokenPrefix } from '../../platform/auth/principal.ts';
import { randomToken, sha256Hex } from '../../platform/auth/secrets.ts';
import { can, inTransaction, type Ctx } from '../../platform/context.ts';
import { AppError, invalid } from '../../platform/errors/catalogue.ts';
import { finishPage, keyset, type Page } from '../../platform/http/pagination.ts';
import { recordChange } from '../../platform/record-change.ts';
import { inOrg } from '../../platform/tenancy/scope.ts';
import type { ApiToken, CreateTokenBody } from './contract.ts';
import { iso } from '../../db/columns.ts';

type Row = { token: typeof apiTokens.$inferSelect; owner: { id: string; name: string; email: string } };

function present({ token, owner }: Row): ApiToken {
  return {
    id: token.id,
    name: token.name,
    prefix: token.prefix,
    scopes: [...token.scopes].sort(),
    createdAt: iso(token.createdAt)!,
    lastUsedAt: iso(token.lastUsedAt),
    expiresAt: iso(token.expiresAt),
    revokedAt: iso(token.revokedAt),
    owner,
  };
}

function userIdOf(ctx: Ctx): string {
  if (ctx.actor.type === 'system') throw new AppError('FORBIDDEN', 'API tokens belong to people');
  return ctx.actor.userId;
}

function select(ctx: Ctx) {
  return ctx.db
    .select({ token: apiTokens, owner: { id: users.id, name: users.name, email: users.email } })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId));
}

/** Lists the caller's tokens, or everyone's in the organisation with `admin:users`. Newest first. */
export async function findApiTokens(ctx: Ctx, query: { all?: 'true' | 'false'; limit: number; cursor?: string }): Promise<Page<ApiToken>> {
  const all = query.all === 'true';
  if (all && !can(ctx.actor, 'admin:users')) throw new AppError('FORBIDDEN', "Listing everyone's tokens requires the admin:users permission");
  const mine = all ? undefined : eq(apiTokens.userId, userIdOf(ctx));
  // Token ids are time-ordered (UUIDv7), so the id alone is a stable newest-first key.
  const page = keyset({ sortColumn: apiTokens.id, idColumn: apiTokens.id, descending: true, sortName: 'newest', cursor: query.cursor });
  const rows = await select(ctx)
    .where(inOrg(ctx, apiTokens, and(mine, page.where)))
    .orderBy(...page.orderBy)
    .limit(query.limit + 1);
  return finishPage(rows, query.limit, 'newest', (r) => [r.token.id, r.token.id], present);
}

export async function createApiToken(ctx: Ctx, input: CreateTokenBody): Promise<{ token: string; apiToken: ApiToken }> {
  const userId = userIdOf(ctx);
  if (ctx.actor.type === 'token') throw new AppError('FORBIDDEN', 'API tokens cannot create other API tokens; sign in to create one');
  const held = ctx.actor.type === 'system' ? new Set<string>() : (ctx.actor.permissions as ReadonlySet<string>);
  const notHeld = input.scopes.filter((s) => !held.has(s));
  if (notHeld.length) throw invalid([{ field: 'scopes', message: `you do not hold: ${notHeld.join(', ')}` }]);
  if (input.expiresAt && new Date(input.expiresAt) <= ctx.clock.now()) throw invalid([{ field: 'expiresAt', message: 'must be in the future' }]);
  const secret = `${tokenPrefix}${randomToken(32)}`;
  return inTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .insert(apiTokens)
      .values({
        orgId: tx.orgId,
        userId,
        name: input.name,
        prefix: secret.slice(0, 10),
        tokenHash: sha256Hex(secret),
        scopes: [...new Set(input.scopes)],
        expiresAt: input.expiresAt ? new Date(input.expiresAt).toISOString() : null,
      })
      .returning();
    const [loaded] = await select(tx).where(eq(apiTokens.id, row!.id));
    const apiToken = present(loaded!);
    await recordChange(tx, { action: 'created', entityType: 'api_token', entityId: row!.id, after: apiToken });
    return { token: secret, apiToken };
  });
}

/** Revokes a token: the owner may revoke their own, `admin:users` anyone's in the organisation. */
export async function revokeApiToken(ctx: Ctx, id: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const [row] = await select(tx).where(inOrg(tx, apiTokens, eq(apiTokens.id, id))).for('update', { of: apiTokens });
    const own = row && tx.actor.type !== 'system' && row.token.userId === tx.actor.userId;
    if (!row || (!own && !can(tx.actor, 'admin:users'))) throw new AppError('API_TOKEN_NOT_FOUND', `No API token ${id}`);
    if (row.token.revokedAt) return;
    const before = present(row);
    const now = tx.clock.now().toISOString();
    await tx.db.update(apiTokens).set({ revokedAt: now }).where(inOrg(tx, apiTokens, eq(apiTokens.id, id)));
    await recordChange(tx, { action: 'revoked', entityType: 'api_token', entityId: id, before, after: { ...before, revokedAt: now } });
  });
}

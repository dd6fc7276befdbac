/** Saved ticket views: a named set of list filters, kept per person and optionally shared with every agent. */
import { and, eq, or, sql } from 'drizzle-orm';
import { users } from '../../platform/auth/schema.ts';
import { actorUserId, inTransaction, requirePermission, type Ctx } from '../../platform/context.ts';
import { AppError, invalid } from '../../platform/errors/catalogue.ts';
import { duplicateName } from '../../platform/errors/unique-violation.ts';
import { finishPage, keyset, type Page } from '../../platform/http/pagination.ts';
import { assertVersion, recordChange } from '../../platform/record-change.ts';
import { deleteIn, inOrg, insertIn, updateIn } from '../../platform/tenancy/scope.ts';
import { TicketQuery } from './contract.ts';
import type { CreateSavedViewBody, SavedView, UpdateSavedViewBody } from './routing-contract.ts';
import { savedViews } from './schema.ts';

function me(ctx: Ctx): string {
  const id = actorUserId(ctx.actor);
  if (!id) throw new AppError('FORBIDDEN', 'Saved views belong to a person');
  return id;
}

/** The filters must be ones the ticket list accepts: checked with the list's own schema. */
function checkFilters(given: Record<string, string>): Record<string, string> {
  const { cursor: _c, limit: _l, ...filters } = given;
  const parsed = TicketQuery.safeParse(filters);
  if (!parsed.success) {
    throw invalid(parsed.error.issues.map((i) => ({ field: ['filters', ...i.path.map(String)].join('.'), message: i.message })));
  }
  return filters;
}

const columns = { view: savedViews, ownerName: users.name };
const visible = (ctx: Ctx) => or(eq(savedViews.ownerId, me(ctx)), eq(savedViews.shared, true));

function present(ctx: Ctx, row: { view: typeof savedViews.$inferSelect; ownerName: string }): SavedView {
  const v = row.view;
  return { id: v.id, name: v.name, filters: v.query, shared: v.shared, owner: { id: v.ownerId, name: row.ownerName }, mine: v.ownerId === actorUserId(ctx.actor), version: v.version };
}

async function load(ctx: Ctx, id: string, forUpdate = false) {
  const query = ctx.db.select(columns).from(savedViews).innerJoin(users, eq(users.id, savedViews.ownerId)).where(inOrg(ctx, savedViews, eq(savedViews.id, id), visible(ctx)));
  const [row] = forUpdate ? await query.for('update', { of: savedViews }) : await query;
  if (!row) throw new AppError('NOT_FOUND', `No saved view ${id} that you can see`);
  return row;
}

async function loadOwn(ctx: Ctx, id: string) {
  const row = await load(ctx, id, true);
  if (row.view.ownerId !== me(ctx)) throw new AppError('FORBIDDEN', `"${row.view.name}" is ${row.ownerName}'s view; save a copy to change it`);
  return row;
}

export async function findViews(ctx: Ctx, query: { limit: number; cursor?: string }): Promise<Page<SavedView>> {
  requirePermission(ctx, 'tickets:read');
  const page = keyset({ sortColumn: sql`lower(${savedViews.name})`, idColumn: savedViews.id, descending: false, sortName: 'name', cursor: query.cursor });
  const rows = await ctx.db
    .select(columns)
    .from(savedViews)
    .innerJoin(users, eq(users.id, savedViews.ownerId))
    .where(inOrg(ctx, savedViews, visible(ctx), page.where))
    .orderBy(...page.orderBy)
    .limit(query.limit + 1);
  return finishPage(rows, query.limit, 'name', (r) => [r.view.name.toLowerCase(), r.view.id], (r) => present(ctx, r));
}

export async function getView(ctx: Ctx, id: string): Promise<SavedView> {
  requirePermission(ctx, 'tickets:read');
  return present(ctx, await load(ctx, id));
}

export async function createView(ctx: Ctx, input: CreateSavedViewBody): Promise<SavedView> {
  requirePermission(ctx, 'tickets:read');
  const query = checkFilters(input.filters);
  return inTransaction(ctx, async (tx) => {
    const [row] = await insertIn(tx, savedViews, { ownerId: me(tx), name: input.name, query, shared: input.shared }).catch(duplicateName('view of yours'));
    const created = present(tx, await load(tx, row!.id));
    await recordChange(tx, { action: 'created', entityType: 'saved_view', entityId: row!.id, after: created });
    return created;
  });
}

export async function updateView(ctx: Ctx, id: string, patch: UpdateSavedViewBody): Promise<SavedView> {
  requirePermission(ctx, 'tickets:read');
  const query = patch.filters ? checkFilters(patch.filters) : undefined;
  return inTransaction(ctx, async (tx) => {
    const current = await loadOwn(tx, id);
    assertVersion(current.view.version, patch.version);
    await updateIn(tx, savedViews, { name: patch.name, query, shared: patch.shared, version: current.view.version + 1, updatedAt: tx.clock.now().toISOString() }, and(eq(savedViews.id, id))!).catch(
      duplicateName('view of yours'),
    );
    const after = present(tx, await load(tx, id));
    await recordChange(tx, { action: 'updated', entityType: 'saved_view', entityId: id, before: present(tx, current), after });
    return after;
  });
}

export async function deleteView(ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx, 'tickets:read');
  await inTransaction(ctx, async (tx) => {
    const current = await loadOwn(tx, id);
    await deleteIn(tx, savedViews, eq(savedViews.id, id));
    await recordChange(tx, { action: 'deleted', entityType: 'saved_view', entityId: id, before: present(tx, current) });
  });
}

/** The admin-managed ticket category tree. Every signed-in person may read it (the portal's form needs it). */
import { and, eq, sql } from 'drizzle-orm';
import { inTransaction, requirePermission, type Ctx } from '../../platform/context.ts';
import { AppError, invalid } from '../../platform/errors/catalogue.ts';
import { duplicateName } from '../../platform/errors/unique-violation.ts';
import { decodeCursor, finishPage, type Page } from '../../platform/http/pagination.ts';
import { assertVersion, recordChange } from '../../platform/record-change.ts';
import { deleteIn, inOrg, insertIn, selectIn, updateIn } from '../../platform/tenancy/scope.ts';
import { teams } from '../identity/schema.ts';
import type { Category, CategoryQuery, CreateCategoryBody, UpdateCategoryBody } from './contract.ts';
import { ticketCategories, tickets } from './schema.ts';

const maxDepth = 5;
type Row = typeof ticketCategories.$inferSelect;

/** All categories of the organisation with their paths, keyed by id. */
export async function categoryIndex(ctx: Ctx): Promise<Map<string, Category>> {
  const rows = await ctx.db
    .select({ category: ticketCategories, groupName: teams.name })
    .from(ticketCategories)
    .leftJoin(teams, eq(teams.id, ticketCategories.defaultGroupId))
    .where(inOrg(ctx, ticketCategories));
  const byId = new Map(rows.map((r) => [r.category.id, r]));
  const pathOf = (row: Row): string => {
    const names: string[] = [];
    for (let at: Row | undefined = row, hops = 0; at && hops <= maxDepth; at = at.parentId ? byId.get(at.parentId)?.category : undefined, hops++) {
      names.unshift(at.name);
    }
    return names.join(' / ');
  };
  return new Map(
    rows.map(({ category: c, groupName }) => [
      c.id,
      {
        id: c.id,
        parentId: c.parentId,
        name: c.name,
        path: pathOf(c),
        description: c.description,
        defaultGroup: c.defaultGroupId && groupName ? { id: c.defaultGroupId, name: groupName } : null,
        active: c.active,
        version: c.version,
      },
    ]),
  );
}

/** The ids of a category and everything below it. */
export function withDescendants(index: Map<string, Category>, rootId: string): string[] {
  const out = [rootId];
  for (let i = 0; i < out.length; i++) {
    for (const c of index.values()) if (c.parentId === out[i]) out.push(c.id);
  }
  return out;
}

/** The tree in path order, paged in memory (an organisation has tens or hundreds of categories, not millions). */
export async function listCategories(ctx: Ctx, query: CategoryQuery): Promise<Page<Category>> {
  const after = query.cursor ? decodeCursor(query.cursor, 'path') : undefined;
  const byPath = (a: Category, b: Category) => a.path.localeCompare(b.path) || a.id.localeCompare(b.id);
  const rows = [...(await categoryIndex(ctx)).values()]
    .filter((c) => query.includeInactive === 'true' || c.active)
    .filter((c) => !after || byPath(c, { path: String(after[0]), id: after[1] } as Category) > 0)
    .sort(byPath);
  return finishPage(rows.slice(0, query.limit + 1), query.limit, 'path', (c) => [c.path, c.id], (c) => c);
}

export async function getCategory(ctx: Ctx, id: string): Promise<Category> {
  const category = (await categoryIndex(ctx)).get(id);
  if (!category) throw new AppError('CATEGORY_NOT_FOUND', `No category ${id} in this organisation`);
  return category;
}

async function load(ctx: Ctx, id: string, forUpdate = false): Promise<Row> {
  const query = ctx.db.select().from(ticketCategories).where(inOrg(ctx, ticketCategories, eq(ticketCategories.id, id)));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) throw new AppError('CATEGORY_NOT_FOUND', `No category ${id} in this organisation`);
  return row;
}

async function present(ctx: Ctx, id: string): Promise<Category> {
  return (await categoryIndex(ctx)).get(id)!;
}

async function checkParent(ctx: Ctx, parentId: string | null | undefined, selfId?: string): Promise<void> {
  if (!parentId) return;
  const index = await categoryIndex(ctx);
  if (!index.has(parentId)) throw invalid([{ field: 'parentId', message: 'is not a category of this organisation' }]);
  let depth = 1;
  for (let at = index.get(parentId); at; at = at.parentId ? index.get(at.parentId) : undefined) {
    if (at.id === selfId) throw invalid([{ field: 'parentId', message: 'would put the category inside itself' }]);
    depth++;
  }
  const below = selfId ? Math.max(...withDescendants(index, selfId).map((id) => depthBelow(index, id, selfId))) : 0;
  if (depth + below > maxDepth) throw invalid([{ field: 'parentId', message: `would make the tree deeper than ${maxDepth} levels` }]);
}

function depthBelow(index: Map<string, Category>, id: string, rootId: string): number {
  let n = 0;
  for (let at = index.get(id); at && at.id !== rootId; at = at.parentId ? index.get(at.parentId) : undefined) n++;
  return n;
}

async function checkGroup(ctx: Ctx, groupId: string | null | undefined): Promise<void> {
  if (!groupId) return;
  const [team] = await selectIn(ctx, teams, eq(teams.id, groupId));
  if (!team) throw invalid([{ field: 'defaultGroupId', message: 'is not a team of this organisation' }]);
}

export async function createCategory(ctx: Ctx, input: CreateCategoryBody): Promise<Category> {
  requirePermission(ctx, 'desk:admin');
  return inTransaction(ctx, async (tx) => {
    await checkParent(tx, input.parentId);
    await checkGroup(tx, input.defaultGroupId);
    const [row] = await insertIn(tx, ticketCategories, {
      name: input.name,
      parentId: input.parentId ?? null,
      description: input.description ?? '',
      defaultGroupId: input.defaultGroupId ?? null,
    }).catch(duplicateName('category'));
    const created = await present(tx, row!.id);
    await recordChange(tx, { action: 'created', entityType: 'ticket_category', entityId: row!.id, after: created });
    return created;
  });
}

export async function updateCategory(ctx: Ctx, id: string, patch: UpdateCategoryBody): Promise<Category> {
  requirePermission(ctx, 'desk:admin');
  return inTransaction(ctx, async (tx) => {
    // Moves are serialised per organisation so two concurrent moves cannot build a cycle.
    await tx.db.execute(sql`SELECT pg_advisory_xact_lock(hashtext('ticket_categories:' || ${tx.orgId}))`);
    const current = await load(tx, id, true);
    assertVersion(current.version, patch.version);
    if (patch.parentId !== undefined) await checkParent(tx, patch.parentId, id);
    await checkGroup(tx, patch.defaultGroupId);
    const before = await present(tx, id);
    await updateIn(
      tx,
      ticketCategories,
      {
        name: patch.name,
        parentId: patch.parentId,
        description: patch.description,
        defaultGroupId: patch.defaultGroupId,
        active: patch.active,
        version: current.version + 1,
        updatedAt: tx.clock.now().toISOString(),
      },
      eq(ticketCategories.id, id),
    ).catch(duplicateName('category'));
    const after = await present(tx, id);
    await recordChange(tx, { action: 'updated', entityType: 'ticket_category', entityId: id, before, after });
    return after;
  });
}

/** Deletes an unused leaf; a category with sub-categories or tickets is deactivated instead. */
export async function deleteCategory(ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx, 'desk:admin');
  await inTransaction(ctx, async (tx) => {
    await load(tx, id, true);
    const [child] = await selectIn(tx, ticketCategories, eq(ticketCategories.parentId, id));
    if (child) throw new AppError('REFERENCE_CONFLICT', 'The category has sub-categories; move or delete them first, or deactivate it');
    const [used] = await tx.db.select({ id: tickets.id }).from(tickets).where(and(inOrg(tx, tickets), eq(tickets.categoryId, id))).limit(1);
    if (used) throw new AppError('REFERENCE_CONFLICT', 'Tickets use this category; deactivate it instead so their history keeps it');
    const before = await present(tx, id);
    await deleteIn(tx, ticketCategories, eq(ticketCategories.id, id));
    await recordChange(tx, { action: 'deleted', entityType: 'ticket_category', entityId: id, before });
  });
}

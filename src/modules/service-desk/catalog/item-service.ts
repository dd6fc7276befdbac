/** Service catalogue items: what people can request, with the form they fill in, approvals and tasks. */
import { and, eq, ilike, inArray, sql } from 'drizzle-orm';
import { memberships } from '../../../platform/auth/schema.ts';
import { inTransaction, requirePermission, type Ctx } from '../../../platform/context.ts';
import { AppError, invalid, type FieldError } from '../../../platform/errors/catalogue.ts';
import { duplicateName } from '../../../platform/errors/unique-violation.ts';
import { finishPage, keyset, likePattern, type Page } from '../../../platform/http/pagination.ts';
import { assertVersion, recordChange } from '../../../platform/record-change.ts';
import { deleteIn, inOrg, insertIn, updateIn } from '../../../platform/tenancy/scope.ts';
import { teams } from '../../identity/schema.ts';
import { categoryIndex } from '../category-service.ts';
import { checkFormClasses } from './ci-answers.ts';
import { catalogItems, tickets } from '../schema.ts';
import { iso } from '../../../db/columns.ts';
import type { CatalogItem, CatalogQuery, CreateCatalogItemBody, UpdateCatalogItemBody } from './contract.ts';

export type ItemRow = typeof catalogItems.$inferSelect;

async function present(ctx: Ctx, rows: ItemRow[]): Promise<CatalogItem[]> {
  const groupIds = [...new Set(rows.map((r) => r.groupId).filter((id): id is string => id !== null))];
  const groups = groupIds.length ? await ctx.db.select({ id: teams.id, name: teams.name }).from(teams).where(inOrg(ctx, teams, inArray(teams.id, groupIds))) : [];
  const groupById = new Map(groups.map((g) => [g.id, g]));
  const categories = await categoryIndex(ctx);
  return rows.map((r) => {
    const category = r.categoryId ? categories.get(r.categoryId) : undefined;
    return {
      id: r.id,
      name: r.name,
      description: r.description,
      category: category ? { id: category.id, name: category.path } : null,
      group: r.groupId ? (groupById.get(r.groupId) ?? null) : null,
      form: r.form,
      approvals: r.approvals,
      tasks: r.tasks,
      active: r.active,
      createdAt: iso(r.createdAt)!,
      updatedAt: iso(r.updatedAt)!,
      version: r.version,
    };
  });
}

export async function loadItem(ctx: Ctx, id: string, forUpdate = false): Promise<ItemRow> {
  const query = ctx.db.select().from(catalogItems).where(inOrg(ctx, catalogItems, eq(catalogItems.id, id)));
  const [row] = forUpdate ? await query.for('update') : await query;
  // Retired items are invisible to people who cannot manage the catalogue.
  if (!row || (!row.active && !canManage(ctx))) throw new AppError('CATALOG_ITEM_NOT_FOUND', `No catalogue item ${id} in this organisation`);
  return row;
}

function canManage(ctx: Ctx): boolean {
  return ctx.actor.type === 'system' || ctx.actor.permissions.has('desk:admin');
}

/** The catalogue by name; everyone sees the active items, desk administrators the retired ones on request. */
export async function findItems(ctx: Ctx, query: CatalogQuery): Promise<Page<CatalogItem>> {
  const page = keyset({ sortColumn: sql`lower(${catalogItems.name})`, idColumn: catalogItems.id, descending: false, sortName: 'name', cursor: query.cursor });
  const rows = await ctx.db
    .select()
    .from(catalogItems)
    .where(
      inOrg(
        ctx,
        catalogItems,
        query.includeInactive === 'true' && canManage(ctx) ? undefined : eq(catalogItems.active, true),
        query.q ? ilike(catalogItems.name, likePattern(query.q)) : undefined,
        page.where,
      ),
    )
    .orderBy(...page.orderBy)
    .limit(query.limit + 1);
  const presented = await present(ctx, rows.slice(0, query.limit));
  return finishPage(rows, query.limit, 'name', (r) => [r.name.toLowerCase(), r.id], (r) => presented.find((p) => p.id === r.id)!);
}

export async function getItem(ctx: Ctx, id: string): Promise<CatalogItem> {
  return (await present(ctx, [await loadItem(ctx, id)]))[0]!;
}

/** Every team, person, category and configuration-item class an item names must be of this organisation; all problems at once. */
async function checkReferences(ctx: Ctx, input: Partial<CreateCatalogItemBody>): Promise<void> {
  const errors: FieldError[] = [];
  const teamIds = new Set((await ctx.db.select({ id: teams.id }).from(teams).where(inOrg(ctx, teams))).map((t) => t.id));
  if (input.groupId && !teamIds.has(input.groupId)) errors.push({ field: 'groupId', message: 'is not a team of this organisation' });
  if (input.categoryId && !(await categoryIndex(ctx)).has(input.categoryId)) errors.push({ field: 'categoryId', message: 'is not a category of this organisation' });
  for (const [i, level] of (input.approvals ?? []).entries()) {
    if (level.groupId && !teamIds.has(level.groupId)) errors.push({ field: `approvals.${i}.groupId`, message: 'is not a team of this organisation' });
    if (level.userIds?.length) {
      const members = new Set(
        (await ctx.db.select({ id: memberships.userId }).from(memberships).where(inOrg(ctx, memberships, inArray(memberships.userId, level.userIds)))).map((m) => m.id),
      );
      level.userIds.forEach((id, j) => {
        if (!members.has(id)) errors.push({ field: `approvals.${i}.userIds.${j}`, message: 'is not a person of this organisation' });
      });
    }
  }
  for (const [i, task] of (input.tasks ?? []).entries()) {
    if (!teamIds.has(task.groupId)) errors.push({ field: `tasks.${i}.groupId`, message: 'is not a team of this organisation' });
  }
  await checkFormClasses(ctx, input.form, errors);
  if (errors.length) throw invalid(errors);
}

export async function createItem(ctx: Ctx, input: CreateCatalogItemBody): Promise<CatalogItem> {
  requirePermission(ctx, 'desk:admin');
  return inTransaction(ctx, async (tx) => {
    await checkReferences(tx, input);
    const [row] = await insertIn(tx, catalogItems, {
      name: input.name,
      description: input.description ?? '',
      categoryId: input.categoryId ?? null,
      groupId: input.groupId ?? null,
      form: input.form,
      approvals: input.approvals,
      tasks: input.tasks,
      active: input.active ?? true,
    }).catch(duplicateName('catalogue item'));
    const [created] = await present(tx, [row!]);
    await recordChange(tx, { action: 'created', entityType: 'catalog_item', entityId: row!.id, after: created });
    return created!;
  });
}

/** Changes apply to new requests; requests already made keep the answers and approvals they started with. */
export async function updateItem(ctx: Ctx, id: string, patch: UpdateCatalogItemBody): Promise<CatalogItem> {
  requirePermission(ctx, 'desk:admin');
  return inTransaction(ctx, async (tx) => {
    const current = await loadItem(tx, id, true);
    assertVersion(current.version, patch.version);
    await checkReferences(tx, patch);
    const [before] = await present(tx, [current]);
    const [row] = await updateIn(
      tx,
      catalogItems,
      {
        name: patch.name,
        description: patch.description,
        categoryId: patch.categoryId,
        groupId: patch.groupId,
        form: patch.form,
        approvals: patch.approvals,
        tasks: patch.tasks,
        active: patch.active,
        version: current.version + 1,
        updatedAt: tx.clock.now().toISOString(),
      },
      eq(catalogItems.id, id),
    ).catch(duplicateName('catalogue item'));
    const [after] = await present(tx, [row!]);
    await recordChange(tx, { action: 'updated', entityType: 'catalog_item', entityId: id, before, after });
    return after!;
  });
}

/** Deletes an item nobody has requested yet; one with requests is retired (active: false) instead. */
export async function deleteItem(ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx, 'desk:admin');
  await inTransaction(ctx, async (tx) => {
    const current = await loadItem(tx, id, true);
    const [used] = await tx.db.select({ id: tickets.id }).from(tickets).where(and(inOrg(tx, tickets), eq(tickets.catalogItemId, id))).limit(1);
    if (used) throw new AppError('REFERENCE_CONFLICT', 'People have requested this item; retire it (active: false) so their requests keep it');
    const [before] = await present(tx, [current]);
    await deleteIn(tx, catalogItems, eq(catalogItems.id, id));
    await recordChange(tx, { action: 'deleted', entityType: 'catalog_item', entityId: id, before });
  });
}

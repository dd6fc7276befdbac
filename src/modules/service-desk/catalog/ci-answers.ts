/**
 * Configuration-item questions of catalogue forms ("Which laptop?", "Which application?"): the items a
 * field offers (its classes with their subclasses, never retired ones, optionally only the requester's
 * own), the search behind the portal's picker, and the check of an answer against those rules.
 * Requesters have no CMDB access; a field shows them exactly the items it offers and nothing else.
 */
import { and, eq, ilike, inArray, ne, or, type SQL } from 'drizzle-orm';
import { actorUserId, can, type Ctx } from '../../../platform/context.ts';
import { AppError, type FieldError } from '../../../platform/errors/catalogue.ts';
import { finishPage, keyset, likePattern, type Page } from '../../../platform/http/pagination.ts';
import { inOrg } from '../../../platform/tenancy/scope.ts';
import { classIndex, findClass, withSubclasses, type ClassIndex } from '../../cmdb/class-index.ts';
import { ciCondition } from '../../cmdb/ci-query.ts';
import { configurationItems } from '../../cmdb/schema.ts';
import type { FormField } from '../schema.ts';
import type { CiOption, CiOptionQuery } from './contract.ts';
import { loadItem } from './item-service.ts';

/** The condition for the items `field` offers to `requesterId`. */
function offeredBy(ctx: Ctx, classes: ClassIndex, field: FormField, requesterId: string | null): SQL {
  const classIds = field.ciClasses?.flatMap((key) => {
    const row = findClass(classes, key);
    return row ? withSubclasses(classes, row.id) : [];
  });
  return inOrg(
    ctx,
    configurationItems,
    ne(configurationItems.status, 'retired'),
    classIds ? inArray(configurationItems.classId, classIds.length ? classIds : ['00000000-0000-0000-0000-000000000000']) : undefined,
    field.ownedByRequester ? (requesterId ? eq(configurationItems.ownerId, requesterId) : eq(configurationItems.id, '00000000-0000-0000-0000-000000000000')) : undefined,
  );
}

/** The configuration-item field `key` of catalogue item `itemId`; 404 when there is no such field. */
async function ciField(ctx: Ctx, itemId: string, key: string): Promise<FormField> {
  const item = await loadItem(ctx, itemId);
  const field = item.form.find((f) => f.key === key && f.type === 'ci');
  if (!field) throw new AppError('NOT_FOUND', `${item.name} has no configuration-item question ${key}`);
  return field;
}

/** The items a form's configuration-item question offers, by name: what the portal's picker searches. */
export async function findCiOptions(ctx: Ctx, itemId: string, key: string, query: CiOptionQuery): Promise<Page<CiOption>> {
  const page = keyset({ sortColumn: configurationItems.name, idColumn: configurationItems.id, descending: false, sortName: 'name', cursor: query.cursor });
  const field = await ciField(ctx, itemId, key);
  const me = actorUserId(ctx.actor);
  if (query.requesterId && query.requesterId !== me && !can(ctx.actor, 'tickets:write')) {
    throw new AppError('FORBIDDEN', 'Only the service desk looks up items on behalf of someone else', [{ field: 'requesterId', message: 'is set by the service desk' }]);
  }
  const classes = await classIndex(ctx);
  const rows = await ctx.db
    .select({ id: configurationItems.id, key: configurationItems.key, name: configurationItems.name, classId: configurationItems.classId })
    .from(configurationItems)
    .where(
      and(
        offeredBy(ctx, classes, field, query.requesterId ?? me),
        query.id ? eq(configurationItems.id, query.id) : undefined,
        query.q ? or(ilike(configurationItems.name, likePattern(query.q)), ilike(configurationItems.key, likePattern(query.q))) : undefined,
        page.where,
      ),
    )
    .orderBy(...page.orderBy)
    .limit(query.limit + 1);
  const className = (id: string) => classes.byId.get(id)?.name ?? '';
  return finishPage(rows, query.limit, 'name', (r) => [r.name, r.id], (r) => ({ id: r.id, key: r.key, name: r.name, className: className(r.classId) }));
}

/** Checks the configuration-item answers against their fields' rules; the items found, by field key (errors name `values.<key>`). */
export async function resolveCiAnswers(
  ctx: Ctx,
  form: readonly FormField[],
  answers: readonly { key: string; ref: string }[],
  requesterId: string,
  errors: FieldError[],
): Promise<Map<string, { id: string; key: string; name: string }>> {
  const found = new Map<string, { id: string; key: string; name: string }>();
  if (answers.length === 0) return found;
  const classes = await classIndex(ctx);
  for (const answer of answers) {
    const field = form.find((f) => f.key === answer.key)!;
    const [row] = await ctx.db
      .select({ id: configurationItems.id, key: configurationItems.key, name: configurationItems.name })
      .from(configurationItems)
      .where(and(offeredBy(ctx, classes, field, requesterId), ciCondition(answer.ref)));
    if (row) found.set(answer.key, row);
    else errors.push({ field: `values.${answer.key}`, message: 'is not one of the items this question offers' });
  }
  return found;
}

/** Every class a form's configuration-item questions name must exist; errors name `form.<i>.ciClasses.<j>`. */
export async function checkFormClasses(ctx: Ctx, form: readonly FormField[] | undefined, errors: FieldError[]): Promise<void> {
  if (!form?.some((f) => f.ciClasses?.length)) return;
  const classes = await classIndex(ctx);
  form.forEach((field, i) =>
    field.ciClasses?.forEach((key, j) => {
      if (!findClass(classes, key)) errors.push({ field: `form.${i}.ciClasses.${j}`, message: 'is not a configuration-item class of this organisation' });
    }),
  );
}

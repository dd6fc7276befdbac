/**
 * Reading tickets: who may see which (agents with tickets:read see all; everyone else sees the tickets
 * they requested, are affected by or watch), presentation with names resolved in batches, and the
 * filtered, sorted, full-text-searchable list.
 */
import { and, asc, eq, exists, gte, inArray, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { iso } from '../../db/columns.ts';
import { users } from '../../platform/auth/schema.ts';
import { actorUserId, can, type Ctx } from '../../platform/context.ts';
import { AppError, invalid } from '../../platform/errors/catalogue.ts';
import { finishPage, keyset, type Page } from '../../platform/http/pagination.ts';
import { parseHumanKey } from '../../platform/keys/human-keys.ts';
import { inOrg } from '../../platform/tenancy/scope.ts';
import { affectedCisOf } from '../cmdb/ticket-links.ts';
import type { CiRef } from '../cmdb/ci-ref.ts';
import { teamMembers, teams } from '../identity/schema.ts';
import { categoryIndex, withDescendants } from './category-service.ts';
import type { Category, Ticket, TicketDetail, TicketQuery } from './contract.ts';
import { allowedTransitions, openStatuses } from './lifecycle.ts';
import { loadDeskSettings } from './settings-service.ts';
import type { TicketSla } from './sla/contract.ts';
import { slaStates } from './sla/ticket-sla.ts';
import { catalogItems, ticketApprovals, tickets, ticketWatchers } from './schema.ts';

export type TicketRow = typeof tickets.$inferSelect;
const noSla: TicketSla = { policy: null, calendar: null, response: null, resolution: null, ola: null };
/** The text-search configuration of ticket search: English stemming ("printers" finds "printer"). */
export const searchConfig = 'english';

/**
 * The rows the caller may see: everything with tickets:read, else their own (requested, affected,
 * watched) and the requests they are asked to approve (an approver reads what they decide on).
 */
export function visibleTickets(ctx: Ctx): SQL | undefined {
  if (can(ctx.actor, 'tickets:read')) return undefined;
  const me = actorUserId(ctx.actor);
  if (!me) return sql`false`;
  return or(
    eq(tickets.requesterId, me),
    eq(tickets.affectedId, me),
    exists(ctx.db.select({ one: sql`1` }).from(ticketWatchers).where(and(eq(ticketWatchers.ticketId, tickets.id), eq(ticketWatchers.userId, me)))),
    exists(ctx.db.select({ one: sql`1` }).from(ticketApprovals).where(and(eq(ticketApprovals.ticketId, tickets.id), eq(ticketApprovals.approverId, me)))),
  );
}

/** `INC-42` or a uuid; anything else is simply not found. */
function idCondition(idOrKey: string): SQL | undefined {
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrKey)) return eq(tickets.id, idOrKey.toLowerCase());
  const key = parseHumanKey(idOrKey);
  return key ? eq(tickets.key, `${key.prefix}-${key.number}`) : undefined;
}

/** The ticket by id or key if the caller may see it; TICKET_NOT_FOUND otherwise (no existence leak). */
export async function findTicketRow(ctx: Ctx, idOrKey: string, forUpdate = false): Promise<TicketRow> {
  const condition = idCondition(idOrKey);
  const query = ctx.db.select().from(tickets).where(inOrg(ctx, tickets, condition ?? sql`false`, visibleTickets(ctx)));
  const [row] = forUpdate ? await query.for('update', { of: tickets }) : await query;
  if (!row) throw new AppError('TICKET_NOT_FOUND', `No ticket ${idOrKey} that you can see`);
  return row;
}


interface Lookups {
  people: Map<string, { id: string; name: string; email: string }>;
  groups: Map<string, { id: string; name: string }>;
  refs: Map<string, { id: string; key: string; title: string; status: TicketRow['status'] }>;
  watchers: Map<string, string[]>;
  categories: Map<string, Category>;
  reopenDays: number;
  slas: Map<string, TicketSla>;
  items: Map<string, { id: string; name: string }>;
  affectedCis: Map<string, CiRef[]>;
}

async function lookups(ctx: Ctx, rows: TicketRow[]): Promise<Lookups> {
  const ticketIds = rows.map((r) => r.id);
  const watcherRows = ticketIds.length
    ? await ctx.db.select({ ticketId: ticketWatchers.ticketId, userId: ticketWatchers.userId }).from(ticketWatchers).where(inOrg(ctx, ticketWatchers, inArray(ticketWatchers.ticketId, ticketIds)))
    : [];
  const watchers = new Map<string, string[]>();
  for (const w of watcherRows) watchers.set(w.ticketId, [...(watchers.get(w.ticketId) ?? []), w.userId]);
  const personIds = new Set<string>(watcherRows.map((w) => w.userId));
  const groupIds = new Set<string>();
  const refIds = new Set<string>();
  for (const r of rows) {
    for (const id of [r.requesterId, r.affectedId, r.assigneeId]) if (id) personIds.add(id);
    if (r.groupId) groupIds.add(r.groupId);
    for (const id of [r.parentId, r.mergedIntoId]) if (id) refIds.add(id);
  }
  const itemIds = [...new Set(rows.map((r) => r.catalogItemId).filter((id): id is string => id !== null))];
  const [people, groups, refs, categories, settings, slas, items, affectedCis] = await Promise.all([
    personIds.size ? ctx.db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(inArray(users.id, [...personIds])) : [],
    groupIds.size ? ctx.db.select({ id: teams.id, name: teams.name }).from(teams).where(inOrg(ctx, teams, inArray(teams.id, [...groupIds]))) : [],
    refIds.size
      ? ctx.db.select({ id: tickets.id, key: tickets.key, title: tickets.title, status: tickets.status }).from(tickets).where(inOrg(ctx, tickets, inArray(tickets.id, [...refIds])))
      : [],
    categoryIndex(ctx),
    loadDeskSettings(ctx),
    slaStates(ctx, ticketIds),
    itemIds.length ? ctx.db.select({ id: catalogItems.id, name: catalogItems.name }).from(catalogItems).where(inOrg(ctx, catalogItems, inArray(catalogItems.id, itemIds))) : [],
    affectedCisOf(ctx, ticketIds),
  ]);
  return {
    people: new Map(people.map((p) => [p.id, p])),
    groups: new Map(groups.map((g) => [g.id, g])),
    refs: new Map(refs.map((t) => [t.id, t])),
    watchers,
    categories,
    reopenDays: settings.reopenDays,
    slas,
    items: new Map(items.map((i) => [i.id, i])),
    affectedCis,
  };
}

function present(ctx: Ctx, row: TicketRow, l: Lookups): Ticket {
  const person = (id: string | null) => (id ? (l.people.get(id) ?? { id, name: '(removed)', email: '' }) : null);
  const category = row.categoryId ? l.categories.get(row.categoryId) : undefined;
  return {
    id: row.id,
    key: row.key,
    type: row.type,
    title: row.title,
    description: row.description,
    requester: person(row.requesterId)!,
    affected: person(row.affectedId),
    category: category ? { id: category.id, name: category.name, path: category.path } : null,
    impact: row.impact,
    urgency: row.urgency,
    priority: row.priority,
    group: row.groupId ? (l.groups.get(row.groupId) ?? null) : null,
    assignee: person(row.assigneeId),
    status: row.status,
    pendingReason: row.pendingReason,
    allowedTransitions: allowedTransitions({ status: row.status, resolvedAt: row.resolvedAt, reopenDays: l.reopenDays, now: ctx.clock.now() }),
    source: row.source,
    tags: row.tags,
    watchers: (l.watchers.get(row.id) ?? []).map((id) => person(id)!).sort((a, b) => a.name.localeCompare(b.name)),
    dueAt: iso(row.dueAt),
    resolutionCode: row.resolutionCode,
    resolutionNotes: row.resolutionNotes,
    firstResponseAt: iso(row.firstResponseAt),
    resolvedAt: iso(row.resolvedAt),
    closedAt: iso(row.closedAt),
    parent: row.parentId ? (l.refs.get(row.parentId) ?? null) : null,
    mergedInto: row.mergedIntoId ? (l.refs.get(row.mergedIntoId) ?? null) : null,
    reopenCount: row.reopenCount,
    rating: row.rating,
    ratingComment: row.ratingComment,
    catalogItem: row.catalogItemId ? (l.items.get(row.catalogItemId) ?? null) : null,
    formValues: (row.formValues as Record<string, string | number> | null) ?? null,
    sla: l.slas.get(row.id) ?? noSla,
    affectedCis: l.affectedCis.get(row.id) ?? [],
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
    version: row.version,
  };
}

export async function presentTickets(ctx: Ctx, rows: TicketRow[]): Promise<Ticket[]> {
  const l = await lookups(ctx, rows);
  return rows.map((r) => present(ctx, r, l));
}

/** One ticket with its children, as the caller may see it. */
export async function ticketDetail(ctx: Ctx, row: TicketRow): Promise<TicketDetail> {
  const [ticket] = await presentTickets(ctx, [row]);
  const children = await ctx.db
    .select({ id: tickets.id, key: tickets.key, title: tickets.title, status: tickets.status })
    .from(tickets)
    .where(inOrg(ctx, tickets, eq(tickets.parentId, row.id), visibleTickets(ctx)))
    .orderBy(asc(tickets.createdAt));
  return { ...ticket!, children };
}

function refCondition(ctx: Ctx, column: PgColumn, value: string | undefined, field: string): SQL | undefined {
  if (value === undefined) return undefined;
  if (value === 'none') return isNull(column);
  if (value === 'me') {
    const me = actorUserId(ctx.actor);
    if (!me) throw invalid([{ field, message: 'me needs a signed-in person or a personal API token' }]);
    return eq(column, me);
  }
  return eq(column, value);
}

function myTeams(ctx: Ctx): SQL {
  const me = actorUserId(ctx.actor);
  return inArray(tickets.groupId, ctx.db.select({ id: teamMembers.teamId }).from(teamMembers).where(eq(teamMembers.userId, me ?? '00000000-0000-0000-0000-000000000000')));
}

function viewCondition(ctx: Ctx, view: TicketQuery['view']): SQL | undefined {
  const open = inArray(tickets.status, [...openStatuses]);
  switch (view) {
    case undefined:
      return undefined;
    case 'open':
      return open;
    case 'mine':
      return and(open, refCondition(ctx, tickets.assigneeId, 'me', 'view'));
    case 'my_groups':
      return and(open, myTeams(ctx));
    case 'unassigned':
      return and(open, isNull(tickets.assigneeId));
    case 'overdue':
      return and(open, lt(tickets.dueAt, ctx.clock.now().toISOString()));
  }
}

export async function findTickets(ctx: Ctx, query: TicketQuery): Promise<Page<Ticket>> {
  if (query.createdFrom && query.createdTo && new Date(query.createdFrom) > new Date(query.createdTo)) {
    throw invalid([{ field: 'createdFrom', message: 'is after createdTo' }]);
  }
  const tsQuery = query.q ? sql`websearch_to_tsquery(${searchConfig}::regconfig, ${query.q})` : undefined;
  // People without tickets:read search only what they can read: no internal notes (weight D).
  const searchable = can(ctx.actor, 'tickets:read') ? sql`${tickets.search}` : sql`ts_filter(${tickets.search}, '{a,b,c}')`;
  const sortName = query.sort ?? (query.q ? 'relevance' : '-createdAt');
  if (sortName === 'relevance' && !tsQuery) throw invalid([{ field: 'sort', message: 'relevance needs a search text q' }]);
  const descending = sortName.startsWith('-') || sortName === 'relevance';
  const sortKey = sortName.replace(/^-/, '');
  const rank = tsQuery ? sql<number>`ts_rank_cd(${searchable}, ${tsQuery}, 32)::float8` : undefined;
  const sortColumn: SQL =
    sortKey === 'relevance'
      ? rank!
      : sortKey === 'priority'
        ? sql`${tickets.priority}::int`
        : sortKey === 'dueAt'
          ? sql`coalesce(${tickets.dueAt}, 'infinity'::timestamptz)`
          : sortKey === 'updatedAt'
            ? sql`${tickets.updatedAt}`
            : sql`${tickets.createdAt}`;
  const page = keyset({ sortColumn, idColumn: tickets.id, descending, sortName, cursor: query.cursor });
  let categoryIds: string[] | undefined;
  if (query.category) {
    const index = await categoryIndex(ctx);
    if (!index.has(query.category)) throw invalid([{ field: 'category', message: 'is not a category of this organisation' }]);
    categoryIds = withDescendants(index, query.category);
  }
  const conditions: (SQL | undefined)[] = [
    visibleTickets(ctx),
    viewCondition(ctx, query.view),
    tsQuery ? sql`${searchable} @@ ${tsQuery}` : undefined,
    query.type?.length ? inArray(tickets.type, query.type) : undefined,
    query.status?.length ? inArray(tickets.status, query.status) : undefined,
    query.priority?.length ? inArray(tickets.priority, query.priority) : undefined,
    query.impact?.length ? inArray(tickets.impact, query.impact) : undefined,
    query.urgency?.length ? inArray(tickets.urgency, query.urgency) : undefined,
    query.source?.length ? inArray(tickets.source, query.source) : undefined,
    categoryIds ? inArray(tickets.categoryId, categoryIds) : undefined,
    refCondition(ctx, tickets.groupId, query.group === 'me' ? undefined : query.group, 'group'),
    query.group === 'me' ? myTeams(ctx) : undefined,
    refCondition(ctx, tickets.assigneeId, query.assignee, 'assignee'),
    query.requester === 'none' ? sql`false` : refCondition(ctx, tickets.requesterId, query.requester, 'requester'),
    query.tag ? sql`${tickets.tags} @> ARRAY[${query.tag}]::text[]` : undefined,
    query.parent ? eq(tickets.parentId, query.parent) : undefined,
    query.createdFrom ? gte(tickets.createdAt, new Date(query.createdFrom).toISOString()) : undefined,
    query.createdTo ? lte(tickets.createdAt, new Date(query.createdTo).toISOString()) : undefined,
  ];
  const candidates = sortKey === 'relevance' ? newestMatches(ctx.clock.now(), inOrg(ctx, tickets, ...conditions)) : undefined;
  const rows = await ctx.db
    .select({ ticket: tickets, sortValue: sql<string | number | null>`${sortColumn}` })
    .from(tickets)
    .where(inOrg(ctx, tickets, ...conditions, candidates && sql`${tickets.id} IN ${candidates}`, page.where))
    .orderBy(...page.orderBy)
    .limit(query.limit + 1);
  const presented = await presentTickets(ctx, rows.slice(0, query.limit).map((r) => r.ticket));
  const byId = new Map(presented.map((t) => [t.id, t]));
  return finishPage(rows, query.limit, sortName, (r) => [cursorValue(r.sortValue), r.ticket.id], (r) => byId.get(r.ticket.id)!);
}

/** How many of the newest matching tickets a search ranks by relevance. */
export const rankedMatches = 1000;

const ageBands = [7, 30, 90, 365, 3 * 365];

/**
 * The ids of the newest `rankedMatches` tickets that match `where`. Ranking every match of a broad
 * search (two everyday words can match a tenth of a million tickets) means reading each matching row;
 * instead the matches are taken by age band, newest band first, and the LIMIT stops the UNION ALL as
 * soon as the newer bands hold enough, so a broad search reads about a week of matches and a narrow
 * one reads all of its few. Each band sorts its own matches (the `+ interval` keeps the planner from
 * walking the created-at index row by row through a band).
 */
function newestMatches(now: Date, where: SQL): SQL {
  const edges = ageBands.map((days) => new Date(now.getTime() - days * 86_400_000).toISOString());
  const bands = [undefined, ...edges].map((to, i) => ({ to, from: edges[i] }));
  const arms = bands.map(
    ({ from, to }) => sql`(SELECT ${tickets.id} AS id FROM ${tickets} WHERE ${where}
      ${from ? sql`AND ${tickets.createdAt} >= ${from}` : sql``} ${to ? sql`AND ${tickets.createdAt} < ${to}` : sql``}
      ORDER BY ${tickets.createdAt} + interval '0 seconds' DESC LIMIT ${rankedMatches})`,
  );
  return sql`(SELECT id FROM (${sql.join(arms, sql` UNION ALL `)}) AS newest LIMIT ${rankedMatches})`;
}

/** Sort values as they go into a cursor: numbers stay numbers, times become ISO text the database parses back. */
function cursorValue(value: string | number | null): string | number | null {
  if (value === null || typeof value === 'number') return value;
  return value === 'infinity' ? 'infinity' : /^\d/.test(value) && !/^\d+(\.\d+)?$/.test(value) ? new Date(value).toISOString() : value;
}


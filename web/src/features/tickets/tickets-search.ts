/**
 * The agent console's URL search parameters: the view, full-text search, filters and sort, so any
 * list an agent builds is a link they can bookmark or share. Multi-value filters are comma lists,
 * as the API takes them (`status=new,assigned`).
 */
import type { TicketsQuery } from '../../api/types';
import { optionalOneOf, optionalString } from '../../routes/search-params';
import { priorities, ticketStatuses, ticketTypes } from './ticket-vocabulary';

export const ticketViews = ['open', 'mine', 'my_groups', 'unassigned', 'overdue', 'all'] as const;
export type TicketView = (typeof ticketViews)[number];

export const ticketSorts = ['-createdAt', 'createdAt', '-updatedAt', 'updatedAt', 'priority', '-priority', 'dueAt', '-dueAt', 'relevance'] as const;
export type TicketSort = (typeof ticketSorts)[number];

export interface TicketsSearch {
  /** Absent means the default view, all open tickets. */
  view?: TicketView;
  q?: string;
  type?: string;
  status?: string;
  priority?: string;
  category?: string;
  /** Team id, `none` or `me` (my teams). */
  group?: string;
  /** Person id, `me` or `none`. */
  assignee?: string;
  sort?: TicketSort;
}

/** A comma list keeping only allowed values, in the order given; undefined when none is left. */
function commaList(value: unknown, allowed: readonly (string | number)[]): string | undefined {
  const text = optionalString(value);
  if (!text) return undefined;
  const known = new Set(allowed.map(String));
  const kept = [...new Set(text.split(',').map((s) => s.trim()))].filter((s) => known.has(s));
  return kept.length ? kept.join(',') : undefined;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function reference(value: unknown, keywords: readonly string[]): string | undefined {
  const text = optionalString(value);
  return text && (keywords.includes(text) || uuidPattern.test(text)) ? text : undefined;
}

export function validateTicketsSearch(search: Record<string, unknown>): TicketsSearch {
  return {
    view: optionalOneOf(search.view, ticketViews),
    q: optionalString(search.q)?.slice(0, 200),
    type: commaList(search.type, ticketTypes),
    status: commaList(search.status, ticketStatuses),
    priority: commaList(search.priority, priorities),
    category: reference(search.category, []),
    group: reference(search.group, ['me', 'none']),
    assignee: reference(search.assignee, ['me', 'none']),
    sort: optionalOneOf(search.sort, ticketSorts),
  };
}

/** The sort the list uses: the one chosen, else relevance while searching, else newest first. */
export function effectiveSort(search: TicketsSearch): TicketSort {
  if (search.sort === 'relevance' && !search.q) return '-createdAt';
  return search.sort ?? (search.q ? 'relevance' : '-createdAt');
}

/** The API query for the list's URL state. */
export function ticketsQueryOf(search: TicketsSearch): TicketsQuery {
  const view = search.view ?? 'open';
  return {
    view: view === 'all' ? undefined : view,
    q: search.q,
    type: search.type,
    status: search.status,
    priority: search.priority,
    category: search.category,
    group: search.group,
    assignee: search.assignee,
    sort: effectiveSort(search),
  };
}

/** Splits a comma list from the URL for a multi-select. */
export function listOf(value: string | undefined): string[] {
  return value ? value.split(',') : [];
}

/** Joins a multi-select's values for the URL; undefined when empty so the parameter disappears. */
export function joinList(values: string[]): string | undefined {
  return values.length ? values.join(',') : undefined;
}

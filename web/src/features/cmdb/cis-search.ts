/**
 * The CI list's URL search parameters: text search, class, status, environment, criticality, tag, sort
 * and `attr.<key>` filters on the chosen class's attributes, named as the API names them, so a list
 * is a link people can share.
 */
import { optionalOneOf, optionalString } from '../../routes/search-params';
import type { CiListQuery } from './cmdb-api';
import { ciStatuses, criticalities, environments } from './cmdb-vocabulary';

export const ciSorts = ['name', '-name', 'createdAt', '-createdAt', 'updatedAt', '-updatedAt'] as const;
export type CiSort = (typeof ciSorts)[number];

export type AttributeFilters = { [filter: `attr.${string}`]: string | undefined };

export interface CisSearch extends AttributeFilters {
  q?: string;
  /** Class key. */
  class?: string;
  status?: string;
  environment?: string;
  criticality?: string;
  tag?: string;
  sort?: CiSort;
}

const attrParam = /^attr\.[a-z][A-Za-z0-9_]{0,39}$/;
const classKey = /^[a-z][a-z0-9_]{1,39}$/;

/** A comma list keeping only allowed values, in the order given; undefined when none is left. */
function commaList(value: unknown, allowed: readonly string[]): string | undefined {
  const text = optionalString(value);
  if (!text) return undefined;
  const kept = [...new Set(text.split(',').map((s) => s.trim()))].filter((s) => allowed.includes(s));
  return kept.length ? kept.join(',') : undefined;
}

/** A URL value as text: the router reads `8` and `true` as a number and a boolean. */
function asText(value: unknown): string | undefined {
  if (typeof value === 'boolean') return String(value);
  return optionalString(value)?.slice(0, 500);
}

export function validateCisSearch(search: Record<string, unknown>): CisSearch {
  const cls = optionalString(search.class);
  const out: CisSearch = {
    q: optionalString(search.q)?.slice(0, 200),
    class: cls && classKey.test(cls) ? cls : undefined,
    status: commaList(search.status, ciStatuses),
    environment: commaList(search.environment, environments),
    criticality: commaList(search.criticality, criticalities),
    tag: optionalString(search.tag)?.trim().toLowerCase().slice(0, 50),
    sort: optionalOneOf(search.sort, ciSorts),
  };
  // Attribute filters belong to a class; without one they would only be refused.
  if (out.class) {
    for (const [key, value] of Object.entries(search)) {
      if (attrParam.test(key)) out[key as `attr.${string}`] = asText(value);
    }
  }
  return out;
}

/** The attribute filters set in the URL, by attribute key. */
export function attributeFiltersOf(search: CisSearch): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(search)) {
    if (attrParam.test(key) && typeof value === 'string') out.set(key.slice('attr.'.length), value);
  }
  return out;
}

/** The URL patch that clears every attribute filter (e.g. when the class changes). */
export function clearedAttributeFilters(search: CisSearch): AttributeFilters {
  return Object.fromEntries([...attributeFiltersOf(search).keys()].map((key) => [`attr.${key}`, undefined]));
}

/** The API query for the list's URL state. */
export function cisQueryOf(search: CisSearch): CiListQuery {
  const query: CiListQuery = {
    q: search.q,
    class: search.class,
    status: search.status,
    environment: search.environment,
    criticality: search.criticality,
    tag: search.tag,
    sort: search.sort ?? 'name',
  };
  for (const [key, value] of attributeFiltersOf(search)) query[`attr.${key}`] = value;
  return query;
}

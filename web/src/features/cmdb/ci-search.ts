/** The CI page's URL search parameters: the open tab and the impact analysis's direction and depth. */
import { optionalOneOf } from '../../routes/search-params';

export const ciTabs = ['details', 'relationships', 'impact', 'tickets', 'history'] as const;
export type CiTab = (typeof ciTabs)[number];
export const impactDirections = ['downstream', 'upstream', 'both'] as const;
export type ImpactDirection = (typeof impactDirections)[number];

export interface CiPageSearch {
  /** Absent means details. */
  tab?: CiTab;
  direction?: ImpactDirection;
  /** 1–10; absent means 3. */
  depth?: number;
}

export const defaultDepth = 3;

export function validateCiPageSearch(search: Record<string, unknown>): CiPageSearch {
  const depth = Number(search.depth);
  return {
    tab: optionalOneOf(search.tab, ciTabs),
    direction: optionalOneOf(search.direction, impactDirections),
    depth: Number.isInteger(depth) && depth >= 1 && depth <= 10 ? depth : undefined,
  };
}

/** The portal list's URL search parameters: which of my tickets to show, and search text. */
import { optionalOneOf, optionalString } from '../../routes/search-params';

export const portalShows = ['open', 'done', 'all'] as const;

export interface PortalSearch {
  /** Absent means open tickets. */
  show?: (typeof portalShows)[number];
  q?: string;
}

export function validatePortalSearch(search: Record<string, unknown>): PortalSearch {
  return { show: optionalOneOf(search.show, portalShows), q: optionalString(search.q)?.slice(0, 200) };
}

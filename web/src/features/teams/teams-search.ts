/** The teams list's URL search parameters. */
import { optionalString } from '../../routes/search-params';

export interface TeamsSearch {
  q?: string;
}

export function validateTeamsSearch(search: Record<string, unknown>): TeamsSearch {
  return { q: optionalString(search.q) };
}

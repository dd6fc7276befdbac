/** The API tokens list's URL search parameters. */
import { optionalFlag } from '../../routes/search-params';

export interface ApiTokensSearch {
  all?: boolean;
}

export function validateApiTokensSearch(search: Record<string, unknown>): ApiTokensSearch {
  return { all: optionalFlag(search.all) };
}

/** The departments list's URL search parameters. */
import { optionalString } from '../../routes/search-params';

export interface DepartmentsSearch {
  q?: string;
}

export function validateDepartmentsSearch(search: Record<string, unknown>): DepartmentsSearch {
  return { q: optionalString(search.q) };
}

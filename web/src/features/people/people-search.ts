/** The people list's URL search parameters: search text, role, team, department and status filters, sort. */
import { optionalOneOf, optionalString } from '../../routes/search-params';

export const peopleSorts = ['name', '-name', 'email', '-email', 'createdAt', '-createdAt'] as const;

export interface PeopleSearch {
  q?: string;
  role?: string;
  team?: string;
  department?: string;
  status?: 'active' | 'disabled';
  sort?: (typeof peopleSorts)[number];
}

export function validatePeopleSearch(search: Record<string, unknown>): PeopleSearch {
  return {
    q: optionalString(search.q),
    role: optionalString(search.role),
    team: optionalString(search.team),
    department: optionalString(search.department),
    status: optionalOneOf(search.status, ['active', 'disabled'] as const),
    sort: optionalOneOf(search.sort, peopleSorts),
  };
}

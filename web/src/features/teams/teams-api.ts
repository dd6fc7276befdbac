/** Team queries shared by the list and the detail page. */
import { queryOptions } from '@tanstack/react-query';
import { api, must } from '../../api/client';

export const teamsKey = ['teams'] as const;

export function teamQuery(id: string) {
  return queryOptions({
    queryKey: [...teamsKey, 'detail', id],
    queryFn: () => must(api.GET('/api/v1/teams/{id}', { params: { path: { id } } })),
  });
}

export function fetchTeams(query: { q?: string; limit?: number; cursor?: string }) {
  return must(api.GET('/api/v1/teams', { params: { query } }));
}

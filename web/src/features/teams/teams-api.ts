/** Team queries shared by the list and the detail page. */
import { queryOptions, useQuery } from '@tanstack/react-query';
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

/** Filter options: the first 200 teams by name (Select stays searchable). */
export function useTeamOptions(enabled: boolean) {
  const teams = useQuery({ queryKey: [...teamsKey, 'options'], queryFn: () => fetchTeams({ limit: 200 }), enabled, staleTime: 60_000 });
  return (teams.data?.items ?? []).map((t) => ({ value: t.id, label: t.name }));
}

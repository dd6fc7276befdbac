/** Role queries: roles are few, so one request of up to 200 covers them. */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, must } from '../../api/client';

export const rolesKey = ['roles'] as const;

export const allRolesQuery = queryOptions({
  queryKey: [...rolesKey, 'all'],
  queryFn: () => must(api.GET('/api/v1/roles', { params: { query: { limit: 200 } } })),
  staleTime: 60_000,
});

export const permissionsQuery = queryOptions({
  queryKey: ['permissions'],
  queryFn: () => must(api.GET('/api/v1/permissions')),
  staleTime: Infinity,
});

/** Roles as select options; empty (and not requested) when the user cannot read roles. */
export function useRoleOptions(enabled: boolean) {
  const roles = useQuery({ ...allRolesQuery, enabled });
  return (roles.data?.items ?? []).map((r) => ({ value: r.id, label: r.name }));
}

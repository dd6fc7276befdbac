/** Business calendar and SLA policy queries shared by the SLA admin pages. */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, must } from '../../api/client';

export const calendarsKey = ['business-calendars'] as const;
export const policiesKey = ['sla-policies'] as const;

export function calendarQuery(id: string) {
  return queryOptions({
    queryKey: [...calendarsKey, 'detail', id],
    queryFn: () => must(api.GET('/api/v1/business-calendars/{id}', { params: { path: { id } } })),
  });
}

export function fetchCalendars(query: { limit?: number; cursor?: string }) {
  return must(api.GET('/api/v1/business-calendars', { params: { query } }));
}

export function policyQuery(id: string) {
  return queryOptions({
    queryKey: [...policiesKey, 'detail', id],
    queryFn: () => must(api.GET('/api/v1/sla-policies/{id}', { params: { path: { id } } })),
  });
}

export function fetchPolicies(query: { limit?: number; cursor?: string }) {
  return must(api.GET('/api/v1/sla-policies', { params: { query } }));
}

/** Calendar options for a policy: the first 200 by name. */
export function useCalendarOptions() {
  const calendars = useQuery({ queryKey: [...calendarsKey, 'options'], queryFn: () => fetchCalendars({ limit: 200 }), staleTime: 60_000 });
  return (calendars.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }));
}

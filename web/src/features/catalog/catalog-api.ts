/** Catalogue, approval and fulfilment-task queries shared by the portal, the ticket pages and the admin. */
import { queryOptions } from '@tanstack/react-query';
import { api, must } from '../../api/client';

export const catalogKey = ['catalog'] as const;
export const approvalsKey = ['approvals'] as const;

export function fetchCatalogItems(query: { q?: string; includeInactive?: boolean; limit?: number; cursor?: string }) {
  return must(
    api.GET('/api/v1/catalog-items', {
      params: { query: { q: query.q, includeInactive: query.includeInactive ? 'true' : undefined, limit: query.limit, cursor: query.cursor } },
    }),
  );
}

/** One catalogue item with its form, approval chain and task templates. */
export function catalogItemQuery(id: string) {
  return queryOptions({
    queryKey: [...catalogKey, 'detail', id],
    queryFn: () => must(api.GET('/api/v1/catalog-items/{id}', { params: { path: { id } } })),
    staleTime: 30_000,
  });
}

/** The approvals asked of me that still wait for my decision (the inbox and its navbar count). */
export const myPendingApprovalsQuery = queryOptions({
  queryKey: [...approvalsKey, 'mine', 'pending'],
  queryFn: () => must(api.GET('/api/v1/approvals', { params: { query: { state: 'pending', limit: 200 } } })),
  staleTime: 30_000,
});

/** A request's approvals, every level (whoever may see the ticket). */
export function ticketApprovalsQuery(ticketKey: string) {
  return queryOptions({
    queryKey: [...approvalsKey, 'ticket', ticketKey.toUpperCase()],
    queryFn: () => must(api.GET('/api/v1/approvals', { params: { query: { ticket: ticketKey, limit: 200 } } })),
  });
}

/** A request's fulfilment tasks in order. */
export function ticketTasksQuery(ticketKey: string) {
  return queryOptions({
    queryKey: ['tickets', 'tasks', ticketKey.toUpperCase()],
    queryFn: () => must(api.GET('/api/v1/tickets/{id}/tasks', { params: { path: { id: ticketKey } } })),
  });
}

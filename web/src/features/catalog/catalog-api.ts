/** Catalogue, approval and fulfilment-task queries shared by the portal, the ticket pages and the admin. */
import { queryOptions } from '@tanstack/react-query';
import { api, must } from '../../api/client';
import type { PickerOption } from '../../components/entity-picker';

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

/** The configuration items a form question offers, as picker options "Name (CI-42) · Class". */
export function ciOptionSearch(itemId: string, key: string, requesterId?: string | null) {
  return async (q: string): Promise<PickerOption[]> => {
    const page = await must(
      api.GET('/api/v1/catalog-items/{id}/fields/{key}/options', { params: { path: { id: itemId, key }, query: { q: q || undefined, limit: 20, requesterId: requesterId ?? undefined } } }),
    );
    return page.items.map((o) => ({ value: o.id, label: `${o.name} (${o.key}) · ${o.className}` }));
  };
}

/** One answered configuration item, by name, as the question offers it (empty when it no longer does). */
export function ciAnswerQuery(itemId: string, key: string, id: string) {
  return queryOptions({
    queryKey: [...catalogKey, 'ci-answer', itemId, key, id],
    queryFn: () => must(api.GET('/api/v1/catalog-items/{id}/fields/{key}/options', { params: { path: { id: itemId, key }, query: { id, limit: 1 } } })),
    staleTime: 60_000,
  });
}

/** Every configuration-item class (key and name), for the form builder's class choice. */
export const ciClassOptionsQuery = queryOptions({
  queryKey: ['cmdb', 'classes', 'options'],
  queryFn: async () => (await must(api.GET('/api/v1/ci-classes', { params: { query: { limit: 200 } } }))).items.map((c) => ({ value: c.key, label: c.name })),
  staleTime: 60_000,
});

/** Ticket queries shared by the agent console, the ticket page and the portal. */
import { queryOptions, useQueryClient } from '@tanstack/react-query';
import { api, must } from '../../api/client';
import type { TicketDetail, TicketsQuery } from '../../api/types';
import type { PickerOption } from '../../components/entity-picker';

export const ticketsKey = ['tickets'] as const;

/** One ticket by its key (INC-12) or id. */
export function ticketQuery(key: string) {
  return queryOptions({
    queryKey: [...ticketsKey, 'detail', key.toUpperCase()],
    queryFn: () => must(api.GET('/api/v1/tickets/{id}', { params: { path: { id: key } } })),
  });
}

export function fetchTickets(query: TicketsQuery) {
  return must(api.GET('/api/v1/tickets', { params: { query } }));
}

/** Rows per conversation request: a long thread still loads in a few. */
export const conversationPageSize = 100;

export function fetchComments(key: string, cursor: string | undefined) {
  return must(api.GET('/api/v1/tickets/{id}/comments', { params: { path: { id: key }, query: { limit: conversationPageSize, cursor } } }));
}

export function fetchHistory(key: string, cursor: string | undefined) {
  return must(api.GET('/api/v1/tickets/{id}/history', { params: { path: { id: key }, query: { limit: conversationPageSize, cursor } } }));
}

const keyPattern = /^[a-z]{2,5}-\d{1,9}$/i;

/**
 * Picker search over tickets: a key (INC-12) finds that ticket, other text searches open tickets'
 * titles and conversations. Options are "INC-12 · Printer jams", valued by key.
 */
export async function searchTicketOptions(q: string): Promise<PickerOption[]> {
  const text = q.trim();
  const option = (t: { key: string; title: string }) => ({ value: t.key, label: `${t.key} · ${t.title}` });
  if (keyPattern.test(text)) {
    const found = await must(api.GET('/api/v1/tickets/{id}', { params: { path: { id: text } } })).catch(() => null);
    return found ? [option(found)] : [];
  }
  const page = await fetchTickets({ q: text || undefined, view: 'open', limit: 20, sort: text ? 'relevance' : '-updatedAt' });
  return page.items.map(option);
}

/** Stores a ticket the server just answered with, and marks every list (and its history) stale. */
export function useTicketSaved() {
  const queryClient = useQueryClient();
  return (saved: TicketDetail) => {
    queryClient.setQueryData(ticketQuery(saved.key).queryKey, saved);
    void queryClient.invalidateQueries({ queryKey: [...ticketsKey, 'list'] });
    void queryClient.invalidateQueries({ queryKey: [...ticketsKey, 'history', saved.key] });
    void queryClient.invalidateQueries({ queryKey: [...ticketsKey, 'comments', saved.key] });
  };
}

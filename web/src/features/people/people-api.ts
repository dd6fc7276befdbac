/** People queries shared by the list, the detail page and the pickers. */
import { queryOptions } from '@tanstack/react-query';
import { api, must } from '../../api/client';
import type { PeopleQuery } from '../../api/types';
import type { PickerOption } from '../../components/entity-picker';

export const peopleKey = ['people'] as const;

export function personQuery(id: string) {
  return queryOptions({
    queryKey: [...peopleKey, 'detail', id],
    queryFn: () => must(api.GET('/api/v1/people/{id}', { params: { path: { id } } })),
  });
}

export function fetchPeople(query: PeopleQuery) {
  return must(api.GET('/api/v1/people', { params: { query } }));
}

/** A colleague as the directory shows them (every signed-in person may read it). */
export function directoryEntryQuery(id: string) {
  return queryOptions({
    queryKey: [...peopleKey, 'directory', id],
    queryFn: () => must(api.GET('/api/v1/people/directory/{id}', { params: { path: { id } } })),
  });
}

/** Picker search over the directory (for people without people:read, e.g. requesters): "Name <email>". */
export async function searchDirectoryOptions(q: string): Promise<PickerOption[]> {
  const page = await must(api.GET('/api/v1/people/directory', { params: { query: { q: q || undefined, limit: 20 } } }));
  return page.items.map((p) => ({ value: p.id, label: `${p.name} <${p.email}>` }));
}

/** Picker search over people: "Name <email>" options. */
export async function searchPeopleOptions(q: string): Promise<PickerOption[]> {
  const page = await fetchPeople({ q: q || undefined, limit: 20, sort: 'name' });
  return page.items.map((p) => ({ value: p.id, label: `${p.name} <${p.email}>` }));
}

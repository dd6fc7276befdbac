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

/** Picker search over people: "Name <email>" options. */
export async function searchPeopleOptions(q: string): Promise<PickerOption[]> {
  const page = await fetchPeople({ q: q || undefined, limit: 20, sort: 'name' });
  return page.items.map((p) => ({ value: p.id, label: `${p.name} <${p.email}>` }));
}

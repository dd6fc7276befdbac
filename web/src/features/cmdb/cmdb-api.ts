/** CMDB queries shared by the item list, the item page, the class admin and the ticket page. */
import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, must } from '../../api/client';
import type { CiClass, CiQuery, ConfigurationItem } from '../../api/types';
import type { PickerOption } from '../../components/entity-picker';

export const cmdbKey = ['cmdb'] as const;

/** The list's query: the declared filters plus `attr.<key>` filters on the class's attributes. */
export type CiListQuery = CiQuery & { [filter: `attr.${string}`]: string | undefined };

export function fetchCis(query: CiListQuery) {
  // `attr.<key>` parameters are not in the typed query (the API accepts any attribute of the class).
  return must(api.GET('/api/v1/configuration-items', { params: { query: query as CiQuery } }));
}

/** One item by its key (CI-42) or id. */
export function ciQuery(key: string) {
  return queryOptions({
    queryKey: [...cmdbKey, 'ci', key.toUpperCase()],
    queryFn: () => must(api.GET('/api/v1/configuration-items/{id}', { params: { path: { id: key } } })),
  });
}

/** Every class of the organisation (built-in and custom), by name. */
export const ciClassesQuery = queryOptions({
  queryKey: [...cmdbKey, 'classes', 'all'],
  queryFn: async (): Promise<CiClass[]> => {
    const all: CiClass[] = [];
    let cursor: string | undefined;
    do {
      const page = await must(api.GET('/api/v1/ci-classes', { params: { query: { limit: 200, cursor } } }));
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return all.sort((a, b) => a.name.localeCompare(b.name));
  },
  staleTime: 60_000,
});

/** The classes (undefined while loading) and a lookup by key. */
export function useCiClasses(enabled = true) {
  const classes = useQuery({ ...ciClassesQuery, enabled });
  const byKey = new Map((classes.data ?? []).map((c) => [c.key, c]));
  return { classes: classes.data, byKey, error: classes.error, refetch: () => void classes.refetch() };
}

/** The class of an item with every attribute its items have (undefined while the classes load). */
export function useClassOf(ci: Pick<ConfigurationItem, 'class'>): CiClass | undefined {
  return useCiClasses().byKey.get(ci.class.key);
}

/** The classes as select options, valued by key. */
export function classOptions(classes: readonly CiClass[] | undefined): PickerOption[] {
  return (classes ?? []).map((c) => ({ value: c.key, label: c.name }));
}

/** One class by key or id, with every attribute its items have. */
export function ciClassQuery(key: string) {
  return queryOptions({
    queryKey: [...cmdbKey, 'classes', 'detail', key],
    queryFn: () => must(api.GET('/api/v1/ci-classes/{id}', { params: { path: { id: key } } })),
  });
}

/** How an item reads in pickers: "CI-12 · web-01 (Server)", valued by id. */
export function ciOption(ci: Pick<ConfigurationItem, 'id' | 'key' | 'name' | 'class'>): PickerOption {
  return { value: ci.id, label: `${ci.key} · ${ci.name} (${ci.class.name})` };
}

const ciKeyPattern = /^ci-\d{1,15}$/i;

/** Picker search over items (of a class and those below it, when given): a key finds that item, other text searches names, keys, tags. */
export function searchCiOptions(classKey?: string) {
  return async (q: string): Promise<PickerOption[]> => {
    const text = q.trim();
    if (ciKeyPattern.test(text)) {
      const found = await must(api.GET('/api/v1/configuration-items/{id}', { params: { path: { id: text } } })).catch(() => null);
      if (found) return [ciOption(found)];
    }
    const page = await fetchCis({ q: text || undefined, class: classKey, limit: 20, sort: text ? 'name' : '-updatedAt' });
    return page.items.map(ciOption);
  };
}

/** Stores an item the server just answered with, and marks lists and its history stale. */
export function useCiSaved() {
  const queryClient = useQueryClient();
  return (saved: ConfigurationItem) => {
    queryClient.setQueryData(ciQuery(saved.key).queryKey, saved);
    void queryClient.invalidateQueries({ queryKey: [...cmdbKey, 'list'] });
    void queryClient.invalidateQueries({ queryKey: [...cmdbKey, 'history', saved.key] });
  };
}

/** Category queries shared by the categories page, the ticket forms and the list filters. */
import { useQuery } from '@tanstack/react-query';
import { api, must } from '../../api/client';

export const categoriesKey = ['categories'] as const;

export function fetchCategories(query: { includeInactive?: boolean; limit?: number; cursor?: string }) {
  return must(
    api.GET('/api/v1/categories', {
      params: { query: { includeInactive: query.includeInactive ? 'true' : undefined, limit: query.limit, cursor: query.cursor } },
    }),
  );
}

/** How deep a category sits (0 for a root), read from its path. */
export function depthOf(path: string): number {
  return path.split(' / ').length - 1;
}

/**
 * Categories as select options labelled by path ("Hardware / Printers"), the first 200 in tree order.
 * `keep` adds a category that is no longer offered (inactive) so a ticket's current one still shows.
 */
export function useCategoryOptions(enabled = true, keep?: { id: string; path: string } | null) {
  const categories = useQuery({ queryKey: [...categoriesKey, 'options'], queryFn: () => fetchCategories({ limit: 200 }), enabled, staleTime: 60_000 });
  const options = (categories.data?.items ?? []).map((c) => ({ value: c.id, label: c.path }));
  if (keep && !options.some((o) => o.value === keep.id)) options.unshift({ value: keep.id, label: keep.path });
  return options;
}

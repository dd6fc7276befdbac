/** The catalogue page's URL search: the search text. */
export interface CatalogSearch {
  q?: string;
}

export function validateCatalogSearch(search: Record<string, unknown>): CatalogSearch {
  return { q: typeof search.q === 'string' && search.q.trim() ? search.q.slice(0, 200) : undefined };
}

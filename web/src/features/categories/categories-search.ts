/** The categories page's URL search parameters: whether inactive categories are listed too. */
import { optionalFlag } from '../../routes/search-params';

export interface CategoriesSearch {
  inactive?: boolean;
}

export function validateCategoriesSearch(search: Record<string, unknown>): CategoriesSearch {
  return { inactive: optionalFlag(search.inactive) };
}

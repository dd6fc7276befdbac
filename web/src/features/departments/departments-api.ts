/** Department queries shared by the departments page and the department pickers. */
import { useQuery } from '@tanstack/react-query';
import { api, must } from '../../api/client';
import type { PickerOption } from '../../components/entity-picker';

export const departmentsKey = ['departments'] as const;

export function fetchDepartments(query: { q?: string; limit?: number; cursor?: string }) {
  return must(api.GET('/api/v1/departments', { params: { query } }));
}

/** Picker search over departments. */
export async function searchDepartmentOptions(q: string): Promise<PickerOption[]> {
  const page = await fetchDepartments({ q: q || undefined, limit: 20 });
  return page.items.map((d) => ({ value: d.id, label: d.name }));
}

/** Filter options: the first 200 departments by name (Select stays searchable). */
export function useDepartmentOptions(enabled: boolean) {
  const departments = useQuery({ queryKey: [...departmentsKey, 'options'], queryFn: () => fetchDepartments({ limit: 200 }), enabled, staleTime: 60_000 });
  return (departments.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }));
}

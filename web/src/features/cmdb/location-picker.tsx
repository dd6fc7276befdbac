/** Picks a location (site, building, floor, room or rack) by its path; the value is its id. */
import type { ReactNode } from 'react';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api/client';
import { EntityPicker, type PickerOption } from '../../components/entity-picker';
import { cmdbKey } from './cmdb-api';

export function locationQuery(id: string) {
  return queryOptions({
    queryKey: [...cmdbKey, 'locations', 'detail', id],
    queryFn: () => must(api.GET('/api/v1/locations/{id}', { params: { path: { id } } })),
    staleTime: 60_000,
  });
}

async function searchLocations(q: string): Promise<PickerOption[]> {
  const page = await must(api.GET('/api/v1/locations', { params: { query: { q: q || undefined, limit: 20 } } }));
  return page.items.map((l) => ({ value: l.id, label: l.path }));
}

interface LocationPickerProps {
  value: string | null;
  onChange: (id: string | null) => void;
  /** The path the record shows, so it reads before any search. */
  currentPath?: string;
  error?: ReactNode;
}

export function LocationPicker({ value, onChange, currentPath, error }: LocationPickerProps) {
  const { t } = useTranslation();
  const loaded = useQuery({ ...locationQuery(value ?? ''), enabled: value !== null });
  const label = loaded.data?.path ?? currentPath;
  return (
    <EntityPicker
      label={t('cmdb.fields.location')}
      kind="locations"
      search={searchLocations}
      value={value}
      selected={value && label ? { value, label } : null}
      onChange={(option) => onChange(option?.value ?? null)}
      placeholder={t('cmdb.noLocation')}
      error={error}
      clearable
    />
  );
}

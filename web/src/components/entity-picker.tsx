/**
 * A searchable select whose options come from the server as the user types (people, departments, teams),
 * so it stays usable however many records there are.
 */
import { useState } from 'react';
import { Select, type OptionsFilter } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';

export interface PickerOption {
  value: string;
  label: string;
}

interface EntityPickerProps {
  label: string;
  /** Distinguishes this picker's cached searches, e.g. `people`. */
  kind: string;
  search: (q: string) => Promise<PickerOption[]>;
  value: string | null;
  /** The currently chosen option, so its label shows before any search ran. */
  selected?: PickerOption | null;
  onChange: (option: PickerOption | null) => void;
  placeholder?: string;
  clearable?: boolean;
  error?: React.ReactNode;
  description?: string;
  /** Ids to leave out (e.g. people already in the team). */
  exclude?: string[];
  required?: boolean;
}

/** The server already filtered the options; Mantine must not filter them again by label. */
const noFilter: OptionsFilter = ({ options }) => options;

export function EntityPicker(props: EntityPickerProps) {
  const { t } = useTranslation();
  const [searchText, setSearchText] = useState('');
  const [q] = useDebouncedValue(searchText, 250);
  const result = useQuery({
    queryKey: ['picker', props.kind, q],
    queryFn: () => props.search(q),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const exclude = new Set(props.exclude ?? []);
  const options = (result.data ?? []).filter((o) => !exclude.has(o.value));
  const selected = props.selected && props.value === props.selected.value ? props.selected : null;
  if (selected && !options.some((o) => o.value === selected.value)) options.unshift(selected);
  return (
    <Select
      label={props.label}
      description={props.description}
      placeholder={props.placeholder ?? t('common.typeToSearch')}
      searchable
      clearable={props.clearable}
      data={options}
      value={props.value}
      searchValue={searchText}
      onSearchChange={setSearchText}
      filter={noFilter}
      nothingFoundMessage={result.isFetching ? t('common.loading') : t('common.nothingFound')}
      onChange={(value) => props.onChange(options.find((o) => o.value === value) ?? null)}
      error={props.error}
      required={props.required}
    />
  );
}

/**
 * Picks a configuration item by key or name (of one class and those below it, when given). The value
 * is the item's id; an item chosen earlier shows by its key and name before any search runs.
 */
import { useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { EntityPicker, type PickerOption } from '../../components/entity-picker';
import { ciOption, ciQuery, searchCiOptions } from './cmdb-api';

interface CiPickerProps {
  label: string;
  value: string | null;
  onChange: (option: PickerOption | null) => void;
  /** Only items of this class (key) or one below it. */
  classKey?: string;
  /** Ids to leave out (the item itself, items already chosen). */
  exclude?: string[];
  error?: ReactNode;
  description?: string;
  placeholder?: string;
  required?: boolean;
  clearable?: boolean;
}

export function CiPicker({ label, value, onChange, classKey, exclude, error, description, placeholder, required, clearable = true }: CiPickerProps) {
  const [chosen, setChosen] = useState<PickerOption | null>(null);
  const known = chosen?.value === value ? chosen : null;
  const loaded = useQuery({ ...ciQuery(value ?? ''), enabled: value !== null && known === null, retry: false, staleTime: 60_000 });
  const selected = known ?? (loaded.data ? ciOption(loaded.data) : value ? { value, label: value } : null);
  return (
    <EntityPicker
      label={label}
      kind={`cis-${classKey ?? 'all'}`}
      search={searchCiOptions(classKey)}
      value={value}
      selected={selected}
      onChange={(option) => {
        setChosen(option);
        onChange(option);
      }}
      exclude={exclude}
      error={error}
      description={description}
      placeholder={placeholder}
      required={required}
      clearable={clearable}
    />
  );
}

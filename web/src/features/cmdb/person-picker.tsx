/**
 * Picks a person by name or e-mail: from the people list for those who may read it, else from the
 * organisation's directory (every signed-in person may search colleagues). The value is the person's id.
 */
import { useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { EntityPicker, type PickerOption } from '../../components/entity-picker';
import { useCan } from '../../session/session-query';
import { directoryEntryQuery, personQuery, searchDirectoryOptions, searchPeopleOptions } from '../people/people-api';

interface PersonPickerProps {
  label: string;
  value: string | null;
  onChange: (id: string | null) => void;
  /** The person as the record names them, so they show before any search. */
  current?: { id: string; name: string; email: string } | null;
  error?: ReactNode;
  description?: string;
  placeholder?: string;
  required?: boolean;
}

export function PersonPicker({ label, value, onChange, current, error, description, placeholder, required }: PersonPickerProps) {
  const can = useCan();
  const full = can('people:read');
  const [chosen, setChosen] = useState<PickerOption | null>(null);
  const known = chosen?.value === value ? chosen : current && current.id === value ? { value, label: `${current.name} <${current.email}>` } : null;
  const lookup = value !== null && known === null;
  const person = useQuery({ ...personQuery(value ?? ''), enabled: lookup && full, retry: false, staleTime: 60_000 });
  const colleague = useQuery({ ...directoryEntryQuery(value ?? ''), enabled: lookup && !full, retry: false, staleTime: 60_000 });
  const found = full ? person.data : colleague.data;
  const selected = known ?? (found && value ? { value, label: `${found.name} <${found.email}>` } : value ? { value, label: value } : null);
  return (
    <EntityPicker
      label={label}
      kind={full ? 'people' : 'directory'}
      search={full ? searchPeopleOptions : searchDirectoryOptions}
      value={value}
      selected={selected}
      onChange={(option) => {
        setChosen(option);
        onChange(option?.value ?? null);
      }}
      error={error}
      description={description}
      placeholder={placeholder}
      required={required}
      clearable
    />
  );
}

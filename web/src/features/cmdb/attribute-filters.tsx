/**
 * Filters on the chosen class's attributes (`attr.<key>` in the URL and the API), one input per
 * attribute, each by its type: typed values commit when typing pauses, picks at once.
 */
import { useEffect, useState } from 'react';
import { Fieldset, Group, Select, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import type { CiAttribute, CiClass } from '../../api/types';
import { CiPicker } from './ci-picker';
import { choiceLabel } from './cmdb-vocabulary';
import { PersonPicker } from './person-picker';

interface AttributeFiltersProps {
  ciClass: CiClass;
  values: Map<string, string>;
  onChange: (key: string, value: string | undefined) => void;
  /** The server's problems with the filters, by attribute key. */
  errors: Map<string, string>;
}

/** A typed filter: shows keystrokes at once, commits once typing pauses (or on Enter). */
function DraftInput({ label, type, value, onCommit, error }: { label: string; type: 'text' | 'number'; value: string | undefined; onCommit: (value: string | undefined) => void; error?: string }) {
  const [draft, setDraft] = useState(value ?? '');
  const commit = useDebouncedCallback((text: string) => onCommit(text.trim() || undefined), 400);
  useEffect(() => setDraft(value ?? ''), [value]);
  return (
    <TextInput
      label={label}
      inputMode={type === 'number' ? 'decimal' : undefined}
      value={draft}
      onChange={(event) => {
        setDraft(event.currentTarget.value);
        commit(event.currentTarget.value);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Enter') {
          commit.cancel();
          onCommit(draft.trim() || undefined);
        }
      }}
      error={error}
      w={180}
    />
  );
}

interface AttributeFilterProps {
  attribute: CiAttribute;
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  error?: string;
}

function AttributeFilter({ attribute, value, onChange, error }: AttributeFilterProps) {
  const { t } = useTranslation();
  const label = attribute.label;
  switch (attribute.type) {
    case 'text':
    case 'number':
      return <DraftInput label={label} type={attribute.type} value={value} onCommit={onChange} error={error} />;
    case 'date':
      return <TextInput type="date" label={label} value={value ?? ''} onChange={(e) => onChange(e.currentTarget.value || undefined)} error={error} w={170} />;
    case 'boolean':
      return (
        <Select
          label={label}
          placeholder={t('common.any')}
          data={[
            { value: 'true', label: t('cmdb.yes') },
            { value: 'false', label: t('cmdb.no') },
          ]}
          value={value ?? null}
          onChange={(v) => onChange(v ?? undefined)}
          clearable
          w={140}
        />
      );
    case 'choice':
      return (
        <Select
          label={label}
          placeholder={t('common.any')}
          data={(attribute.choices ?? []).map((c) => ({ value: c, label: choiceLabel(c) }))}
          value={value ?? null}
          onChange={(v) => onChange(v ?? undefined)}
          searchable
          clearable
          w={180}
        />
      );
    case 'person':
      return <PersonPicker label={label} value={value ?? null} onChange={(id) => onChange(id ?? undefined)} placeholder={t('common.any')} />;
    case 'ci':
      return <CiPicker label={label} value={value ?? null} classKey={attribute.ciClass} onChange={(option) => onChange(option?.value)} placeholder={t('common.any')} />;
  }
}

export function AttributeFilters({ ciClass, values, onChange, errors }: AttributeFiltersProps) {
  const { t } = useTranslation();
  if (ciClass.attributes.length === 0) return null;
  return (
    <Fieldset legend={t('cmdb.filters.attributesOf', { name: ciClass.name })} variant="filled" p="sm">
      <Group align="flex-end" gap="sm">
        {ciClass.attributes.map((attribute) => (
          <AttributeFilter key={attribute.key} attribute={attribute} value={values.get(attribute.key)} error={errors.get(attribute.key)} onChange={(value) => onChange(attribute.key, value)} />
        ))}
      </Group>
    </Fieldset>
  );
}

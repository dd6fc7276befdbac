/**
 * One of a class's typed attributes as a form input: text (with its pattern and length), number (with
 * its range), date, yes/no, a choice, a person or another configuration item (of the class it names).
 */
import type { ReactNode } from 'react';
import { NumberInput, Select, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CiAttribute } from '../../api/types';
import { CiPicker } from './ci-picker';
import type { AttributeDraft } from './ci-draft';
import { choiceLabel } from './cmdb-vocabulary';
import { PersonPicker } from './person-picker';

interface AttributeInputProps {
  attribute: CiAttribute;
  value: AttributeDraft;
  onChange: (value: AttributeDraft) => void;
  error?: ReactNode;
  /** The item being edited, left out of its own CI pickers. */
  selfId?: string;
}

/** The attribute's help and the limits the server checks, as one hint. */
function useHint(attribute: CiAttribute): string | undefined {
  const { t } = useTranslation();
  const parts = [attribute.help];
  if (attribute.type === 'number') {
    if (attribute.min !== undefined && attribute.max !== undefined) parts.push(t('cmdb.attributes.between', { min: attribute.min, max: attribute.max }));
    else if (attribute.min !== undefined) parts.push(t('cmdb.attributes.atLeast', { min: attribute.min }));
    else if (attribute.max !== undefined) parts.push(t('cmdb.attributes.atMost', { max: attribute.max }));
    if (attribute.integer) parts.push(t('cmdb.attributes.wholeNumber'));
  }
  if (attribute.type === 'text' && attribute.pattern && !attribute.help) parts.push(t('cmdb.attributes.pattern', { pattern: attribute.pattern }));
  const text = parts.filter(Boolean).join(' ');
  return text || undefined;
}

export function AttributeInput({ attribute, value, onChange, error, selfId }: AttributeInputProps) {
  const { t } = useTranslation();
  const description = useHint(attribute);
  const common = { label: attribute.label, description, required: attribute.required, error };
  switch (attribute.type) {
    case 'text':
      return <TextInput {...common} value={typeof value === 'string' ? value : ''} maxLength={attribute.maxLength} onChange={(e) => onChange(e.currentTarget.value)} />;
    case 'number':
      return (
        <NumberInput
          {...common}
          value={typeof value === 'number' ? value : ''}
          min={attribute.min}
          max={attribute.max}
          allowDecimal={!attribute.integer}
          onChange={(v) => onChange(v === '' ? '' : typeof v === 'number' ? v : Number(v))}
        />
      );
    case 'date':
      return <TextInput {...common} type="date" value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.currentTarget.value)} />;
    case 'boolean':
      return (
        <Select
          {...common}
          placeholder={t('cmdb.attributes.notSet')}
          data={[
            { value: 'true', label: t('cmdb.yes') },
            { value: 'false', label: t('cmdb.no') },
          ]}
          value={typeof value === 'boolean' ? String(value) : null}
          onChange={(v) => onChange(v === null ? null : v === 'true')}
          clearable={!attribute.required}
        />
      );
    case 'choice':
      return (
        <Select
          {...common}
          placeholder={t('cmdb.attributes.notSet')}
          data={(attribute.choices ?? []).map((c) => ({ value: c, label: choiceLabel(c) }))}
          value={typeof value === 'string' && value ? value : null}
          onChange={(v) => onChange(v)}
          searchable
          clearable={!attribute.required}
        />
      );
    case 'person':
      return <PersonPicker {...common} value={typeof value === 'string' && value ? value : null} onChange={(id) => onChange(id)} />;
    case 'ci':
      return (
        <CiPicker
          {...common}
          value={typeof value === 'string' && value ? value : null}
          classKey={attribute.ciClass}
          exclude={selfId ? [selfId] : undefined}
          onChange={(option) => onChange(option?.value ?? null)}
        />
      );
  }
}

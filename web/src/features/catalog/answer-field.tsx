/**
 * One question of a catalogue item's form, rendered by its type: text, number, choice (a select), date
 * (the browser's date input, YYYY-MM-DD), person (a search of the organisation's directory, which
 * requesters may read) or configuration item (a search of the items the question offers, e.g. the
 * requester's own laptops). Hints say the limits the server
 * checks; `error` is the client's check or the server's `values.<key>` problem.
 */
import { useState } from 'react';
import { NumberInput, Select, TextInput } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { FormField } from '../../api/types';
import { EntityPicker, type PickerOption } from '../../components/entity-picker';
import { searchDirectoryOptions } from '../people/people-api';
import { ciOptionSearch } from './catalog-api';

export type Answer = string | number | null;

interface AnswerFieldProps {
  /** The catalogue item the form belongs to (configuration-item questions search its offer). */
  itemId: string;
  /** Whose request it is, when the service desk requests on someone's behalf. */
  requesterId?: string | null;
  field: FormField;
  value: Answer;
  onChange: (value: Answer) => void;
  error?: React.ReactNode;
  autoFocus?: boolean;
}

/** What the user should know before typing: the item's help text and the field's limits. */
function hintOf(field: FormField, t: TFunction): string | undefined {
  const parts = [field.help];
  if (field.type === 'text' && field.maxLength) parts.push(t('catalog.form.maxLength', { count: field.maxLength }));
  if (field.type === 'number' && field.min !== undefined && field.max !== undefined) parts.push(t('catalog.form.between', { min: field.min, max: field.max }));
  else if (field.type === 'number' && field.min !== undefined) parts.push(t('catalog.form.atLeast', { min: field.min }));
  else if (field.type === 'number' && field.max !== undefined) parts.push(t('catalog.form.atMost', { max: field.max }));
  const text = parts.filter(Boolean).join(' ');
  return text || undefined;
}

/** The client-side check of one answer, mirroring the server's; null when it is fine. */
export function checkAnswer(field: FormField, value: Answer, t: TFunction): string | null {
  const empty = value === null || (typeof value === 'string' && value.trim() === '');
  if (empty) return field.required ? t('catalog.form.required') : null;
  if (field.type === 'text' && typeof value === 'string') {
    if (field.maxLength && value.trim().length > field.maxLength) return t('catalog.form.tooLong', { count: field.maxLength });
    if (field.pattern) {
      try {
        if (!new RegExp(`^(?:${field.pattern})$`, 'u').test(value.trim())) return t('catalog.form.pattern');
      } catch {
        return null;
      }
    }
  }
  if (field.type === 'number') {
    const n = Number(value);
    if (!Number.isFinite(n)) return t('catalog.form.notNumber');
    if (field.min !== undefined && n < field.min) return t('catalog.form.atLeast', { min: field.min });
    if (field.max !== undefined && n > field.max) return t('catalog.form.atMost', { max: field.max });
  }
  return null;
}

export function AnswerField({ itemId, requesterId, field, value, onChange, error, autoFocus }: AnswerFieldProps) {
  const { t } = useTranslation();
  const [person, setPerson] = useState<PickerOption | null>(null);
  const common = { label: field.label, description: hintOf(field, t), required: field.required, error, autoFocus };
  switch (field.type) {
    case 'number':
      return (
        <NumberInput
          {...common}
          value={value ?? ''}
          min={field.min}
          max={field.max}
          onChange={(v) => onChange(v === '' ? null : typeof v === 'number' ? v : Number(v))}
          allowDecimal
        />
      );
    case 'choice':
      return (
        <Select
          {...common}
          data={field.options ?? []}
          value={typeof value === 'string' ? value : null}
          onChange={(v) => onChange(v)}
          clearable={!field.required}
          searchable={(field.options?.length ?? 0) > 8}
          placeholder={t('catalog.form.choose')}
        />
      );
    case 'date':
      return <TextInput {...common} type="date" value={typeof value === 'string' ? value : ''} onChange={(event) => onChange(event.currentTarget.value || null)} w={220} />;
    case 'person':
      return (
        <div>
          <EntityPicker
            label={field.label}
            description={common.description}
            kind="people"
            search={searchDirectoryOptions}
            value={typeof value === 'string' ? value : null}
            selected={person}
            onChange={(option) => {
              setPerson(option);
              onChange(option?.value ?? null);
            }}
            clearable
            error={error}
            required={field.required}
          />
        </div>
      );
    case 'ci':
      return (
        <EntityPicker
          label={field.label}
          description={common.description}
          kind={`ci-${itemId}-${field.key}-${requesterId ?? 'me'}`}
          search={ciOptionSearch(itemId, field.key, requesterId)}
          value={typeof value === 'string' ? value : null}
          selected={person}
          onChange={(option) => {
            setPerson(option);
            onChange(option?.value ?? null);
          }}
          clearable
          error={error}
          required={field.required}
        />
      );
    default:
      return (
        <TextInput
          {...common}
          value={typeof value === 'string' ? value : ''}
          onChange={(event) => onChange(event.currentTarget.value)}
          maxLength={field.maxLength}
        />
      );
  }
}

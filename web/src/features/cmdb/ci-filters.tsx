/** The CI list's filters: class, status, environment, criticality, tag and the class's attributes, all kept in the URL. */
import { useEffect, useState } from 'react';
import { Button, Group, MultiSelect, Select, Stack, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/api-error';
import { joinList, listOf } from '../tickets/tickets-search';
import { AttributeFilters } from './attribute-filters';
import { classOptions, useCiClasses } from './cmdb-api';
import { ciStatuses, criticalities, environments } from './cmdb-vocabulary';
import { attributeFiltersOf, clearedAttributeFilters, type CisSearch } from './cis-search';

interface CiFiltersProps {
  search: CisSearch;
  onChange: (patch: Partial<CisSearch>) => void;
  /** Why the server refused the list, if it did: its problems shown on the filters they name. */
  error: unknown;
}

/** The server's problems with `attr.<key>` filters, by attribute key. */
function attributeErrors(error: unknown): Map<string, string> {
  if (!(error instanceof ApiError)) return new Map();
  return new Map(error.problem.errors.filter((e) => e.field.startsWith('attr.')).map((e) => [e.field.slice('attr.'.length), e.message]));
}

const filterKeys = ['class', 'status', 'environment', 'criticality', 'tag'] as const;

/** The tag filter: commits once typing pauses. */
function TagFilter({ value, onChange }: { value: string | undefined; onChange: (tag: string | undefined) => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(value ?? '');
  const commit = useDebouncedCallback((text: string) => onChange(text.trim().toLowerCase() || undefined), 400);
  useEffect(() => setDraft(value ?? ''), [value]);
  return (
    <TextInput
      label={t('cmdb.fields.tag')}
      value={draft}
      onChange={(event) => {
        setDraft(event.currentTarget.value);
        commit(event.currentTarget.value);
      }}
      w={160}
    />
  );
}

export function CiFilters({ search, onChange, error }: CiFiltersProps) {
  const { t } = useTranslation();
  const { classes, byKey } = useCiClasses();
  const chosen = search.class ? byKey.get(search.class) : undefined;
  const attributeValues = attributeFiltersOf(search);
  const active = filterKeys.some((key) => search[key] !== undefined) || attributeValues.size > 0;
  return (
    <Stack gap="sm">
      <Group align="flex-end" gap="sm">
        <Select
          label={t('cmdb.fields.class')}
          placeholder={t('common.any')}
          data={classOptions(classes)}
          value={search.class ?? null}
          onChange={(value) => onChange({ ...clearedAttributeFilters(search), class: value ?? undefined })}
          searchable
          clearable
          w={220}
        />
        <MultiSelect
          label={t('cmdb.fields.status')}
          placeholder={search.status ? undefined : t('common.any')}
          data={ciStatuses.map((value) => ({ value, label: t(`cmdb.statuses.${value}`) }))}
          value={listOf(search.status)}
          onChange={(values) => onChange({ status: joinList(values) })}
          clearable
          w={220}
        />
        <MultiSelect
          label={t('cmdb.fields.environment')}
          placeholder={search.environment ? undefined : t('common.any')}
          data={environments.map((value) => ({ value, label: t(`cmdb.environments.${value}`) }))}
          value={listOf(search.environment)}
          onChange={(values) => onChange({ environment: joinList(values) })}
          clearable
          w={220}
        />
        <MultiSelect
          label={t('cmdb.fields.criticality')}
          placeholder={search.criticality ? undefined : t('common.any')}
          data={criticalities.map((value) => ({ value, label: t(`cmdb.criticalities.${value}`) }))}
          value={listOf(search.criticality)}
          onChange={(values) => onChange({ criticality: joinList(values) })}
          clearable
          w={200}
        />
        <TagFilter value={search.tag} onChange={(tag) => onChange({ tag })} />
        {active && (
          <Button variant="subtle" onClick={() => onChange({ ...clearedAttributeFilters(search), ...Object.fromEntries(filterKeys.map((key) => [key, undefined])) })}>
            {t('cmdb.filters.clear')}
          </Button>
        )}
      </Group>
      {chosen && <AttributeFilters ciClass={chosen} values={attributeValues} errors={attributeErrors(error)} onChange={(key, value) => onChange({ [`attr.${key}`]: value })} />}
    </Stack>
  );
}

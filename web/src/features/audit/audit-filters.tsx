/** The audit log's filters: entity type and id, actor, action, and a date range; all kept in the URL. */
import { useEffect, useState } from 'react';
import { Autocomplete, Group, Select, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { EntityPicker } from '../../components/entity-picker';
import { useCan } from '../../session/session-query';
import { personQuery, searchPeopleOptions } from '../people/people-api';
import { commonActions, entityTypes, type AuditSearch } from './audit-search';

interface AuditFiltersProps {
  search: AuditSearch;
  onChange: (patch: Partial<AuditSearch>) => void;
}

/** A typed filter: shows keystrokes at once, updates the URL (and so the query) once typing pauses. */
function useDraft(value: string | undefined, commit: (value: string | undefined) => void): [string, (text: string) => void] {
  const [draft, setDraft] = useState(value ?? '');
  const debounced = useDebouncedCallback((text: string) => commit(text.trim() || undefined), 400);
  useEffect(() => setDraft(value ?? ''), [value]);
  return [
    draft,
    (text) => {
      setDraft(text);
      debounced(text);
    },
  ];
}

/** The actor filter: a people search when the user may read people, else a plain id field. */
function ActorFilter({ actorId, onChange }: { actorId: string | undefined; onChange: (id: string | undefined) => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const canSearch = can('people:read');
  const actor = useQuery({ ...personQuery(actorId ?? ''), enabled: canSearch && !!actorId, retry: false });
  const [draft, setDraft] = useDraft(actorId, onChange);
  if (!canSearch) {
    return <TextInput label={t('audit.actorId')} value={draft} onChange={(e) => setDraft(e.currentTarget.value)} w={300} />;
  }
  return (
    <EntityPicker
      label={t('audit.actor')}
      kind="people"
      search={searchPeopleOptions}
      value={actorId ?? null}
      selected={actorId ? { value: actorId, label: actor.data ? `${actor.data.name} <${actor.data.email}>` : actorId } : null}
      onChange={(option) => onChange(option?.value)}
      clearable
    />
  );
}

export function AuditFilters({ search, onChange }: AuditFiltersProps) {
  const { t } = useTranslation();
  const [entityId, setEntityId] = useDraft(search.entityId, (value) => onChange({ entityId: value }));
  const [action, setAction] = useDraft(search.action, (value) => onChange({ action: value }));
  return (
    <Group align="flex-end" gap="sm">
      <Select
        label={t('audit.entityType')}
        placeholder={t('common.any')}
        data={entityTypes.map((value) => ({ value, label: t(`audit.entityTypes.${value}`) }))}
        value={search.entityType ?? null}
        onChange={(entityType) => onChange({ entityType: entityType ?? undefined })}
        clearable
        w={180}
      />
      <TextInput label={t('audit.entityId')} value={entityId} onChange={(e) => setEntityId(e.currentTarget.value)} w={300} />
      <ActorFilter actorId={search.actorId} onChange={(actorId) => onChange({ actorId })} />
      <Autocomplete
        label={t('audit.action')}
        placeholder={t('common.any')}
        data={[...commonActions]}
        value={action}
        onChange={setAction}
        w={180}
      />
      <TextInput type="date" label={t('audit.from')} value={search.from ?? ''} max={search.to} onChange={(e) => onChange({ from: e.currentTarget.value || undefined })} w={170} />
      <TextInput type="date" label={t('audit.to')} value={search.to ?? ''} min={search.from} onChange={(e) => onChange({ to: e.currentTarget.value || undefined })} w={170} />
    </Group>
  );
}

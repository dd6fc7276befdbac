/** The agent console's filters: type, status, priority, category, group and assignee, all kept in the URL. */
import { Button, Group, MultiSelect, Select } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { EntityPicker, type PickerOption } from '../../components/entity-picker';
import { useCan } from '../../session/session-query';
import { useCategoryOptions } from '../categories/categories-api';
import { personQuery } from '../people/people-api';
import { useTeamOptions } from '../teams/teams-api';
import { searchAgentOptions } from './ticket-people';
import { joinList, listOf, type TicketsSearch } from './tickets-search';
import { priorities, ticketStatuses, ticketTypes } from './ticket-vocabulary';

interface TicketFiltersProps {
  search: TicketsSearch;
  onChange: (patch: Partial<TicketsSearch>) => void;
}

const filterKeys = ['type', 'status', 'priority', 'category', 'group', 'assignee'] as const;

/** The assignee filter: me, nobody, or an agent found by name. */
function AssigneeFilter({ value, onChange }: { value: string | undefined; onChange: (value: string | undefined) => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const keywords: PickerOption[] = [
    { value: 'me', label: t('tickets.filters.assigneeMe') },
    { value: 'none', label: t('tickets.filters.assigneeNone') },
  ];
  const isPerson = value !== undefined && value !== 'me' && value !== 'none';
  const person = useQuery({ ...personQuery(value ?? ''), enabled: isPerson && can('people:read'), retry: false });
  const selected = keywords.find((k) => k.value === value) ?? (isPerson ? { value, label: person.data?.name ?? t('common.loading') } : null);
  return (
    <EntityPicker
      label={t('tickets.assignee')}
      kind="ticket-assignee-filter"
      search={async (q) => [...(q ? [] : keywords), ...(can('people:read') ? await searchAgentOptions(q) : [])]}
      value={value ?? null}
      selected={selected}
      onChange={(option) => onChange(option?.value)}
      placeholder={t('common.any')}
      clearable
    />
  );
}

export function TicketFilters({ search, onChange }: TicketFiltersProps) {
  const { t } = useTranslation();
  const can = useCan();
  const categoryOptions = useCategoryOptions();
  const teamOptions = useTeamOptions(can('teams:read'));
  const groupOptions = [
    { value: 'me', label: t('tickets.filters.groupMine') },
    { value: 'none', label: t('tickets.filters.groupNone') },
    ...teamOptions,
  ];
  const active = filterKeys.some((key) => search[key] !== undefined);
  return (
    <Group align="flex-end" gap="sm">
      <MultiSelect
        label={t('tickets.type')}
        placeholder={search.type ? undefined : t('common.any')}
        data={ticketTypes.map((value) => ({ value, label: t(`tickets.types.${value}`) }))}
        value={listOf(search.type)}
        onChange={(values) => onChange({ type: joinList(values) })}
        clearable
        w={200}
      />
      <MultiSelect
        label={t('tickets.status')}
        placeholder={search.status ? undefined : t('common.any')}
        data={ticketStatuses.map((value) => ({ value, label: t(`tickets.statuses.${value}`) }))}
        value={listOf(search.status)}
        onChange={(values) => onChange({ status: joinList(values) })}
        clearable
        w={220}
      />
      <MultiSelect
        label={t('tickets.priority')}
        placeholder={search.priority ? undefined : t('common.any')}
        data={priorities.map((p) => ({ value: String(p), label: `P${p} · ${t(`tickets.priorityNames.${p}`)}` }))}
        value={listOf(search.priority)}
        onChange={(values) => onChange({ priority: joinList(values) })}
        clearable
        w={200}
      />
      <Select
        label={t('tickets.category')}
        placeholder={t('common.any')}
        data={categoryOptions}
        value={search.category ?? null}
        onChange={(category) => onChange({ category: category ?? undefined })}
        searchable
        clearable
        w={220}
      />
      <Select
        label={t('tickets.group')}
        placeholder={t('common.any')}
        data={groupOptions}
        value={search.group ?? null}
        onChange={(group) => onChange({ group: group ?? undefined })}
        searchable
        clearable
        w={200}
      />
      <AssigneeFilter value={search.assignee} onChange={(assignee) => onChange({ assignee })} />
      {active && (
        <Button variant="subtle" onClick={() => onChange(Object.fromEntries(filterKeys.map((key) => [key, undefined])))}>
          {t('tickets.filters.clear')}
        </Button>
      )}
    </Group>
  );
}

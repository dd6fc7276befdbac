/**
 * Picks the agent working a ticket: among the assignment group's members when there is a group (the
 * server requires the assignee to belong to it), else among all active agents.
 */
import { useState, type ReactNode } from 'react';
import { Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { EntityPicker, type PickerOption } from '../../components/entity-picker';
import { useCan } from '../../session/session-query';
import { searchAgentOptions, useGroupMemberOptions } from './ticket-people';

interface AssigneeFieldProps {
  groupId: string | null;
  value: string | null;
  /** The current assignee, so their name shows before any search. */
  selected: PickerOption | null;
  onChange: (assigneeId: string | null) => void;
  error?: ReactNode;
}

export function AssigneeField({ groupId, value, selected, onChange, error }: AssigneeFieldProps) {
  const { t } = useTranslation();
  const can = useCan();
  const [chosen, setChosen] = useState<PickerOption | null>(selected);
  const members = useGroupMemberOptions(groupId, can('teams:read'));
  const current = chosen?.value === value ? chosen : selected?.value === value ? selected : null;
  if (groupId && members) {
    const data = current && !members.some((m) => m.value === current.value) ? [current, ...members] : members;
    return (
      <Select
        label={t('tickets.assignee')}
        description={t('tickets.assigneeFromGroup')}
        placeholder={t('tickets.unassigned')}
        data={data}
        value={value}
        onChange={(id) => {
          setChosen(data.find((o) => o.value === id) ?? null);
          onChange(id);
        }}
        nothingFoundMessage={t('tickets.groupHasNoMembers')}
        searchable
        clearable
        error={error}
      />
    );
  }
  return (
    <EntityPicker
      label={t('tickets.assignee')}
      kind="agents"
      search={searchAgentOptions}
      value={value}
      selected={current}
      onChange={(option) => {
        setChosen(option);
        onChange(option?.value ?? null);
      }}
      placeholder={t('tickets.unassigned')}
      clearable
      error={error}
    />
  );
}

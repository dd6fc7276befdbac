/**
 * The agent's "New ticket" dialog: for someone (the requester), with category, impact and urgency (the
 * priority they give is shown as it will be computed), group, assignee and tags. Opens the new ticket.
 */
import { useState } from 'react';
import { Modal, SegmentedControl, Select, SimpleGrid, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api/client';
import type { Level, NewTicket, TicketType } from '../../api/types';
import { DialogActions } from '../../components/dialog-actions';
import { EntityPicker, type PickerOption } from '../../components/entity-picker';
import { MarkdownEditor } from '../../components/markdown-editor';
import { showProblem, showSuccess } from '../../forms/problem-feedback';
import { useCan, useSession } from '../../session/session-query';
import { useCategoryOptions } from '../categories/categories-api';
import { priorityFrom, useDeskSettings } from '../desk-settings/desk-settings-api';
import { searchPeopleOptions } from '../people/people-api';
import { useTeamOptions } from '../teams/teams-api';
import { AssigneeField } from './assignee-field';
import { PriorityBadge } from './ticket-badges';
import { ticketsKey } from './tickets-api';
import { levels, ticketTypes } from './ticket-vocabulary';

const emptyTicket = {
  type: 'incident' as TicketType,
  title: '',
  description: '',
  requesterId: null as string | null,
  categoryId: null as string | null,
  impact: 'medium' as Level,
  urgency: 'medium' as Level,
  groupId: null as string | null,
  assigneeId: null as string | null,
  tags: [] as string[],
};
type NewTicketValues = typeof emptyTicket;

function bodyOf(v: NewTicketValues): NewTicket {
  return {
    type: v.type,
    title: v.title.trim(),
    description: v.description,
    impact: v.impact,
    urgency: v.urgency,
    tags: v.tags,
    ...(v.requesterId ? { requesterId: v.requesterId } : {}),
    ...(v.categoryId ? { categoryId: v.categoryId } : {}),
    ...(v.groupId ? { groupId: v.groupId } : {}),
    ...(v.assigneeId ? { assigneeId: v.assigneeId } : {}),
  };
}

export function NewTicketModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('tickets.new')} size="xl">
      {opened && <NewTicketForm onClose={onClose} />}
    </Modal>
  );
}

/** Mounted each time the dialog opens, so it starts empty with the agent as requester. */
function NewTicketForm({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const { user } = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const settings = useDeskSettings(can('tickets:read'));
  const categoryOptions = useCategoryOptions();
  const teamOptions = useTeamOptions(can('teams:read'));
  const [requester, setRequester] = useState<PickerOption | null>({ value: user.id, label: `${user.name} <${user.email}>` });
  const form = useForm<NewTicketValues>({
    initialValues: { ...emptyTicket, requesterId: user.id },
    validate: { title: (v) => (v.trim() ? null : t('common.required')) },
  });
  const create = useMutation({
    mutationFn: (values: NewTicketValues) => must(api.POST('/api/v1/tickets', { body: bodyOf(values) })),
    onSuccess: (ticket) => {
      void queryClient.invalidateQueries({ queryKey: [...ticketsKey, 'list'] });
      showSuccess(t('tickets.created', { key: ticket.key }));
      onClose();
      void navigate({ to: '/tickets/$key', params: { key: ticket.key } });
    },
    onError: (error) => showProblem(error, form),
  });
  const priority = priorityFrom(settings, form.values.impact, form.values.urgency);
  const levelOptions = levels.map((value) => ({ value, label: t(`tickets.levels.${value}`) }));
  return (
    <form onSubmit={form.onSubmit((values) => create.mutate(values))}>
      <Stack>
        <SegmentedControl
          aria-label={t('tickets.type')}
          data={ticketTypes.map((value) => ({ value, label: t(`tickets.types.${value}`) }))}
          {...form.getInputProps('type')}
          w="fit-content"
        />
        <TextInput label={t('tickets.title')} required data-autofocus maxLength={300} {...form.getInputProps('title')} />
        <MarkdownEditor
          label={t('tickets.description')}
          value={form.values.description}
          onChange={(value) => form.setFieldValue('description', value)}
          error={form.errors.description}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {can('people:read') && (
            <EntityPicker
              label={t('tickets.requester')}
              kind="people"
              search={searchPeopleOptions}
              value={form.values.requesterId}
              selected={requester}
              onChange={(option) => {
                setRequester(option);
                form.setFieldValue('requesterId', option?.value ?? null);
              }}
              error={form.errors.requesterId}
            />
          )}
          <Select
            label={t('tickets.category')}
            placeholder={t('tickets.noCategory')}
            data={categoryOptions}
            searchable
            clearable
            {...form.getInputProps('categoryId')}
          />
          <Select label={t('tickets.impact')} data={levelOptions} allowDeselect={false} {...form.getInputProps('impact')} />
          <Select label={t('tickets.urgency')} data={levelOptions} allowDeselect={false} {...form.getInputProps('urgency')} />
          <Select
            label={t('tickets.group')}
            description={t('tickets.groupHint')}
            placeholder={t('tickets.noGroup')}
            data={teamOptions}
            searchable
            clearable
            {...form.getInputProps('groupId')}
            onChange={(groupId) => {
              form.setFieldValue('groupId', groupId);
              form.setFieldValue('assigneeId', null);
            }}
          />
          <AssigneeField
            groupId={form.values.groupId}
            value={form.values.assigneeId}
            selected={null}
            onChange={(assigneeId) => form.setFieldValue('assigneeId', assigneeId)}
            error={form.errors.assigneeId}
          />
        </SimpleGrid>
        <TagsInput label={t('tickets.tags')} description={t('tickets.tagsHint')} maxTags={20} clearable {...form.getInputProps('tags')} />
        {priority !== undefined && (
          <Text size="sm" component="div">
            {t('tickets.derivedPriority')} <PriorityBadge priority={priority} />
          </Text>
        )}
        <DialogActions onCancel={onClose} submitLabel={t('tickets.create')} loading={create.isPending} />
      </Stack>
    </form>
  );
}

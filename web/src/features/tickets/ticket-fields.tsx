/**
 * The ticket's editable fields in the side panel. Status offers only the transitions the ticket allows
 * now, and asks for the pending reason or the resolution code (and notes) when the move needs them.
 * Only changed fields are sent, with the version that was read; a 409 reloads the ticket. The page
 * keys this form by version, so every new version starts a fresh form.
 */
import { Button, Group, Paper, Select, SimpleGrid, Stack, TagsInput, Text, Textarea, TextInput, Title, UnstyledButton } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api/client';
import type { Level, PendingReason, ResolutionCode, TicketDetail, TicketPatch, TicketStatus } from '../../api/types';
import { onSaveError, showSuccess } from '../../forms/problem-feedback';
import { useCan, useSession } from '../../session/session-query';
import { useCategoryOptions } from '../categories/categories-api';
import { priorityFrom, useDeskSettings } from '../desk-settings/desk-settings-api';
import { useTeamOptions } from '../teams/teams-api';
import { AssigneeField } from './assignee-field';
import { PriorityBadge } from './ticket-badges';
import { useTicketSaved } from './tickets-api';
import { levels, pendingReasons, resolutionCodes } from './ticket-vocabulary';

/** An ISO time as the value of a `datetime-local` input, in the browser's zone. */
function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function valuesOf(ticket: TicketDetail) {
  return {
    status: ticket.status as TicketStatus,
    pendingReason: ticket.pendingReason as PendingReason | null,
    resolutionCode: ticket.resolutionCode as ResolutionCode | null,
    resolutionNotes: ticket.resolutionNotes,
    impact: ticket.impact as Level,
    urgency: ticket.urgency as Level,
    categoryId: ticket.category?.id ?? null,
    groupId: ticket.group?.id ?? null,
    assigneeId: ticket.assignee?.id ?? null,
    tags: ticket.tags,
    dueAt: toLocalInput(ticket.dueAt),
  };
}
type TicketValues = ReturnType<typeof valuesOf>;

/** The fields that differ from what was loaded, plus the version they were loaded at. */
export function patchOf(ticket: TicketDetail, v: TicketValues): TicketPatch {
  const before = valuesOf(ticket);
  const patch: TicketPatch = { version: ticket.version };
  if (v.status !== before.status) patch.status = v.status;
  if (v.status === 'pending' && v.pendingReason && (v.status !== before.status || v.pendingReason !== before.pendingReason)) patch.pendingReason = v.pendingReason;
  if (v.status === 'resolved' && v.resolutionCode && (v.status !== before.status || v.resolutionCode !== before.resolutionCode)) patch.resolutionCode = v.resolutionCode;
  if (v.resolutionNotes.trim() !== before.resolutionNotes) patch.resolutionNotes = v.resolutionNotes.trim();
  if (v.impact !== before.impact) patch.impact = v.impact;
  if (v.urgency !== before.urgency) patch.urgency = v.urgency;
  if (v.categoryId !== before.categoryId) patch.categoryId = v.categoryId;
  if (v.groupId !== before.groupId) patch.groupId = v.groupId;
  if (v.assigneeId !== before.assigneeId) patch.assigneeId = v.assigneeId;
  if (v.tags.join('\n') !== before.tags.join('\n')) patch.tags = v.tags;
  if (v.dueAt !== before.dueAt) patch.dueAt = v.dueAt ? new Date(v.dueAt).toISOString() : null;
  return patch;
}

interface TicketFieldsProps {
  ticket: TicketDetail;
  onConflict: () => void;
}

export function TicketFields({ ticket, onConflict }: TicketFieldsProps) {
  const { t } = useTranslation();
  const can = useCan();
  const { user } = useSession();
  const saved = useTicketSaved();
  const settings = useDeskSettings(true);
  const teamOptions = useTeamOptions(can('teams:read'));
  const categoryOptions = useCategoryOptions(true, ticket.category);
  const editable = can('tickets:write') && ticket.status !== 'closed' && ticket.status !== 'cancelled';
  const form = useForm({
    initialValues: valuesOf(ticket),
    validate: {
      pendingReason: (v, values) => (values.status === 'pending' && !v ? t('ticket.pendingReasonRequired') : null),
      resolutionCode: (v, values) => (values.status === 'resolved' && values.status !== ticket.status && !v ? t('ticket.resolutionCodeRequired') : null),
    },
  });
  const save = useMutation({
    mutationFn: (values: TicketValues) => must(api.PATCH('/api/v1/tickets/{id}', { params: { path: { id: ticket.id } }, body: patchOf(ticket, values) })),
    onSuccess: (next) => {
      saved(next);
      showSuccess(t('ticket.saved', { key: next.key }));
    },
    onError: onSaveError(form, t('conflict.ticket'), onConflict),
  });
  const v = form.values;
  const statusData = [ticket.status, ...ticket.allowedTransitions].map((value) => ({ value, label: t(`tickets.statuses.${value}`) }));
  const moving = v.status !== ticket.status;
  const levelOptions = levels.map((value) => ({ value, label: t(`tickets.levels.${value}`) }));
  const priority = priorityFrom(settings, v.impact, v.urgency) ?? ticket.priority;
  const me = { value: user.id, label: `${user.name} <${user.email}>` };
  const currentAssignee = v.assigneeId === user.id ? me : ticket.assignee ? { value: ticket.assignee.id, label: `${ticket.assignee.name} <${ticket.assignee.email}>` } : null;
  return (
    <Paper withBorder p="md">
      <form onSubmit={form.onSubmit((values) => save.mutate(values))} aria-labelledby="ticket-fields-title">
        <fieldset disabled={!editable} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
          <Stack gap="sm">
            <Title order={2} size="h4" id="ticket-fields-title">
              {t('ticket.fields')}
            </Title>
            <Select
              label={t('tickets.status')}
              data={statusData}
              allowDeselect={false}
              description={ticket.allowedTransitions.length === 0 ? t('ticket.noTransitions') : undefined}
              {...form.getInputProps('status')}
            />
            {v.status === 'pending' && (
              <Select
                label={t('ticket.pendingReason')}
                required
                data={pendingReasons.map((value) => ({ value, label: t(`tickets.pendingReasons.${value}`) }))}
                {...form.getInputProps('pendingReason')}
              />
            )}
            {v.status === 'resolved' && (moving || ticket.resolutionCode) && (
              <>
                <Select
                  label={t('ticket.resolutionCode')}
                  required={moving}
                  data={resolutionCodes.map((value) => ({ value, label: t(`tickets.resolutionCodes.${value}`) }))}
                  {...form.getInputProps('resolutionCode')}
                />
                <Textarea label={t('ticket.resolutionNotes')} description={t('ticket.resolutionNotesHint')} autosize minRows={2} maxRows={8} {...form.getInputProps('resolutionNotes')} />
              </>
            )}
            <SimpleGrid cols={2} spacing="sm">
              <Select label={t('tickets.impact')} data={levelOptions} allowDeselect={false} {...form.getInputProps('impact')} />
              <Select label={t('tickets.urgency')} data={levelOptions} allowDeselect={false} {...form.getInputProps('urgency')} />
            </SimpleGrid>
            <Group gap="xs">
              <Text size="sm">{t('tickets.priority')}</Text>
              <PriorityBadge priority={priority} />
              <Text size="xs" c="dimmed">
                {priority !== ticket.priority ? t('ticket.priorityAfterSave') : t('ticket.priorityDerived')}
              </Text>
            </Group>
            <Select label={t('tickets.category')} placeholder={t('tickets.noCategory')} data={categoryOptions} searchable clearable {...form.getInputProps('categoryId')} />
            <Select
              label={t('tickets.group')}
              placeholder={t('tickets.noGroup')}
              data={teamOptions.some((o) => o.value === v.groupId) || !ticket.group ? teamOptions : [{ value: ticket.group.id, label: ticket.group.name }, ...teamOptions]}
              searchable
              clearable
              {...form.getInputProps('groupId')}
            />
            <Stack gap={2}>
              <AssigneeField
                groupId={v.groupId}
                value={v.assigneeId}
                selected={currentAssignee}
                onChange={(assigneeId) => form.setFieldValue('assigneeId', assigneeId)}
                error={form.errors.assigneeId}
              />
              {editable && v.assigneeId !== user.id && (
                <UnstyledButton onClick={() => form.setFieldValue('assigneeId', user.id)} fz="sm" c="var(--mantine-primary-color-filled)" w="fit-content">
                  {t('ticket.assignToMe')}
                </UnstyledButton>
              )}
            </Stack>
            <TagsInput label={t('tickets.tags')} maxTags={20} clearable {...form.getInputProps('tags')} />
            <TextInput type="datetime-local" label={t('ticket.dueAt')} {...form.getInputProps('dueAt')} />
            {editable && (
              <Group justify="flex-end">
                <Button variant="default" onClick={() => form.reset()} disabled={!form.isDirty()}>
                  {t('common.discard')}
                </Button>
                <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>
                  {t('common.save')}
                </Button>
              </Group>
            )}
            {!editable && can('tickets:write') && (
              <Text size="sm" c="dimmed">
                {t('ticket.finished', { status: t(`tickets.statuses.${ticket.status}`) })}
              </Text>
            )}
          </Stack>
        </fieldset>
      </form>
    </Paper>
  );
}

/**
 * A catalogue request's fulfilment tasks: title, team, agent, status and notes. Agents who write
 * tickets mark a task done, or open it to assign it, cancel it or keep notes. The request resolves as
 * fulfilled once every task is finished, so the ticket is reloaded after each change.
 */
import { useState } from 'react';
import { Badge, Button, Group, Modal, Paper, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api/client';
import type { FulfilmentTask, TicketDetail } from '../../api/types';
import { DialogActions } from '../../components/dialog-actions';
import { EntityPicker, type PickerOption } from '../../components/entity-picker';
import { QueryError } from '../../components/query-error';
import { onSaveError, showSuccess } from '../../forms/problem-feedback';
import { formatDateTime } from '../../i18n/format-date';
import { searchPeopleOptions } from '../people/people-api';
import { ticketQuery, ticketsKey } from '../tickets/tickets-api';
import { ticketTasksQuery } from './catalog-api';

const statusColors: Record<FulfilmentTask['status'], string> = { waiting: 'gray', open: 'blue', done: 'teal', cancelled: 'gray' };
type TaskChange = { version: number; status?: 'open' | 'done' | 'cancelled'; assigneeId?: string | null; notes?: string };

function useUpdateTask(ticket: TicketDetail, onDone?: () => void) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const reload = () => {
    void queryClient.invalidateQueries({ queryKey: ticketTasksQuery(ticket.key).queryKey });
    void queryClient.invalidateQueries({ queryKey: ticketQuery(ticket.key).queryKey });
    void queryClient.invalidateQueries({ queryKey: [...ticketsKey, 'history', ticket.key] });
    void queryClient.invalidateQueries({ queryKey: [...ticketsKey, 'list'] });
  };
  return useMutation({
    mutationFn: ({ task, change }: { task: FulfilmentTask; change: TaskChange }) =>
      must(api.PATCH('/api/v1/tickets/{id}/tasks/{taskId}', { params: { path: { id: ticket.key, taskId: task.id } }, body: change })),
    onSuccess: (saved) => {
      reload();
      showSuccess(t('tasks.saved', { title: saved.title }));
      onDone?.();
    },
    onError: onSaveError(undefined, t('conflict.task'), reload),
  });
}

export function TaskStatusBadge({ status }: { status: FulfilmentTask['status'] }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={statusColors[status]}>
      {t(`tasks.statuses.${status}`)}
    </Badge>
  );
}

export function RequestTasks({ ticket, writable }: { ticket: TicketDetail; writable: boolean }) {
  const { t } = useTranslation();
  const tasks = useQuery({ ...ticketTasksQuery(ticket.key), enabled: ticket.catalogItem !== null });
  const [editing, setEditing] = useState<FulfilmentTask | null>(null);
  const update = useUpdateTask(ticket);
  if (!ticket.catalogItem) return null;
  const items = tasks.data?.items ?? [];
  if (tasks.data && items.length === 0) return null;
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('tasks.title')}
        </Title>
        {tasks.error && <QueryError error={tasks.error} onRetry={() => void tasks.refetch()} />}
        {tasks.isPending && <Text size="sm" c="dimmed">{t('common.loading')}</Text>}
        {items.map((task) => (
          <Stack key={task.id} gap={4} component="section" aria-label={task.title}>
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Text size="sm" fw={600}>
                {task.title}
              </Text>
              <TaskStatusBadge status={task.status} />
            </Group>
            {task.description && (
              <Text size="xs" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
                {task.description}
              </Text>
            )}
            <Text size="xs">
              {[task.group?.name, task.assignee?.name ?? t('tasks.noAgent')].filter(Boolean).join(' · ')}
              {task.doneAt && ` · ${formatDateTime(task.doneAt)}`}
            </Text>
            {task.notes && (
              <Text size="xs" style={{ whiteSpace: 'pre-wrap' }}>
                {t('tasks.notes')}: {task.notes}
              </Text>
            )}
            {writable && task.status === 'open' && (
              <Group gap="xs">
                <Button size="xs" loading={update.isPending && update.variables.task.id === task.id} onClick={() => update.mutate({ task, change: { version: task.version, status: 'done' } })} aria-label={t('tasks.markDoneNamed', { title: task.title })}>
                  {t('tasks.markDone')}
                </Button>
                <Button size="xs" variant="default" onClick={() => setEditing(task)} aria-label={t('tasks.workNamed', { title: task.title })}>
                  {t('tasks.work')}
                </Button>
              </Group>
            )}
            {writable && task.status === 'waiting' && (
              <Text size="xs" c="dimmed">
                {t('tasks.waitingHint')}
              </Text>
            )}
          </Stack>
        ))}
      </Stack>
      {editing && <TaskModal ticket={ticket} task={editing} onClose={() => setEditing(null)} />}
    </Paper>
  );
}

function TaskModal({ ticket, task, onClose }: { ticket: TicketDetail; task: FulfilmentTask; onClose: () => void }) {
  const { t } = useTranslation();
  const [assignee, setAssignee] = useState<PickerOption | null>(task.assignee ? { value: task.assignee.id, label: task.assignee.name } : null);
  const form = useForm({ initialValues: { status: task.status === 'waiting' ? 'open' : task.status, notes: task.notes } });
  const update = useUpdateTask(ticket, onClose);
  return (
    <Modal opened onClose={onClose} title={task.title}>
      <form
        onSubmit={form.onSubmit((v) =>
          update.mutate({ task, change: { version: task.version, status: v.status as TaskChange['status'], assigneeId: assignee?.value ?? null, notes: v.notes } }),
        )}
      >
        <Stack>
          <Select
            label={t('tasks.status')}
            data={(['open', 'done', 'cancelled'] as const).map((value) => ({ value, label: t(`tasks.statuses.${value}`) }))}
            allowDeselect={false}
            {...form.getInputProps('status')}
          />
          <EntityPicker label={t('tasks.agent')} kind="people" search={searchPeopleOptions} value={assignee?.value ?? null} selected={assignee} onChange={setAssignee} clearable />
          <Textarea label={t('tasks.notes')} autosize minRows={3} maxLength={20000} {...form.getInputProps('notes')} />
          <DialogActions onCancel={onClose} submitLabel={t('common.save')} loading={update.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}

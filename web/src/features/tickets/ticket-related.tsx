/** Related tickets in the side panel: the ticket this one was merged into, its parent and its children. */
import { useState } from 'react';
import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api/client';
import type { TicketDetail } from '../../api/types';
import { AnchorLink } from '../../components/anchor-link';
import { EntityPicker, type PickerOption } from '../../components/entity-picker';
import { onSaveError, showSuccess } from '../../forms/problem-feedback';
import { useCan } from '../../session/session-query';
import { StatusBadge } from './ticket-badges';
import { searchTicketOptions, useTicketSaved } from './tickets-api';
import { isOpenStatus } from './ticket-vocabulary';

type Ref = NonNullable<TicketDetail['parent']>;

function TicketLink({ ticket }: { ticket: Ref }) {
  return (
    <Group gap="xs" wrap="nowrap" justify="space-between">
      <AnchorLink to="/tickets/$key" params={{ key: ticket.key }} size="sm" style={{ overflowWrap: 'anywhere' }}>
        {ticket.key} · {ticket.title}
      </AnchorLink>
      <StatusBadge status={ticket.status} />
    </Group>
  );
}

/** Sets or clears the parent ticket (picked by key or title), saved with the version. */
function ParentEditor({ ticket, onConflict }: { ticket: TicketDetail; onConflict: () => void }) {
  const { t } = useTranslation();
  const saved = useTicketSaved();
  const [choice, setChoice] = useState<PickerOption | null>(null);
  const form = useForm({ initialValues: { parentId: '' } });
  const save = useMutation({
    mutationFn: async (parentKey: string | null) => {
      const parentId = parentKey ? (await must(api.GET('/api/v1/tickets/{id}', { params: { path: { id: parentKey } } }))).id : null;
      return must(api.PATCH('/api/v1/tickets/{id}', { params: { path: { id: ticket.id } }, body: { version: ticket.version, parentId } }));
    },
    onSuccess: (next) => {
      saved(next);
      setChoice(null);
      showSuccess(next.parent ? t('related.parentSet', { key: next.parent.key }) : t('related.parentCleared'));
    },
    onError: onSaveError(form, t('conflict.ticket'), onConflict),
  });
  return (
    <Stack gap={4}>
      <Group align="flex-end" gap="xs" wrap="nowrap">
        <EntityPicker
          label={ticket.parent ? t('related.changeParent') : t('related.setParent')}
          kind="tickets"
          search={searchTicketOptions}
          value={choice?.value ?? null}
          selected={choice}
          exclude={[ticket.key, ...(ticket.parent ? [ticket.parent.key] : [])]}
          onChange={setChoice}
          error={form.errors.parentId}
          placeholder={t('merge.placeholder')}
        />
        <Button variant="default" disabled={!choice} loading={save.isPending} onClick={() => choice && save.mutate(choice.value)}>
          {t('related.link')}
        </Button>
      </Group>
      {ticket.parent && (
        <Button variant="subtle" size="compact-sm" w="fit-content" onClick={() => save.mutate(null)}>
          {t('related.clearParent')}
        </Button>
      )}
    </Stack>
  );
}

export function TicketRelated({ ticket, onConflict }: { ticket: TicketDetail; onConflict: () => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const editable = can('tickets:write') && (isOpenStatus(ticket.status) || ticket.status === 'resolved');
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('related.title')}
        </Title>
        {ticket.mergedInto && (
          <Stack gap={2}>
            <Text size="sm" c="dimmed">
              {t('related.mergedInto')}
            </Text>
            <TicketLink ticket={ticket.mergedInto} />
          </Stack>
        )}
        <Stack gap={2}>
          <Text size="sm" c="dimmed">
            {t('related.parent')}
          </Text>
          {ticket.parent ? <TicketLink ticket={ticket.parent} /> : <Text size="sm">{t('related.none')}</Text>}
        </Stack>
        <Stack gap={2}>
          <Text size="sm" c="dimmed">
            {t('related.children', { count: ticket.children.length })}
          </Text>
          {ticket.children.length === 0 ? <Text size="sm">{t('related.none')}</Text> : ticket.children.map((child) => <TicketLink key={child.id} ticket={child} />)}
        </Stack>
        {editable && <ParentEditor key={ticket.version} ticket={ticket} onConflict={onConflict} />}
      </Stack>
    </Paper>
  );
}

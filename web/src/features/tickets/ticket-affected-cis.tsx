/**
 * The configuration items a ticket affects, in the side panel: each links to its CMDB page. Agents who
 * may read the CMDB and work tickets add items with a picker and remove them; each change is saved
 * at once with the version read (a 409 reloads the ticket).
 */
import { useState } from 'react';
import { Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api/client';
import type { CiRef, TicketDetail } from '../../api/types';
import { AnchorLink } from '../../components/anchor-link';
import type { PickerOption } from '../../components/entity-picker';
import { onSaveError, showSuccess } from '../../forms/problem-feedback';
import { useCan } from '../../session/session-query';
import { CiStatusBadge } from '../cmdb/ci-badges';
import { CiPicker } from '../cmdb/ci-picker';
import { useTicketSaved } from './tickets-api';

function CiLine({ ci, onRemove, removing }: { ci: CiRef; onRemove?: () => void; removing: boolean }) {
  const { t } = useTranslation();
  return (
    <Group gap="xs" wrap="nowrap" justify="space-between" component="li">
      <Stack gap={0} style={{ minWidth: 0 }}>
        <AnchorLink to="/cmdb/$key" params={{ key: ci.key }} size="sm" style={{ overflowWrap: 'anywhere' }}>
          {ci.key} · {ci.name}
        </AnchorLink>
        <Group gap={4}>
          <Badge size="xs" color="gray" variant="outline">
            {ci.class.name}
          </Badge>
          {ci.status !== 'active' && <CiStatusBadge status={ci.status} />}
        </Group>
      </Stack>
      {onRemove && (
        <Button size="compact-xs" variant="subtle" color="red" onClick={onRemove} loading={removing} aria-label={t('affectedCis.removeNamed', { key: ci.key })}>
          {t('common.remove')}
        </Button>
      )}
    </Group>
  );
}

export function TicketAffectedCis({ ticket, onConflict }: { ticket: TicketDetail; onConflict: () => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const saved = useTicketSaved();
  const [choice, setChoice] = useState<PickerOption | null>(null);
  const [error, setError] = useState<string | null>(null);
  const editable = can('cmdb:read') && can('tickets:write') && ticket.status !== 'closed' && ticket.status !== 'cancelled';
  const save = useMutation({
    mutationFn: (ids: string[]) => must(api.PATCH('/api/v1/tickets/{id}', { params: { path: { id: ticket.id } }, body: { version: ticket.version, affectedCis: ids } })),
    onSuccess: (next, ids) => {
      saved(next);
      setChoice(null);
      setError(null);
      showSuccess(ids.length > ticket.affectedCis.length ? t('affectedCis.added', { key: next.key }) : t('affectedCis.removed', { key: next.key }));
    },
    onError: onSaveError({ values: { affectedCis: null }, setFieldError: (_, message) => setError(message) }, t('conflict.ticket'), onConflict),
  });
  if (!can('cmdb:read')) return null;
  const ids = ticket.affectedCis.map((ci) => ci.id);
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={2} size="h4" id="affected-cis-title">
          {t('affectedCis.title')}
        </Title>
        {ticket.affectedCis.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('affectedCis.none')}
          </Text>
        ) : (
          <Stack gap="xs" component="ul" aria-labelledby="affected-cis-title" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {ticket.affectedCis.map((ci) => (
              <CiLine key={ci.id} ci={ci} removing={save.isPending && save.variables?.length === ids.length - 1} onRemove={editable ? () => save.mutate(ids.filter((id) => id !== ci.id)) : undefined} />
            ))}
          </Stack>
        )}
        {editable && (
          <Group align="flex-end" gap="xs" wrap="nowrap">
            <CiPicker label={t('affectedCis.add')} value={choice?.value ?? null} onChange={setChoice} exclude={ids} error={error} />
            <Button variant="default" disabled={!choice} loading={save.isPending && save.variables?.length === ids.length + 1} onClick={() => choice && save.mutate([...ids, choice.value])}>
              {t('affectedCis.addButton')}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

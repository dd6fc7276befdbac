/**
 * The console's bulk bar for the tickets ticked on the page: one change (group, agent, status with its
 * pending reason or resolution code, impact, urgency, category, a tag added or removed) to all of them
 * at once, all or nothing.
 * A refusal names `tickets.<i>`; the bar shows it as that ticket's key and the reason.
 */
import { useState } from 'react';
import { Alert, Button, Group, List, Paper, Select, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/api-error';
import { api, must } from '../../api/client';
import type { BulkChanges, Level, Ticket } from '../../api/types';
import { showProblem, showSuccess } from '../../forms/problem-feedback';
import { useCategoryOptions } from '../categories/categories-api';
import { useTeamOptions } from '../teams/teams-api';
import { AssigneeField } from './assignee-field';
import { ticketsKey } from './tickets-api';
import { levels, pendingReasons, resolutionCodes, ticketStatuses } from './ticket-vocabulary';

const bulkActions = ['group', 'assignee', 'status', 'impact', 'urgency', 'category', 'addTag', 'removeTag'] as const;
type BulkAction = (typeof bulkActions)[number];

interface BulkActionsProps {
  /** The ticked tickets in list order, with the version each was read at. */
  selected: Ticket[];
  onDone: () => void;
}

/** A refusal's lines: "INC-4: already closed" for each `tickets.<i>` problem (its field too when it names one). */
function refusalLines(error: ApiError, selected: Ticket[]): string[] {
  return error.problem.errors.map(({ field, message }) => {
    const match = /^tickets\.(\d+)(?:\.(.+))?$/.exec(field);
    const ticket = match ? selected[Number(match[1])] : undefined;
    if (!ticket) return `${field}: ${message}`;
    return match?.[2] ? `${ticket.key} · ${match[2]}: ${message}` : `${ticket.key}: ${message}`;
  });
}

export function BulkActions({ selected, onDone }: BulkActionsProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const teams = useTeamOptions(true);
  const categories = useCategoryOptions(true);
  const [action, setAction] = useState<BulkAction | null>(null);
  const [value, setValue] = useState<string | null>(null);
  const [reason, setReason] = useState<string | null>(null);
  const [tag, setTag] = useState('');
  const [refusal, setRefusal] = useState<{ detail: string; lines: string[] } | null>(null);
  const choose = (next: BulkAction | null) => {
    setAction(next);
    setValue(null);
    setReason(null);
    setTag('');
  };
  const changes = (): BulkChanges | null => {
    switch (action) {
      case 'group':
        return value ? { groupId: value } : null;
      case 'assignee':
        return value ? { assigneeId: value } : null;
      case 'status': {
        if (!value) return null;
        const status = value as NonNullable<BulkChanges['status']>;
        if (status === 'pending') return reason ? { status, pendingReason: reason as BulkChanges['pendingReason'] } : null;
        if (status === 'resolved') return reason ? { status, resolutionCode: reason as BulkChanges['resolutionCode'] } : null;
        return { status };
      }
      case 'impact':
        return value ? { impact: value as Level } : null;
      case 'urgency':
        return value ? { urgency: value as Level } : null;
      case 'category':
        return value ? { categoryId: value } : null;
      case 'addTag':
        return tag.trim() ? { addTags: [tag.trim()] } : null;
      case 'removeTag':
        return tag.trim() ? { removeTags: [tag.trim()] } : null;
      default:
        return null;
    }
  };
  const ready = changes();
  const apply = useMutation({
    mutationFn: (body: BulkChanges) => must(api.POST('/api/v1/tickets/bulk', { body: { tickets: selected.map((s) => ({ id: s.key, version: s.version })), changes: body } })),
    onSuccess: (result) => {
      setRefusal(null);
      showSuccess(t('bulk.done', { count: result.items.length }));
      choose(null);
      onDone();
    },
    onError: (error) => {
      if (error instanceof ApiError && (error.status === 409 || error.status === 400 || error.status === 422) && error.problem.errors.some((e) => e.field.startsWith('tickets.'))) {
        setRefusal({ detail: error.problem.detail || error.problem.title, lines: refusalLines(error, selected) });
      } else if (error instanceof ApiError && error.status === 409) {
        setRefusal({ detail: error.problem.detail || error.problem.title, lines: [] });
      } else showProblem(error);
    },
    onSettled: () => void queryClient.invalidateQueries({ queryKey: [...ticketsKey, 'list'] }),
  });
  const status = action === 'status' ? value : null;
  return (
    <Paper withBorder p="sm" role="region" aria-label={t('bulk.label')}>
      <Group align="flex-end" gap="sm">
        <Text fw={600} size="sm" pb={8}>
          {t('bulk.selected', { count: selected.length })}
        </Text>
        <Select
          label={t('bulk.action')}
          placeholder={t('bulk.choose')}
          data={bulkActions.map((a) => ({ value: a, label: t(`bulk.actions.${a}`) }))}
          value={action}
          onChange={(a) => choose(a as BulkAction | null)}
          w={200}
        />
        {action === 'group' && <Select label={t('tickets.group')} data={teams} value={value} onChange={setValue} searchable w={220} />}
        {action === 'assignee' && (
          <div style={{ width: 260 }}>
            <AssigneeField groupId={null} value={value} selected={null} onChange={setValue} />
          </div>
        )}
        {action === 'status' && (
          <Select
            label={t('tickets.status')}
            data={ticketStatuses.map((s) => ({ value: s, label: t(`tickets.statuses.${s}`) }))}
            value={value}
            onChange={(s) => {
              setValue(s);
              setReason(null);
            }}
            w={180}
          />
        )}
        {status === 'pending' && (
          <Select label={t('ticket.pendingReason')} data={pendingReasons.map((r) => ({ value: r, label: t(`tickets.pendingReasons.${r}`) }))} value={reason} onChange={setReason} w={220} />
        )}
        {status === 'resolved' && (
          <Select label={t('ticket.resolutionCode')} data={resolutionCodes.map((r) => ({ value: r, label: t(`tickets.resolutionCodes.${r}`) }))} value={reason} onChange={setReason} w={220} />
        )}
        {(action === 'impact' || action === 'urgency') && (
          <Select label={t(`tickets.${action}`)} data={levels.map((l) => ({ value: l, label: t(`tickets.levels.${l}`) }))} value={value} onChange={setValue} w={160} />
        )}
        {action === 'category' && <Select label={t('tickets.category')} data={categories} value={value} onChange={setValue} searchable w={260} />}
        {(action === 'addTag' || action === 'removeTag') && <TextInput label={t('bulk.tag')} value={tag} onChange={(e) => setTag(e.currentTarget.value)} maxLength={50} w={200} />}
        <Button disabled={!ready} loading={apply.isPending} onClick={() => ready && apply.mutate(ready)}>
          {t('bulk.apply', { count: selected.length })}
        </Button>
        <Button variant="subtle" onClick={onDone}>
          {t('bulk.clear')}
        </Button>
      </Group>
      {refusal && (
        <Alert mt="sm" color="orange" title={t('bulk.refused')} role="alert" withCloseButton onClose={() => setRefusal(null)} closeButtonLabel={t('common.close')}>
          <Text size="sm">{refusal.detail}</Text>
          {refusal.lines.length > 0 && (
            <List size="sm" mt={4}>
              {refusal.lines.map((line) => (
                <List.Item key={line}>{line}</List.Item>
              ))}
            </List>
          )}
        </Alert>
      )}
    </Paper>
  );
}

/**
 * Admin › SLA policies in the order they are tried: the first active one whose conditions hold applies.
 * Policies move up and down with buttons (keyboard-friendly) and switch on or off in place.
 */
import { useMemo, useState } from 'react';
import { ActionIcon, Button, Group, Stack, Switch, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api/client';
import type { SlaPolicy } from '../../api/types';
import { pageSize, useCursorList } from '../../api/use-cursor-list';
import { AnchorLink } from '../../components/anchor-link';
import { columnsFor, DataTable } from '../../components/data-table';
import { Forbidden } from '../../components/forbidden';
import { LoadMore } from '../../components/load-more';
import { PageHeader } from '../../components/page-header';
import { QueryError } from '../../components/query-error';
import { onSaveError } from '../../forms/problem-feedback';
import { useCan } from '../../session/session-query';
import { DeleteSlaDialog } from './delete-sla-dialog';
import { targetsSummary } from './policy-draft';
import { fetchPolicies, policiesKey } from './sla-api';

const column = columnsFor<SlaPolicy>();

export function PoliciesPage() {
  const can = useCan();
  return can('desk:admin') ? <Policies /> : <Forbidden />;
}

function patchPolicy(policy: SlaPolicy, body: { position?: number; active?: boolean }) {
  return must(api.PATCH('/api/v1/sla-policies/{id}', { params: { path: { id: policy.id } }, body: { version: policy.version, ...body } }));
}

function Policies() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [deleting, setDeleting] = useState<SlaPolicy | null>(null);
  const list = useCursorList([...policiesKey, 'list'], (cursor) => fetchPolicies({ limit: pageSize, cursor }));
  const reload = () => void queryClient.invalidateQueries({ queryKey: policiesKey });
  const onError = onSaveError(undefined, t('conflict.policy'), reload);
  /** Swaps a policy's place with its neighbour's (one step up or down). */
  const move = useMutation({
    mutationFn: async ({ policy, other }: { policy: SlaPolicy; other: SlaPolicy }) => {
      const up = other.position < policy.position;
      const target = other.position === policy.position ? Math.max(1, other.position + (up ? -1 : 1)) : other.position;
      await patchPolicy(policy, { position: target });
      if (other.position !== policy.position) await patchPolicy(other, { position: policy.position });
    },
    onSettled: reload,
    onError,
  });
  const toggle = useMutation({ mutationFn: (policy: SlaPolicy) => patchPolicy(policy, { active: !policy.active }), onSettled: reload, onError });
  const items = list.items;
  const columns = useMemo(
    () => [
      column.display({
        id: 'order',
        header: () => t('slaAdmin.order'),
        cell: (info) => {
          const i = info.row.index;
          const p = info.row.original;
          return (
            <Group gap={4} wrap="nowrap">
              <Text size="sm" w={24}>
                {i + 1}
              </Text>
              <ActionIcon variant="default" disabled={i === 0 || move.isPending} onClick={() => move.mutate({ policy: p, other: items[i - 1] })} aria-label={t('slaAdmin.moveUp', { name: p.name })}>
                ↑
              </ActionIcon>
              <ActionIcon
                variant="default"
                disabled={i === items.length - 1 || move.isPending}
                onClick={() => move.mutate({ policy: p, other: items[i + 1] })}
                aria-label={t('slaAdmin.moveDown', { name: p.name })}
              >
                ↓
              </ActionIcon>
            </Group>
          );
        },
      }),
      column.accessor('name', {
        header: () => t('slaAdmin.name'),
        cell: (info) => (
          <AnchorLink to="/admin/sla-policies/$id" params={{ id: info.row.original.id }} fw={600} size="sm">
            {info.getValue()}
          </AnchorLink>
        ),
      }),
      column.accessor('active', {
        header: () => t('slaAdmin.active'),
        cell: (info) => (
          <Switch checked={info.getValue()} disabled={toggle.isPending} onChange={() => toggle.mutate(info.row.original)} aria-label={t('slaAdmin.activeNamed', { name: info.row.original.name })} />
        ),
      }),
      column.accessor((p) => p.calendar?.name ?? '', { id: 'calendar', header: () => t('slaAdmin.calendar'), cell: (info) => info.getValue() || t('slaAdmin.twentyFourSeven') }),
      column.accessor((p) => targetsSummary(p), { id: 'targets', header: () => t('slaAdmin.targetsSummary'), cell: (info) => <Text size="xs">{info.getValue() || '—'}</Text> }),
      column.display({
        id: 'actions',
        header: () => t('common.actions'),
        cell: (info) => (
          <Button size="xs" variant="subtle" color="red" onClick={() => setDeleting(info.row.original)} aria-label={t('slaAdmin.deleteNamed', { name: info.row.original.name })}>
            {t('common.delete')}
          </Button>
        ),
      }),
    ],
    [t, items, move, toggle],
  );
  return (
    <Stack>
      <PageHeader
        title={t('sections.slaPolicies.title')}
        description={t('sections.slaPolicies.description')}
        actions={<Button renderRoot={(props) => <Link {...props} to="/admin/sla-policies/$id" params={{ id: 'new' }} />}>{t('slaAdmin.newPolicy')}</Button>}
      />
      {list.error ? (
        <QueryError error={list.error} onRetry={list.refetch} />
      ) : (
        <>
          <DataTable caption={t('sections.slaPolicies.title')} columns={columns} data={items} getRowId={(p) => p.id} loading={list.isLoading} emptyText={t('slaAdmin.noPolicies')} />
          <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onLoad={list.loadMore} />
        </>
      )}
      <Text size="xs" c="dimmed">
        {t('slaAdmin.orderHint')}
      </Text>
      <DeleteSlaDialog kind="policy" record={deleting} onClose={() => setDeleting(null)} />
    </Stack>
  );
}

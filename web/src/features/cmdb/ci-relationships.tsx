/**
 * The item's relationships from both ends, each named as read from this item ("runs on", "is used
 * by"), with the item at the other end. Writers add one by type and item, and remove one after asking.
 */
import { useMemo, useState } from 'react';
import { Button, Group, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, must, mustSucceed } from '../../api/client';
import type { CiRelationship, ConfigurationItem, RelationshipName } from '../../api/types';
import { useCursorList } from '../../api/use-cursor-list';
import { AnchorLink } from '../../components/anchor-link';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { columnsFor, DataTable } from '../../components/data-table';
import { type PickerOption } from '../../components/entity-picker';
import { LoadMore } from '../../components/load-more';
import { QueryError } from '../../components/query-error';
import { showProblem, showSuccess } from '../../forms/problem-feedback';
import { formatDateTime } from '../../i18n/format-date';
import { useCan } from '../../session/session-query';
import { CiStatusBadge } from './ci-badges';
import { CiPicker } from './ci-picker';
import { cmdbKey } from './cmdb-api';
import { relationshipNames } from './cmdb-vocabulary';

const column = columnsFor<CiRelationship>();

/** Adds a relationship from this item: a name (as read from it) and the other item. */
function AddRelationship({ ci, onAdded }: { ci: ConfigurationItem; onAdded: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState<RelationshipName | null>(null);
  const [other, setOther] = useState<PickerOption | null>(null);
  const [errors, setErrors] = useState<{ type?: string; targetId?: string }>({});
  const add = useMutation({
    mutationFn: () => must(api.POST('/api/v1/relationships', { body: { sourceId: ci.id, type: name!, targetId: other!.value } })),
    onSuccess: () => {
      showSuccess(t('cmdb.relationships.added', { name: t(`cmdb.relationships.names.${name!}`), other: other!.label }));
      setOther(null);
      setErrors({});
      onAdded();
    },
    onError: (error) => {
      const problem = showProblem(error);
      const fields = Object.fromEntries((problem?.problem.errors ?? []).map((e) => [e.field === 'sourceId' ? 'targetId' : e.field, e.message]));
      setErrors(fields);
    },
  });
  return (
    <Paper withBorder p="sm" component="form" aria-label={t('cmdb.relationships.add')} onSubmit={(event) => {
      event.preventDefault();
      if (name && other) add.mutate();
    }}>
      <Stack gap="xs">
        <Title order={2} size="h5">
          {t('cmdb.relationships.add')}
        </Title>
        <Group align="flex-end" gap="sm">
          <Select
            label={t('cmdb.relationships.type', { key: ci.key })}
            data={relationshipNames.map((value) => ({ value, label: t(`cmdb.relationships.names.${value}`) }))}
            value={name}
            onChange={(value) => setName(value as RelationshipName | null)}
            error={errors.type}
            searchable
            w={220}
          />
          <CiPicker label={t('cmdb.relationships.other')} value={other?.value ?? null} onChange={setOther} exclude={[ci.id]} error={errors.targetId} />
          <Button type="submit" disabled={!name || !other} loading={add.isPending}>
            {t('cmdb.relationships.addButton')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

export function CiRelationships({ ci }: { ci: ConfigurationItem }) {
  const { t } = useTranslation();
  const can = useCan();
  const queryClient = useQueryClient();
  const writable = can('cmdb:write');
  const [removing, setRemoving] = useState<CiRelationship | null>(null);
  const list = useCursorList([...cmdbKey, 'relationships', ci.key], (cursor) =>
    must(api.GET('/api/v1/configuration-items/{id}/relationships', { params: { path: { id: ci.id }, query: { limit: 200, cursor } } })),
  );
  const changed = () => {
    void queryClient.invalidateQueries({ queryKey: [...cmdbKey, 'relationships'] });
    void queryClient.invalidateQueries({ queryKey: [...cmdbKey, 'impact'] });
  };
  const remove = useMutation({
    mutationFn: (r: CiRelationship) => mustSucceed(api.DELETE('/api/v1/relationships/{id}', { params: { path: { id: r.id } } })),
    onSuccess: () => {
      showSuccess(t('cmdb.relationships.removed'));
      changed();
    },
    onError: (error) => showProblem(error),
  });
  const columns = useMemo(
    () => [
      column.accessor('name', { header: () => t('cmdb.relationships.thisItem', { key: ci.key }), cell: (info) => <Text size="sm" fw={500}>{t(`cmdb.relationships.names.${info.getValue()}`)}</Text> }),
      column.accessor((r) => r.ci.name, {
        id: 'item',
        header: () => t('cmdb.relationships.item'),
        cell: (info) => (
          <AnchorLink to="/cmdb/$key" params={{ key: info.row.original.ci.key }}>
            {info.row.original.ci.key} · {info.getValue()}
          </AnchorLink>
        ),
      }),
      column.accessor((r) => r.ci.class.name, { id: 'class', header: () => t('cmdb.fields.class') }),
      column.accessor((r) => r.ci.status, { id: 'status', header: () => t('cmdb.fields.status'), cell: (info) => <CiStatusBadge status={info.getValue()} /> }),
      column.accessor('createdAt', { header: () => t('cmdb.relationships.since'), cell: (info) => <Text size="sm">{formatDateTime(info.getValue())}</Text> }),
      ...(writable
        ? [
            column.display({
              id: 'remove',
              header: () => t('common.actions'),
              cell: (info) => (
                <Button
                  size="xs"
                  variant="subtle"
                  color="red"
                  onClick={() => setRemoving(info.row.original)}
                  aria-label={t('cmdb.relationships.removeNamed', { name: t(`cmdb.relationships.names.${info.row.original.name}`), other: info.row.original.ci.key })}
                >
                  {t('common.remove')}
                </Button>
              ),
            }),
          ]
        : []),
    ],
    [t, ci.key, writable],
  );
  return (
    <Stack>
      {writable && <AddRelationship ci={ci} onAdded={changed} />}
      {list.error ? (
        <QueryError error={list.error} onRetry={list.refetch} />
      ) : (
        <>
          <DataTable
            caption={t('cmdb.relationships.caption', { key: ci.key })}
            columns={columns}
            data={list.items}
            getRowId={(r) => r.id}
            loading={list.isLoading}
            emptyText={t('cmdb.relationships.empty')}
          />
          <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onLoad={list.loadMore} />
        </>
      )}
      <ConfirmDialog
        opened={removing !== null}
        onClose={() => setRemoving(null)}
        title={t('cmdb.relationships.removeTitle')}
        message={removing ? t('cmdb.relationships.removeMessage', { key: ci.key, name: t(`cmdb.relationships.names.${removing.name}`), other: `${removing.ci.key} · ${removing.ci.name}` }) : ''}
        confirmLabel={t('common.remove')}
        onConfirm={() => remove.mutateAsync(removing!)}
      />
    </Stack>
  );
}

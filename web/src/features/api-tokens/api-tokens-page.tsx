/** Admin › API tokens: my tokens (or everyone's, for user admins); create (secret shown once) and revoke. */
import { useMemo, useState } from 'react';
import { Badge, Button, Code, Group, Stack, Switch } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api, must, mustSucceed } from '../../api/client';
import type { ApiToken } from '../../api/types';
import { pageSize, useCursorList } from '../../api/use-cursor-list';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { columnsFor, DataTable } from '../../components/data-table';
import { LoadMore } from '../../components/load-more';
import { PageHeader } from '../../components/page-header';
import { QueryError } from '../../components/query-error';
import { SecretOnce } from '../../components/secret-once';
import { showProblem, showSuccess } from '../../forms/problem-feedback';
import { formatDate, formatDateTime } from '../../i18n/format-date';
import { useCan } from '../../session/session-query';
import { apiTokensKey, tokenState } from './api-tokens-api';
import { NewTokenModal } from './new-token-modal';

const route = getRouteApi('/_app/admin/api-tokens');
const column = columnsFor<ApiToken>();
const stateColour = { active: 'teal', revoked: 'gray', expired: 'orange' } as const;

export function ApiTokensPage() {
  const { t } = useTranslation();
  const can = useCan();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const queryClient = useQueryClient();
  const all = can('admin:users') && (search.all ?? false);
  const [creating, create] = useDisclosure(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const list = useCursorList([...apiTokensKey, 'list', { all }], (cursor) =>
    must(api.GET('/api/v1/api-tokens', { params: { query: { all: all ? 'true' : 'false', limit: pageSize, cursor } } })),
  );
  const revoke = useMutation({
    mutationFn: (token: ApiToken) => mustSucceed(api.DELETE('/api/v1/api-tokens/{id}', { params: { path: { id: token.id } } })),
    onSuccess: (_, token) => {
      showSuccess(t('apiTokens.revoked', { name: token.name }));
      void queryClient.invalidateQueries({ queryKey: apiTokensKey });
    },
    onError: (error) => showProblem(error),
  });
  const columns = useMemo(
    () => [
      column.accessor('name', { header: () => t('apiTokens.name') }),
      column.accessor('prefix', { header: () => t('apiTokens.prefix'), cell: (info) => <Code>{info.getValue()}…</Code> }),
      ...(all ? [column.accessor((tk) => tk.owner.name, { id: 'owner', header: () => t('apiTokens.owner') })] : []),
      column.accessor('scopes', {
        header: () => t('apiTokens.scopes'),
        cell: (info) => (
          <Group gap={4}>
            {info.getValue().map((scope) => (
              <Badge key={scope} size="sm" variant="outline" tt="none">
                {scope}
              </Badge>
            ))}
          </Group>
        ),
      }),
      column.accessor('createdAt', { header: () => t('apiTokens.createdAt'), cell: (info) => formatDateTime(info.getValue()) }),
      column.accessor('lastUsedAt', { header: () => t('apiTokens.lastUsedAt'), cell: (info) => formatDateTime(info.getValue()) || t('apiTokens.neverUsed') }),
      column.accessor('expiresAt', { header: () => t('apiTokens.expiresAt'), cell: (info) => formatDate(info.getValue()) || t('apiTokens.noExpiry') }),
      column.display({
        id: 'state',
        header: () => t('apiTokens.state'),
        cell: (info) => {
          const state = tokenState(info.row.original);
          return (
            <Badge color={stateColour[state]} variant="light">
              {t(`apiTokens.states.${state}`)}
            </Badge>
          );
        },
      }),
      column.display({
        id: 'actions',
        header: () => t('common.actions'),
        cell: (info) =>
          tokenState(info.row.original) === 'active' && (
            <Button size="xs" variant="subtle" color="red" onClick={() => setRevoking(info.row.original)} aria-label={t('apiTokens.revokeNamed', { name: info.row.original.name })}>
              {t('apiTokens.revoke')}
            </Button>
          ),
      }),
    ],
    [t, all],
  );
  return (
    <Stack>
      <PageHeader title={t('sections.apiTokens.title')} description={t('sections.apiTokens.description')} actions={<Button onClick={create.open}>{t('apiTokens.new')}</Button>} />
      {can('admin:users') && (
        <Switch label={t('apiTokens.showAll')} checked={all} onChange={(event) => void navigate({ search: { all: event.currentTarget.checked || undefined }, replace: true })} />
      )}
      {list.error ? (
        <QueryError error={list.error} onRetry={list.refetch} />
      ) : (
        <>
          <DataTable caption={t('sections.apiTokens.title')} columns={columns} data={list.items} getRowId={(tk) => tk.id} loading={list.isLoading} emptyText={t('apiTokens.empty')} />
          <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onLoad={list.loadMore} />
        </>
      )}
      <NewTokenModal opened={creating} onClose={create.close} onCreated={setSecret} />
      <SecretOnce title={t('apiTokens.createdTitle')} description={t('apiTokens.createdHint')} secret={secret} onClose={() => setSecret(null)} />
      <ConfirmDialog
        opened={revoking !== null}
        onClose={() => setRevoking(null)}
        title={t('apiTokens.revoke')}
        message={t('apiTokens.revokeConfirm', { name: revoking?.name ?? '' })}
        confirmLabel={t('apiTokens.revoke')}
        onConfirm={() => (revoking ? revoke.mutateAsync(revoking) : Promise.resolve())}
      />
    </Stack>
  );
}

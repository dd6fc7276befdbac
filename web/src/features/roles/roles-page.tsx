/** Admin › Roles: built-in roles (read-only) and custom roles with their permissions. */
import { useMemo, useState } from 'react';
import { Badge, Button, Group, Stack } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, must, mustSucceed } from '../../api/client';
import type { Role } from '../../api/types';
import { pageSize, useCursorList } from '../../api/use-cursor-list';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { columnsFor, DataTable } from '../../components/data-table';
import { Forbidden } from '../../components/forbidden';
import { LoadMore } from '../../components/load-more';
import { PageHeader } from '../../components/page-header';
import { QueryError } from '../../components/query-error';
import { showProblem, showSuccess } from '../../forms/problem-feedback';
import { useCan } from '../../session/session-query';
import { rolesKey } from './roles-api';
import { RoleModal } from './role-modal';

const column = columnsFor<Role>();

export function RolesPage() {
  const can = useCan();
  return can('roles:read') ? <RolesList /> : <Forbidden />;
}

function RolesList() {
  const { t } = useTranslation();
  const can = useCan();
  const writable = can('roles:write');
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<{ role: Role | null } | null>(null);
  const [deleting, setDeleting] = useState<Role | null>(null);
  const list = useCursorList([...rolesKey, 'list'], (cursor) => must(api.GET('/api/v1/roles', { params: { query: { limit: pageSize, cursor } } })));
  const remove = useMutation({
    mutationFn: (role: Role) => mustSucceed(api.DELETE('/api/v1/roles/{id}', { params: { path: { id: role.id } } })),
    onSuccess: (_, role) => {
      showSuccess(t('roles.deleted', { name: role.name }));
      void queryClient.invalidateQueries({ queryKey: rolesKey });
    },
    onError: (error) => showProblem(error),
  });
  const columns = useMemo(
    () => [
      column.accessor('name', {
        header: () => t('roles.name'),
        cell: (info) => (
          <Group gap="xs">
            {info.getValue()}
            {info.row.original.builtin && (
              <Badge size="sm" variant="light" color="gray">
                {t('roles.builtin')}
              </Badge>
            )}
          </Group>
        ),
      }),
      column.accessor('kind', { header: () => t('roles.kind'), cell: (info) => (info.getValue() === 'agent' ? t('people.kindAgent') : t('people.kindRequester')) }),
      column.accessor((r) => r.permissions.length, { id: 'permissions', header: () => t('roles.permissions') }),
      column.accessor('peopleCount', { header: () => t('roles.people') }),
      column.display({
        id: 'actions',
        header: () => t('common.actions'),
        cell: (info) => {
          const role = info.row.original;
          const editable = writable && !role.builtin;
          return (
            <Group gap="xs">
              <Button size="xs" variant="default" onClick={() => setOpen({ role })} aria-label={t(editable ? 'roles.edit' : 'roles.view', { name: role.name })}>
                {editable ? t('common.edit') : t('common.view')}
              </Button>
              {editable && (
                <Button size="xs" variant="subtle" color="red" onClick={() => setDeleting(role)} aria-label={t('roles.deleteNamed', { name: role.name })}>
                  {t('common.delete')}
                </Button>
              )}
            </Group>
          );
        },
      }),
    ],
    [t, writable],
  );
  const role = open?.role ?? null;
  return (
    <Stack>
      <PageHeader
        title={t('sections.roles.title')}
        description={t('sections.roles.description')}
        actions={writable && <Button onClick={() => setOpen({ role: null })}>{t('roles.new')}</Button>}
      />
      {list.error ? (
        <QueryError error={list.error} onRetry={list.refetch} />
      ) : (
        <>
          <DataTable caption={t('sections.roles.title')} columns={columns} data={list.items} getRowId={(r) => r.id} loading={list.isLoading} emptyText={t('roles.empty')} />
          <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onLoad={list.loadMore} />
        </>
      )}
      <RoleModal opened={open !== null} role={role} readOnly={!writable || (role?.builtin ?? false)} onClose={() => setOpen(null)} />
      <ConfirmDialog
        opened={deleting !== null}
        onClose={() => setDeleting(null)}
        title={t('roles.delete')}
        message={t('roles.deleteConfirm', { name: deleting?.name ?? '' })}
        confirmLabel={t('common.delete')}
        onConfirm={() => (deleting ? remove.mutateAsync(deleting) : Promise.resolve())}
      />
    </Stack>
  );
}

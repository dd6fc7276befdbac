/** Admin › Departments: list with search; create, rename and delete. */
import { useMemo, useState } from 'react';
import { Button, Group, Stack } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api, mustSucceed } from '../../api/client';
import type { Department } from '../../api/types';
import { pageSize, useCursorList } from '../../api/use-cursor-list';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { columnsFor, DataTable } from '../../components/data-table';
import { Forbidden } from '../../components/forbidden';
import { LoadMore } from '../../components/load-more';
import { PageHeader } from '../../components/page-header';
import { QueryError } from '../../components/query-error';
import { SearchBox } from '../../components/search-box';
import { showProblem, showSuccess } from '../../forms/problem-feedback';
import { useCan } from '../../session/session-query';
import { departmentsKey, fetchDepartments } from './departments-api';
import { DepartmentNameModal } from './department-name-modal';

const route = getRouteApi('/_app/admin/departments');
const column = columnsFor<Department>();

export function DepartmentsPage() {
  const can = useCan();
  return can('people:read') ? <DepartmentsList /> : <Forbidden />;
}

function DepartmentsList() {
  const { t } = useTranslation();
  const can = useCan();
  const writable = can('people:write');
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<{ department: Department | null } | null>(null);
  const [deleting, setDeleting] = useState<Department | null>(null);
  const list = useCursorList([...departmentsKey, 'list', search], (cursor) => fetchDepartments({ q: search.q, limit: pageSize, cursor }));
  const remove = useMutation({
    mutationFn: (d: Department) => mustSucceed(api.DELETE('/api/v1/departments/{id}', { params: { path: { id: d.id } } })),
    onSuccess: (_, d) => {
      showSuccess(t('departments.deleted', { name: d.name }));
      void queryClient.invalidateQueries({ queryKey: departmentsKey });
    },
    onError: (error) => showProblem(error),
  });
  const columns = useMemo(
    () => [
      column.accessor('name', { header: () => t('departments.name') }),
      column.accessor('peopleCount', { header: () => t('departments.people') }),
      ...(writable
        ? [
            column.display({
              id: 'actions',
              header: () => t('common.actions'),
              cell: (info) => (
                <Group gap="xs">
                  <Button size="xs" variant="default" onClick={() => setEditing({ department: info.row.original })} aria-label={t('departments.renameNamed', { name: info.row.original.name })}>
                    {t('departments.rename')}
                  </Button>
                  <Button size="xs" variant="subtle" color="red" onClick={() => setDeleting(info.row.original)} aria-label={t('departments.deleteNamed', { name: info.row.original.name })}>
                    {t('common.delete')}
                  </Button>
                </Group>
              ),
            }),
          ]
        : []),
    ],
    [t, writable],
  );
  return (
    <Stack>
      <PageHeader
        title={t('sections.departments.title')}
        description={t('sections.departments.description')}
        actions={writable && <Button onClick={() => setEditing({ department: null })}>{t('departments.new')}</Button>}
      />
      <Group>
        <SearchBox value={search.q} onSearch={(q) => void navigate({ search: { q }, replace: true })} label={t('departments.searchLabel')} />
      </Group>
      {list.error ? (
        <QueryError error={list.error} onRetry={list.refetch} />
      ) : (
        <>
          <DataTable caption={t('sections.departments.title')} columns={columns} data={list.items} getRowId={(d) => d.id} loading={list.isLoading} emptyText={t('departments.empty')} />
          <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onLoad={list.loadMore} />
        </>
      )}
      <DepartmentNameModal opened={editing !== null} department={editing?.department ?? null} onClose={() => setEditing(null)} />
      <ConfirmDialog
        opened={deleting !== null}
        onClose={() => setDeleting(null)}
        title={t('departments.delete')}
        message={t('departments.deleteConfirm', { name: deleting?.name ?? '', count: deleting?.peopleCount ?? 0 })}
        confirmLabel={t('common.delete')}
        onConfirm={() => (deleting ? remove.mutateAsync(deleting) : Promise.resolve())}
      />
    </Stack>
  );
}

/**
 * Admin › Categories: the ticket category tree in path order (inactive ones on request), with create,
 * edit (rename, move, default group), deactivate or reactivate, and delete.
 */
import { useMemo, useState } from 'react';
import { Badge, Button, Group, Stack, Switch, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api/client';
import type { Category } from '../../api/types';
import { pageSize, useCursorList } from '../../api/use-cursor-list';
import { columnsFor, DataTable } from '../../components/data-table';
import { Forbidden } from '../../components/forbidden';
import { LoadMore } from '../../components/load-more';
import { PageHeader } from '../../components/page-header';
import { QueryError } from '../../components/query-error';
import { onSaveError, showSuccess } from '../../forms/problem-feedback';
import { useCan } from '../../session/session-query';
import { categoriesKey, depthOf, fetchCategories } from './categories-api';
import { CategoryModal } from './category-modal';
import { DeleteCategoryDialog } from './delete-category-dialog';

const route = getRouteApi('/_app/admin/categories');
const column = columnsFor<Category>();

export function CategoriesPage() {
  const can = useCan();
  return can('desk:admin') ? <CategoryTree /> : <Forbidden />;
}

/** Turns a category on or off, with the version it was read at. */
function useSetActive() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (c: Category) => must(api.PATCH('/api/v1/categories/{id}', { params: { path: { id: c.id } }, body: { version: c.version, active: !c.active } })),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: categoriesKey });
      showSuccess(saved.active ? t('categories.activated', { path: saved.path }) : t('categories.deactivated', { path: saved.path }));
    },
    onError: onSaveError(undefined, t('conflict.category'), () => void queryClient.invalidateQueries({ queryKey: categoriesKey })),
  });
}

function CategoryTree() {
  const { t } = useTranslation();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const [editing, setEditing] = useState<{ category: Category | null; parentId?: string } | null>(null);
  const [deleting, setDeleting] = useState<Category | null>(null);
  const includeInactive = search.inactive ?? false;
  const list = useCursorList([...categoriesKey, 'list', includeInactive], (cursor) => fetchCategories({ includeInactive, limit: pageSize, cursor }));
  const all = useQuery({ queryKey: [...categoriesKey, 'all'], queryFn: () => fetchCategories({ includeInactive: true, limit: 200 }), staleTime: 30_000 });
  const setActive = useSetActive();
  const toggle = setActive.mutate;
  const columns = useMemo(
    () => [
      column.accessor('name', {
        header: () => t('categories.name'),
        cell: (info) => {
          const c = info.row.original;
          return (
            <Stack gap={0} pl={depthOf(c.path) * 20}>
              <Text size="sm" fw={depthOf(c.path) === 0 ? 600 : undefined} c={c.active ? undefined : 'dimmed'}>
                {depthOf(c.path) > 0 && <span aria-hidden="true">└ </span>}
                {c.name}
              </Text>
              {depthOf(c.path) > 0 && (
                <Text size="xs" c="dimmed">
                  {c.path}
                </Text>
              )}
            </Stack>
          );
        },
      }),
      column.accessor((c) => c.defaultGroup?.name ?? '', { id: 'defaultGroup', header: () => t('categories.defaultGroup'), cell: (info) => info.getValue() || '—' }),
      column.accessor('description', { header: () => t('categories.description'), cell: (info) => <Text size="sm" lineClamp={2}>{info.getValue()}</Text> }),
      column.accessor('active', {
        header: () => t('categories.state'),
        cell: (info) =>
          info.getValue() ? (
            <Badge color="teal" variant="light">
              {t('categories.active')}
            </Badge>
          ) : (
            <Badge color="gray" variant="light">
              {t('categories.inactive')}
            </Badge>
          ),
      }),
      column.display({
        id: 'actions',
        header: () => t('common.actions'),
        cell: (info) => {
          const c = info.row.original;
          return (
            <Group gap={4} wrap="nowrap">
              <Button size="xs" variant="default" onClick={() => setEditing({ category: c })} aria-label={t('categories.editNamed', { name: c.path })}>
                {t('common.edit')}
              </Button>
              <Button size="xs" variant="subtle" onClick={() => setEditing({ category: null, parentId: c.id })} aria-label={t('categories.addUnder', { name: c.path })}>
                {t('categories.addChild')}
              </Button>
              <Button size="xs" variant="subtle" onClick={() => toggle(c)} aria-label={c.active ? t('categories.deactivateNamed', { name: c.path }) : t('categories.activateNamed', { name: c.path })}>
                {c.active ? t('categories.deactivate') : t('categories.activate')}
              </Button>
              <Button size="xs" variant="subtle" color="red" onClick={() => setDeleting(c)} aria-label={t('categories.deleteNamed', { name: c.path })}>
                {t('common.delete')}
              </Button>
            </Group>
          );
        },
      }),
    ],
    [t, toggle],
  );
  return (
    <Stack>
      <PageHeader
        title={t('sections.categories.title')}
        description={t('sections.categories.description')}
        actions={<Button onClick={() => setEditing({ category: null })}>{t('categories.new')}</Button>}
      />
      <Switch
        label={t('categories.showInactive')}
        checked={includeInactive}
        onChange={(event) => void navigate({ search: { inactive: event.currentTarget.checked || undefined }, replace: true })}
      />
      {list.error ? (
        <QueryError error={list.error} onRetry={list.refetch} />
      ) : (
        <>
          <DataTable caption={t('sections.categories.title')} columns={columns} data={list.items} getRowId={(c) => c.id} loading={list.isLoading} emptyText={t('categories.empty')} />
          <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onLoad={list.loadMore} />
        </>
      )}
      <CategoryModal opened={editing !== null} category={editing?.category ?? null} parentId={editing?.parentId} all={all.data?.items ?? []} onClose={() => setEditing(null)} />
      <DeleteCategoryDialog category={deleting} onClose={() => setDeleting(null)} onDeactivate={(c) => setActive.mutateAsync(c)} />
    </Stack>
  );
}

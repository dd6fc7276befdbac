/**
 * Admin › Service catalogue: every item (retired ones too) with its form size, approval levels and
 * tasks; opens an item to edit it, or a new one; deletes an item nobody requested, else offers to
 * retire it.
 */
import { useMemo, useState } from 'react';
import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { CatalogItem } from '../../api/types';
import { pageSize, useCursorList } from '../../api/use-cursor-list';
import { AnchorLink } from '../../components/anchor-link';
import { columnsFor, DataTable } from '../../components/data-table';
import { Forbidden } from '../../components/forbidden';
import { LoadMore } from '../../components/load-more';
import { PageHeader } from '../../components/page-header';
import { QueryError } from '../../components/query-error';
import { SearchBox } from '../../components/search-box';
import { useCan } from '../../session/session-query';
import { catalogKey, fetchCatalogItems } from '../catalog/catalog-api';
import { DeleteItemDialog } from './delete-item-dialog';

const route = getRouteApi('/_app/admin/catalog');
const column = columnsFor<CatalogItem>();

export function CatalogAdminPage() {
  const can = useCan();
  return can('desk:admin') ? <CatalogItems /> : <Forbidden />;
}

function CatalogItems() {
  const { t } = useTranslation();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const [deleting, setDeleting] = useState<CatalogItem | null>(null);
  const list = useCursorList([...catalogKey, 'list', 'all', search.q], (cursor) => fetchCatalogItems({ q: search.q, includeInactive: true, limit: pageSize, cursor }));
  const columns = useMemo(
    () => [
      column.accessor('name', {
        header: () => t('catalogAdmin.name'),
        cell: (info) => (
          <AnchorLink to="/admin/catalog/$id" params={{ id: info.row.original.id }} fw={600} size="sm">
            {info.getValue()}
          </AnchorLink>
        ),
      }),
      column.accessor((i) => i.category?.name ?? '', { id: 'category', header: () => t('tickets.category'), cell: (info) => info.getValue() || '—' }),
      column.accessor((i) => i.group?.name ?? '', { id: 'group', header: () => t('catalogAdmin.group'), cell: (info) => info.getValue() || '—' }),
      column.accessor((i) => i.form.length, { id: 'fields', header: () => t('catalogAdmin.questions') }),
      column.accessor((i) => i.approvals.length, { id: 'approvals', header: () => t('catalogAdmin.approvalLevels') }),
      column.accessor((i) => i.tasks.length, { id: 'tasks', header: () => t('catalogAdmin.tasks') }),
      column.accessor('active', {
        header: () => t('categories.state'),
        cell: (info) => (
          <Badge color={info.getValue() ? 'teal' : 'gray'} variant="light">
            {info.getValue() ? t('catalogAdmin.offered') : t('catalogAdmin.retired')}
          </Badge>
        ),
      }),
      column.display({
        id: 'actions',
        header: () => t('common.actions'),
        cell: (info) => (
          <Button size="xs" variant="subtle" color="red" onClick={() => setDeleting(info.row.original)} aria-label={t('catalogAdmin.deleteNamed', { name: info.row.original.name })}>
            {t('common.delete')}
          </Button>
        ),
      }),
    ],
    [t],
  );
  return (
    <Stack>
      <PageHeader
        title={t('sections.catalogAdmin.title')}
        description={t('sections.catalogAdmin.description')}
        actions={
          <Button renderRoot={(props) => <Link {...props} to="/admin/catalog/$id" params={{ id: 'new' }} />}>
            {t('catalogAdmin.new')}
          </Button>
        }
      />
      <Group>
        <SearchBox value={search.q} onSearch={(q) => void navigate({ search: { q }, replace: true })} />
      </Group>
      {list.error ? (
        <QueryError error={list.error} onRetry={list.refetch} />
      ) : (
        <>
          <DataTable caption={t('sections.catalogAdmin.title')} columns={columns} data={list.items} getRowId={(i) => i.id} loading={list.isLoading} emptyText={search.q ? t('catalog.emptySearch') : t('catalogAdmin.empty')} />
          <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onLoad={list.loadMore} />
        </>
      )}
      <Text size="xs" c="dimmed">
        {t('catalogAdmin.changesHint')}
      </Text>
      <DeleteItemDialog item={deleting} onClose={() => setDeleting(null)} />
    </Stack>
  );
}

/**
 * The CMDB's item list: text search, filters (with the chosen class's attributes) and sort in the URL,
 * the server-paginated grid with "Load more", and "New item". Keys: `/` search, `n` new item.
 */
import { useMemo } from 'react';
import { Button, Group, Kbd, Select, Stack, Text, Tooltip } from '@mantine/core';
import { useDisclosure, useHotkeys } from '@mantine/hooks';
import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { ConfigurationItem } from '../../api/types';
import { pageSize, useCursorList } from '../../api/use-cursor-list';
import { AnchorLink } from '../../components/anchor-link';
import { columnsFor, DataTable } from '../../components/data-table';
import { Forbidden } from '../../components/forbidden';
import { LoadMore } from '../../components/load-more';
import { PageHeader } from '../../components/page-header';
import { QueryError } from '../../components/query-error';
import { SearchBox } from '../../components/search-box';
import { useCan } from '../../session/session-query';
import { CiFilters } from './ci-filters';
import { CiStatusBadge, CriticalityBadge } from './ci-badges';
import { cisQueryOf, ciSorts, type CiSort, type CisSearch } from './cis-search';
import { cmdbKey, fetchCis } from './cmdb-api';
import { NewCiModal } from './new-ci-modal';

const route = getRouteApi('/_app/cmdb');
const column = columnsFor<ConfigurationItem>();
const dash = <Text span size="sm" c="dimmed">—</Text>;

export function CisPage() {
  const can = useCan();
  return can('cmdb:read') ? <CiList /> : <Forbidden />;
}

function CiList() {
  const { t } = useTranslation();
  const can = useCan();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const [creating, create] = useDisclosure(false);
  const writable = can('cmdb:write');
  const setSearch = (patch: Partial<CisSearch>) => void navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true });
  const query = cisQueryOf(search);
  const list = useCursorList([...cmdbKey, 'list', query], (cursor) => fetchCis({ ...query, limit: pageSize, cursor }));
  useHotkeys([['n', () => writable && create.open()]]);
  const columns = useMemo(
    () => [
      column.accessor('key', {
        header: () => t('cmdb.fields.key'),
        cell: (info) => (
          <Text size="sm" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
            {info.getValue()}
          </Text>
        ),
      }),
      column.accessor('name', {
        header: () => t('cmdb.fields.name'),
        cell: (info) => (
          <AnchorLink to="/cmdb/$key" params={{ key: info.row.original.key }}>
            {info.getValue()}
          </AnchorLink>
        ),
      }),
      column.accessor((ci) => ci.class.name, { id: 'class', header: () => t('cmdb.fields.class') }),
      column.accessor('status', { header: () => t('cmdb.fields.status'), cell: (info) => <CiStatusBadge status={info.getValue()} /> }),
      column.accessor('environment', { header: () => t('cmdb.fields.environment'), cell: (info) => (info.getValue() ? t(`cmdb.environments.${info.getValue()!}`) : dash) }),
      column.accessor('criticality', { header: () => t('cmdb.fields.criticality'), cell: (info) => <CriticalityBadge criticality={info.getValue()} /> }),
      column.accessor((ci) => ci.owner?.name ?? '', { id: 'owner', header: () => t('cmdb.fields.owner'), cell: (info) => info.getValue() || dash }),
      column.accessor((ci) => ci.supportGroup?.name ?? '', { id: 'supportGroup', header: () => t('cmdb.fields.supportGroup'), cell: (info) => info.getValue() || dash }),
      column.accessor((ci) => ci.location?.path ?? '', { id: 'location', header: () => t('cmdb.fields.location'), cell: (info) => info.getValue() || dash }),
    ],
    [t],
  );
  const sort = search.sort ?? 'name';
  return (
    <Stack>
      <PageHeader
        title={t('sections.cmdb.title')}
        description={t('sections.cmdb.description')}
        actions={
          writable && (
            <Tooltip label={<>{t('cmdb.shortcut')} <Kbd size="xs">n</Kbd></>}>
              <Button onClick={create.open}>{t('cmdb.new')}</Button>
            </Tooltip>
          )
        }
      />
      <Group align="flex-end" gap="sm">
        <SearchBox value={search.q} onSearch={(q) => setSearch({ q })} label={t('cmdb.searchLabel')} />
        <Select
          label={t('cmdb.sortLabel')}
          data={ciSorts.map((value) => ({ value, label: t(`cmdb.sorts.${value}`) }))}
          value={sort}
          onChange={(value) => value && setSearch({ sort: value as CiSort })}
          allowDeselect={false}
          w={220}
        />
      </Group>
      <CiFilters search={search} onChange={setSearch} error={list.error} />
      {list.error ? (
        <QueryError error={list.error} onRetry={list.refetch} />
      ) : (
        <>
          <DataTable
            caption={t('sections.cmdb.title')}
            columns={columns}
            data={list.items}
            getRowId={(ci) => ci.id}
            loading={list.isLoading}
            emptyText={t('cmdb.empty')}
            sort={{ value: sort, byColumn: { name: 'name', key: 'createdAt' }, onChange: (value) => setSearch({ sort: value as CiSort }) }}
          />
          <Group justify="space-between">
            <Text size="sm" c="dimmed">
              {t('common.shown', { count: list.items.length })}
            </Text>
            <Text size="xs" c="dimmed">
              <Kbd size="xs">/</Kbd> {t('cmdb.keys.search')}
              {writable && (
                <>
                  {' '}
                  · <Kbd size="xs">n</Kbd> {t('cmdb.keys.new')}
                </>
              )}
            </Text>
          </Group>
          <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onLoad={list.loadMore} />
        </>
      )}
      <NewCiModal opened={creating} onClose={create.close} defaultClass={search.class} />
    </Stack>
  );
}

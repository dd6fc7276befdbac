/**
 * The self-service portal's home: my tickets (open, finished or all), searchable, newest activity first,
 * with "New request". Agents who open it see the tickets they asked for themselves.
 */
import { useMemo } from 'react';
import { Button, EmptyState, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Ticket } from '../../api/types';
import { pageSize, useCursorList } from '../../api/use-cursor-list';
import { AnchorLink } from '../../components/anchor-link';
import { columnsFor, DataTable } from '../../components/data-table';
import { LoadMore } from '../../components/load-more';
import { PageHeader } from '../../components/page-header';
import { QueryError } from '../../components/query-error';
import { SearchBox } from '../../components/search-box';
import { formatDateTime, formatRelative } from '../../i18n/format-date';
import { useCan } from '../../session/session-query';
import { fetchTickets, ticketsKey } from '../tickets/tickets-api';
import { doneStatuses, openStatuses } from '../tickets/ticket-vocabulary';
import { DueText } from './due-text';
import { portalShows, type PortalSearch } from './portal-search';
import { PortalStatusBadge } from './portal-status';

const route = getRouteApi('/_app/portal');
const column = columnsFor<Ticket>();

export function PortalPage() {
  const { t } = useTranslation();
  const can = useCan();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const show = search.show ?? 'open';
  const setSearch = (patch: Partial<PortalSearch>) => void navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true });
  const query = {
    // Agents see every ticket through the API; the portal shows them only their own.
    requester: can('tickets:read') ? 'me' : undefined,
    status: show === 'open' ? openStatuses.join(',') : show === 'done' ? doneStatuses.join(',') : undefined,
    q: search.q,
    sort: search.q ? ('relevance' as const) : ('-updatedAt' as const),
  };
  const list = useCursorList([...ticketsKey, 'list', 'portal', query], (cursor) => fetchTickets({ ...query, limit: pageSize, cursor }));
  const columns = useMemo(
    () => [
      column.accessor('title', {
        header: () => t('portal.request'),
        cell: (info) => (
          <Stack gap={0}>
            <AnchorLink to="/portal/tickets/$key" params={{ key: info.row.original.key }}>
              {info.getValue()}
            </AnchorLink>
            <Text size="xs" c="dimmed" ff="monospace">
              {info.row.original.key}
            </Text>
          </Stack>
        ),
      }),
      column.accessor('status', {
        header: () => t('tickets.status'),
        cell: (info) => <PortalStatusBadge status={info.getValue()} pendingReason={info.row.original.pendingReason} />,
      }),
      column.display({ id: 'due', header: () => t('portal.due'), cell: (info) => <DueText ticket={info.row.original} /> }),
      column.accessor('updatedAt', {
        header: () => t('portal.lastUpdate'),
        cell: (info) => (
          <Text size="sm" title={formatDateTime(info.getValue())} style={{ whiteSpace: 'nowrap' }}>
            {formatRelative(info.getValue())}
          </Text>
        ),
      }),
    ],
    [t],
  );
  const nothingYet = !list.isLoading && list.items.length === 0 && show === 'all' && !search.q;
  return (
    <Stack>
      <PageHeader
        title={t('portal.title')}
        description={t('portal.description')}
        actions={
          <Button component={Link} to="/portal/new">
            {t('portal.newRequest')}
          </Button>
        }
      />
      <Group align="flex-end" gap="sm">
        <SegmentedControl
          aria-label={t('portal.showLabel')}
          value={show}
          onChange={(value) => setSearch({ show: value === 'open' ? undefined : (value as PortalSearch['show']) })}
          data={portalShows.map((value) => ({ value, label: t(`portal.show.${value}`) }))}
        />
        <SearchBox value={search.q} onSearch={(q) => setSearch({ q })} label={t('portal.searchLabel')} />
      </Group>
      {list.error ? (
        <QueryError error={list.error} onRetry={list.refetch} />
      ) : nothingYet ? (
        <EmptyState
          title={t('portal.emptyTitle')}
          description={t('portal.emptyBody')}
          py="xl"
        >
          <EmptyState.Actions>
            <Button component={Link} to="/portal/new">
              {t('portal.newRequest')}
            </Button>
          </EmptyState.Actions>
        </EmptyState>
      ) : (
        <>
          <DataTable
            caption={t('portal.title')}
            columns={columns}
            data={list.items}
            getRowId={(ticket) => ticket.id}
            loading={list.isLoading}
            emptyText={search.q ? t('portal.emptySearch') : t(`portal.empty.${show}`)}
          />
          <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onLoad={list.loadMore} />
        </>
      )}
    </Stack>
  );
}

/** The tickets that name the item as affected, newest first, each linking to its ticket page. */
import { useMemo } from 'react';
import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api/client';
import type { ConfigurationItem, Ticket } from '../../api/types';
import { pageSize, useCursorList } from '../../api/use-cursor-list';
import { AnchorLink } from '../../components/anchor-link';
import { columnsFor, DataTable } from '../../components/data-table';
import { LoadMore } from '../../components/load-more';
import { QueryError } from '../../components/query-error';
import { formatDateTime, formatRelative } from '../../i18n/format-date';
import { PriorityBadge, StatusBadge, TypeBadge } from '../tickets/ticket-badges';
import { cmdbKey } from './cmdb-api';

const column = columnsFor<Ticket>();

export function CiTickets({ ci }: { ci: ConfigurationItem }) {
  const { t } = useTranslation();
  const list = useCursorList([...cmdbKey, 'tickets', ci.key], (cursor) =>
    must(api.GET('/api/v1/configuration-items/{id}/tickets', { params: { path: { id: ci.id }, query: { limit: pageSize, cursor } } })),
  );
  const columns = useMemo(
    () => [
      column.accessor('key', { header: () => t('tickets.key'), cell: (info) => <Text size="sm" ff="monospace">{info.getValue()}</Text> }),
      column.accessor('title', {
        header: () => t('tickets.title'),
        cell: (info) => (
          <AnchorLink to="/tickets/$key" params={{ key: info.row.original.key }}>
            {info.getValue()}
          </AnchorLink>
        ),
      }),
      column.accessor('type', { header: () => t('tickets.type'), cell: (info) => <TypeBadge type={info.getValue()} /> }),
      column.accessor('priority', { header: () => t('tickets.priority'), cell: (info) => <PriorityBadge priority={info.getValue()} /> }),
      column.accessor('status', { header: () => t('tickets.status'), cell: (info) => <StatusBadge status={info.getValue()} pendingReason={info.row.original.pendingReason} /> }),
      column.accessor('createdAt', { header: () => t('cmdb.ticketsTab.opened'), cell: (info) => <Text size="sm" title={formatDateTime(info.getValue())}>{formatRelative(info.getValue())}</Text> }),
    ],
    [t],
  );
  if (list.error) return <QueryError error={list.error} onRetry={list.refetch} />;
  return (
    <>
      <DataTable caption={t('cmdb.ticketsTab.caption', { key: ci.key })} columns={columns} data={list.items} getRowId={(ticket) => ticket.id} loading={list.isLoading} emptyText={t('cmdb.ticketsTab.empty')} />
      <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onLoad={list.loadMore} />
    </>
  );
}

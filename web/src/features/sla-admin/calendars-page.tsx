/** Admin › Business calendars: each calendar with its time zone and how many SLA policies count in it. */
import { useMemo, useState } from 'react';
import { Badge, Button, Stack } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { BusinessCalendar } from '../../api/types';
import { pageSize, useCursorList } from '../../api/use-cursor-list';
import { AnchorLink } from '../../components/anchor-link';
import { columnsFor, DataTable } from '../../components/data-table';
import { Forbidden } from '../../components/forbidden';
import { LoadMore } from '../../components/load-more';
import { PageHeader } from '../../components/page-header';
import { QueryError } from '../../components/query-error';
import { useCan } from '../../session/session-query';
import { DeleteSlaDialog } from './delete-sla-dialog';
import { calendarsKey, fetchCalendars } from './sla-api';

const column = columnsFor<BusinessCalendar>();

export function CalendarsPage() {
  const can = useCan();
  return can('desk:admin') ? <Calendars /> : <Forbidden />;
}

function Calendars() {
  const { t } = useTranslation();
  const [deleting, setDeleting] = useState<BusinessCalendar | null>(null);
  const list = useCursorList([...calendarsKey, 'list'], (cursor) => fetchCalendars({ limit: pageSize, cursor }));
  const columns = useMemo(
    () => [
      column.accessor('name', {
        header: () => t('slaAdmin.name'),
        cell: (info) => (
          <AnchorLink to="/admin/business-calendars/$id" params={{ id: info.row.original.id }} fw={600} size="sm">
            {info.getValue()}
          </AnchorLink>
        ),
      }),
      column.accessor((c) => c.spec.timeZone, { id: 'zone', header: () => t('slaAdmin.timeZone') }),
      column.accessor((c) => c.spec.alwaysOpen, {
        id: 'open',
        header: () => t('slaAdmin.hours'),
        cell: (info) => (info.getValue() ? <Badge variant="light">{t('slaAdmin.alwaysOpenShort')}</Badge> : t('slaAdmin.businessHours')),
      }),
      column.accessor('policyCount', { header: () => t('slaAdmin.usedBy'), cell: (info) => t('slaAdmin.policyCount', { count: info.getValue() }) }),
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
    [t],
  );
  return (
    <Stack>
      <PageHeader
        title={t('sections.calendars.title')}
        description={t('sections.calendars.description')}
        actions={<Button renderRoot={(props) => <Link {...props} to="/admin/business-calendars/$id" params={{ id: 'new' }} />}>{t('slaAdmin.newCalendar')}</Button>}
      />
      {list.error ? (
        <QueryError error={list.error} onRetry={list.refetch} />
      ) : (
        <>
          <DataTable caption={t('sections.calendars.title')} columns={columns} data={list.items} getRowId={(c) => c.id} loading={list.isLoading} emptyText={t('slaAdmin.noCalendars')} />
          <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onLoad={list.loadMore} />
        </>
      )}
      <DeleteSlaDialog kind="calendar" record={deleting} onClose={() => setDeleting(null)} />
    </Stack>
  );
}

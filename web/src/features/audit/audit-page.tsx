/** Admin › Audit log: who changed what and when, filterable, each row opening to its before/after diff. */
import { useMemo, useState } from 'react';
import { Button, Code, Stack, Text } from '@mantine/core';
import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api/client';
import type { AuditEvent } from '../../api/types';
import { pageSize, useCursorList } from '../../api/use-cursor-list';
import { columnsFor, DataTable } from '../../components/data-table';
import { Forbidden } from '../../components/forbidden';
import { LoadMore } from '../../components/load-more';
import { PageHeader } from '../../components/page-header';
import { QueryError } from '../../components/query-error';
import { formatDateTime } from '../../i18n/format-date';
import { useCan } from '../../session/session-query';
import { AuditDiff } from './audit-diff';
import { AuditFilters } from './audit-filters';
import { dayBoundary, type AuditSearch } from './audit-search';
import { AnchorLink } from '../../components/anchor-link';

const route = getRouteApi('/_app/admin/audit');
const column = columnsFor<AuditEvent>();

/** The entity id, linked to its page when the app has one. */
function EntityLink({ event }: { event: AuditEvent }) {
  const can = useCan();
  if (event.entityType === 'person' && can('people:read')) {
    return (
      <AnchorLink to="/admin/people/$id" params={{ id: event.entityId }} ff="monospace" size="sm">
        {event.entityId}
      </AnchorLink>
    );
  }
  if (event.entityType === 'team' && can('teams:read')) {
    return (
      <AnchorLink to="/admin/teams/$id" params={{ id: event.entityId }} ff="monospace" size="sm">
        {event.entityId}
      </AnchorLink>
    );
  }
  return <Code>{event.entityId}</Code>;
}

export function AuditPage() {
  const can = useCan();
  return can('audit:read') ? <AuditLog /> : <Forbidden />;
}

function AuditLog() {
  const { t } = useTranslation();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const [expanded, setExpanded] = useState<string | null>(null);
  const setSearch = (patch: Partial<AuditSearch>) => void navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true });
  const list = useCursorList(['audit-events', search], (cursor) =>
    must(
      api.GET('/api/v1/audit-events', {
        params: {
          query: {
            entityType: search.entityType,
            entityId: search.entityId,
            actorId: search.actorId,
            action: search.action,
            from: dayBoundary(search.from, 'start'),
            to: dayBoundary(search.to, 'end'),
            limit: pageSize,
            cursor,
          },
        },
      }),
    ),
  );
  const columns = useMemo(
    () => [
      column.accessor('at', { header: () => t('audit.time'), cell: (info) => <Text size="sm" style={{ whiteSpace: 'nowrap' }}>{formatDateTime(info.getValue())}</Text> }),
      column.accessor((e) => e.actor.label, {
        id: 'actor',
        header: () => t('audit.actor'),
        cell: (info) => (
          <Stack gap={0}>
            <Text size="sm">{info.getValue()}</Text>
            <Text size="xs" c="dimmed">
              {t(`audit.actorTypes.${info.row.original.actor.type}`)}
            </Text>
          </Stack>
        ),
      }),
      column.accessor('action', { header: () => t('audit.action'), cell: (info) => <Code>{info.getValue()}</Code> }),
      column.accessor('entityType', { header: () => t('audit.entityType') }),
      column.accessor('entityId', { header: () => t('audit.entityId'), cell: (info) => <EntityLink event={info.row.original} /> }),
      column.accessor((e) => Object.keys(e.changes ?? {}).join(', '), { id: 'changed', header: () => t('audit.changedFields') }),
      column.display({
        id: 'expand',
        header: () => t('audit.details'),
        cell: (info) => {
          const open = expanded === info.row.original.id;
          return (
            <Button size="xs" variant="subtle" aria-expanded={open} onClick={() => setExpanded(open ? null : info.row.original.id)}>
              {open ? t('audit.hide') : t('audit.show')}
            </Button>
          );
        },
      }),
    ],
    [t, expanded],
  );
  return (
    <Stack>
      <PageHeader title={t('sections.audit.title')} description={t('sections.audit.description')} />
      <AuditFilters search={search} onChange={setSearch} />
      {list.error ? (
        <QueryError error={list.error} onRetry={list.refetch} />
      ) : (
        <>
          <DataTable
            caption={t('sections.audit.title')}
            columns={columns}
            data={list.items}
            getRowId={(e) => e.id}
            loading={list.isLoading}
            emptyText={t('audit.empty')}
            expandedId={expanded}
            renderExpanded={(event) => <AuditDiff event={event} />}
          />
          <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onLoad={list.loadMore} />
        </>
      )}
    </Stack>
  );
}

/**
 * The agent console: built-in views, full-text search, filters and sort (all in the URL), the ticket
 * grid with "Load more", and "New ticket". Keys: `/` search, `n` new ticket, `j` / `k` move between
 * tickets, Enter opens the one in focus.
 */
import { useEffect, useMemo, useState } from 'react';
import { Badge, Button, Checkbox, Group, Kbd, SegmentedControl, Select, Stack, Text, Tooltip } from '@mantine/core';
import { useDisclosure, useHotkeys } from '@mantine/hooks';
import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Ticket } from '../../api/types';
import { pageSize, useCursorList } from '../../api/use-cursor-list';
import { AnchorLink } from '../../components/anchor-link';
import { columnsFor, DataTable } from '../../components/data-table';
import { Forbidden } from '../../components/forbidden';
import { LoadMore } from '../../components/load-more';
import { PageHeader } from '../../components/page-header';
import { QueryError } from '../../components/query-error';
import { SearchBox } from '../../components/search-box';
import { formatDateTime, formatRelative } from '../../i18n/format-date';
import { useCan } from '../../session/session-query';
import { BulkActions } from './bulk-actions';
import { NewTicketModal } from './new-ticket-modal';
import { SavedViews } from './saved-views';
import { PriorityBadge, StatusBadge } from './ticket-badges';
import { TicketFilters } from './ticket-filters';
import { fetchTickets, ticketsKey } from './tickets-api';
import { effectiveSort, ticketSorts, ticketsQueryOf, ticketViews, type TicketSort, type TicketsSearch } from './tickets-search';
import { isOpenStatus } from './ticket-vocabulary';

const route = getRouteApi('/_app/tickets');
const column = columnsFor<Ticket>();

/** Moves focus to the next (1) or previous (-1) ticket link in the grid (marked `data-ticket-link`). */
function moveFocus(step: 1 | -1) {
  const links = [...document.querySelectorAll<HTMLElement>('[data-ticket-link]')];
  if (links.length === 0) return;
  const at = links.indexOf(document.activeElement as HTMLElement);
  const next = at === -1 ? (step === 1 ? 0 : links.length - 1) : Math.min(links.length - 1, Math.max(0, at + step));
  links[next]?.focus();
}

function isOverdue(ticket: Ticket): boolean {
  return ticket.dueAt !== null && isOpenStatus(ticket.status) && new Date(ticket.dueAt).getTime() < Date.now();
}

/** Whether an SLA clock of the ticket has breached its target. */
function slaBreached(ticket: Ticket): boolean {
  return [ticket.sla.response, ticket.sla.resolution].some((clock) => clock?.state === 'breached');
}

export function TicketsPage() {
  const can = useCan();
  return can('tickets:read') ? <TicketList /> : <Forbidden />;
}

function TicketList() {
  const { t } = useTranslation();
  const can = useCan();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const [creating, create] = useDisclosure(false);
  const writable = can('tickets:write');
  const setSearch = (patch: Partial<TicketsSearch>) => void navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true });
  const query = ticketsQueryOf(search);
  const list = useCursorList([...ticketsKey, 'list', query], (cursor) => fetchTickets({ ...query, limit: pageSize, cursor }));
  // Ticked tickets for the bulk bar, by id; a new filter starts a new selection.
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  const queryText = JSON.stringify(query);
  useEffect(() => setTicked(new Set()), [queryText]);
  const selected = list.items.filter((ticket) => ticked.has(ticket.id));
  const toggle = (id: string) =>
    setTicked((prev) => {
      const next = new Set(prev);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const allTicked = list.items.length > 0 && selected.length === list.items.length;
  useHotkeys([
    ['n', () => writable && create.open()],
    ['j', () => moveFocus(1)],
    ['k', () => moveFocus(-1)],
  ]);
  const columns = useMemo(
    () => [
      ...(writable
        ? [
            column.display({
              id: 'select',
              header: () => (
                <Checkbox
                  aria-label={t('bulk.selectAll')}
                  disabled={list.items.length === 0}
                  checked={allTicked}
                  indeterminate={selected.length > 0 && !allTicked}
                  onChange={() => setTicked(allTicked ? new Set() : new Set(list.items.map((ticket) => ticket.id)))}
                />
              ),
              cell: (info) => (
                <Checkbox aria-label={t('bulk.selectOne', { key: info.row.original.key })} checked={ticked.has(info.row.original.id)} onChange={() => toggle(info.row.original.id)} />
              ),
            }),
          ]
        : []),
      column.accessor('key', {
        header: () => t('tickets.key'),
        cell: (info) => (
          <Text size="sm" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
            {info.getValue()}
          </Text>
        ),
      }),
      column.accessor('title', {
        header: () => t('tickets.title'),
        cell: (info) => (
          <Group gap={6} wrap="nowrap">
            <AnchorLink to="/tickets/$key" params={{ key: info.row.original.key }} data-ticket-link="">
              {info.getValue()}
            </AnchorLink>
            {slaBreached(info.row.original) && (
              <Badge color="red" variant="filled" size="sm">
                {t('tickets.slaBreached')}
              </Badge>
            )}
            {isOverdue(info.row.original) && (
              <Badge color="red" variant="light" size="sm">
                {t('tickets.overdue')}
              </Badge>
            )}
          </Group>
        ),
      }),
      column.accessor('priority', { header: () => t('tickets.priority'), cell: (info) => <PriorityBadge priority={info.getValue()} /> }),
      column.accessor('status', {
        header: () => t('tickets.status'),
        cell: (info) => <StatusBadge status={info.getValue()} pendingReason={info.row.original.pendingReason} />,
      }),
      column.accessor((ticket) => ticket.assignee?.name ?? '', {
        id: 'assignee',
        header: () => t('tickets.assignee'),
        cell: (info) => info.getValue() || <Text size="sm" c="dimmed">{t('tickets.unassigned')}</Text>,
      }),
      column.accessor((ticket) => ticket.group?.name ?? '', { id: 'group', header: () => t('tickets.group'), cell: (info) => info.getValue() || '—' }),
      column.accessor((ticket) => ticket.requester.name, { id: 'requester', header: () => t('tickets.requester') }),
      column.accessor('updatedAt', {
        header: () => t('tickets.updated'),
        cell: (info) => (
          <Text size="sm" title={formatDateTime(info.getValue())} style={{ whiteSpace: 'nowrap' }}>
            {formatRelative(info.getValue())}
          </Text>
        ),
      }),
    ],
    [t, writable, ticked, allTicked, selected.length, list.items],
  );
  const sort = effectiveSort(search);
  const sortOptions = ticketSorts.filter((s) => s !== 'relevance' || search.q).map((value) => ({ value, label: t(`tickets.sorts.${value}`) }));
  return (
    <Stack>
      <PageHeader
        title={t('sections.tickets.title')}
        description={t('sections.tickets.description')}
        actions={
          writable && (
            <Tooltip label={<>{t('tickets.shortcut')} <Kbd size="xs">n</Kbd></>}>
              <Button onClick={create.open}>{t('tickets.new')}</Button>
            </Tooltip>
          )
        }
      />
      <SegmentedControl
        aria-label={t('tickets.views.label')}
        value={search.view ?? 'open'}
        onChange={(view) => setSearch({ view: view === 'open' ? undefined : (view as TicketsSearch['view']) })}
        data={ticketViews.map((value) => ({ value, label: t(`tickets.views.${value}`) }))}
        w="fit-content"
        maw="100%"
        style={{ overflowX: 'auto' }}
      />
      <Group align="flex-end" gap="sm">
        <SearchBox value={search.q} onSearch={(q) => setSearch({ q, sort: search.sort === 'relevance' && !q ? undefined : search.sort })} label={t('tickets.searchLabel')} />
        <Select
          label={t('tickets.sortLabel')}
          data={sortOptions}
          value={sort}
          onChange={(value) => value && setSearch({ sort: value as TicketSort })}
          allowDeselect={false}
          w={220}
        />
        <SavedViews search={search} onApply={(next) => void navigate({ search: next, replace: true })} />
      </Group>
      <TicketFilters search={search} onChange={setSearch} />
      {writable && selected.length > 0 && <BulkActions selected={selected} onDone={() => setTicked(new Set())} />}
      {list.error ? (
        <QueryError error={list.error} onRetry={list.refetch} />
      ) : (
        <>
          <DataTable
            caption={t('sections.tickets.title')}
            columns={columns}
            data={list.items}
            getRowId={(ticket) => ticket.id}
            loading={list.isLoading}
            emptyText={search.q ? t('tickets.emptySearch') : t(`tickets.emptyViews.${search.view ?? 'open'}`)}
            sort={{
              value: sort,
              byColumn: { priority: 'priority', updatedAt: 'updatedAt', key: 'createdAt' },
              onChange: (value) => setSearch({ sort: value as TicketSort }),
            }}
          />
          <Group justify="space-between">
            <Text size="sm" c="dimmed">
              {t('common.shown', { count: list.items.length })}
            </Text>
            <Text size="xs" c="dimmed">
              <Kbd size="xs">/</Kbd> {t('tickets.keys.search')} · <Kbd size="xs">j</Kbd> <Kbd size="xs">k</Kbd> {t('tickets.keys.move')} · <Kbd size="xs">Enter</Kbd>{' '}
              {t('tickets.keys.open')}
              {writable && (
                <>
                  {' '}
                  · <Kbd size="xs">n</Kbd> {t('tickets.keys.new')}
                </>
              )}
            </Text>
          </Group>
          <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onLoad={list.loadMore} />
        </>
      )}
      <NewTicketModal opened={creating} onClose={create.close} />
    </Stack>
  );
}

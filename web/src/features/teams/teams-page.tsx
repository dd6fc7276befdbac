/** Admin › Teams: searchable, server-paginated list and "New team". */
import { useMemo } from 'react';
import { Button, Group, Stack } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Team } from '../../api/types';
import { pageSize, useCursorList } from '../../api/use-cursor-list';
import { columnsFor, DataTable } from '../../components/data-table';
import { Forbidden } from '../../components/forbidden';
import { LoadMore } from '../../components/load-more';
import { PageHeader } from '../../components/page-header';
import { QueryError } from '../../components/query-error';
import { SearchBox } from '../../components/search-box';
import { useCan } from '../../session/session-query';
import { fetchTeams, teamsKey } from './teams-api';
import { NewTeamModal } from './new-team-modal';
import { AnchorLink } from '../../components/anchor-link';

const route = getRouteApi('/_app/admin/teams');
const column = columnsFor<Team>();

export function TeamsPage() {
  const can = useCan();
  return can('teams:read') ? <TeamsList /> : <Forbidden />;
}

function TeamsList() {
  const { t } = useTranslation();
  const can = useCan();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const [creating, create] = useDisclosure(false);
  const list = useCursorList([...teamsKey, 'list', search], (cursor) => fetchTeams({ q: search.q, limit: pageSize, cursor }));
  const columns = useMemo(
    () => [
      column.accessor('name', {
        header: () => t('teams.name'),
        cell: (info) => (
          <AnchorLink to="/admin/teams/$id" params={{ id: info.row.original.id }}>
            {info.getValue()}
          </AnchorLink>
        ),
      }),
      column.accessor('email', { header: () => t('teams.email'), cell: (info) => info.getValue() || '—' }),
      column.accessor('memberCount', { header: () => t('teams.members') }),
      column.accessor('description', { header: () => t('teams.description') }),
    ],
    [t],
  );
  return (
    <Stack>
      <PageHeader
        title={t('sections.teams.title')}
        description={t('sections.teams.description')}
        actions={can('teams:write') && <Button onClick={create.open}>{t('teams.new')}</Button>}
      />
      <Group>
        <SearchBox value={search.q} onSearch={(q) => void navigate({ search: { q }, replace: true })} label={t('teams.searchLabel')} />
      </Group>
      {list.error ? (
        <QueryError error={list.error} onRetry={list.refetch} />
      ) : (
        <>
          <DataTable caption={t('sections.teams.title')} columns={columns} data={list.items} getRowId={(team) => team.id} loading={list.isLoading} emptyText={t('teams.empty')} />
          <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onLoad={list.loadMore} />
        </>
      )}
      <NewTeamModal opened={creating} onClose={create.close} />
    </Stack>
  );
}

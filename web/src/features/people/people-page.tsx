/** Admin › People: the server-paginated list with search, role, team, department and status filters, and "New person". */
import { useMemo } from 'react';
import { Button, Group, Select, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Person } from '../../api/types';
import { pageSize, useCursorList } from '../../api/use-cursor-list';
import { columnsFor, DataTable } from '../../components/data-table';
import { Forbidden } from '../../components/forbidden';
import { LoadMore } from '../../components/load-more';
import { PageHeader } from '../../components/page-header';
import { QueryError } from '../../components/query-error';
import { SearchBox } from '../../components/search-box';
import { formatDateTime } from '../../i18n/format-date';
import { useCan } from '../../session/session-query';
import { useDepartmentOptions } from '../departments/departments-api';
import { useRoleOptions } from '../roles/roles-api';
import { useTeamOptions } from '../teams/teams-api';
import { fetchPeople, peopleKey } from './people-api';
import { NewPersonModal } from './new-person-modal';
import type { PeopleSearch } from './people-search';
import { PersonStatusBadges } from './person-status-badges';
import { AnchorLink } from '../../components/anchor-link';

const route = getRouteApi('/_app/admin/people');
const column = columnsFor<Person>();

export function PeoplePage() {
  const can = useCan();
  return can('people:read') ? <PeopleList /> : <Forbidden />;
}

function PeopleList() {
  const { t } = useTranslation();
  const can = useCan();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const [creating, create] = useDisclosure(false);
  const roleOptions = useRoleOptions(can('roles:read'));
  const teamOptions = useTeamOptions(can('teams:read'));
  const departmentOptions = useDepartmentOptions(true);
  const setSearch = (patch: Partial<PeopleSearch>) => void navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true });
  const list = useCursorList([...peopleKey, 'list', search], (cursor) =>
    fetchPeople({ q: search.q, role: search.role, team: search.team, department: search.department, status: search.status, sort: search.sort ?? 'name', limit: pageSize, cursor }),
  );
  const columns = useMemo(
    () => [
      column.accessor('name', {
        header: () => t('people.name'),
        cell: (info) => (
          <AnchorLink to="/admin/people/$id" params={{ id: info.row.original.id }}>
            {info.getValue()}
          </AnchorLink>
        ),
      }),
      column.accessor('email', { header: () => t('people.email') }),
      column.accessor((p) => p.role.name, { id: 'role', header: () => t('people.role') }),
      column.accessor((p) => p.department?.name ?? '', { id: 'department', header: () => t('people.department') }),
      column.display({ id: 'status', header: () => t('people.status'), cell: (info) => <PersonStatusBadges person={info.row.original} /> }),
      column.accessor('lastLoginAt', { header: () => t('people.lastLogin'), cell: (info) => formatDateTime(info.getValue()) || '—' }),
      column.accessor('createdAt', { header: () => t('people.createdAt'), cell: (info) => formatDateTime(info.getValue()) }),
    ],
    [t],
  );
  return (
    <Stack>
      <PageHeader
        title={t('sections.people.title')}
        description={t('sections.people.description')}
        actions={can('people:write') && <Button onClick={create.open}>{t('people.new')}</Button>}
      />
      <Group align="flex-end" gap="sm">
        <SearchBox value={search.q} onSearch={(q) => setSearch({ q })} label={t('people.searchLabel')} />
        {roleOptions.length > 0 && (
          <Select label={t('people.role')} placeholder={t('common.any')} data={roleOptions} value={search.role ?? null} onChange={(role) => setSearch({ role: role ?? undefined })} clearable w={200} />
        )}
        {teamOptions.length > 0 && (
          <Select label={t('people.teams')} placeholder={t('common.any')} data={teamOptions} value={search.team ?? null} onChange={(team) => setSearch({ team: team ?? undefined })} searchable clearable w={200} />
        )}
        {departmentOptions.length > 0 && (
          <Select
            label={t('people.department')}
            placeholder={t('common.any')}
            data={departmentOptions}
            value={search.department ?? null}
            onChange={(department) => setSearch({ department: department ?? undefined })}
            searchable
            clearable
            w={200}
          />
        )}
        <Select
          label={t('people.status')}
          placeholder={t('common.any')}
          data={[
            { value: 'active', label: t('people.statusActive') },
            { value: 'disabled', label: t('people.statusDisabled') },
          ]}
          value={search.status ?? null}
          onChange={(status) => setSearch({ status: (status as PeopleSearch['status']) ?? undefined })}
          clearable
          w={160}
        />
      </Group>
      {list.error ? (
        <QueryError error={list.error} onRetry={list.refetch} />
      ) : (
        <>
          <DataTable
            caption={t('sections.people.title')}
            columns={columns}
            data={list.items}
            getRowId={(p) => p.id}
            loading={list.isLoading}
            emptyText={t('people.empty')}
            sort={{ value: search.sort ?? 'name', byColumn: { name: 'name', email: 'email', createdAt: 'createdAt' }, onChange: (sort) => setSearch({ sort: sort as PeopleSearch['sort'] }) }}
          />
          <Text size="sm" c="dimmed">
            {t('common.shown', { count: list.items.length })}
          </Text>
          <LoadMore hasMore={list.hasMore} loading={list.loadingMore} onLoad={list.loadMore} />
        </>
      )}
      <NewPersonModal opened={creating} onClose={create.close} />
    </Stack>
  );
}

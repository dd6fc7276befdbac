/** A team's members: add a person by searching, remove with one click (the team answers with its new state). */
import { useMemo, useState } from 'react';
import { Button, Group, Paper, Stack, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api/client';
import type { TeamDetail } from '../../api/types';
import { columnsFor, DataTable } from '../../components/data-table';
import { EntityPicker, type PickerOption } from '../../components/entity-picker';
import { showProblem } from '../../forms/problem-feedback';
import { useCan } from '../../session/session-query';
import { peopleKey, searchPeopleOptions } from '../people/people-api';
import { teamQuery, teamsKey } from './teams-api';
import { AnchorLink } from '../../components/anchor-link';

type Member = TeamDetail['members'][number];
const column = columnsFor<Member>();

export function TeamMembers({ team }: { team: TeamDetail }) {
  const { t } = useTranslation();
  const can = useCan();
  const queryClient = useQueryClient();
  const writable = can('teams:write');
  const [candidate, setCandidate] = useState<PickerOption | null>(null);
  const updated = (next: TeamDetail) => {
    queryClient.setQueryData(teamQuery(team.id).queryKey, next);
    void queryClient.invalidateQueries({ queryKey: [...teamsKey, 'list'] });
    void queryClient.invalidateQueries({ queryKey: peopleKey });
  };
  const add = useMutation({
    mutationFn: (userId: string) => must(api.POST('/api/v1/teams/{id}/members', { params: { path: { id: team.id } }, body: { userId } })),
    onSuccess: (next) => {
      updated(next);
      setCandidate(null);
    },
    onError: (error) => showProblem(error),
  });
  const remove = useMutation({
    mutationFn: (userId: string) => must(api.DELETE('/api/v1/teams/{id}/members/{userId}', { params: { path: { id: team.id, userId } } })),
    onSuccess: updated,
    onError: (error) => showProblem(error),
  });
  const removeMember = remove.mutate;
  const linkPeople = can('people:read');
  const columns = useMemo(
    () => [
      column.accessor('name', {
        header: () => t('people.name'),
        cell: (info) =>
          linkPeople ? (
            <AnchorLink to="/admin/people/$id" params={{ id: info.row.original.id }}>
              {info.getValue()}
            </AnchorLink>
          ) : (
            info.getValue()
          ),
      }),
      column.accessor('email', { header: () => t('people.email') }),
      ...(writable
        ? [
            column.display({
              id: 'actions',
              header: () => t('common.actions'),
              cell: (info) => (
                <Button
                  size="xs"
                  variant="subtle"
                  color="red"
                  onClick={() => removeMember(info.row.original.id)}
                  aria-label={t('teams.removeMember', { name: info.row.original.name })}
                >
                  {t('common.remove')}
                </Button>
              ),
            }),
          ]
        : []),
    ],
    [t, linkPeople, writable, removeMember],
  );
  return (
    <Paper withBorder p="md">
      <Stack>
        <Title order={2} size="h4">
          {t('teams.membersTitle', { count: team.members.length })}
        </Title>
        {writable && (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              if (candidate) add.mutate(candidate.value);
            }}
          >
            <Group align="flex-end">
              <EntityPicker
                label={t('teams.addMember')}
                kind="people"
                search={searchPeopleOptions}
                value={candidate?.value ?? null}
                selected={candidate}
                exclude={team.members.map((m) => m.id)}
                onChange={setCandidate}
              />
              <Button type="submit" disabled={!candidate} loading={add.isPending}>
                {t('common.add')}
              </Button>
            </Group>
          </form>
        )}
        <DataTable caption={t('teams.members')} columns={columns} data={team.members} getRowId={(m) => m.id} emptyText={t('teams.noMembers')} />
      </Stack>
    </Paper>
  );
}

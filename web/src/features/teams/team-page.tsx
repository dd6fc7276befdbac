/** Admin › Teams › one team: details form, members, and delete. */
import { Breadcrumbs, Button, Grid, Loader, Stack } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api, mustSucceed } from '../../api/client';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { Forbidden } from '../../components/forbidden';
import { PageHeader } from '../../components/page-header';
import { QueryError } from '../../components/query-error';
import { showProblem, showSuccess } from '../../forms/problem-feedback';
import { useCan } from '../../session/session-query';
import { teamQuery, teamsKey } from './teams-api';
import { TeamForm } from './team-form';
import { TeamMembers } from './team-members';
import { TeamRouting } from './team-routing';
import { AnchorLink } from '../../components/anchor-link';

const route = getRouteApi('/_app/admin/teams/$id');

export function TeamPage() {
  const can = useCan();
  return can('teams:read') ? <TeamDetail /> : <Forbidden />;
}

function TeamDetail() {
  const { t } = useTranslation();
  const can = useCan();
  const { id } = route.useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const team = useQuery(teamQuery(id));
  const [confirming, confirm] = useDisclosure(false);
  const remove = useMutation({
    mutationFn: () => mustSucceed(api.DELETE('/api/v1/teams/{id}', { params: { path: { id } } })),
    onSuccess: async () => {
      showSuccess(t('teams.deleted', { name: team.data?.name ?? '' }));
      await navigate({ to: '/admin/teams' });
      queryClient.removeQueries({ queryKey: teamQuery(id).queryKey });
      void queryClient.invalidateQueries({ queryKey: teamsKey });
    },
    onError: (error) => showProblem(error),
  });
  return (
    <Stack>
      <Breadcrumbs>
        <AnchorLink to="/admin/teams">
          {t('sections.teams.title')}
        </AnchorLink>
        <span>{team.data?.name ?? '…'}</span>
      </Breadcrumbs>
      {team.error && <QueryError error={team.error} onRetry={() => void team.refetch()} />}
      {!team.data && !team.error && <Loader aria-label={t('common.loading')} />}
      {team.data && (
        <>
          <PageHeader
            title={team.data.name}
            description={team.data.description || undefined}
            actions={
              can('teams:write') && (
                <Button color="red" variant="light" onClick={confirm.open}>
                  {t('teams.delete')}
                </Button>
              )
            }
          />
          <Grid gap="lg">
            <Grid.Col span={{ base: 12, md: 5 }}>
              <Stack>
                <TeamForm key={team.data.version} team={team.data} onConflict={() => void team.refetch()} />
                {can('tickets:read') && <TeamRouting teamId={team.data.id} />}
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 7 }}>
              <TeamMembers team={team.data} />
            </Grid.Col>
          </Grid>
          <ConfirmDialog
            opened={confirming}
            onClose={confirm.close}
            title={t('teams.delete')}
            message={t('teams.deleteConfirm', { name: team.data.name })}
            confirmLabel={t('common.delete')}
            onConfirm={() => remove.mutateAsync()}
          />
        </>
      )}
    </Stack>
  );
}

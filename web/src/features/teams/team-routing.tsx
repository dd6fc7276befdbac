/**
 * A team's routing on its page: the round-robin switch (desk administrators change it) and who the
 * team last handed a ticket to. A stale version reloads the setting with the conflict message.
 */
import { Loader, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api/client';
import { QueryError } from '../../components/query-error';
import { onSaveError, showSuccess } from '../../forms/problem-feedback';
import { useCan } from '../../session/session-query';

export function TeamRouting({ teamId }: { teamId: string }) {
  const { t } = useTranslation();
  const can = useCan();
  const queryClient = useQueryClient();
  const queryKey = ['desk-groups', teamId];
  const settings = useQuery({ queryKey, queryFn: () => must(api.GET('/api/v1/desk/groups/{id}', { params: { path: { id: teamId } } })) });
  const save = useMutation({
    mutationFn: (roundRobin: boolean) =>
      must(api.PATCH('/api/v1/desk/groups/{id}', { params: { path: { id: teamId } }, body: { version: settings.data?.version ?? 0, roundRobin } })),
    onSuccess: (saved) => {
      queryClient.setQueryData(queryKey, saved);
      showSuccess(saved.roundRobin ? t('teams.roundRobinOn', { name: saved.name }) : t('teams.roundRobinOff', { name: saved.name }));
    },
    onError: onSaveError(undefined, t('conflict.groupSettings'), () => void settings.refetch()),
  });
  return (
    <Paper withBorder p="md">
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('teams.routing')}
        </Title>
        {settings.error && <QueryError error={settings.error} onRetry={() => void settings.refetch()} />}
        {settings.isPending && <Loader size="sm" aria-label={t('common.loading')} />}
        {settings.data && (
          <>
            <Switch
              label={t('teams.roundRobin')}
              description={t('teams.roundRobinHint')}
              checked={settings.data.roundRobin}
              disabled={!can('desk:admin') || save.isPending}
              onChange={(e) => save.mutate(e.currentTarget.checked)}
            />
            {settings.data.lastAssignee && (
              <Text size="sm" c="dimmed">
                {t('teams.lastAssignee', { name: settings.data.lastAssignee.name })}
              </Text>
            )}
          </>
        )}
      </Stack>
    </Paper>
  );
}

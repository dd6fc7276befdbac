/** Edits a team's name, e-mail and description, sending the version it read (409 reloads). Keyed by version. */
import { Button, Group, Paper, Stack, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api/client';
import type { TeamDetail } from '../../api/types';
import { onSaveError, showSuccess } from '../../forms/problem-feedback';
import { useCan } from '../../session/session-query';
import { teamQuery, teamsKey } from './teams-api';

const valuesOf = (team: TeamDetail) => ({ name: team.name, email: team.email, description: team.description });

export function TeamForm({ team, onConflict }: { team: TeamDetail; onConflict: () => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const queryClient = useQueryClient();
  const writable = can('teams:write');
  const form = useForm({ initialValues: valuesOf(team) });
  const save = useMutation({
    mutationFn: (v: ReturnType<typeof valuesOf>) =>
      must(
        api.PATCH('/api/v1/teams/{id}', {
          params: { path: { id: team.id } },
          body: { version: team.version, name: v.name.trim(), email: v.email.trim(), description: v.description.trim() },
        }),
      ),
    onSuccess: (saved) => {
      queryClient.setQueryData(teamQuery(team.id).queryKey, saved);
      void queryClient.invalidateQueries({ queryKey: [...teamsKey, 'list'] });
      showSuccess(t('common.saved'));
    },
    onError: onSaveError(form, t('conflict.team'), onConflict),
  });
  return (
    <Paper withBorder p="md">
      <form onSubmit={form.onSubmit((values) => save.mutate(values))}>
        <fieldset disabled={!writable} style={{ border: 0, padding: 0, margin: 0 }}>
          <Stack>
            <Title order={2} size="h4">
              {t('teams.details')}
            </Title>
            <TextInput label={t('teams.name')} required {...form.getInputProps('name')} />
            <TextInput label={t('teams.email')} type="email" {...form.getInputProps('email')} />
            <Textarea label={t('teams.description')} autosize minRows={2} {...form.getInputProps('description')} />
            {writable && (
              <Group justify="flex-end">
                <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>
                  {t('common.save')}
                </Button>
              </Group>
            )}
          </Stack>
        </fieldset>
      </form>
    </Paper>
  );
}

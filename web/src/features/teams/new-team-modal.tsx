/** The "New team" dialog; opens the new team's page when created. */
import { Modal, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api/client';
import { showProblem, showSuccess } from '../../forms/problem-feedback';
import { teamsKey } from './teams-api';
import { DialogActions } from '../../components/dialog-actions';

const emptyTeam = { name: '', description: '', email: '' };

export function NewTeamModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const form = useForm({ initialValues: emptyTeam, validate: { name: (v) => (v.trim() ? null : t('common.required')) } });
  const close = () => {
    form.reset();
    onClose();
  };
  const create = useMutation({
    mutationFn: (v: typeof emptyTeam) =>
      must(api.POST('/api/v1/teams', { body: { name: v.name.trim(), description: v.description.trim(), email: v.email.trim() } })),
    onSuccess: (team) => {
      void queryClient.invalidateQueries({ queryKey: teamsKey });
      showSuccess(t('teams.created', { name: team.name }));
      close();
      void navigate({ to: '/admin/teams/$id', params: { id: team.id } });
    },
    onError: (error) => showProblem(error, form),
  });
  return (
    <Modal opened={opened} onClose={close} title={t('teams.new')}>
      <form onSubmit={form.onSubmit((values) => create.mutate(values))}>
        <Stack>
          <TextInput label={t('teams.name')} required data-autofocus {...form.getInputProps('name')} />
          <TextInput label={t('teams.email')} type="email" description={t('teams.emailHint')} {...form.getInputProps('email')} />
          <Textarea label={t('teams.description')} autosize minRows={2} {...form.getInputProps('description')} />
          <DialogActions onCancel={close} submitLabel={t('teams.create')} loading={create.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}

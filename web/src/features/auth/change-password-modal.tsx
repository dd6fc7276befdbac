/** The dialog for changing one's own password. */
import { Modal, PasswordInput, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, mustSucceed } from '../../api/client';
import { showProblem, showSuccess } from '../../forms/problem-feedback';
import { DialogActions } from '../../components/dialog-actions';

export function ChangePasswordModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const form = useForm({
    initialValues: { currentPassword: '', newPassword: '', confirmPassword: '' },
    validate: {
      currentPassword: (v) => (v ? null : t('password.currentRequired')),
      newPassword: (v) => (v ? null : t('password.newRequired')),
      confirmPassword: (v, values) => (v === values.newPassword ? null : t('password.mismatch')),
    },
  });
  const close = () => {
    form.reset();
    onClose();
  };
  const change = useMutation({
    mutationFn: (values: typeof form.values) =>
      mustSucceed(api.POST('/api/v1/auth/password', { body: { currentPassword: values.currentPassword, newPassword: values.newPassword } })),
    onSuccess: () => {
      showSuccess(t('password.changed'));
      close();
    },
    onError: (error) => {
      const problem = showProblem(error, form);
      if (problem?.code === 'WRONG_PASSWORD') form.setFieldError('currentPassword', problem.problem.detail);
      if (problem?.code === 'WEAK_PASSWORD' && !problem.problem.errors.length) form.setFieldError('newPassword', problem.problem.detail);
    },
  });
  return (
    <Modal opened={opened} onClose={close} title={t('password.title')}>
      <form onSubmit={form.onSubmit((values) => change.mutate(values))}>
        <Stack>
          <PasswordInput label={t('password.current')} autoComplete="current-password" data-autofocus {...form.getInputProps('currentPassword')} />
          <PasswordInput label={t('password.new')} autoComplete="new-password" {...form.getInputProps('newPassword')} />
          <PasswordInput label={t('password.confirm')} autoComplete="new-password" {...form.getInputProps('confirmPassword')} />
          <DialogActions onCancel={close} submitLabel={t('password.submit')} loading={change.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}

/** One dialog for naming a department: creates one, or renames the given one (with its version). */
import { Modal, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api/client';
import type { Department } from '../../api/types';
import { onSaveError, showSuccess } from '../../forms/problem-feedback';
import { departmentsKey } from './departments-api';
import { DialogActions } from '../../components/dialog-actions';

interface DepartmentNameModalProps {
  opened: boolean;
  /** The department to rename; null to create a new one. */
  department: Department | null;
  onClose: () => void;
}

export function DepartmentNameModal({ opened, department, onClose }: DepartmentNameModalProps) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={department ? t('departments.rename') : t('departments.new')}>
      <DepartmentNameForm department={department} onClose={onClose} />
    </Modal>
  );
}

/** Mounted each time the dialog opens, so it starts from the department's current name. */
function DepartmentNameForm({ department, onClose }: Omit<DepartmentNameModalProps, 'opened'>) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm({ initialValues: { name: department?.name ?? '' }, validate: { name: (v) => (v.trim() ? null : t('common.required')) } });
  const save = useMutation({
    mutationFn: ({ name }: { name: string }) =>
      department
        ? must(api.PATCH('/api/v1/departments/{id}', { params: { path: { id: department.id } }, body: { version: department.version, name: name.trim() } }))
        : must(api.POST('/api/v1/departments', { body: { name: name.trim() } })),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: departmentsKey });
      void queryClient.invalidateQueries({ queryKey: ['people'] });
      showSuccess(department ? t('departments.renamed', { name: saved.name }) : t('departments.created', { name: saved.name }));
      onClose();
    },
    onError: onSaveError(form, t('conflict.department'), () => {
      void queryClient.invalidateQueries({ queryKey: departmentsKey });
      onClose();
    }),
  });
  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))}>
      <Stack>
        <TextInput label={t('departments.name')} required data-autofocus {...form.getInputProps('name')} />
        <DialogActions onCancel={onClose} submitLabel={department ? t('departments.rename') : t('departments.create')} loading={save.isPending} />
      </Stack>
    </form>
  );
}

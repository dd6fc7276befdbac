/** Creates, edits or (for built-in roles and readers) shows a role: name, description, kind, permissions. */
import { Checkbox, Modal, SegmentedControl, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api/client';
import type { PermissionKey, Role } from '../../api/types';
import { onSaveError, showSuccess } from '../../forms/problem-feedback';
import { RoleDetails } from './role-details';
import { permissionsQuery, rolesKey } from './roles-api';
import { DialogActions } from '../../components/dialog-actions';

interface RoleModalProps {
  opened: boolean;
  /** The role to edit or show; null to create one. */
  role: Role | null;
  readOnly: boolean;
  onClose: () => void;
}

const blank = { name: '', description: '', kind: 'agent' as 'agent' | 'requester', permissions: [] as string[] };

export function RoleModal({ opened, role, readOnly, onClose }: RoleModalProps) {
  const { t } = useTranslation();
  if (readOnly && role) {
    return (
      <Modal opened={opened} onClose={onClose} title={t('roles.view', { name: role.name })} size="lg">
        <RoleDetails role={role} />
      </Modal>
    );
  }
  return (
    <Modal opened={opened} onClose={onClose} title={role ? t('roles.edit', { name: role.name }) : t('roles.new')} size="lg">
      <RoleForm role={role} onClose={onClose} />
    </Modal>
  );
}

/** Mounted each time the dialog opens, so it starts from the role as it is now. */
function RoleForm({ role, onClose }: Omit<RoleModalProps, 'readOnly' | 'opened'>) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const catalogue = useQuery(permissionsQuery);
  const form = useForm({
    initialValues: role ? { name: role.name, description: role.description, kind: role.kind, permissions: role.permissions } : blank,
    validate: { name: (v) => (v.trim() ? null : t('common.required')) },
  });
  const save = useMutation({
    mutationFn: (v: typeof blank) => {
      // The checkboxes only offer keys from the server's permission list, so these are permission keys.
      const body = { name: v.name.trim(), description: v.description.trim(), kind: v.kind, permissions: v.permissions as PermissionKey[] };
      return role
        ? must(api.PATCH('/api/v1/roles/{id}', { params: { path: { id: role.id } }, body: { version: role.version, ...body } }))
        : must(api.POST('/api/v1/roles', { body }));
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: rolesKey });
      showSuccess(role ? t('common.saved') : t('roles.created', { name: saved.name }));
      onClose();
    },
    onError: onSaveError(form, t('conflict.role'), () => {
      void queryClient.invalidateQueries({ queryKey: rolesKey });
      onClose();
    }),
  });
  // Show every permission the catalogue lists, plus any the role holds that the catalogue no longer does.
  const known = catalogue.data?.items ?? [];
  const extra = form.values.permissions.filter((key) => !known.some((p) => p.key === key)).map((key) => ({ key, description: '' }));
  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))}>
      <Stack>
        <TextInput label={t('roles.name')} required data-autofocus {...form.getInputProps('name')} />
        <Textarea label={t('roles.description')} autosize minRows={2} {...form.getInputProps('description')} />
        <Stack gap={4}>
          <Text size="sm" fw={500} id="role-kind-label">
            {t('roles.kind')}
          </Text>
          <SegmentedControl
            aria-labelledby="role-kind-label"
            data={[
              { value: 'agent', label: t('people.kindAgent') },
              { value: 'requester', label: t('people.kindRequester') },
            ]}
            {...form.getInputProps('kind')}
          />
        </Stack>
        <Checkbox.Group label={t('roles.permissions')} {...form.getInputProps('permissions')}>
          <Stack gap="xs" mt="xs">
            {catalogue.isPending && <Text size="sm">{t('common.loading')}</Text>}
            {[...known, ...extra].map((p) => (
              <Checkbox key={p.key} value={p.key} label={p.key} description={p.description || undefined} />
            ))}
          </Stack>
        </Checkbox.Group>
        <DialogActions onCancel={onClose} submitLabel={role ? t('common.save') : t('roles.create')} loading={save.isPending} />
      </Stack>
    </form>
  );
}

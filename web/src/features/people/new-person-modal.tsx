/** The "New person" dialog; a generated temporary password is shown once afterwards. */
import { useState } from 'react';
import { Checkbox, Modal, PasswordInput, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api/client';
import type { CreatedPerson } from '../../api/types';
import type { PickerOption } from '../../components/entity-picker';
import { SecretOnce } from '../../components/secret-once';
import { showProblem, showSuccess } from '../../forms/problem-feedback';
import { useCan } from '../../session/session-query';
import { useRoleOptions } from '../roles/roles-api';
import { peopleKey } from './people-api';
import { ProfileFields } from './profile-fields';
import { DialogActions } from '../../components/dialog-actions';

const emptyPerson = {
  name: '',
  email: '',
  roleId: '',
  kind: 'fromRole' as 'fromRole' | 'agent' | 'requester',
  jobTitle: '',
  phone: '',
  departmentId: null as string | null,
  password: '',
  generatePassword: true,
};

export function NewPersonModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const queryClient = useQueryClient();
  const roleOptions = useRoleOptions(opened && can('roles:read'));
  const [department, setDepartment] = useState<PickerOption | null>(null);
  const [temporaryPassword, setTemporaryPassword] = useState<string | null>(null);
  const form = useForm({
    initialValues: emptyPerson,
    validate: {
      name: (v) => (v.trim() ? null : t('common.required')),
      email: (v) => (v.trim() ? null : t('common.required')),
      roleId: (v) => (v ? null : t('common.required')),
    },
  });
  const close = () => {
    form.reset();
    setDepartment(null);
    onClose();
  };
  const create = useMutation({
    mutationFn: (v: typeof emptyPerson) =>
      must(
        api.POST('/api/v1/people', {
          body: {
            name: v.name.trim(),
            email: v.email.trim(),
            roleId: v.roleId,
            ...(v.kind !== 'fromRole' ? { kind: v.kind } : {}),
            ...(v.jobTitle.trim() ? { jobTitle: v.jobTitle.trim() } : {}),
            ...(v.phone.trim() ? { phone: v.phone.trim() } : {}),
            ...(v.departmentId ? { departmentId: v.departmentId } : {}),
            ...(v.generatePassword ? { generatePassword: true } : v.password ? { password: v.password } : {}),
          },
        }),
      ),
    onSuccess: (person: CreatedPerson) => {
      void queryClient.invalidateQueries({ queryKey: peopleKey });
      showSuccess(t('people.created', { name: person.name }));
      close();
      if (person.temporaryPassword) setTemporaryPassword(person.temporaryPassword);
    },
    onError: (error) => showProblem(error, form),
  });
  return (
    <>
      <Modal opened={opened} onClose={close} title={t('people.new')} size="lg">
        <form onSubmit={form.onSubmit((values) => create.mutate(values))}>
          <Stack>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label={t('people.name')} required data-autofocus {...form.getInputProps('name')} />
              <TextInput label={t('people.email')} type="email" required {...form.getInputProps('email')} />
              <Select label={t('people.role')} required data={roleOptions} allowDeselect={false} {...form.getInputProps('roleId')} />
              <Select
                label={t('people.kind')}
                data={[
                  { value: 'fromRole', label: t('people.kindFromRole') },
                  { value: 'agent', label: t('people.kindAgent') },
                  { value: 'requester', label: t('people.kindRequester') },
                ]}
                allowDeselect={false}
                {...form.getInputProps('kind')}
              />
              <ProfileFields
                inputProps={(field) => form.getInputProps(field)}
                departmentId={form.values.departmentId}
                department={department}
                onDepartmentChange={(option) => {
                  setDepartment(option);
                  form.setFieldValue('departmentId', option?.value ?? null);
                }}
                departmentError={form.errors.departmentId}
              />
            </SimpleGrid>
            <Checkbox label={t('people.generatePassword')} description={t('people.generatePasswordHint')} {...form.getInputProps('generatePassword', { type: 'checkbox' })} />
            {!form.values.generatePassword && (
              <PasswordInput label={t('people.initialPassword')} description={t('people.initialPasswordHint')} autoComplete="new-password" {...form.getInputProps('password')} />
            )}
            <DialogActions onCancel={close} submitLabel={t('people.create')} loading={create.isPending} />
          </Stack>
        </form>
      </Modal>
      <SecretOnce
        title={t('people.temporaryPasswordTitle')}
        description={t('people.temporaryPasswordHint')}
        secret={temporaryPassword}
        onClose={() => setTemporaryPassword(null)}
      />
    </>
  );
}

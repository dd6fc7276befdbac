/**
 * Edits a person. Only changed fields are sent, with the version that was read; if someone else saved
 * in between the server answers 409 and the form reloads the latest version instead of overwriting it.
 * The page keys this form by the person's version, so each new version starts a fresh form.
 */
import { useState } from 'react';
import { Button, Group, Paper, Select, SimpleGrid, Stack, Switch, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api/client';
import type { BodyOf, Person } from '../../api/types';
import { EntityPicker, type PickerOption } from '../../components/entity-picker';
import { onSaveError, showSuccess } from '../../forms/problem-feedback';
import { useCan } from '../../session/session-query';
import { useRoleOptions } from '../roles/roles-api';
import { peopleKey, personQuery, searchPeopleOptions } from './people-api';
import { ProfileFields } from './profile-fields';

type PersonPatch = BodyOf<'/api/v1/people/{id}', 'patch'>;

function valuesOf(person: Person) {
  return {
    name: person.name,
    email: person.email,
    roleId: person.role.id,
    kind: person.kind,
    status: person.status,
    jobTitle: person.jobTitle,
    phone: person.phone,
    departmentId: person.department?.id ?? null,
    managerId: person.manager?.id ?? null,
    vip: person.vip,
  };
}
type PersonValues = ReturnType<typeof valuesOf>;

/** The fields that differ from what was loaded, plus the version they were loaded at. */
function patchOf(person: Person, values: PersonValues): PersonPatch {
  const before = valuesOf(person);
  const patch: PersonPatch = { version: person.version };
  for (const key of Object.keys(before) as (keyof PersonValues)[]) {
    if (values[key] !== before[key]) Object.assign(patch, { [key]: typeof values[key] === 'string' ? values[key].trim() : values[key] });
  }
  return patch;
}

const toOption = (ref: { id: string; name: string } | null): PickerOption | null => (ref ? { value: ref.id, label: ref.name } : null);

export function PersonForm({ person, onConflict }: { person: Person; onConflict: () => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const queryClient = useQueryClient();
  const writable = can('people:write');
  const roleOptions = useRoleOptions(can('roles:read'));
  const [department, setDepartment] = useState(toOption(person.department));
  const [manager, setManager] = useState(toOption(person.manager));
  const form = useForm({ initialValues: valuesOf(person) });
  const save = useMutation({
    mutationFn: (values: PersonValues) => must(api.PATCH('/api/v1/people/{id}', { params: { path: { id: person.id } }, body: patchOf(person, values) })),
    onSuccess: (saved) => {
      queryClient.setQueryData(personQuery(person.id).queryKey, saved);
      void queryClient.invalidateQueries({ queryKey: [...peopleKey, 'list'] });
      showSuccess(t('common.saved'));
    },
    onError: onSaveError(form, t('conflict.person'), onConflict),
  });
  const roleData = roleOptions.some((o) => o.value === person.role.id) ? roleOptions : [{ value: person.role.id, label: person.role.name }, ...roleOptions];
  return (
    <Paper withBorder p="md">
      <form onSubmit={form.onSubmit((values) => save.mutate(values))}>
        <fieldset disabled={!writable} style={{ border: 0, padding: 0, margin: 0 }}>
          <Stack>
            <Title order={2} size="h4">
              {t('people.details')}
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label={t('people.name')} required {...form.getInputProps('name')} />
              <TextInput label={t('people.email')} type="email" required {...form.getInputProps('email')} />
              <Select label={t('people.role')} data={roleData} allowDeselect={false} {...form.getInputProps('roleId')} />
              <Select
                label={t('people.status')}
                data={[
                  { value: 'active', label: t('people.statusActive') },
                  { value: 'disabled', label: t('people.statusDisabled') },
                ]}
                allowDeselect={false}
                {...form.getInputProps('status')}
              />
              <Select
                label={t('people.kind')}
                data={[
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
              <EntityPicker
                label={t('people.manager')}
                kind="people"
                search={searchPeopleOptions}
                value={form.values.managerId}
                selected={manager}
                exclude={[person.id]}
                onChange={(option) => {
                  setManager(option);
                  form.setFieldValue('managerId', option?.value ?? null);
                }}
                clearable
                error={form.errors.managerId}
              />
            </SimpleGrid>
            <Switch label={t('people.vip')} description={t('people.vipHint')} {...form.getInputProps('vip', { type: 'checkbox' })} />
            {writable && (
              <Group justify="flex-end">
                <Button variant="default" onClick={() => form.reset()} disabled={!form.isDirty()}>
                  {t('common.discard')}
                </Button>
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

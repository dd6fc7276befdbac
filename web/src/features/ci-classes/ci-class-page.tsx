/**
 * Admin › Configuration item classes › one class (or a new one): key, name, parent, asset flag and
 * expected life, the attributes it has from Steward or its parents, and its own custom attributes.
 * Built-in classes change only their custom attributes and expected life. Problems the server names
 * (`customAttributes.2.choices`) show on those inputs; a stale version reloads the class.
 */
import { useState } from 'react';
import { Button, Group, NumberInput, Paper, Select, SimpleGrid, Stack, Switch, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api, must, mustSucceed } from '../../api/client';
import type { CiClass } from '../../api/types';
import { AnchorLink } from '../../components/anchor-link';
import { DeleteDialog } from '../../components/delete-dialog';
import { DialogActions } from '../../components/dialog-actions';
import { Forbidden } from '../../components/forbidden';
import { FormSection } from '../../components/form-section';
import { PageHeader } from '../../components/page-header';
import { RecordPage } from '../../components/record-page';
import { onEditorSaveError, showSuccess } from '../../forms/problem-feedback';
import { useCan } from '../../session/session-query';
import { ciClassQuery, classOptions, cmdbKey, useCiClasses } from '../cmdb/cmdb-api';
import { AttributeEditor } from './attribute-editor';
import { classDraftOf, createBodyOf, editorPath, patchOf, type ClassDraft } from './class-draft';
import { FixedAttributes } from './fixed-attributes';

const route = getRouteApi('/_app/admin/ci-classes/$key');

export function CiClassPage() {
  const { t } = useTranslation();
  const can = useCan();
  const { key } = route.useParams();
  const isNew = key === 'new';
  const cls = useQuery({ ...ciClassQuery(key), enabled: !isNew && can('cmdb:admin') });
  if (!can('cmdb:admin')) return <Forbidden />;
  return (
    <RecordPage
      list={<AnchorLink to="/admin/ci-classes">{t('sections.ciClasses.title')}</AnchorLink>}
      newLabel={t('ciClasses.new')}
      isNew={isNew}
      query={cls}
      maw={1000}
      editor={(record, onConflict) => <ClassEditor cls={record} onConflict={onConflict} />}
    />
  );
}

function ClassEditor({ cls, onConflict }: { cls: CiClass | null; onConflict?: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const classes = useCiClasses();
  const [deleting, setDeleting] = useState<CiClass | null>(null);
  const builtin = cls?.builtin ?? false;
  const form = useForm<ClassDraft>({
    initialValues: classDraftOf(cls),
    validate: (values) => ({
      key: cls || /^[a-z][a-z0-9_]{1,39}$/.test(values.key.trim()) ? null : t('ciClasses.keyRule'),
      name: values.name.trim() ? null : t('common.required'),
      ...Object.fromEntries(values.customAttributes.flatMap((a, i) => (a.label.trim() ? [] : [[`customAttributes.${i}.label`, t('common.required')]]))),
    }),
  });
  const save = useMutation({
    mutationFn: (draft: ClassDraft) =>
      cls
        ? must(api.PATCH('/api/v1/ci-classes/{id}', { params: { path: { id: cls.id } }, body: patchOf(cls, draft) }))
        : must(api.POST('/api/v1/ci-classes', { body: createBodyOf(draft) })),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: [...cmdbKey, 'classes'] });
      queryClient.setQueryData(ciClassQuery(saved.key).queryKey, saved);
      showSuccess(t('ciClasses.saved', { name: saved.name }));
      if (!cls) void navigate({ to: '/admin/ci-classes/$key', params: { key: saved.key }, replace: true });
    },
    onError: onEditorSaveError(form, editorPath, t('conflict.ciClass'), onConflict),
  });
  const parent = form.values.parent ? classes.byKey.get(form.values.parent) : undefined;
  // A new class shows what it will inherit; a saved one what it has besides its own.
  const fixed = cls ? cls.attributes.filter((a) => a.source !== 'custom') : (parent?.attributes ?? []).map((a) => ({ ...a, source: 'inherited' as const }));
  const takenKeys = new Set(fixed.map((a) => a.key));
  const parentOptions = classOptions(classes.classes).filter((o) => o.value !== cls?.key);
  return (
    <>
      <PageHeader
        title={cls ? cls.name : t('ciClasses.new')}
        description={builtin ? t('ciClasses.builtinHint') : undefined}
        actions={
          cls &&
          !builtin && (
            <Button variant="default" color="red" onClick={() => setDeleting(cls)}>
              {t('common.delete')}
            </Button>
          )
        }
      />
      <Paper withBorder p="md">
        <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
          <Stack>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label={t('ciClasses.key')} description={t('ciClasses.keyHint')} required={!cls} disabled={!!cls} maxLength={40} styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }} autoFocus={!cls} {...form.getInputProps('key')} />
              <TextInput label={t('ciClasses.name')} required disabled={builtin} maxLength={100} {...form.getInputProps('name')} />
              <Select
                label={t('ciClasses.parent')}
                description={t('ciClasses.parentHint')}
                placeholder={t('ciClasses.noParent')}
                data={parentOptions}
                disabled={!!cls}
                searchable
                clearable
                {...form.getInputProps('parent')}
                onChange={(value) => {
                  form.setFieldValue('parent', value);
                  const chosen = value ? classes.byKey.get(value) : undefined;
                  if (chosen && !form.isTouched('isAsset')) form.setFieldValue('isAsset', chosen.isAsset);
                }}
              />
              <NumberInput label={t('ciClasses.expectedLife')} description={t('ciClasses.expectedLifeHint')} min={1} max={1200} allowDecimal={false} suffix={` ${t('ciClasses.months')}`} {...form.getInputProps('expectedLifeMonths')} />
            </SimpleGrid>
            <Switch label={t('ciClasses.isAsset')} description={t('ciClasses.isAssetHint')} disabled={builtin} {...form.getInputProps('isAsset', { type: 'checkbox' })} />
            <Textarea label={t('ciClasses.description')} autosize minRows={2} maxLength={2000} disabled={builtin} {...form.getInputProps('description')} />
            <FormSection title={t('ciClasses.fixedAttributes')} />
            <FixedAttributes attributes={fixed} />
            <FormSection title={t('ciClasses.customAttributes')} />
            <Text size="sm" c="dimmed">
              {t('ciClasses.customHint')}
            </Text>
            <AttributeEditor form={form} classOptions={classOptions(classes.classes)} takenKeys={takenKeys} />
            <Group justify="flex-end">
              <DialogActions onCancel={() => void navigate({ to: '/admin/ci-classes' })} submitLabel={cls ? t('common.save') : t('ciClasses.create')} loading={save.isPending} />
            </Group>
          </Stack>
        </form>
      </Paper>
      <DeleteDialog
        record={deleting}
        title={t('ciClasses.deleteTitle')}
        message={(record) => t('ciClasses.deleteMessage', { name: record.name })}
        refusedTitle={t('ciClasses.deleteRefused')}
        remove={(record) => mustSucceed(api.DELETE('/api/v1/ci-classes/{id}', { params: { path: { id: record.id } } }))}
        onDeleted={(record) => {
          void queryClient.invalidateQueries({ queryKey: [...cmdbKey, 'classes'] });
          showSuccess(t('ciClasses.deleted', { name: record.name }));
          void navigate({ to: '/admin/ci-classes' });
        }}
        onClose={() => setDeleting(null)}
      />
    </>
  );
}

/**
 * Admin › Service catalogue › one item (or a new one at /admin/catalog/new): name, Markdown
 * description, category, owning team, offered or retired, then its form, approval chain and fulfilment
 * tasks. Problems the server names (`form.2.label`, `approvals.0.groupId`) show on those inputs.
 */
import { useState } from 'react';
import { Button, Paper, Select, SimpleGrid, Stack, Switch, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api/client';
import type { CatalogItem } from '../../api/types';
import { AnchorLink } from '../../components/anchor-link';
import { DialogActions } from '../../components/dialog-actions';
import { Forbidden } from '../../components/forbidden';
import { FormSection } from '../../components/form-section';
import { MarkdownEditor } from '../../components/markdown-editor';
import { PageHeader } from '../../components/page-header';
import { RecordPage } from '../../components/record-page';
import { onEditorSaveError, showSuccess } from '../../forms/problem-feedback';
import { useCan } from '../../session/session-query';
import { catalogItemQuery, catalogKey } from '../catalog/catalog-api';
import { useCategoryOptions } from '../categories/categories-api';
import { useTeamOptions } from '../teams/teams-api';
import { ApprovalLevelsEditor, TaskTemplatesEditor } from './chain-editors';
import { DeleteItemDialog } from './delete-item-dialog';
import { FormBuilder } from './form-builder';
import { bodyOf, draftOf, editorPath, type ItemDraft } from './item-draft';

const route = getRouteApi('/_app/admin/catalog/$id');

export function CatalogItemPage() {
  const { t } = useTranslation();
  const can = useCan();
  const { id } = route.useParams();
  const isNew = id === 'new';
  const item = useQuery({ ...catalogItemQuery(id), enabled: !isNew && can('desk:admin') });
  if (!can('desk:admin')) return <Forbidden />;
  return (
    <RecordPage
      list={<AnchorLink to="/admin/catalog">{t('sections.catalogAdmin.title')}</AnchorLink>}
      newLabel={t('catalogAdmin.new')}
      isNew={isNew}
      query={item}
      maw={1000}
      editor={(record, onConflict) => <ItemEditor item={record} onConflict={onConflict} />}
    />
  );
}

function ItemEditor({ item, onConflict }: { item: CatalogItem | null; onConflict?: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [deleting, setDeleting] = useState(false);
  const categoryOptions = useCategoryOptions(true, item?.category ? { id: item.category.id, path: item.category.name } : null);
  const teams = useTeamOptions(true);
  const form = useForm<ItemDraft>({
    initialValues: draftOf(item, new Map()),
    validate: { name: (v) => (v.trim() ? null : t('catalogAdmin.nameRequired')) },
  });
  const save = useMutation({
    mutationFn: (draft: ItemDraft) =>
      item
        ? must(api.PATCH('/api/v1/catalog-items/{id}', { params: { path: { id: item.id } }, body: { version: item.version, ...bodyOf(draft) } }))
        : must(api.POST('/api/v1/catalog-items', { body: bodyOf(draft) })),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: [...catalogKey, 'list'] });
      queryClient.setQueryData(catalogItemQuery(saved.id).queryKey, saved);
      showSuccess(t('catalogAdmin.saved', { name: saved.name }));
      if (!item) void navigate({ to: '/admin/catalog/$id', params: { id: saved.id }, replace: true });
    },
    onError: onEditorSaveError(form, editorPath, t('conflict.catalogItem'), onConflict),
  });
  return (
    <>
      <PageHeader
        title={item ? item.name : t('catalogAdmin.new')}
        actions={
          item && (
            <Button variant="default" color="red" onClick={() => setDeleting(true)}>
              {t('common.delete')}
            </Button>
          )
        }
      />
      <Paper withBorder p="md">
        <form
          onSubmit={form.onSubmit((values) => save.mutate(values))}
        >
          <Stack>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label={t('catalogAdmin.name')} required maxLength={200} data-autofocus autoFocus={!item} {...form.getInputProps('name')} />
              <Switch mt="xl" label={t('catalogAdmin.offeredSwitch')} description={t('catalogAdmin.offeredHint')} {...form.getInputProps('active', { type: 'checkbox' })} />
              <Select label={t('tickets.category')} data={categoryOptions} searchable clearable {...form.getInputProps('categoryId')} />
              <Select label={t('catalogAdmin.group')} description={t('catalogAdmin.groupHint')} data={teams} searchable clearable {...form.getInputProps('groupId')} />
            </SimpleGrid>
            <MarkdownEditor
              label={t('catalogAdmin.description')}
              value={form.values.description}
              onChange={(value) => form.setFieldValue('description', value)}
              error={form.errors.description}
              minRows={4}
            />
            <FormSection title={t('catalogAdmin.formTitle')} />
            <FormBuilder form={form} />
            <FormSection title={t('catalogAdmin.approvalsTitle')} />
            <ApprovalLevelsEditor form={form} />
            <FormSection title={t('catalogAdmin.tasksTitle')} />
            <TaskTemplatesEditor form={form} />
            <DialogActions onCancel={() => void navigate({ to: '/admin/catalog', search: {} })} submitLabel={item ? t('common.save') : t('catalogAdmin.create')} loading={save.isPending} />
          </Stack>
        </form>
      </Paper>
      <DeleteItemDialog item={deleting ? item : null} onClose={() => setDeleting(false)} onDeleted={() => void navigate({ to: '/admin/catalog', search: {} })} />
    </>
  );
}

/**
 * One dialog to create a category or edit one: name, parent (which moves it with everything below),
 * description and the default group its new tickets go to. Edits send the version they read.
 */
import { Modal, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api/client';
import type { Category } from '../../api/types';
import { DialogActions } from '../../components/dialog-actions';
import { onSaveError, showSuccess } from '../../forms/problem-feedback';
import { useCan } from '../../session/session-query';
import { useTeamOptions } from '../teams/teams-api';
import { categoriesKey } from './categories-api';

interface CategoryModalProps {
  opened: boolean;
  /** The category to edit; null to create one (under `parentId` when given). */
  category: Category | null;
  parentId?: string | null;
  /** Every category, to offer as parents (a category cannot move below itself). */
  all: Category[];
  onClose: () => void;
}

export function CategoryModal(props: CategoryModalProps) {
  const { t } = useTranslation();
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={props.category ? t('categories.editNamed', { name: props.category.name }) : t('categories.new')}>
      {props.opened && <CategoryForm {...props} />}
    </Modal>
  );
}

/** The ids of a category and everything below it. */
function subtreeOf(all: Category[], rootId: string): Set<string> {
  const ids = new Set([rootId]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const c of all) {
      if (c.parentId && ids.has(c.parentId) && !ids.has(c.id)) {
        ids.add(c.id);
        grew = true;
      }
    }
  }
  return ids;
}

function CategoryForm({ category, parentId, all, onClose }: Omit<CategoryModalProps, 'opened'>) {
  const { t } = useTranslation();
  const can = useCan();
  const queryClient = useQueryClient();
  const teamOptions = useTeamOptions(can('teams:read'));
  const form = useForm({
    initialValues: {
      name: category?.name ?? '',
      parentId: category ? category.parentId : (parentId ?? null),
      description: category?.description ?? '',
      defaultGroupId: category?.defaultGroup?.id ?? null,
    },
    validate: {
      name: (v) => (!v.trim() ? t('common.required') : v.includes('/') ? t('categories.noSlash') : null),
    },
  });
  const blocked = category ? subtreeOf(all, category.id) : new Set<string>();
  const parentOptions = all.filter((c) => !blocked.has(c.id)).map((c) => ({ value: c.id, label: c.active ? c.path : `${c.path} (${t('categories.inactive')})` }));
  const groupOptions =
    category?.defaultGroup && !teamOptions.some((o) => o.value === category.defaultGroup?.id)
      ? [{ value: category.defaultGroup.id, label: category.defaultGroup.name }, ...teamOptions]
      : teamOptions;
  const save = useMutation({
    mutationFn: (v: typeof form.values) => {
      const body = { name: v.name.trim(), parentId: v.parentId, description: v.description.trim(), defaultGroupId: v.defaultGroupId };
      return category
        ? must(api.PATCH('/api/v1/categories/{id}', { params: { path: { id: category.id } }, body: { ...body, version: category.version } }))
        : must(api.POST('/api/v1/categories', { body }));
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: categoriesKey });
      showSuccess(category ? t('categories.saved', { path: saved.path }) : t('categories.created', { path: saved.path }));
      onClose();
    },
    onError: onSaveError(form, t('conflict.category'), () => {
      void queryClient.invalidateQueries({ queryKey: categoriesKey });
      onClose();
    }),
  });
  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))}>
      <Stack>
        <TextInput label={t('categories.name')} required data-autofocus maxLength={100} {...form.getInputProps('name')} />
        <Select
          label={t('categories.parent')}
          description={category ? t('categories.parentMoveHint') : undefined}
          placeholder={t('categories.topLevel')}
          data={parentOptions}
          searchable
          clearable
          {...form.getInputProps('parentId')}
        />
        <Select
          label={t('categories.defaultGroup')}
          description={t('categories.defaultGroupHint')}
          placeholder={t('tickets.noGroup')}
          data={groupOptions}
          searchable
          clearable
          {...form.getInputProps('defaultGroupId')}
        />
        <Textarea label={t('categories.description')} autosize minRows={2} maxLength={2000} {...form.getInputProps('description')} />
        <DialogActions onCancel={onClose} submitLabel={category ? t('common.save') : t('categories.create')} loading={save.isPending} />
      </Stack>
    </form>
  );
}

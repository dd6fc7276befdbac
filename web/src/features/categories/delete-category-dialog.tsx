/**
 * Deletes a category. Only an unused leaf can go: when tickets or sub-categories still use it the
 * server answers 409, and the dialog says why in place and offers to deactivate it instead.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, mustSucceed } from '../../api/client';
import type { Category } from '../../api/types';
import { DeleteDialog } from '../../components/delete-dialog';
import { showSuccess } from '../../forms/problem-feedback';
import { categoriesKey } from './categories-api';

interface DeleteCategoryDialogProps {
  /** The category to delete; the dialog is open while it is set. */
  category: Category | null;
  onClose: () => void;
  onDeactivate: (category: Category) => Promise<unknown>;
}

export function DeleteCategoryDialog({ category, onClose, onDeactivate }: DeleteCategoryDialogProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return (
    <DeleteDialog
      record={category}
      title={t('categories.delete')}
      message={(c) => t('categories.deleteConfirm', { path: c.path })}
      refusedTitle={t('categories.cannotDelete')}
      remove={(c) => mustSucceed(api.DELETE('/api/v1/categories/{id}', { params: { path: { id: c.id } } }))}
      onDeleted={(c) => {
        void queryClient.invalidateQueries({ queryKey: categoriesKey });
        showSuccess(t('categories.deleted', { path: c.path }));
      }}
      onClose={onClose}
      alternative={category?.active ? { label: t('categories.deactivateInstead'), run: onDeactivate } : undefined}
    />
  );
}

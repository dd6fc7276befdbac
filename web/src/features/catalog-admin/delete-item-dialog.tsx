/**
 * Deletes a catalogue item. One that has been requested cannot go (409): the dialog says why in place
 * and offers to retire it (no longer offered, its requests unchanged).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, must, mustSucceed } from '../../api/client';
import type { CatalogItem } from '../../api/types';
import { DeleteDialog } from '../../components/delete-dialog';
import { onSaveError, showSuccess } from '../../forms/problem-feedback';
import { catalogKey } from '../catalog/catalog-api';

export function DeleteItemDialog({ item, onClose, onDeleted }: { item: CatalogItem | null; onClose: () => void; onDeleted?: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const reload = () => void queryClient.invalidateQueries({ queryKey: catalogKey });
  const retire = useMutation({
    mutationFn: (i: CatalogItem) => must(api.PATCH('/api/v1/catalog-items/{id}', { params: { path: { id: i.id } }, body: { version: i.version, active: false } })),
    onSuccess: (saved) => {
      reload();
      showSuccess(t('catalogAdmin.retiredToast', { name: saved.name }));
    },
    onError: onSaveError(undefined, t('conflict.catalogItem'), reload),
  });
  return (
    <DeleteDialog
      record={item}
      title={t('catalogAdmin.delete')}
      message={(i) => t('catalogAdmin.deleteConfirm', { name: i.name })}
      refusedTitle={t('catalogAdmin.cannotDelete')}
      remove={(i) => mustSucceed(api.DELETE('/api/v1/catalog-items/{id}', { params: { path: { id: i.id } } }))}
      onDeleted={(i) => {
        reload();
        showSuccess(t('catalogAdmin.deleted', { name: i.name }));
        onDeleted?.();
      }}
      onClose={onClose}
      alternative={item?.active ? { label: t('catalogAdmin.retireInstead'), run: (i) => retire.mutateAsync(i) } : undefined}
    />
  );
}

/**
 * Deletes a catalogue item. One that has been requested cannot go (409): the dialog says why in place
 * and offers to retire it (no longer offered, its requests unchanged).
 */
import { useState } from 'react';
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/api-error';
import { api, must, mustSucceed } from '../../api/client';
import type { CatalogItem } from '../../api/types';
import { onSaveError, showProblem, showSuccess } from '../../forms/problem-feedback';
import { catalogKey } from '../catalog/catalog-api';

export function DeleteItemDialog({ item, onClose, onDeleted }: { item: CatalogItem | null; onClose: () => void; onDeleted?: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [refusal, setRefusal] = useState<string | null>(null);
  const close = () => {
    setRefusal(null);
    onClose();
  };
  const reload = () => void queryClient.invalidateQueries({ queryKey: catalogKey });
  const remove = useMutation({
    mutationFn: (i: CatalogItem) => mustSucceed(api.DELETE('/api/v1/catalog-items/{id}', { params: { path: { id: i.id } } })),
    onSuccess: (_, i) => {
      reload();
      showSuccess(t('catalogAdmin.deleted', { name: i.name }));
      close();
      onDeleted?.();
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409) setRefusal(error.problem.detail);
      else showProblem(error);
    },
  });
  const retire = useMutation({
    mutationFn: (i: CatalogItem) => must(api.PATCH('/api/v1/catalog-items/{id}', { params: { path: { id: i.id } }, body: { version: i.version, active: false } })),
    onSuccess: (saved) => {
      reload();
      showSuccess(t('catalogAdmin.retiredToast', { name: saved.name }));
      close();
    },
    onError: onSaveError(undefined, t('conflict.catalogItem'), reload),
  });
  return (
    <Modal opened={item !== null} onClose={close} title={t('catalogAdmin.delete')}>
      {item && (
        <Stack>
          <Text>{t('catalogAdmin.deleteConfirm', { name: item.name })}</Text>
          {refusal && (
            <Alert color="orange" title={t('catalogAdmin.cannotDelete')} role="alert">
              {refusal}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close} data-autofocus>
              {t('common.cancel')}
            </Button>
            {refusal && item.active ? (
              <Button onClick={() => retire.mutate(item)} loading={retire.isPending}>
                {t('catalogAdmin.retireInstead')}
              </Button>
            ) : (
              <Button color="red" onClick={() => remove.mutate(item)} loading={remove.isPending} disabled={refusal !== null}>
                {t('common.delete')}
              </Button>
            )}
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

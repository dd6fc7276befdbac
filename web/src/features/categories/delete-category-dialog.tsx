/**
 * Deletes a category. Only an unused leaf can go: when tickets or sub-categories still use it the
 * server answers 409, and the dialog says why in place and offers to deactivate it instead.
 */
import { useState } from 'react';
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/api-error';
import { api, mustSucceed } from '../../api/client';
import type { Category } from '../../api/types';
import { showProblem, showSuccess } from '../../forms/problem-feedback';
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
  const [refusal, setRefusal] = useState<string | null>(null);
  const close = () => {
    setRefusal(null);
    onClose();
  };
  const remove = useMutation({
    mutationFn: (c: Category) => mustSucceed(api.DELETE('/api/v1/categories/{id}', { params: { path: { id: c.id } } })),
    onSuccess: (_, c) => {
      void queryClient.invalidateQueries({ queryKey: categoriesKey });
      showSuccess(t('categories.deleted', { path: c.path }));
      close();
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409) setRefusal(error.problem.detail);
      else showProblem(error);
    },
  });
  const deactivate = useMutation({
    mutationFn: (c: Category) => onDeactivate(c),
    onSuccess: close,
  });
  return (
    <Modal opened={category !== null} onClose={close} title={t('categories.delete')}>
      {category && (
        <Stack>
          <Text>{t('categories.deleteConfirm', { path: category.path })}</Text>
          {refusal && (
            <Alert color="orange" title={t('categories.cannotDelete')} role="alert">
              {refusal}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close} data-autofocus>
              {t('common.cancel')}
            </Button>
            {refusal && category.active ? (
              <Button onClick={() => deactivate.mutate(category)} loading={deactivate.isPending}>
                {t('categories.deactivateInstead')}
              </Button>
            ) : (
              <Button color="red" onClick={() => remove.mutate(category)} loading={remove.isPending} disabled={refusal !== null}>
                {t('common.delete')}
              </Button>
            )}
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

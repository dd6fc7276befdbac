/**
 * Asks before deleting a record. When the server refuses (409, e.g. the record is still in use) the
 * dialog shows its reason in place and, where there is one, offers an alternative such as retiring it.
 */
import { useState, type ReactNode } from 'react';
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error';
import { showProblem } from '../forms/problem-feedback';

/** What the dialog offers once deletion is refused; `run` reports its own errors and the dialog closes when it succeeds. */
export interface DeleteAlternative<T> {
  label: string;
  run: (record: T) => Promise<unknown>;
}

interface DeleteDialogProps<T> {
  /** The record to delete; the dialog is open while it is set. */
  record: T | null;
  title: string;
  message: (record: T) => ReactNode;
  /** The heading over the server's reason when it refuses. */
  refusedTitle: string;
  remove: (record: T) => Promise<unknown>;
  /** Runs after a successful delete, before the dialog closes (reload lists, confirm, navigate away). */
  onDeleted: (record: T) => void;
  onClose: () => void;
  alternative?: DeleteAlternative<T>;
}

export function DeleteDialog<T>({ record, title, message, refusedTitle, remove, onDeleted, onClose, alternative }: DeleteDialogProps<T>) {
  const { t } = useTranslation();
  const [refusal, setRefusal] = useState<string | null>(null);
  const close = () => {
    setRefusal(null);
    onClose();
  };
  const deletion = useMutation({
    mutationFn: remove,
    onSuccess: (_, deleted) => {
      onDeleted(deleted);
      close();
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409) setRefusal(error.problem.detail || error.problem.title);
      else showProblem(error);
    },
  });
  const instead = useMutation({
    mutationFn: (r: T) => (alternative ? alternative.run(r) : Promise.resolve()),
    onSuccess: close,
  });
  return (
    <Modal opened={record !== null} onClose={close} title={title}>
      {record !== null && (
        <Stack>
          <Text>{message(record)}</Text>
          {refusal && (
            <Alert color="orange" title={refusedTitle} role="alert">
              {refusal}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close} data-autofocus>
              {t('common.cancel')}
            </Button>
            {refusal && alternative ? (
              <Button onClick={() => instead.mutate(record)} loading={instead.isPending}>
                {alternative.label}
              </Button>
            ) : (
              <Button color="red" onClick={() => deletion.mutate(record)} loading={deletion.isPending} disabled={refusal !== null}>
                {t('common.delete')}
              </Button>
            )}
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

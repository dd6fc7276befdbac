/**
 * Deletes a business calendar or an SLA policy. A calendar policies still use is refused (409); the
 * dialog shows the server's reason in place.
 */
import { useState } from 'react';
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/api-error';
import { api, mustSucceed } from '../../api/client';
import { showProblem, showSuccess } from '../../forms/problem-feedback';
import { calendarsKey, policiesKey } from './sla-api';

interface DeleteSlaDialogProps {
  kind: 'calendar' | 'policy';
  /** The record to delete; the dialog is open while it is set. */
  record: { id: string; name: string } | null;
  onClose: () => void;
  onDeleted?: () => void;
}

export function DeleteSlaDialog({ kind, record, onClose, onDeleted }: DeleteSlaDialogProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [refusal, setRefusal] = useState<string | null>(null);
  const close = () => {
    setRefusal(null);
    onClose();
  };
  const remove = useMutation({
    mutationFn: (id: string) =>
      mustSucceed(
        kind === 'calendar'
          ? api.DELETE('/api/v1/business-calendars/{id}', { params: { path: { id } } })
          : api.DELETE('/api/v1/sla-policies/{id}', { params: { path: { id } } }),
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: calendarsKey });
      void queryClient.invalidateQueries({ queryKey: policiesKey });
      showSuccess(t('slaAdmin.deleted', { name: record?.name }));
      close();
      onDeleted?.();
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409) setRefusal(error.problem.detail || error.problem.title);
      else showProblem(error);
    },
  });
  return (
    <Modal opened={record !== null} onClose={close} title={kind === 'calendar' ? t('slaAdmin.deleteCalendar') : t('slaAdmin.deletePolicy')}>
      {record && (
        <Stack>
          <Text>{t('slaAdmin.deleteConfirm', { name: record.name })}</Text>
          {refusal && (
            <Alert color="orange" title={t('slaAdmin.cannotDelete')} role="alert">
              {refusal}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close} data-autofocus>
              {t('common.cancel')}
            </Button>
            <Button color="red" onClick={() => remove.mutate(record.id)} loading={remove.isPending} disabled={refusal !== null}>
              {t('common.delete')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

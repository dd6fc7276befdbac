/**
 * Deletes a business calendar or an SLA policy. A calendar policies still use is refused (409); the
 * dialog shows the server's reason in place.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, mustSucceed } from '../../api/client';
import { DeleteDialog } from '../../components/delete-dialog';
import { showSuccess } from '../../forms/problem-feedback';
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
  return (
    <DeleteDialog
      record={record}
      title={kind === 'calendar' ? t('slaAdmin.deleteCalendar') : t('slaAdmin.deletePolicy')}
      message={(r) => t('slaAdmin.deleteConfirm', { name: r.name })}
      refusedTitle={t('slaAdmin.cannotDelete')}
      remove={({ id }) =>
        mustSucceed(
          kind === 'calendar'
            ? api.DELETE('/api/v1/business-calendars/{id}', { params: { path: { id } } })
            : api.DELETE('/api/v1/sla-policies/{id}', { params: { path: { id } } }),
        )
      }
      onDeleted={(r) => {
        void queryClient.invalidateQueries({ queryKey: calendarsKey });
        void queryClient.invalidateQueries({ queryKey: policiesKey });
        showSuccess(t('slaAdmin.deleted', { name: r.name }));
        onDeleted?.();
      }}
      onClose={onClose}
    />
  );
}

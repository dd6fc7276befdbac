/**
 * Merges a duplicate into another open ticket, picked by key (INC-12) or by searching its title. The
 * duplicate closes; its requester and watchers follow the surviving ticket.
 */
import { useState } from 'react';
import { Alert, Modal, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api/client';
import type { TicketDetail } from '../../api/types';
import { DialogActions } from '../../components/dialog-actions';
import { EntityPicker, type PickerOption } from '../../components/entity-picker';
import { onSaveError, showSuccess } from '../../forms/problem-feedback';
import { searchTicketOptions, useTicketSaved } from './tickets-api';

interface MergeTicketModalProps {
  ticket: TicketDetail;
  opened: boolean;
  onClose: () => void;
  onConflict: () => void;
}

export function MergeTicketModal({ ticket, opened, onClose, onConflict }: MergeTicketModalProps) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('merge.title', { key: ticket.key })} size="lg">
      {opened && <MergeForm ticket={ticket} onClose={onClose} onConflict={onConflict} />}
    </Modal>
  );
}

function MergeForm({ ticket, onClose, onConflict }: Omit<MergeTicketModalProps, 'opened'>) {
  const { t } = useTranslation();
  const saved = useTicketSaved();
  const [target, setTarget] = useState<PickerOption | null>(null);
  const form = useForm({ initialValues: { intoId: '' }, validate: { intoId: (v) => (v ? null : t('merge.pickTarget')) } });
  const merge = useMutation({
    mutationFn: (intoId: string) => must(api.POST('/api/v1/tickets/{id}/merge', { params: { path: { id: ticket.id } }, body: { version: ticket.version, intoId } })),
    onSuccess: (merged) => {
      saved(merged);
      showSuccess(t('merge.done', { key: merged.key, into: merged.mergedInto?.key ?? '' }));
      onClose();
    },
    onError: onSaveError(form, t('conflict.ticket'), () => {
      onConflict();
      onClose();
    }),
  });
  return (
    <form onSubmit={form.onSubmit((values) => merge.mutate(values.intoId))}>
      <Stack>
        <Text size="sm">{t('merge.explain', { key: ticket.key })}</Text>
        <EntityPicker
          label={t('merge.into')}
          kind="tickets"
          search={searchTicketOptions}
          value={form.values.intoId || null}
          selected={target}
          exclude={[ticket.key]}
          onChange={(option) => {
            setTarget(option);
            form.setFieldValue('intoId', option?.value ?? '');
          }}
          placeholder={t('merge.placeholder')}
          error={form.errors.intoId}
        />
        {target && (
          <Alert color="orange" variant="light">
            {t('merge.confirm', { key: ticket.key, into: target.label })}
          </Alert>
        )}
        <DialogActions onCancel={onClose} submitLabel={t('merge.submit')} loading={merge.isPending} />
      </Stack>
    </form>
  );
}

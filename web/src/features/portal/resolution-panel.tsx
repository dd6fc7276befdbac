/**
 * What a requester does once the service desk resolved their ticket: confirm it is fixed (the ticket
 * closes) or say it is not (it reopens, with the reason as a reply), and rate the help from 1 to 5.
 */
import { useState } from 'react';
import { Alert, Button, Group, Input, Modal, Paper, Rating, Stack, Text, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api/client';
import type { TicketDetail } from '../../api/types';
import { DialogActions } from '../../components/dialog-actions';
import { onSaveError, showProblem, showSuccess } from '../../forms/problem-feedback';
import { useCan } from '../../session/session-query';
import { commentsQueryKey } from '../tickets/conversation';
import { useTicketSaved } from '../tickets/tickets-api';

interface PanelProps {
  ticket: TicketDetail;
  /** Whether the signed-in person is who the ticket is for (its requester or the person affected). */
  mine: boolean;
}

/** "It is not fixed": the reason goes to the service desk as a public reply and the ticket reopens. */
function ReopenDialog({ ticket, opened, onClose }: { ticket: TicketDetail; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const saved = useTicketSaved();
  const queryClient = useQueryClient();
  const form = useForm({ initialValues: { reason: '' }, validate: { reason: (v) => (v.trim() ? null : t('portal.resolution.reasonRequired')) } });
  const reopen = useMutation({
    mutationFn: (reason: string) => must(api.POST('/api/v1/tickets/{id}/reopen', { params: { path: { id: ticket.id } }, body: { version: ticket.version, reason: reason.trim() } })),
    onSuccess: (next) => {
      saved(next);
      void queryClient.invalidateQueries({ queryKey: commentsQueryKey(ticket.key) });
      showSuccess(t('portal.resolution.reopened', { key: next.key }));
      form.reset();
      onClose();
    },
    onError: onSaveError(form, t('conflict.ticketPortal'), () => {
      void queryClient.invalidateQueries({ queryKey: ['tickets', 'detail'] });
      onClose();
    }),
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t('portal.resolution.notFixed')}>
      <form onSubmit={form.onSubmit((values) => reopen.mutate(values.reason))}>
        <Stack>
          <Textarea
            label={t('portal.resolution.reason')}
            description={t('portal.resolution.reasonHint')}
            required
            autosize
            minRows={3}
            data-autofocus
            {...form.getInputProps('reason')}
          />
          <DialogActions onCancel={onClose} submitLabel={t('portal.resolution.reopen')} loading={reopen.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}

/** The 1–5 rating with an optional comment; rating again replaces the earlier one. */
function RatingForm({ ticket, onDone }: { ticket: TicketDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const saved = useTicketSaved();
  const form = useForm({
    initialValues: { rating: ticket.rating ?? 0, comment: ticket.ratingComment },
    validate: { rating: (v) => (v >= 1 && v <= 5 ? null : t('portal.rating.pick')) },
  });
  const rate = useMutation({
    mutationFn: (v: { rating: number; comment: string }) =>
      must(api.POST('/api/v1/tickets/{id}/rating', { params: { path: { id: ticket.id } }, body: { rating: v.rating, comment: v.comment.trim() } })),
    onSuccess: (next) => {
      saved(next);
      showSuccess(t('portal.rating.thanks'));
      onDone();
    },
    onError: (error) => showProblem(error, form),
  });
  return (
    <form onSubmit={form.onSubmit((values) => rate.mutate(values))}>
      <Stack gap="sm">
        <Input.Wrapper label={t('portal.rating.label')} error={form.errors.rating} required>
          <Rating
            size="lg"
            value={form.values.rating}
            onChange={(value) => form.setFieldValue('rating', value)}
            aria-label={t('portal.rating.label')}
            getSymbolLabel={(value) => t('portal.rating.stars', { count: value })}
            mt={4}
          />
        </Input.Wrapper>
        <Textarea label={t('portal.rating.comment')} autosize minRows={2} maxLength={5000} {...form.getInputProps('comment')} />
        <Group>
          <Button type="submit" loading={rate.isPending}>
            {t('portal.rating.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function RatingSection({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(ticket.rating === null);
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('portal.rating.title')}
        </Title>
        {editing ? (
          <RatingForm ticket={ticket} onDone={() => setEditing(false)} />
        ) : (
          <Group justify="space-between" align="flex-start">
            <Stack gap={4}>
              <Group gap="xs">
                <Text size="sm">{t('portal.rating.yours')}</Text>
                <Rating value={ticket.rating ?? 0} readOnly aria-label={t('ticket.ratingValue', { rating: ticket.rating ?? 0 })} />
              </Group>
              {ticket.ratingComment && (
                <Text size="sm" c="dimmed">
                  “{ticket.ratingComment}”
                </Text>
              )}
            </Stack>
            <Button variant="subtle" size="compact-sm" onClick={() => setEditing(true)}>
              {t('portal.rating.change')}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

export function ResolutionPanel({ ticket, mine }: PanelProps) {
  const { t } = useTranslation();
  const can = useCan();
  const saved = useTicketSaved();
  const queryClient = useQueryClient();
  const [reopening, reopenDialog] = useDisclosure(false);
  const confirm = useMutation({
    mutationFn: () => must(api.POST('/api/v1/tickets/{id}/confirm', { params: { path: { id: ticket.id } }, body: { version: ticket.version } })),
    onSuccess: (next) => {
      saved(next);
      showSuccess(t('portal.resolution.confirmed', { key: next.key }));
    },
    onError: (error) => {
      showProblem(error);
      void queryClient.invalidateQueries({ queryKey: ['tickets', 'detail'] });
    },
  });
  const actOnResolution = ticket.status === 'resolved' && (mine || can('tickets:write'));
  const mayReopen = ticket.allowedTransitions.includes('in_progress');
  const rateable = mine && (ticket.status === 'resolved' || ticket.status === 'closed') && !ticket.mergedInto;
  if (!actOnResolution && !rateable) return null;
  return (
    <Stack>
      {actOnResolution && (
        <Alert color="teal" title={t('portal.resolution.title')} role="region" aria-label={t('portal.resolution.title')}>
          <Stack gap="sm">
            <Text size="sm">
              {ticket.resolutionCode ? t('portal.resolution.body', { code: t(`tickets.resolutionCodes.${ticket.resolutionCode}`) }) : t('portal.resolution.bodyNoCode')}
            </Text>
            {ticket.resolutionNotes && <Text size="sm">{ticket.resolutionNotes}</Text>}
            <Text size="sm">{t('portal.resolution.question')}</Text>
            <Group>
              <Button color="teal" onClick={() => confirm.mutate()} loading={confirm.isPending}>
                {t('portal.resolution.confirm')}
              </Button>
              {mayReopen ? (
                <Button variant="default" onClick={reopenDialog.open}>
                  {t('portal.resolution.notFixed')}
                </Button>
              ) : (
                <Text size="sm" c="dimmed">
                  {t('portal.resolution.tooLate')}
                </Text>
              )}
            </Group>
          </Stack>
        </Alert>
      )}
      {rateable && <RatingSection key={ticket.version} ticket={ticket} />}
      <ReopenDialog ticket={ticket} opened={reopening} onClose={reopenDialog.close} />
    </Stack>
  );
}

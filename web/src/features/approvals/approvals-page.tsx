/**
 * The approvals inbox: the catalogue requests waiting for my decision, each with its ticket and answers,
 * approved with one click or rejected with a comment the requester reads.
 */
import { useState } from 'react';
import { Badge, Button, Group, Modal, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api/client';
import type { Approval } from '../../api/types';
import { AnchorLink } from '../../components/anchor-link';
import { DialogActions } from '../../components/dialog-actions';
import { PageHeader } from '../../components/page-header';
import { QueryError } from '../../components/query-error';
import { onSaveError, showSuccess } from '../../forms/problem-feedback';
import { formatDateTime } from '../../i18n/format-date';
import { useCan } from '../../session/session-query';
import { approvalsKey, myPendingApprovalsQuery } from '../catalog/catalog-api';
import { RequestAnswers } from '../catalog/request-answers';
import { ticketQuery, ticketsKey } from '../tickets/tickets-api';

type Decision = { approval: Approval; decision: 'approve' | 'reject'; comment?: string };

function useDecide(onDone?: () => void) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const reload = () => {
    void queryClient.invalidateQueries({ queryKey: approvalsKey });
    void queryClient.invalidateQueries({ queryKey: ticketsKey });
  };
  return useMutation({
    mutationFn: ({ approval, decision, comment }: Decision) =>
      must(api.POST('/api/v1/approvals/{id}/decision', { params: { path: { id: approval.id } }, body: { version: approval.version, decision, ...(comment ? { comment } : {}) } })),
    onSuccess: (saved) => {
      reload();
      showSuccess(t(saved.state === 'approved' ? 'approvals.approvedToast' : 'approvals.rejectedToast', { key: saved.ticket.key }));
      onDone?.();
    },
    onError: onSaveError(undefined, t('conflict.approval'), reload),
  });
}

/** The request's answers, when I may read the ticket (approvers outside it see the title only). */
function ApprovalDetails({ approval }: { approval: Approval }) {
  const { t } = useTranslation();
  const can = useCan();
  const ticket = useQuery({ ...ticketQuery(approval.ticket.key), retry: false });
  if (ticket.data) return <RequestAnswers ticket={ticket.data} />;
  if (ticket.isPending) return <Text size="sm" c="dimmed">{t('common.loading')}</Text>;
  return (
    <Text size="sm" c="dimmed">
      {can('tickets:read') ? t('errors.network') : t('approvals.detailsHidden')}
    </Text>
  );
}

function ApprovalCard({ approval, onReject }: { approval: Approval; onReject: (a: Approval) => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const decide = useDecide();
  const title = `${approval.ticket.key} · ${approval.ticket.title}`;
  return (
    <Paper withBorder p="md" component="article" aria-label={title}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <Stack gap={2}>
            <Title order={2} size="h4">
              {can('tickets:read') ? (
                <AnchorLink to="/tickets/$key" params={{ key: approval.ticket.key }}>
                  {title}
                </AnchorLink>
              ) : (
                title
              )}
            </Title>
            <Text size="sm" c="dimmed">
              {t('approvals.askedAt', { when: formatDateTime(approval.createdAt) })} · {t('approvals.levelOf', { level: approval.level, required: approval.required })}
            </Text>
          </Stack>
          <Badge variant="light" color="yellow">
            {t('approvals.states.pending')}
          </Badge>
        </Group>
        <ApprovalDetails approval={approval} />
        <Group>
          <Button color="teal" loading={decide.isPending} onClick={() => decide.mutate({ approval, decision: 'approve' })} aria-label={t('approvals.approveNamed', { key: approval.ticket.key })}>
            {t('approvals.approve')}
          </Button>
          <Button variant="default" color="red" onClick={() => onReject(approval)} aria-label={t('approvals.rejectNamed', { key: approval.ticket.key })}>
            {t('approvals.reject')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function RejectModal({ approval, onClose }: { approval: Approval; onClose: () => void }) {
  const { t } = useTranslation();
  const decide = useDecide(onClose);
  const form = useForm({ initialValues: { comment: '' }, validate: { comment: (v) => (v.trim() ? null : t('approvals.commentRequired')) } });
  return (
    <Modal opened onClose={onClose} title={t('approvals.rejectTitle', { key: approval.ticket.key })}>
      <form onSubmit={form.onSubmit((v) => decide.mutate({ approval, decision: 'reject', comment: v.comment.trim() }))}>
        <Stack>
          <Textarea label={t('approvals.comment')} description={t('approvals.commentHint')} required autosize minRows={3} maxLength={5000} data-autofocus {...form.getInputProps('comment')} />
          <DialogActions onCancel={onClose} submitLabel={t('approvals.reject')} loading={decide.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}

export function ApprovalsPage() {
  const { t } = useTranslation();
  const pending = useQuery(myPendingApprovalsQuery);
  const [rejecting, setRejecting] = useState<Approval | null>(null);
  const items = pending.data?.items ?? [];
  return (
    <Stack maw={900}>
      <PageHeader title={t('sections.approvals.title')} description={t('sections.approvals.description')} />
      {pending.error && <QueryError error={pending.error} onRetry={() => void pending.refetch()} />}
      {pending.isPending && <Text c="dimmed">{t('common.loading')}</Text>}
      {pending.data && items.length === 0 && <Text c="dimmed">{t('approvals.empty')}</Text>}
      {items.map((approval) => (
        <ApprovalCard key={approval.id} approval={approval} onReject={setRejecting} />
      ))}
      {rejecting && <RejectModal approval={rejecting} onClose={() => setRejecting(null)} />}
    </Stack>
  );
}

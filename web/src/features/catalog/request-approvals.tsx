/** A catalogue request's approval chain: each level's approvers, how many must approve, their decisions. */
import { Badge, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Approval, TicketDetail } from '../../api/types';
import { QueryError } from '../../components/query-error';
import { formatDateTime } from '../../i18n/format-date';
import { ticketApprovalsQuery } from './catalog-api';

const stateColors: Record<Approval['state'], string> = { waiting: 'gray', pending: 'yellow', approved: 'teal', rejected: 'red', skipped: 'gray' };

export function ApprovalStateBadge({ state }: { state: Approval['state'] }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={stateColors[state]}>
      {t(`approvals.states.${state}`)}
    </Badge>
  );
}

export function RequestApprovals({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  const approvals = useQuery({ ...ticketApprovalsQuery(ticket.key), enabled: ticket.catalogItem !== null });
  if (!ticket.catalogItem) return null;
  const items = [...(approvals.data?.items ?? [])].sort((a, b) => a.level - b.level || a.approver.name.localeCompare(b.approver.name));
  if (approvals.data && items.length === 0) return null;
  return (
    <Paper withBorder p="md">
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('approvals.chain')}
        </Title>
        {approvals.error && <QueryError error={approvals.error} onRetry={() => void approvals.refetch()} />}
        {approvals.isPending && <Text size="sm" c="dimmed">{t('common.loading')}</Text>}
        {items.length > 0 && (
          <Table verticalSpacing={4} fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('approvals.level')}</Table.Th>
                <Table.Th scope="col">{t('approvals.approver')}</Table.Th>
                <Table.Th scope="col">{t('approvals.state')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>{t('approvals.levelOf', { level: a.level, required: a.required })}</Table.Td>
                  <Table.Td>
                    {a.approver.name}
                    {a.comment && (
                      <Text size="xs" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
                        “{a.comment}”
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <ApprovalStateBadge state={a.state} />
                    {a.decidedAt && (
                      <Text size="xs" c="dimmed">
                        {formatDateTime(a.decidedAt)}
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Paper>
  );
}

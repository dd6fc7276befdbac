/** The read-only facts of a ticket: who asked, for whom, how it came in, when, and how it was rated. */
import type { ReactNode } from 'react';
import { Group, Paper, Rating, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TicketDetail } from '../../api/types';
import { formatDateTime } from '../../i18n/format-date';

export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group justify="space-between" wrap="nowrap" gap="md" align="flex-start">
      <Text size="sm" c="dimmed" style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Text size="sm" ta="right" component="div" style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </Group>
  );
}

export function TicketFacts({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md">
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('ticket.details')}
        </Title>
        <Fact label={t('tickets.requester')}>
          {ticket.requester.name}
          <Text size="xs" c="dimmed">
            {ticket.requester.email}
          </Text>
        </Fact>
        {ticket.affected && <Fact label={t('ticket.affected')}>{ticket.affected.name}</Fact>}
        <Fact label={t('ticket.source')}>{t(`ticket.sources.${ticket.source}`)}</Fact>
        <Fact label={t('ticket.createdAt')}>{formatDateTime(ticket.createdAt)}</Fact>
        <Fact label={t('tickets.updated')}>{formatDateTime(ticket.updatedAt)}</Fact>
        {ticket.closedAt && <Fact label={t('ticket.closedAt')}>{formatDateTime(ticket.closedAt)}</Fact>}
        {ticket.resolutionCode && <Fact label={t('ticket.resolutionCode')}>{t(`tickets.resolutionCodes.${ticket.resolutionCode}`)}</Fact>}
        {ticket.resolutionNotes && <Fact label={t('ticket.resolutionNotes')}>{ticket.resolutionNotes}</Fact>}
        {ticket.reopenCount > 0 && <Fact label={t('ticket.reopened')}>{t('ticket.reopenCount', { count: ticket.reopenCount })}</Fact>}
        {ticket.watchers.length > 0 && <Fact label={t('ticket.watchers')}>{ticket.watchers.map((w) => w.name).join(', ')}</Fact>}
        {ticket.rating !== null && (
          <Fact label={t('ticket.rating')}>
            <Rating value={ticket.rating} readOnly size="sm" aria-label={t('ticket.ratingValue', { rating: ticket.rating })} />
            {ticket.ratingComment && (
              <Text size="xs" c="dimmed">
                “{ticket.ratingComment}”
              </Text>
            )}
          </Fact>
        )}
      </Stack>
    </Paper>
  );
}

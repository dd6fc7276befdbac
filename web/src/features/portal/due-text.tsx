/**
 * When an open ticket is expected to be done, as a requester reads it: the SLA's resolution due time
 * when a policy applies, else the ticket's due time; a dash when there is none or it is finished.
 */
import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Ticket } from '../../api/types';
import { formatDateTime, formatRelative } from '../../i18n/format-date';
import { isOpenStatus } from '../tickets/ticket-vocabulary';

/** The due time that counts for the requester, if any. */
export function expectedBy(ticket: Ticket): string | null {
  const clock = ticket.sla.resolution;
  if (clock && clock.stoppedAt === null && clock.state !== 'met') return clock.dueAt;
  return ticket.dueAt;
}

export function DueText({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const due = expectedBy(ticket);
  if (!due || !isOpenStatus(ticket.status)) return <Text size="sm" c="dimmed">—</Text>;
  const late = new Date(due).getTime() < Date.now();
  return (
    <Text size="sm" c={late ? 'red' : undefined} title={formatDateTime(due)} style={{ whiteSpace: 'nowrap' }}>
      {late ? t('portal.late', { when: formatRelative(due) }) : formatRelative(due)}
    </Text>
  );
}

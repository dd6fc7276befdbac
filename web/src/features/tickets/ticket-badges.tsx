/** A ticket's priority, status and type at a glance; colours carry meaning, the text says it too. */
import { Badge, Tooltip, type MantineColor } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PendingReason, TicketStatus, TicketType } from '../../api/types';

const priorityColours: Record<number, MantineColor> = { 1: 'red', 2: 'orange', 3: 'yellow', 4: 'blue', 5: 'gray' };

/** The colour that stands for a priority everywhere it is shown. */
export function priorityColour(priority: number): MantineColor {
  return priorityColours[priority] ?? 'gray';
}

const statusColours: Record<TicketStatus, MantineColor> = {
  new: 'blue',
  assigned: 'indigo',
  in_progress: 'cyan',
  pending: 'yellow',
  resolved: 'teal',
  closed: 'gray',
  cancelled: 'dark',
};

/** P1–P5, filled in a colour that grows warmer with urgency. */
export function PriorityBadge({ priority }: { priority: number }) {
  const { t } = useTranslation();
  return (
    <Tooltip label={t(`tickets.priorityNames.${priority as 1 | 2 | 3 | 4 | 5}`)}>
      <Badge color={priorityColour(priority)} variant="filled" radius="sm" aria-label={t('tickets.priorityLabel', { priority })}>
        {`P${priority}`}
      </Badge>
    </Tooltip>
  );
}

/** The status, with the reason a pending ticket waits when there is one. */
export function StatusBadge({ status, pendingReason }: { status: TicketStatus; pendingReason?: PendingReason | null }) {
  const { t } = useTranslation();
  const label = t(`tickets.statuses.${status}`);
  return (
    <Badge color={statusColours[status]} variant="light" title={pendingReason ? t(`tickets.pendingReasons.${pendingReason}`) : undefined}>
      {label}
    </Badge>
  );
}

export function TypeBadge({ type }: { type: TicketType }) {
  const { t } = useTranslation();
  return (
    <Badge color="gray" variant="outline">
      {t(`tickets.types.${type}`)}
    </Badge>
  );
}

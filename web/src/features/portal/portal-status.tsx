/** A ticket's status as the person who asked reads it: "Waiting for your reply" rather than "Pending". */
import { Badge, type MantineColor } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PendingReason, TicketStatus } from '../../api/types';

type PortalState = 'received' | 'assigned' | 'inProgress' | 'waitingForYou' | 'onHold' | 'resolved' | 'closed' | 'cancelled';

const colours: Record<PortalState, MantineColor> = {
  received: 'blue',
  assigned: 'indigo',
  inProgress: 'cyan',
  waitingForYou: 'orange',
  onHold: 'yellow',
  resolved: 'teal',
  closed: 'gray',
  cancelled: 'dark',
};

function stateOf(status: TicketStatus, pendingReason: PendingReason | null): PortalState {
  switch (status) {
    case 'new':
      return 'received';
    case 'assigned':
      return 'assigned';
    case 'in_progress':
      return 'inProgress';
    case 'pending':
      return pendingReason === 'awaiting_requester' ? 'waitingForYou' : 'onHold';
    default:
      return status;
  }
}

export function PortalStatusBadge({ status, pendingReason }: { status: TicketStatus; pendingReason: PendingReason | null }) {
  const { t } = useTranslation();
  const state = stateOf(status, pendingReason);
  return (
    <Badge color={colours[state]} variant="light">
      {t(`portal.states.${state}`)}
    </Badge>
  );
}

/**
 * The ticket lifecycle: which status may follow which. Pure, so the UI's buttons, the API's 422s and
 * the tests all read the same table.
 *
 *   new → assigned → in progress ⇄ pending → resolved → closed, and cancelled from any open status.
 *   resolved → in progress is a reopen, allowed within the desk's reopen period.
 */
import type { TicketStatus } from './schema.ts';

const transitions: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ['assigned', 'in_progress', 'pending', 'resolved', 'cancelled'],
  assigned: ['new', 'in_progress', 'pending', 'resolved', 'cancelled'],
  in_progress: ['assigned', 'pending', 'resolved', 'cancelled'],
  pending: ['assigned', 'in_progress', 'resolved', 'cancelled'],
  resolved: ['in_progress', 'closed'],
  closed: [],
  cancelled: [],
};

export const openStatuses: readonly TicketStatus[] = ['new', 'assigned', 'in_progress', 'pending'];
export const doneStatuses: readonly TicketStatus[] = ['resolved', 'closed', 'cancelled'];

export function isOpen(status: TicketStatus): boolean {
  return openStatuses.includes(status);
}

export interface LifecycleFacts {
  status: TicketStatus;
  resolvedAt: string | null;
  /** Days a resolved ticket may be reopened. */
  reopenDays: number;
  now: Date;
}

/** True while a resolved ticket may still be reopened. */
export function canReopen(facts: LifecycleFacts): boolean {
  if (facts.status !== 'resolved' || !facts.resolvedAt) return false;
  return facts.now.getTime() - new Date(facts.resolvedAt).getTime() <= facts.reopenDays * 86_400_000;
}

/** The statuses the ticket may move to now (the reopen period applies to resolved → in progress). */
export function allowedTransitions(facts: LifecycleFacts): TicketStatus[] {
  return transitions[facts.status].filter((to) => !(facts.status === 'resolved' && to === 'in_progress' && !canReopen(facts)));
}

/**
 * The status a ticket moves to by itself when its assignment changes while it is new or assigned:
 * someone responsible makes it assigned, nobody makes it new again.
 */
export function statusAfterAssignment(status: TicketStatus, hasGroupOrAgent: boolean): TicketStatus {
  if (status === 'new' && hasGroupOrAgent) return 'assigned';
  if (status === 'assigned' && !hasGroupOrAgent) return 'new';
  return status;
}

/** Where a pending ticket goes when the requester replies: back to work. */
export function statusAfterRequesterReply(status: TicketStatus, hasGroupOrAgent: boolean): TicketStatus {
  if (status !== 'pending') return status;
  return hasGroupOrAgent ? 'in_progress' : 'new';
}

/**
 * The service desk's fixed vocabularies as the UI lists them (in the order people expect), each
 * checked at compile time against the API's types so a value added on the server cannot be missed here.
 */
import type { Level, PendingReason, ResolutionCode, TicketStatus, TicketType } from '../../api/types';

/** Fails to compile unless `Listed` names every member of `All`. */
type Complete<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : never;

export const ticketTypes = ['incident', 'request', 'question'] as const satisfies readonly TicketType[];
export const ticketStatuses = ['new', 'assigned', 'in_progress', 'pending', 'resolved', 'closed', 'cancelled'] as const satisfies readonly TicketStatus[];
export const openStatuses = ['new', 'assigned', 'in_progress', 'pending'] as const satisfies readonly TicketStatus[];
export const doneStatuses = ['resolved', 'closed', 'cancelled'] as const satisfies readonly TicketStatus[];
/** Highest first, as the priority matrix and the pickers show them. */
export const levels = ['high', 'medium', 'low'] as const satisfies readonly Level[];
export const pendingReasons = ['awaiting_requester', 'awaiting_vendor', 'awaiting_change', 'awaiting_approval'] as const satisfies readonly PendingReason[];
export const resolutionCodes = ['fixed', 'workaround', 'answered', 'fulfilled', 'duplicate', 'not_reproducible', 'no_response', 'rejected'] as const satisfies readonly ResolutionCode[];
export const priorities = [1, 2, 3, 4, 5] as const;

export const vocabularyComplete: [
  Complete<TicketType, (typeof ticketTypes)[number]>,
  Complete<TicketStatus, (typeof ticketStatuses)[number]>,
  Complete<Level, (typeof levels)[number]>,
  Complete<PendingReason, (typeof pendingReasons)[number]>,
  Complete<ResolutionCode, (typeof resolutionCodes)[number]>,
] = [true, true, true, true, true];

/** Whether work on the ticket is still to do (what the "open" views show). */
export function isOpenStatus(status: TicketStatus): boolean {
  return (openStatuses as readonly TicketStatus[]).includes(status);
}

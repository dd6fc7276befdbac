/** Request and response schemas of business calendars, SLA policies and a ticket's SLA state. */
import { z } from 'zod';
import { pageOf, pageQuery } from '../../../platform/http/pagination.ts';
import { escalationActions, escalationTriggers, slaMetrics, ticketStatuses, ticketTypes } from '../schema.ts';
import { CalendarSpec } from './calendar.ts';

const uuid = z.uuid('must be an id');
const isoTime = z.string().describe('ISO 8601 time');
const version = z.number().int().min(1).describe('The version you read; a stale one gets 409');
const name = z.string().trim().min(1, 'is required').max(200);
const Ref = z.object({ id: z.string(), name: z.string() });

export const BusinessCalendar = z
  .object({ id: z.string(), name: z.string(), spec: CalendarSpec, policyCount: z.number().int(), createdAt: isoTime, updatedAt: isoTime, version: z.number().int() })
  .meta({ id: 'BusinessCalendar' });
export type BusinessCalendar = z.infer<typeof BusinessCalendar>;
export const BusinessCalendarPage = pageOf(BusinessCalendar);
export const CreateCalendarBody = z.strictObject({ name, spec: CalendarSpec });
export type CreateCalendarBody = z.infer<typeof CreateCalendarBody>;
export const UpdateCalendarBody = z.strictObject({ version, name: name.optional(), spec: CalendarSpec.optional() });
export type UpdateCalendarBody = z.infer<typeof UpdateCalendarBody>;
export const CalendarQuery = z.strictObject({ ...pageQuery });

const minutes = z.number().int().min(1).max(525_600).describe('Minutes of business time');
const perPriority = z
  .strictObject({ '1': minutes.optional(), '2': minutes.optional(), '3': minutes.optional(), '4': minutes.optional(), '5': minutes.optional() })
  .describe('Target per priority ("1" = P1); a priority left out has no target');
export const SlaTargets = z
  .strictObject({ response: perPriority, resolution: perPriority, ola: perPriority.describe("The assigned group's own resolution target (OLA), counted from when it took the ticket") })
  .describe('First response, resolution and OLA targets per priority');
export const SlaConditions = z
  .strictObject({
    types: z.array(z.enum(ticketTypes)).max(3).optional(),
    priorities: z.array(z.number().int().min(1).max(5)).max(5).optional(),
    categoryIds: z.array(uuid).max(100).optional().describe('Tickets in these categories or below them'),
    departmentIds: z.array(uuid).max(100).optional().describe("The requester's department"),
    vipOnly: z.boolean().optional().describe('Only tickets from VIP requesters'),
  })
  .describe('All given conditions must hold; an empty object matches every ticket');
export const Escalation = z
  .strictObject({
    on: z.enum(escalationTriggers),
    metric: z.enum(slaMetrics),
    action: z.enum(escalationActions),
    groupId: uuid.optional().describe('For reassign: the team that takes the ticket over'),
  })
  .superRefine((e, ctx) => {
    if (e.action === 'reassign' && !e.groupId) ctx.addIssue({ code: 'custom', path: ['groupId'], message: 'is required to reassign' });
    if (e.action !== 'reassign' && e.groupId) ctx.addIssue({ code: 'custom', path: ['groupId'], message: 'applies only to reassign' });
  });

export const SlaPolicy = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    position: z.number().int().describe('Policies are tried in this order; the first that matches applies'),
    active: z.boolean(),
    conditions: SlaConditions,
    targets: SlaTargets,
    calendar: Ref.nullable().describe('Null counts around the clock (24×7)'),
    pauseStatuses: z.array(z.enum(ticketStatuses)),
    warnPercent: z.number().int(),
    escalations: z.array(Escalation),
    createdAt: isoTime,
    updatedAt: isoTime,
    version: z.number().int(),
  })
  .meta({ id: 'SlaPolicy' });
export type SlaPolicy = z.infer<typeof SlaPolicy>;
export const SlaPolicyPage = pageOf(SlaPolicy);
export const PolicyQuery = z.strictObject({ ...pageQuery });

const pausable = z.enum(['new', 'assigned', 'in_progress', 'pending']);
export const CreatePolicyBody = z.strictObject({
  name,
  description: z.string().trim().max(2000).optional(),
  position: z.number().int().min(1).max(10_000).optional().describe('Default: after the last policy'),
  active: z.boolean().optional(),
  conditions: SlaConditions.default({}),
  targets: SlaTargets,
  calendarId: uuid.nullable().optional(),
  pauseStatuses: z.array(pausable).max(4).default(['pending']).describe('Open statuses that stop the clock (default: pending)'),
  warnPercent: z.number().int().min(1).max(99).default(75),
  escalations: z.array(Escalation).max(20).default([]),
});
export type CreatePolicyBody = z.infer<typeof CreatePolicyBody>;
export const UpdatePolicyBody = z.strictObject({
  version,
  name: name.optional(),
  description: z.string().trim().max(2000).optional(),
  position: z.number().int().min(1).max(10_000).optional(),
  active: z.boolean().optional(),
  conditions: SlaConditions.optional(),
  targets: SlaTargets.optional(),
  calendarId: uuid.nullable().optional(),
  pauseStatuses: z.array(pausable).max(4).optional(),
  warnPercent: z.number().int().min(1).max(99).optional(),
  escalations: z.array(Escalation).max(20).optional(),
});
export type UpdatePolicyBody = z.infer<typeof UpdatePolicyBody>;

export const SlaClock = z
  .object({
    targetMinutes: z.number().int(),
    startedAt: isoTime,
    dueAt: isoTime.describe('While paused: the due time if the clock resumed now'),
    warnAt: isoTime,
    stoppedAt: isoTime.nullable().describe('When the target was met or the ticket was done'),
    elapsedMs: z.number().int().describe('Business time counted so far'),
    remainingMs: z.number().int().describe('Business time left; negative once breached'),
    pausedMs: z.number().int().describe('Wall time spent paused'),
    state: z.enum(['running', 'paused', 'met', 'breached']),
    warnedAt: isoTime.nullable(),
    breachedAt: isoTime.nullable(),
    group: Ref.nullable().describe('For the OLA: the group measured'),
  })
  .meta({ id: 'SlaClock' });
export type SlaClock = z.infer<typeof SlaClock>;
export const TicketSla = z
  .object({
    policy: Ref.nullable(),
    calendar: Ref.nullable(),
    response: SlaClock.nullable(),
    resolution: SlaClock.nullable(),
    ola: SlaClock.nullable(),
  })
  .meta({ id: 'TicketSla' });
export type TicketSla = z.infer<typeof TicketSla>;

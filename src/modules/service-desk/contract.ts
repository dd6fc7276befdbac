/** Request and response schemas of the service-desk API: tickets, their conversation, categories and desk settings. */
import { z } from 'zod';
import { HumanKey } from '../../platform/keys/human-keys.ts';
import { pageOf, pageQuery } from '../../platform/http/pagination.ts';
import { CiRef, ciRefList } from '../cmdb/ci-ref.ts';
import { TicketSla } from './sla/contract.ts';
import { levels, pendingReasons, resolutionCodes, ticketSources, ticketStatuses, ticketTypes } from './schema.ts';

const text = (max: number) => z.string().trim().max(max);
const uuid = z.uuid('must be an id');
const isoTime = z.string().describe('ISO 8601 time');
const isoInput = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 time with an offset, e.g. 2026-11-22T09:00:00Z' });
const version = z.number().int().min(1).describe('The version you read; a stale one gets 409');
const title = text(300).min(1, 'is required');
const markdown = z.string().max(100_000).describe('Markdown');
const tag = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'must not be empty')
  .max(50)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}._:/-]*$/u, 'must be letters, digits and . _ : / - (no spaces)');
const tags = z.array(tag).max(20).describe('Up to 20 tags; stored in lower case');
const ids = (max: number) => z.array(uuid).max(max).refine((a) => new Set(a).size === a.length, 'must not repeat an id');

export const TicketType = z.enum(ticketTypes).describe('incident (INC-…), request (REQ-…) or question (QST-…)');
export const TicketStatus = z.enum(ticketStatuses);
export const PendingReason = z.enum(pendingReasons);
export const TicketSource = z.enum(ticketSources);
export const Level = z.enum(levels);
export const ResolutionCode = z.enum(resolutionCodes);
export const Priority = z.number().int().min(1).max(5).describe('1 (critical) to 5 (planning)');

export const TicketIdParams = z.strictObject({ id: z.string().trim().min(1).max(60).describe('Ticket id, or its key such as INC-42') });
export const IdParams = z.strictObject({ id: uuid });

const PersonRef = z.object({ id: z.string(), name: z.string(), email: z.string() });
const Ref = z.object({ id: z.string(), name: z.string() });
const CategoryRef = z.object({ id: z.string(), name: z.string(), path: z.string().describe('Names from the root, joined by " / "') });
const TicketRef = z.object({ id: z.string(), key: z.string(), title: z.string(), status: TicketStatus });

export const Ticket = z
  .object({
    id: z.string(),
    key: HumanKey,
    type: TicketType,
    title: z.string(),
    description: z.string(),
    requester: PersonRef,
    affected: PersonRef.nullable().describe('The person affected, when someone reports on their behalf'),
    category: CategoryRef.nullable(),
    impact: Level,
    urgency: Level,
    priority: Priority,
    group: Ref.nullable().describe('Assignment group (a team)'),
    assignee: PersonRef.nullable(),
    status: TicketStatus,
    pendingReason: PendingReason.nullable(),
    allowedTransitions: z.array(TicketStatus).describe('Statuses this ticket may move to now'),
    source: TicketSource,
    tags: z.array(z.string()),
    watchers: z.array(PersonRef),
    dueAt: isoTime.nullable(),
    resolutionCode: ResolutionCode.nullable(),
    resolutionNotes: z.string(),
    firstResponseAt: isoTime.nullable(),
    resolvedAt: isoTime.nullable(),
    closedAt: isoTime.nullable(),
    parent: TicketRef.nullable(),
    mergedInto: TicketRef.nullable(),
    reopenCount: z.number().int(),
    rating: z.number().int().nullable(),
    ratingComment: z.string(),
    catalogItem: Ref.nullable().describe('For requests from the service catalogue: the item requested'),
    formValues: z.record(z.string(), z.union([z.string(), z.number()])).nullable().describe("The answers to the item's form, by field key"),
    sla: TicketSla.describe('SLA clocks (targets, due times, elapsed, remaining, paused, breached); all null when no policy applies'),
    affectedCis: z.array(CiRef).describe('The configuration items the ticket affects (empty for callers without cmdb:read)'),
    createdAt: isoTime,
    updatedAt: isoTime,
    version: z.number().int(),
  })
  .meta({ id: 'Ticket' });
export type Ticket = z.infer<typeof Ticket>;

export const TicketDetail = Ticket.extend({ children: z.array(TicketRef) }).meta({ id: 'TicketDetail' });
export type TicketDetail = z.infer<typeof TicketDetail>;
export const TicketPage = pageOf(Ticket);

const list = <T extends z.ZodType>(item: T) =>
  z
    .string()
    .max(2000)
    .transform((s, ctx) => {
      const out: z.infer<T>[] = [];
      for (const part of s.split(',').map((p) => p.trim()).filter(Boolean)) {
        const parsed = item.safeParse(part);
        if (!parsed.success) {
          ctx.addIssue({ code: 'custom', message: `"${part}" is not allowed` });
          return z.NEVER;
        }
        out.push(parsed.data);
      }
      return out;
    });
const refFilter = z.union([z.literal('none'), z.literal('me'), uuid]);

export const ticketSorts = ['createdAt', 'updatedAt', 'priority', 'dueAt', 'relevance'] as const;
export const TicketQuery = z.strictObject({
  q: text(200).optional().describe('Full-text search across title, description and conversation, ranked'),
  view: z
    .enum(['mine', 'my_groups', 'unassigned', 'open', 'overdue'])
    .optional()
    .describe('A built-in view: mine (assigned to me, open), my_groups (open, in my teams), unassigned (open, no agent), open, overdue (open, past due)'),
  type: list(TicketType).optional().describe('Comma-separated types'),
  status: list(TicketStatus).optional().describe('Comma-separated statuses'),
  priority: list(z.coerce.number().int().min(1).max(5)).optional().describe('Comma-separated priorities'),
  impact: list(Level).optional(),
  urgency: list(Level).optional(),
  source: list(TicketSource).optional(),
  category: uuid.optional().describe('Category id; its sub-categories are included'),
  group: refFilter.optional().describe('Team id, or none'),
  assignee: refFilter.optional().describe('Person id, me or none'),
  requester: refFilter.optional().describe('Person id or me'),
  tag: tag.optional(),
  parent: uuid.optional().describe('Children of this ticket'),
  createdFrom: isoInput.optional(),
  createdTo: isoInput.optional(),
  sort: z
    .enum(['createdAt', '-createdAt', 'updatedAt', '-updatedAt', 'priority', '-priority', 'dueAt', '-dueAt', 'relevance'])
    .optional()
    .describe('Default -createdAt, or relevance when q is given'),
  ...pageQuery,
});
export type TicketQuery = z.infer<typeof TicketQuery>;

export const CreateTicketBody = z.strictObject({
  type: TicketType,
  title,
  description: markdown.optional(),
  requesterId: uuid.optional().describe('Defaults to the caller; only agents may name someone else'),
  affectedId: uuid.nullable().optional(),
  categoryId: uuid.nullable().optional(),
  impact: Level.optional().describe('Default medium'),
  urgency: Level.optional().describe('Default medium'),
  groupId: uuid.nullable().optional(),
  assigneeId: uuid.nullable().optional(),
  source: TicketSource.optional().describe('Default portal for people signed in, api for API tokens'),
  tags: tags.optional(),
  watcherIds: ids(50).optional(),
  dueAt: isoInput.nullable().optional(),
  parentId: uuid.nullable().optional(),
  affectedCis: ciRefList(50).optional().describe('Affected configuration items by id or key (CI-42); agents with cmdb:read'),
});
export type CreateTicketBody = z.infer<typeof CreateTicketBody>;

export const UpdateTicketBody = z.strictObject({
  version,
  title: title.optional(),
  description: markdown.optional(),
  affectedId: uuid.nullable().optional(),
  categoryId: uuid.nullable().optional(),
  impact: Level.optional(),
  urgency: Level.optional(),
  groupId: uuid.nullable().optional(),
  assigneeId: uuid.nullable().optional(),
  status: TicketStatus.optional(),
  pendingReason: PendingReason.optional().describe('Required when moving to pending'),
  resolutionCode: ResolutionCode.optional().describe('Required when resolving'),
  resolutionNotes: text(20_000).optional(),
  tags: tags.optional(),
  watcherIds: ids(50).optional(),
  dueAt: isoInput.nullable().optional(),
  parentId: uuid.nullable().optional(),
  affectedCis: ciRefList(50).optional().describe('Replaces the affected configuration items (ids or keys); [] clears them'),
});
export type UpdateTicketBody = z.infer<typeof UpdateTicketBody>;

export const BulkUpdateBody = z.strictObject({
  tickets: z
    .array(z.strictObject({ id: z.string().trim().min(1).max(60).describe('Ticket id or key'), version }))
    .min(1, 'needs at least one ticket')
    .max(200)
    .refine((a) => new Set(a.map((x) => x.id)).size === a.length, 'must not repeat a ticket'),
  changes: z
    .strictObject({
      groupId: uuid.nullable().optional(),
      assigneeId: uuid.nullable().optional(),
      status: TicketStatus.optional(),
      pendingReason: PendingReason.optional(),
      resolutionCode: ResolutionCode.optional(),
      resolutionNotes: z.string().trim().max(20_000).optional(),
      impact: Level.optional(),
      urgency: Level.optional(),
      categoryId: uuid.nullable().optional(),
      addTags: tags.optional(),
      removeTags: tags.optional(),
    })
    .refine((c) => Object.keys(c).length > 0, 'must change something'),
});
export type BulkUpdateBody = z.infer<typeof BulkUpdateBody>;
export const BulkUpdateResult = z.object({ items: z.array(TicketDetail) }).meta({ id: 'BulkUpdateResult' });

export const VersionBody = z.strictObject({ version });
export const ReopenBody = z.strictObject({ version, reason: text(20_000).min(1, 'is required').describe('Why the resolution did not work (added as a public reply)') });
export type ReopenBody = z.infer<typeof ReopenBody>;
export const RatingBody = z.strictObject({ rating: z.number().int().min(1).max(5), comment: text(5000).optional() });
export const MergeBody = z.strictObject({ version, intoId: z.string().trim().min(1).max(60).describe('The ticket (id or key) this one duplicates') });
export type MergeBody = z.infer<typeof MergeBody>;

export const Comment = z
  .object({
    id: z.string(),
    ticketId: z.string(),
    author: PersonRef.nullable(),
    authorLabel: z.string(),
    visibility: z.enum(['public', 'internal']),
    text: z.string().describe('Markdown'),
    source: TicketSource,
    createdAt: isoTime,
  })
  .meta({ id: 'TicketComment' });
export type Comment = z.infer<typeof Comment>;
export const CommentPage = pageOf(Comment);
export const CreateCommentBody = z.strictObject({
  text: markdown.refine((b) => b.trim().length > 0, 'must not be empty'),
  visibility: z.enum(['public', 'internal']).default('public').describe('internal notes are for agents only'),
});
export type CreateCommentBody = z.infer<typeof CreateCommentBody>;
export const CommentQuery = z.strictObject({ ...pageQuery });

export const HistoryEntry = z
  .object({
    at: isoTime,
    actor: z.object({ id: z.string().nullable(), label: z.string() }),
    action: z.string(),
    changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })),
  })
  .meta({ id: 'TicketHistoryEntry' });
export const HistoryPage = pageOf(HistoryEntry);

export const Category = z
  .object({
    id: z.string(),
    parentId: z.string().nullable(),
    name: z.string(),
    path: z.string(),
    description: z.string(),
    defaultGroup: Ref.nullable(),
    active: z.boolean(),
    version: z.number().int(),
  })
  .meta({ id: 'TicketCategory' });
export type Category = z.infer<typeof Category>;
export const CategoryPage = pageOf(Category);
export const CategoryQuery = z.strictObject({ includeInactive: z.enum(['true', 'false']).optional(), ...pageQuery });
export type CategoryQuery = z.infer<typeof CategoryQuery>;
export const CreateCategoryBody = z.strictObject({
  name: text(100).min(1, 'is required').refine((n) => !n.includes('/'), 'must not contain /'),
  parentId: uuid.nullable().optional(),
  description: text(2000).optional(),
  defaultGroupId: uuid.nullable().optional().describe('New tickets in this category go to this team unless one is named'),
});
export type CreateCategoryBody = z.infer<typeof CreateCategoryBody>;
export const UpdateCategoryBody = CreateCategoryBody.partial().extend({ version, active: z.boolean().optional() }).strict();
export type UpdateCategoryBody = z.infer<typeof UpdateCategoryBody>;

const matrixRow = z.strictObject({ high: Priority, medium: Priority, low: Priority });
export const PriorityMatrix = z
  .strictObject({ high: matrixRow, medium: matrixRow, low: matrixRow })
  .describe('Priority by impact (outer key) and urgency (inner key)');
export const DeskSettings = z
  .object({
    priorityMatrix: PriorityMatrix,
    reopenDays: z.number().int().describe('A resolved ticket may be reopened for this many days'),
    autoCloseDays: z.number().int().describe('Resolved tickets close by themselves after this many days'),
    version: z.number().int(),
  })
  .meta({ id: 'DeskSettings' });
export type DeskSettings = z.infer<typeof DeskSettings>;
export const UpdateDeskSettingsBody = z.strictObject({
  version,
  priorityMatrix: PriorityMatrix.optional(),
  reopenDays: z.number().int().min(0).max(365).optional(),
  autoCloseDays: z.number().int().min(1).max(365).optional(),
});
export type UpdateDeskSettingsBody = z.infer<typeof UpdateDeskSettingsBody>;

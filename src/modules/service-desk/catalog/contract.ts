/** Request and response schemas of the service catalogue, approvals and fulfilment tasks. */
import { z } from 'zod';
import { pageOf, pageQuery } from '../../../platform/http/pagination.ts';
import { approvalStates, approverKinds, formFieldTypes, taskStatuses } from '../schema.ts';

const uuid = z.uuid('must be an id');
const isoTime = z.string().describe('ISO 8601 time');
const version = z.number().int().min(1).describe('The version you read; a stale one gets 409');
const Ref = z.object({ id: z.string(), name: z.string() });
const PersonRef = z.object({ id: z.string(), name: z.string(), email: z.string() });
const TicketRef = z.object({ id: z.string(), key: z.string(), title: z.string() });

export const FormField = z
  .strictObject({
    key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be lower-case letters, digits and _ (starting with a letter)'),
    label: z.string().trim().min(1, 'is required').max(200),
    type: z.enum(formFieldTypes),
    required: z.boolean().default(false),
    help: z.string().trim().max(500).optional(),
    maxLength: z.number().int().min(1).max(10_000).optional().describe('text: most characters'),
    pattern: z
      .string()
      .max(200)
      .refine((p) => {
        try {
          new RegExp(p, 'u');
          return true;
        } catch {
          return false;
        }
      }, 'must be a valid regular expression')
      .optional()
      .describe('text: a regular expression the whole answer must match'),
    min: z.number().optional().describe('number: smallest allowed'),
    max: z.number().optional().describe('number: largest allowed'),
    options: z.array(z.string().trim().min(1).max(200)).min(1).max(100).optional().describe('choice: the options'),
    ciClasses: z.array(z.string().trim().min(1).max(60)).min(1).max(20).optional().describe('ci: the classes offered, by key (subclasses included); all when absent'),
    ownedByRequester: z.boolean().optional().describe("ci: offer only items the requester owns"),
  })
  .superRefine((f, ctx) => {
    if (f.type === 'choice' && !f.options) ctx.addIssue({ code: 'custom', path: ['options'], message: 'are required for a choice' });
    if (f.type !== 'choice' && f.options) ctx.addIssue({ code: 'custom', path: ['options'], message: 'apply only to a choice' });
    if (f.type !== 'number' && (f.min !== undefined || f.max !== undefined)) ctx.addIssue({ code: 'custom', path: ['min'], message: 'applies only to a number' });
    if (f.type !== 'text' && (f.maxLength !== undefined || f.pattern !== undefined)) ctx.addIssue({ code: 'custom', path: ['pattern'], message: 'applies only to text' });
    if (f.type !== 'ci' && (f.ciClasses || f.ownedByRequester !== undefined)) ctx.addIssue({ code: 'custom', path: ['ciClasses'], message: 'applies only to a configuration item' });
    if (f.min !== undefined && f.max !== undefined && f.min > f.max) ctx.addIssue({ code: 'custom', path: ['max'], message: 'is below min' });
  });
export type FormField = z.infer<typeof FormField>;

export const ApprovalLevel = z
  .strictObject({
    kind: z.enum(approverKinds).describe("manager: the requester's manager; group: members of a team; people: named people"),
    groupId: uuid.optional(),
    userIds: z.array(uuid).min(1).max(50).optional(),
    required: z.number().int().min(1).max(50).default(1).describe('How many of the level\'s approvers must approve (N of M)'),
  })
  .superRefine((l, ctx) => {
    if (l.kind === 'group' && !l.groupId) ctx.addIssue({ code: 'custom', path: ['groupId'], message: 'is required for a group level' });
    if (l.kind === 'people' && !l.userIds) ctx.addIssue({ code: 'custom', path: ['userIds'], message: 'are required for a people level' });
    if (l.kind !== 'group' && l.groupId) ctx.addIssue({ code: 'custom', path: ['groupId'], message: 'applies only to a group level' });
    if (l.kind !== 'people' && l.userIds) ctx.addIssue({ code: 'custom', path: ['userIds'], message: 'apply only to a people level' });
    if (l.kind === 'manager' && l.required !== 1) ctx.addIssue({ code: 'custom', path: ['required'], message: 'must be 1 for the manager' });
    if (l.userIds && l.required > l.userIds.length) ctx.addIssue({ code: 'custom', path: ['required'], message: 'is more than the people named' });
  });
export const TaskTemplate = z.strictObject({ title: z.string().trim().min(1, 'is required').max(300), description: z.string().trim().max(5000).optional(), groupId: uuid });

const unique = <T extends { key: string }>(fields: T[]) => new Set(fields.map((f) => f.key)).size === fields.length;

export const CatalogItem = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    category: Ref.nullable(),
    group: Ref.nullable().describe('The team that owns requests for this item'),
    form: z.array(FormField),
    approvals: z.array(ApprovalLevel),
    tasks: z.array(TaskTemplate),
    active: z.boolean(),
    createdAt: isoTime,
    updatedAt: isoTime,
    version: z.number().int(),
  })
  .meta({ id: 'CatalogItem' });
export type CatalogItem = z.infer<typeof CatalogItem>;
export const CatalogItemPage = pageOf(CatalogItem);
export const CatalogQuery = z.strictObject({
  q: z.string().trim().max(200).optional(),
  includeInactive: z.enum(['true', 'false']).optional(),
  ...pageQuery,
});
export type CatalogQuery = z.infer<typeof CatalogQuery>;

const itemFields = {
  name: z.string().trim().min(1, 'is required').max(200),
  description: z.string().trim().max(20_000).optional().describe('Markdown'),
  categoryId: uuid.nullable().optional(),
  groupId: uuid.nullable().optional(),
  form: z.array(FormField).max(50).refine(unique, 'must not repeat a key'),
  approvals: z.array(ApprovalLevel).max(10).describe('Levels in order; empty means no approval'),
  tasks: z.array(TaskTemplate).max(30).describe('Opened in parallel once approved; none means the owning group fulfils the request itself'),
};
export const CreateCatalogItemBody = z.strictObject({ ...itemFields, form: itemFields.form.default([]), approvals: itemFields.approvals.default([]), tasks: itemFields.tasks.default([]), active: z.boolean().optional() });
export type CreateCatalogItemBody = z.infer<typeof CreateCatalogItemBody>;
export const UpdateCatalogItemBody = z.strictObject({
  version,
  name: itemFields.name.optional(),
  description: itemFields.description,
  categoryId: itemFields.categoryId,
  groupId: itemFields.groupId,
  form: itemFields.form.optional(),
  approvals: itemFields.approvals.optional(),
  tasks: itemFields.tasks.optional(),
  active: z.boolean().optional(),
});
export type UpdateCatalogItemBody = z.infer<typeof UpdateCatalogItemBody>;

export const RequestBody = z.strictObject({
  values: z.record(z.string().max(40), z.unknown()).describe('Answers by field key'),
  requesterId: uuid.optional().describe('Agents may request on behalf of someone'),
  note: z.string().trim().max(20_000).optional().describe('Anything else the fulfillers should know (Markdown)'),
});
export type RequestBody = z.infer<typeof RequestBody>;

export const Approval = z
  .object({
    id: z.string(),
    ticket: TicketRef,
    level: z.number().int(),
    required: z.number().int(),
    approver: PersonRef,
    state: z.enum(approvalStates),
    comment: z.string(),
    decidedAt: isoTime.nullable(),
    createdAt: isoTime,
    version: z.number().int(),
  })
  .meta({ id: 'Approval' });
export type Approval = z.infer<typeof Approval>;
export const ApprovalPage = pageOf(Approval);
export const ApprovalQuery = z.strictObject({
  state: z.enum(approvalStates).optional(),
  ticket: z.string().trim().max(60).optional().describe('Ticket id or key'),
  all: z.enum(['true', 'false']).optional().describe("true: everyone's approvals (needs tickets:read); default: the ones you are asked for"),
  ...pageQuery,
});
export type ApprovalQuery = z.infer<typeof ApprovalQuery>;
export const DecisionBody = z
  .strictObject({ version, decision: z.enum(['approve', 'reject']), comment: z.string().trim().max(5000).optional() })
  .superRefine((d, ctx) => {
    if (d.decision === 'reject' && !d.comment) ctx.addIssue({ code: 'custom', path: ['comment'], message: 'is required to reject (the requester reads it)' });
  });
export type DecisionBody = z.infer<typeof DecisionBody>;

export const Task = z
  .object({
    id: z.string(),
    ticketId: z.string(),
    position: z.number().int(),
    title: z.string(),
    description: z.string(),
    group: Ref.nullable(),
    assignee: PersonRef.nullable(),
    status: z.enum(taskStatuses),
    notes: z.string(),
    openedAt: isoTime.nullable(),
    doneAt: isoTime.nullable(),
    version: z.number().int(),
  })
  .meta({ id: 'FulfilmentTask' });
export type Task = z.infer<typeof Task>;
export const TaskList = z.object({ items: z.array(Task) });
export const TaskParams = z.strictObject({ id: z.string().trim().min(1).max(60), taskId: uuid });
export const UpdateTaskBody = z.strictObject({
  version,
  status: z.enum(['open', 'done', 'cancelled']).optional(),
  assigneeId: uuid.nullable().optional(),
  notes: z.string().trim().max(20_000).optional(),
});
export type UpdateTaskBody = z.infer<typeof UpdateTaskBody>;

export const CiOptionParams = z.strictObject({ id: uuid, key: z.string().max(40).describe('The key of a configuration-item question of the form') });
export const CiOptionQuery = z.strictObject({
  ...pageQuery,
  q: z.string().trim().max(200).optional().describe('Part of the name or key'),
  id: uuid.optional().describe('Only this item (to show an answer by name)'),
  requesterId: uuid.optional().describe('Whose items, when the question offers only the requester’s own (service desk only; default: you)'),
});
export type CiOptionQuery = z.infer<typeof CiOptionQuery>;
export const CiOption = z.object({ id: z.string(), key: z.string(), name: z.string(), className: z.string() }).meta({ id: 'CatalogCiOption' });
export type CiOption = z.infer<typeof CiOption>;
export const CiOptionPage = pageOf(CiOption);

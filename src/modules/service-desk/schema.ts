/**
 * The service desk's tables: tickets with their conversation and watchers, the category tree and the
 * desk's settings (priority matrix, reopen and auto-close periods).
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, customType, index, integer, jsonb, pgTable, primaryKey, smallint, text, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { createdAt, id, ts, updatedAt, version } from '../../db/columns.ts';
import { organisations, users } from '../../platform/auth/schema.ts';
import { teams } from '../identity/schema.ts';
import type { CalendarSpec } from './sla/calendar.ts';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const ticketTypes = ['incident', 'request', 'question'] as const;
export type TicketType = (typeof ticketTypes)[number];
export const ticketStatuses = ['new', 'assigned', 'in_progress', 'pending', 'resolved', 'closed', 'cancelled'] as const;
export type TicketStatus = (typeof ticketStatuses)[number];
export const pendingReasons = ['awaiting_requester', 'awaiting_vendor', 'awaiting_change', 'awaiting_approval'] as const;
export type PendingReason = (typeof pendingReasons)[number];
export const ticketSources = ['portal', 'email', 'api', 'phone', 'alert'] as const;
export type TicketSource = (typeof ticketSources)[number];
export const levels = ['high', 'medium', 'low'] as const;
export type Level = (typeof levels)[number];
export const resolutionCodes = ['fixed', 'workaround', 'answered', 'duplicate', 'not_reproducible', 'no_response', 'rejected', 'fulfilled'] as const;
export type ResolutionCode = (typeof resolutionCodes)[number];

/** Admin-managed category tree; a category may route its tickets to a default group. */
export const ticketCategories = pgTable(
  'ticket_categories',
  {
    id: id(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    parentId: uuid('parent_id').references((): AnyPgColumn => ticketCategories.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    defaultGroupId: uuid('default_group_id').references(() => teams.id, { onDelete: 'set null' }),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [uniqueIndex('ticket_categories_org_parent_name').on(t.orgId, sql`coalesce(${t.parentId}, '00000000-0000-0000-0000-000000000000'::uuid)`, sql`lower(${t.name})`)],
);

export const tickets = pgTable(
  'tickets',
  {
    id: id(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    type: text('type', { enum: ticketTypes }).notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    requesterId: uuid('requester_id').notNull().references(() => users.id, { onDelete: 'restrict' }),
    affectedId: uuid('affected_id').references(() => users.id, { onDelete: 'set null' }),
    categoryId: uuid('category_id').references(() => ticketCategories.id, { onDelete: 'set null' }),
    impact: text('impact', { enum: levels }).notNull(),
    urgency: text('urgency', { enum: levels }).notNull(),
    priority: smallint('priority').notNull(),
    groupId: uuid('group_id').references(() => teams.id, { onDelete: 'set null' }),
    assigneeId: uuid('assignee_id').references(() => users.id, { onDelete: 'set null' }),
    status: text('status', { enum: ticketStatuses }).notNull().default('new'),
    pendingReason: text('pending_reason', { enum: pendingReasons }),
    source: text('source', { enum: ticketSources }).notNull(),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    dueAt: ts('due_at'),
    resolutionCode: text('resolution_code', { enum: resolutionCodes }),
    resolutionNotes: text('resolution_notes').notNull().default(''),
    firstResponseAt: ts('first_response_at'),
    resolvedAt: ts('resolved_at'),
    closedAt: ts('closed_at'),
    parentId: uuid('parent_id').references((): AnyPgColumn => tickets.id, { onDelete: 'set null' }),
    mergedIntoId: uuid('merged_into_id').references((): AnyPgColumn => tickets.id, { onDelete: 'set null' }),
    reopenCount: integer('reopen_count').notNull().default(0),
    /** Public replies from the desk (not the requester's side): first-contact resolution reads it. */
    deskReplies: integer('desk_replies').notNull().default(0),
    /** Requests from the service catalogue: the item and the answers to its form. */
    catalogItemId: uuid('catalog_item_id').references((): AnyPgColumn => catalogItems.id, { onDelete: 'set null' }),
    formValues: jsonb('form_values').$type<Record<string, unknown>>(),
    rating: smallint('rating'),
    ratingComment: text('rating_comment').notNull().default(''),
    /** Title (A), description (B), public replies (C) and internal notes (D); kept by the service. */
    search: tsvector('search'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    uniqueIndex('tickets_org_key').on(t.orgId, t.key),
    index('tickets_org_created').on(t.orgId, t.createdAt, t.id),
    index('tickets_org_status').on(t.orgId, t.status),
    index('tickets_org_assignee').on(t.orgId, t.assigneeId),
    index('tickets_org_group').on(t.orgId, t.groupId),
    index('tickets_org_requester').on(t.orgId, t.requesterId),
    index('tickets_parent').on(t.parentId),
    index('tickets_search').using('gin', t.search),
    index('tickets_tags').using('gin', t.tags),
  ],
);

/** Public replies and internal notes, in order. */
export const ticketComments = pgTable(
  'ticket_comments',
  {
    id: id(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    ticketId: uuid('ticket_id').notNull().references(() => tickets.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    authorLabel: text('author_label').notNull(),
    visibility: text('visibility', { enum: ['public', 'internal'] }).notNull(),
    body: text('body').notNull(),
    source: text('source', { enum: ticketSources }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('ticket_comments_ticket').on(t.ticketId, t.createdAt)],
);

export const ticketWatchers = pgTable(
  'ticket_watchers',
  {
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    ticketId: uuid('ticket_id').notNull().references(() => tickets.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.userId] }), index('ticket_watchers_user').on(t.orgId, t.userId)],
);

/** Priority per impact × urgency, e.g. `{ high: { high: 1, medium: 2, low: 3 }, … }`. */
export type PriorityMatrix = Record<Level, Record<Level, number>>;

/** One row per organisation; absent means the defaults. */
export const deskSettings = pgTable('desk_settings', {
  orgId: uuid('org_id').primaryKey().references(() => organisations.id, { onDelete: 'cascade' }),
  priorityMatrix: jsonb('priority_matrix').notNull().$type<PriorityMatrix>(),
  reopenDays: integer('reopen_days').notNull(),
  autoCloseDays: integer('auto_close_days').notNull(),
  updatedAt: updatedAt(),
  version: version(),
});

/** Working hours, zone and holidays an SLA counts in (see sla/calendar.ts for the spec's meaning). */
export const businessCalendars = pgTable(
  'business_calendars',
  {
    id: id(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    spec: jsonb('spec').notNull().$type<CalendarSpec>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [uniqueIndex('business_calendars_org_name').on(t.orgId, sql`lower(${t.name})`)],
);

/** First response, resolution, and the assigned group's own resolution target (OLA), restarted when the group changes. */
export const slaMetrics = ['response', 'resolution', 'ola'] as const;
export type SlaMetric = (typeof slaMetrics)[number];

/** Which tickets a policy applies to; an empty or absent list matches everything. */
export interface SlaConditions {
  types?: TicketType[];
  priorities?: number[];
  categoryIds?: string[];
  departmentIds?: string[];
  vipOnly?: boolean;
}
/** Minutes of business time per priority ("1".."5"); a missing priority has no target. */
export type SlaTargets = Record<SlaMetric, Partial<Record<'1' | '2' | '3' | '4' | '5', number>>>;
export const escalationTriggers = ['warning', 'breach'] as const;
export const escalationActions = ['notify_assignee', 'notify_group', 'notify_manager', 'reassign', 'raise_priority'] as const;
export interface Escalation {
  on: (typeof escalationTriggers)[number];
  metric: SlaMetric;
  action: (typeof escalationActions)[number];
  /** For `reassign`: the team that takes the ticket over. */
  groupId?: string;
}

/** Ordered SLA policies: the first active one whose conditions match a ticket applies to it. */
export const slaPolicies = pgTable(
  'sla_policies',
  {
    id: id(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    position: integer('position').notNull(),
    active: boolean('active').notNull().default(true),
    conditions: jsonb('conditions').notNull().$type<SlaConditions>(),
    targets: jsonb('targets').notNull().$type<SlaTargets>(),
    calendarId: uuid('calendar_id').references(() => businessCalendars.id, { onDelete: 'restrict' }),
    pauseStatuses: text('pause_statuses', { enum: ticketStatuses }).array().notNull(),
    warnPercent: integer('warn_percent').notNull().default(75),
    escalations: jsonb('escalations').notNull().$type<Escalation[]>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [uniqueIndex('sla_policies_org_name').on(t.orgId, sql`lower(${t.name})`), index('sla_policies_org_position').on(t.orgId, t.position)],
);

export interface StoredPause {
  from: string;
  to: string | null;
}

/**
 * One SLA clock of one ticket (first response or resolution). Due and warning instants are
 * recomputed whenever the ticket changes; the sweep job stamps warnings and breaches exactly once.
 */
export const ticketSlas = pgTable(
  'ticket_slas',
  {
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    ticketId: uuid('ticket_id').notNull().references(() => tickets.id, { onDelete: 'cascade' }),
    metric: text('metric', { enum: slaMetrics }).notNull(),
    policyId: uuid('policy_id').references(() => slaPolicies.id, { onDelete: 'set null' }),
    /** The calendar the clock counts in; null is 24×7. */
    calendarId: uuid('calendar_id').references(() => businessCalendars.id, { onDelete: 'set null' }),
    targetMinutes: integer('target_minutes').notNull(),
    startedAt: ts('started_at').notNull(),
    pauses: jsonb('pauses').notNull().$type<StoredPause[]>(),
    stoppedAt: ts('stopped_at'),
    /** Business time counted when the clock stopped (kept so a stopped clock needs no calendar). */
    elapsedMs: bigint('elapsed_ms', { mode: 'number' }),
    /** Set while the ticket is in one of the policy's pause statuses; the sweep skips paused clocks. */
    pausedSince: ts('paused_since'),
    /** For the OLA: the group being measured. */
    groupId: uuid('group_id').references(() => teams.id, { onDelete: 'set null' }),
    /** The ticket's priority and assignment group when the clock was last brought up to date (KPIs group by them). */
    priority: smallint('priority'),
    deskGroupId: uuid('desk_group_id'),
    /** When the clock settled: stopped, or breached while running. KPIs count clocks by it. */
    settledAt: ts('settled_at'),
    warnAt: ts('warn_at').notNull(),
    dueAt: ts('due_at').notNull(),
    warnedAt: ts('warned_at'),
    breachedAt: ts('breached_at'),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.ticketId, t.metric] }),
    index('ticket_slas_due').on(t.dueAt).where(sql`${t.stoppedAt} is null and ${t.pausedSince} is null and ${t.breachedAt} is null`),
    index('ticket_slas_warn').on(t.warnAt).where(sql`${t.stoppedAt} is null and ${t.pausedSince} is null and ${t.warnedAt} is null`),
  ],
);

/** Files attached to a ticket (or to one of its comments), stored under the data directory by content hash. */
export const ticketAttachments = pgTable(
  'ticket_attachments',
  {
    id: id(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    ticketId: uuid('ticket_id').notNull().references(() => tickets.id, { onDelete: 'cascade' }),
    commentId: uuid('comment_id').references(() => ticketComments.id, { onDelete: 'set null' }),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    /** Internal attachments (on internal notes) are hidden from requesters. */
    visibility: text('visibility', { enum: ['public', 'internal'] }).notNull().default('public'),
    uploadedById: uuid('uploaded_by_id').references(() => users.id, { onDelete: 'set null' }),
    source: text('source', { enum: ticketSources }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('ticket_attachments_ticket').on(t.ticketId, t.createdAt), index('ticket_attachments_sha').on(t.sha256)],
);

/**
 * An address the desk receives mail at: new mail opens a ticket in this organisation, replies thread
 * into theirs. Unknown senders either become requesters or are refused.
 */
export const mailboxes = pgTable(
  'mailboxes',
  {
    id: id(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    address: text('address').notNull(),
    name: text('name').notNull(),
    unknownSenders: text('unknown_senders', { enum: ['create', 'reject'] }).notNull().default('create'),
    defaultType: text('default_type', { enum: ticketTypes }).notNull().default('incident'),
    defaultCategoryId: uuid('default_category_id').references(() => ticketCategories.id, { onDelete: 'set null' }),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [uniqueIndex('mailboxes_address').on(sql`lower(${t.address})`)],
);

/** Every mail in or out of a ticket, by Message-ID, so replies thread by In-Reply-To / References. */
export const ticketMails = pgTable(
  'ticket_mails',
  {
    id: id(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    ticketId: uuid('ticket_id').notNull().references(() => tickets.id, { onDelete: 'cascade' }),
    commentId: uuid('comment_id').references(() => ticketComments.id, { onDelete: 'set null' }),
    direction: text('direction', { enum: ['in', 'out'] }).notNull(),
    messageId: text('message_id').notNull(),
    fromAddress: text('from_address').notNull(),
    toAddresses: text('to_addresses').array().notNull().default(sql`'{}'::text[]`),
    subject: text('subject').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('ticket_mails_org_message').on(t.orgId, t.messageId), index('ticket_mails_ticket').on(t.ticketId)],
);

export const notificationEvents = ['ticket_created', 'public_reply', 'status_changed', 'resolved', 'sla_escalated'] as const;

/** Admin-edited notification texts per organisation and event; absent means the built-in text. */
export const notificationTemplates = pgTable(
  'notification_templates',
  {
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    event: text('event', { enum: notificationEvents }).notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.event] })],
);

export const formFieldTypes = ['text', 'number', 'choice', 'date', 'person', 'ci'] as const;
export interface FormField {
  key: string;
  label: string;
  type: (typeof formFieldTypes)[number];
  required: boolean;
  help?: string;
  /** text: maximum length and an optional pattern; number: bounds; choice: the options. */
  maxLength?: number;
  pattern?: string;
  min?: number;
  max?: number;
  options?: string[];
  /** ci: the classes (keys, subclasses included) offered; all classes when absent. */
  ciClasses?: string[];
  /** ci: offer only items the requester owns (e.g. "my laptop"). */
  ownedByRequester?: boolean;
}
export const approverKinds = ['manager', 'group', 'people'] as const;
/** One level of an approval chain; levels run in order, each needs `required` of its approvers. */
export interface ApprovalLevel {
  kind: (typeof approverKinds)[number];
  groupId?: string;
  userIds?: string[];
  required: number;
}
export interface TaskTemplate {
  title: string;
  description?: string;
  groupId: string;
}

/** What people can request from the service catalogue, with its form, approvals and fulfilment tasks. */
export const catalogItems = pgTable(
  'catalog_items',
  {
    id: id(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    categoryId: uuid('category_id').references(() => ticketCategories.id, { onDelete: 'set null' }),
    groupId: uuid('group_id').references(() => teams.id, { onDelete: 'set null' }),
    form: jsonb('form').notNull().$type<FormField[]>(),
    approvals: jsonb('approvals').notNull().$type<ApprovalLevel[]>(),
    tasks: jsonb('tasks').notNull().$type<TaskTemplate[]>(),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [uniqueIndex('catalog_items_org_name').on(t.orgId, sql`lower(${t.name})`)],
);

export const approvalStates = ['waiting', 'pending', 'approved', 'rejected', 'skipped'] as const;

/** One approver's say on one level of a request; `waiting` until the levels before it are done. */
export const ticketApprovals = pgTable(
  'ticket_approvals',
  {
    id: id(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    ticketId: uuid('ticket_id').notNull().references(() => tickets.id, { onDelete: 'cascade' }),
    level: integer('level').notNull(),
    required: integer('required').notNull(),
    approverId: uuid('approver_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    state: text('state', { enum: approvalStates }).notNull(),
    comment: text('comment').notNull().default(''),
    decidedAt: ts('decided_at'),
    createdAt: createdAt(),
    version: version(),
  },
  (t) => [index('ticket_approvals_ticket').on(t.ticketId, t.level), index('ticket_approvals_approver').on(t.orgId, t.approverId, t.state)],
);

export const taskStatuses = ['waiting', 'open', 'done', 'cancelled'] as const;

/** Fulfilment work of a request, for a group; opens when the approvals are complete. */
export const ticketTasks = pgTable(
  'ticket_tasks',
  {
    id: id(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    ticketId: uuid('ticket_id').notNull().references(() => tickets.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    groupId: uuid('group_id').references(() => teams.id, { onDelete: 'set null' }),
    assigneeId: uuid('assignee_id').references(() => users.id, { onDelete: 'set null' }),
    status: text('status', { enum: taskStatuses }).notNull(),
    openedAt: ts('opened_at'),
    doneAt: ts('done_at'),
    notes: text('notes').notNull().default(''),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [index('ticket_tasks_ticket').on(t.ticketId, t.position), index('ticket_tasks_group').on(t.orgId, t.groupId, t.status)],
);

/** How the desk routes work inside a team: round robin hands new tickets to its agents in turn. */
export const deskGroupSettings = pgTable('desk_group_settings', {
  teamId: uuid('team_id')
    .primaryKey()
    .references(() => teams.id, { onDelete: 'cascade' }),
  orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
  roundRobin: boolean('round_robin').notNull().default(false),
  /** The agent who got the last ticket; the next one goes to the member after them. */
  lastAssigneeId: uuid('last_assignee_id').references(() => users.id, { onDelete: 'set null' }),
  updatedAt: updatedAt(),
  version: version(),
});

/** A person's saved ticket list: a name and the list's filters; shared views are offered to every agent. */
export const savedViews = pgTable(
  'saved_views',
  {
    id: id(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    ownerId: uuid('owner_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    query: jsonb('query').notNull().$type<Record<string, string>>(),
    shared: boolean('shared').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [uniqueIndex('saved_views_owner_name').on(t.orgId, t.ownerId, sql`lower(${t.name})`)],
);

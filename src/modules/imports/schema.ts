/**
 * CSV imports: one row per uploaded file, from the upload (preview) through its runs (dry run, then
 * apply) to the report. The file and the rejected rows live in the blob store; the row keeps their
 * hashes. `kind` names the import target, so assets, assignments and licences slot in beside
 * configuration items without a schema change.
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, ts, updatedAt } from '../../db/columns.ts';
import { organisations, users } from '../../platform/auth/schema.ts';

/** What an import writes; each kind has its target. */
export const importKinds = ['configuration_items'] as const;
export type ImportKind = (typeof importKinds)[number];
/** uploaded: previewed, never run; queued → running → succeeded, failed or cancelled; runs again from any end state. */
export const importStatuses = ['uploaded', 'queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type ImportStatus = (typeof importStatuses)[number];
export const importModes = ['dry_run', 'apply'] as const;
export type ImportRunMode = (typeof importModes)[number];

/** Counts of the current (or last) run, written while it runs. */
export interface ImportProgressCounts {
  rowsRead: number;
  valid: number;
  invalid: number;
  created: number;
  updated: number;
  unchanged: number;
  bytesRead: number;
  totalBytes: number;
}

/** The stored report of a finished run (the rejected rows are a blob). */
export interface StoredImportReport {
  summary: string;
  headers: string[];
  mapping: Record<string, string | null>;
  delimiter: string;
  encoding: string;
  errors: { line: number; column?: string; field?: string; message: string }[];
  errorCount: number;
}

/** An uploaded CSV file and the state of its import. */
export const imports = pgTable(
  'imports',
  {
    id: id(),
    orgId: uuid('org_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: importKinds }).notNull(),
    status: text('status', { enum: importStatuses }).notNull().default('uploaded'),
    mode: text('mode', { enum: importModes }),
    fileName: text('file_name').notNull(),
    fileSha256: text('file_sha256').notNull(),
    fileSize: bigint('file_size', { mode: 'number' }).notNull(),
    /** The confirmed mapping and options of the current run (null until the first run). */
    mapping: jsonb('mapping').$type<Record<string, string | null>>(),
    options: jsonb('options').$type<Record<string, unknown>>(),
    progress: jsonb('progress').$type<ImportProgressCounts>(),
    report: jsonb('report').$type<StoredImportReport>(),
    /** Why the run failed as a whole (an unreadable file, a lost permission); row problems are in the report. */
    failure: text('failure'),
    rejectedSha256: text('rejected_sha256'),
    rejectedSize: bigint('rejected_size', { mode: 'number' }),
    /** Set by a cancel while running; the worker stops after the batch in hand. */
    cancelRequested: boolean('cancel_requested').notNull().default(false),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    /** Who started the current run: its writes are audited as theirs. */
    startedBy: uuid('started_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    queuedAt: ts('queued_at'),
    startedAt: ts('started_at'),
    /** Last sign of life of a running worker; a run silent for long is failed by the sweep. */
    heartbeatAt: ts('heartbeat_at'),
    finishedAt: ts('finished_at'),
  },
  (t) => [
    index('imports_org_created').on(t.orgId, t.createdAt, t.id),
    index('imports_active').on(t.status).where(sql`${t.status} in ('queued', 'running')`),
  ],
);

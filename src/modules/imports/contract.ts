/** Request and response schemas of CSV imports: upload with preview, run, progress and report. */
import { z } from 'zod';
import { columnMappingSchema } from '../../platform/csv-import/mapping.ts';
import { csvDelimiters, dateFormats } from '../../platform/csv-import/options.ts';
import { importFieldSchema } from '../../platform/csv-import/fields.ts';
import { pageOf, pageQuery } from '../../platform/http/pagination.ts';
import { importKinds, importModes, importStatuses } from './schema.ts';

const isoTime = z.string().describe('ISO 8601 time');

export const ImportKind = z.enum(importKinds).describe('What the file holds: configuration_items (assets, assignments and licences follow)');
export const ImportStatus = z.enum(importStatuses).describe('uploaded (previewed, never run), queued, running, succeeded, failed or cancelled');
export const ImportMode = z.enum(importModes).describe('dry_run checks every row and writes nothing; apply writes the rows without problems');

export const ImportIdParams = z.strictObject({ id: z.uuid('must be an id') });

/** The form fields sent with the file (multipart/form-data). */
export const UploadImportFields = z.strictObject({
  kind: ImportKind,
  delimiter: z.enum(csvDelimiters).optional().describe('Column delimiter; detected from the header row when absent'),
});
export type UploadImportFields = z.infer<typeof UploadImportFields>;

/** The upload as the API docs show it: the file part and the form fields. */
export const uploadImportDoc = {
  type: 'object',
  required: ['file', 'kind'],
  properties: {
    file: { type: 'string', format: 'binary', description: 'The CSV file; one part named file (at most 50 MB, 100,000 rows, 200 columns)' },
    ...(z.toJSONSchema(UploadImportFields).properties ?? {}),
  },
};

/** The options a run may set: how dates and numbers are written, and the delimiter if detection was wrong. */
export const RunImportOptions = z.strictObject({
  delimiter: z.enum(csvDelimiters).optional().describe('Column delimiter; detected from the header row when absent'),
  dateFormat: z.enum(dateFormats).optional().describe('iso (default): only 2026-01-31; dmy: also 31/01/2026; mdy: also 01/31/2026'),
  decimalSeparator: z.enum(['.', ',']).optional().describe('The decimal mark of numbers in the file (default .)'),
});
export type RunImportOptions = z.infer<typeof RunImportOptions>;

export const RunImportBody = z.strictObject({
  mode: ImportMode,
  mapping: columnMappingSchema
    .optional()
    .describe('Column header → field key, or null to leave a column out; default: the mapping of the last run, else the suggested one. Columns left out of it are not imported'),
  options: RunImportOptions.optional().describe('Default: the options of the last run, else iso dates and . as decimal mark'),
});
export type RunImportBody = z.infer<typeof RunImportBody>;

const Counts = z.object({
  rowsRead: z.number().int(),
  valid: z.number().int().describe('Rows without problems so far'),
  invalid: z.number().int().describe('Rows skipped with their reasons'),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  bytesRead: z.number().int(),
  totalBytes: z.number().int(),
  percent: z.number().int().min(0).max(100).describe('How much of the file has been read'),
});

const RowError = z.object({
  line: z.number().int().describe('The line of the file the row starts on'),
  column: z.string().optional().describe('The column header, when one cell is at fault'),
  field: z.string().optional(),
  message: z.string(),
});

export const Import = z
  .object({
    id: z.string(),
    kind: ImportKind,
    status: ImportStatus,
    mode: ImportMode.nullable().describe('The mode of the current or last run; null before the first run'),
    file: z.object({ name: z.string(), sizeBytes: z.number().int(), sha256: z.string() }),
    mapping: z.record(z.string(), z.string().nullable()).nullable().describe('The mapping of the current or last run'),
    options: RunImportOptions.nullable(),
    progress: Counts.nullable().describe('Counts of the current or last run, updated while it runs'),
    report: z
      .object({
        summary: z.string().describe('One sentence saying what happened'),
        errors: z.array(RowError).describe('The problems of skipped rows in file order, at most 1,000'),
        errorCount: z.number().int().describe('How many problems there were in all'),
        headers: z.array(z.string()),
        delimiter: z.string(),
        encoding: z.string(),
      })
      .nullable()
      .describe('Set when a run ends (also when it was cancelled, with the rows counted so far)'),
    failure: z.string().nullable().describe('Why the run stopped as a whole, when it failed'),
    cancelRequested: z.boolean().describe('A cancel was asked for; the run stops after the batch in hand'),
    rejectedRowsUrl: z.string().nullable().describe('GET it for the skipped rows as CSV (an error column first), when any were skipped'),
    createdBy: z.object({ id: z.string(), name: z.string() }).nullable(),
    startedBy: z.object({ id: z.string(), name: z.string() }).nullable().describe('Who started the current or last run; its writes are audited as theirs'),
    createdAt: isoTime,
    queuedAt: isoTime.nullable(),
    startedAt: isoTime.nullable(),
    finishedAt: isoTime.nullable(),
    updatedAt: isoTime,
  })
  .meta({ id: 'Import' });
export type Import = z.infer<typeof Import>;
export const ImportPage = pageOf(Import);

export const ImportQuery = z.strictObject({
  kind: ImportKind.optional(),
  status: ImportStatus.optional(),
  ...pageQuery,
});
export type ImportQuery = z.infer<typeof ImportQuery>;

export const ImportPreview = z
  .object({
    headers: z.array(z.string()).describe('Column names as read (blank ones named Column 3, repeated ones Notes (2))'),
    delimiter: z.enum(csvDelimiters),
    encoding: z.string().describe('ascii, utf-8, utf-16le, utf-16be or windows-1252; ascii when the rows read held nothing else'),
    sampleRows: z.array(z.object({ line: z.number().int(), cells: z.array(z.string()), error: z.string().optional() })).describe('The first 20 rows'),
    suggestedMapping: z.record(z.string(), z.string().nullable()).describe('Column header → field key (null: not imported)'),
    matches: z.array(z.object({ header: z.string(), field: z.string(), kind: z.enum(['name', 'alias', 'words', 'similar']) })).describe('How each suggested column was matched; ask the user to confirm similar ones'),
    unmappedHeaders: z.array(z.string()),
    missingRequired: z.array(z.string()).describe('Keys of required fields no column feeds'),
    fields: z.array(importFieldSchema).describe('The fields columns can be mapped to'),
  })
  .meta({ id: 'ImportPreview' });
export type ImportPreview = z.infer<typeof ImportPreview>;

export const ImportWithPreview = Import.extend({ preview: ImportPreview }).meta({ id: 'ImportWithPreview' });
export type ImportWithPreview = z.infer<typeof ImportWithPreview>;

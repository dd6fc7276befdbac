/**
 * The options of a CSV import: how to read dates and numbers, which delimiter to use when the
 * detected one is wrong, and the limits that keep a hostile or mistaken file from eating the server.
 */
import { z } from 'zod';

export const csvDelimiters = [',', ';', '\t'] as const;
/** A delimiter Steward reads: comma, semicolon or tab. */
export type CsvDelimiter = (typeof csvDelimiters)[number];

export const dateFormats = ['iso', 'dmy', 'mdy'] as const;
/** How dates other than ISO 8601 are read: never guessed, always chosen. */
export type DateFormat = (typeof dateFormats)[number];

/** Import options as a request sends them; every field has a default. */
export const importOptionsSchema = z.object({
  delimiter: z.enum(csvDelimiters).optional().describe('Column delimiter; detected from the header row when absent'),
  dateFormat: z
    .enum(dateFormats)
    .default('iso')
    .describe('iso: only 2026-01-31; dmy: also 31/01/2026; mdy: also 01/31/2026'),
  decimalSeparator: z.enum(['.', ',']).default('.').describe('The decimal mark of numbers in the file'),
  batchSize: z.number().int().min(1).max(5000).default(500),
  maxBytes: z.number().int().positive().default(50 * 1024 * 1024),
  maxRows: z.number().int().positive().default(100_000),
  maxColumns: z.number().int().positive().default(200),
  maxFieldLength: z.number().int().positive().default(10_000),
  maxReportedErrors: z.number().int().min(0).default(1000),
});

/** Import options as given by a caller (all optional). */
export type ImportOptionsInput = z.input<typeof importOptionsSchema>;
/** Import options with every default filled in. */
export type ImportOptions = z.output<typeof importOptionsSchema>;

/** Fills in the defaults and checks the values; throws a ZodError on nonsense. */
export function importOptions(input: ImportOptionsInput = {}): ImportOptions {
  return importOptionsSchema.parse(input);
}

/** "50 MB" for a limit message. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KB`;
  return `${bytes} bytes`;
}

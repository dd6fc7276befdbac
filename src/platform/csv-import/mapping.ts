/**
 * Checks a column mapping a person edited: every column named exists in the file, every field
 * exists in the target, no field is fed by two columns, and every required field is fed. All
 * problems are reported at once, each under `mapping.<column>` or `mapping` for a missing field.
 */
import { z } from 'zod';
import { type FieldError, invalid } from '../errors/catalogue.ts';
import type { ColumnMapping } from './auto-map.ts';
import type { ImportField } from './fields.ts';

/** A mapping as a request sends it: `{ "Serial No.": "serialNumber", "Comment": null }`. */
export const columnMappingSchema = z.record(z.string(), z.string().nullable());

/** A mapping resolved against the file: which column index feeds which field. */
export interface ColumnPlan {
  index: number;
  header: string;
  field: ImportField;
}

/**
 * Validates an edited mapping against the file's headers and the target's fields and returns it
 * complete (columns left out of it are not imported); throws a VALIDATION_FAILED naming each problem.
 */
export function validateMapping(headers: readonly string[], fields: readonly ImportField[], mapping: ColumnMapping): ColumnMapping {
  const errors: FieldError[] = [];
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const headerSet = new Set(headers);
  const fedBy = new Map<string, string>();
  for (const [header, key] of Object.entries(mapping)) {
    if (!headerSet.has(header)) errors.push({ field: `mapping.${header}`, message: 'the file has no such column' });
    if (key === null) continue;
    if (!byKey.has(key)) {
      errors.push({ field: `mapping.${header}`, message: `there is no field "${key}"; choose one of ${fields.map((f) => f.key).join(', ')}` });
      continue;
    }
    const earlier = fedBy.get(key);
    if (earlier !== undefined) {
      errors.push({ field: `mapping.${header}`, message: `the field ${byKey.get(key)!.label} (${key}) is already fed by the column "${earlier}"` });
      continue;
    }
    fedBy.set(key, header);
  }
  for (const field of fields) {
    if (field.required && !fedBy.has(field.key)) {
      errors.push({ field: 'mapping', message: `the required field ${field.label} (${field.key}) has no column` });
    }
  }
  if (errors.length > 0) throw invalid(errors, `The column mapping is not valid: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
  return Object.fromEntries(headers.map((h) => [h, Object.hasOwn(mapping, h) ? mapping[h] : null]));
}

/** The mapped columns in file order, each with its field. */
export function columnPlan(headers: readonly string[], fields: readonly ImportField[], mapping: ColumnMapping): ColumnPlan[] {
  const byKey = new Map(fields.map((f) => [f.key, f]));
  return headers.flatMap((header, index) => {
    const key = Object.hasOwn(mapping, header) ? mapping[header] : null;
    const field = key === null ? undefined : byKey.get(key);
    return field ? [{ index, header, field }] : [];
  });
}

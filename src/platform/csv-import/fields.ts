/**
 * What an import target accepts: its fields, each with a type the importer converts cells to. The
 * descriptor is a zod schema, so a target's fields can be checked once and sent to the web app for
 * the column-mapping screen as they are.
 */
import { z } from 'zod';

export const importFieldTypes = ['text', 'number', 'integer', 'date', 'boolean', 'choice', 'email', 'reference'] as const;
/** How a field's cells are read; `reference` is kept as text and resolved by the target. */
export type ImportFieldType = (typeof importFieldTypes)[number];

/** One field of an import target. */
export const importFieldSchema = z
  .object({
    key: z.string().regex(/^[a-z][A-Za-z0-9_]*$/, 'must be a camelCase key'),
    label: z.string().min(1),
    aliases: z.array(z.string().min(1)).optional().describe('Other column names that mean this field'),
    type: z.enum(importFieldTypes),
    required: z.boolean().optional(),
    maxLength: z.number().int().positive().optional().describe('text, email, reference: most characters'),
    choices: z.array(z.string().min(1)).min(1).optional().describe('choice: the canonical values'),
    money: z.boolean().optional().describe('number: strip currency symbols and codes such as € or EUR'),
    min: z.number().optional(),
    max: z.number().optional(),
  })
  .refine((f) => f.type !== 'choice' || f.choices !== undefined, { message: 'a choice field needs choices', path: ['choices'] });

/** One field of an import target. */
export type ImportField = z.infer<typeof importFieldSchema>;

/** A converted cell: text, dates (`2026-01-31`), choices and references are strings. */
export type ImportValue = string | number | boolean;

/** Checks a target's field list: valid descriptors with unique keys. */
export function defineImportFields(fields: ImportField[]): ImportField[] {
  const parsed = z.array(importFieldSchema).parse(fields);
  const keys = new Set<string>();
  for (const field of parsed) {
    if (keys.has(field.key)) throw new Error(`Import field ${field.key} is declared twice`);
    keys.add(field.key);
  }
  return parsed;
}

/**
 * Converts one cell to its field's type: trimmed text, numbers and dates in the formats the import
 * chose, yes/no booleans, choices matched case-insensitively to their canonical value. An empty cell
 * is null, or a problem when the field is required. Converters are built once per column.
 */
import { normaliseName } from './auto-map.ts';
import type { ImportField, ImportValue } from './fields.ts';
import type { ImportOptions } from './options.ts';
import { dateReader } from './parse-date.ts';
import { numberReader } from './parse-number.ts';

/** A converted cell, or what is wrong with it. */
export type CellResult = ImportValue | null | { problem: string };
/** Converts the raw text of one cell. */
export type CellConverter = (raw: string) => CellResult;

type FormatOptions = Pick<ImportOptions, 'dateFormat' | 'decimalSeparator'>;

const booleans: Record<string, boolean> = { yes: true, y: true, true: true, 1: true, no: false, n: false, false: false, 0: false };
const email = /^[^\s@"<>,;]+@[^\s@"<>,;]+\.[^\s@"<>,;]+$/;
const defaultLength: Partial<Record<ImportField['type'], number>> = { email: 254, reference: 200 };

/** A cell quoted in a message: short, so a pasted essay does not flood the report. */
export function quoteCell(text: string): string {
  return text.length > 40 ? `"${text.slice(0, 37)}…"` : `"${text}"`;
}

function lengthCheck(field: ImportField): (text: string) => CellResult {
  const max = field.maxLength ?? defaultLength[field.type];
  if (max === undefined) return (text) => text;
  return (text) => (text.length > max && [...text].length > max ? { problem: `is ${[...text].length} characters long; at most ${max} are allowed` } : text);
}

function numberConverter(field: ImportField, options: FormatOptions): (text: string) => CellResult {
  const read = numberReader(options.decimalSeparator, field.money === true);
  const example = options.decimalSeparator === '.' ? '1,234.56' : '1.234,56';
  return (text) => {
    const value = read(text);
    if (value === undefined) return { problem: `${quoteCell(text)} is not a number written like ${field.type === 'integer' ? example.slice(0, 5) : example}` };
    if (field.type === 'integer' && !Number.isSafeInteger(value)) return { problem: `${quoteCell(text)} is not a whole number` };
    if (field.min !== undefined && value < field.min) return { problem: `must be at least ${field.min}` };
    if (field.max !== undefined && value > field.max) return { problem: `must be at most ${field.max}` };
    return value;
  };
}

function choiceConverter(choices: string[]): (text: string) => CellResult {
  const exact = new Map<string, string>();
  const loose = new Map<string, string | null>();
  for (const choice of choices) {
    if (!exact.has(choice.toLowerCase())) exact.set(choice.toLowerCase(), choice);
    const key = normaliseName(choice);
    loose.set(key, loose.has(key) && loose.get(key) !== choice ? null : choice);
  }
  const listed = choices.length > 12 ? `${choices.slice(0, 12).join(', ')}, …` : choices.join(', ');
  return (text) => exact.get(text.toLowerCase()) ?? loose.get(normaliseName(text)) ?? { problem: `${quoteCell(text)} is not one of ${listed}` };
}

function typedConverter(field: ImportField, options: FormatOptions): (text: string) => CellResult {
  switch (field.type) {
    case 'text': {
      const length = lengthCheck(field);
      return (text) => length(text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text);
    }
    case 'reference':
      return lengthCheck(field);
    case 'email': {
      const length = lengthCheck(field);
      return (text) => (email.test(text) ? length(text) : { problem: `${quoteCell(text)} is not an e-mail address` });
    }
    case 'number':
    case 'integer':
      return numberConverter(field, options);
    case 'date':
      return dateReader(options.dateFormat);
    case 'boolean':
      return (text) => booleans[text.toLowerCase()] ?? { problem: `${quoteCell(text)} is not yes/no, true/false, y/n or 1/0` };
    case 'choice':
      return choiceConverter(field.choices ?? []);
  }
}

/** Builds the converter of one field; the text it gets is already trimmed and unescaped. */
export function cellConverter(field: ImportField, options: FormatOptions): CellConverter {
  const typed = typedConverter(field, options);
  const required = field.required === true;
  return (raw) => {
    if (raw === '') return required ? { problem: 'is required' } : null;
    return typed(raw);
  };
}

/**
 * Typed attributes of configuration items: the definitions a class declares (text, number, date,
 * boolean, choice, a person or another CI) and the check of a CI's values against them. Pure: every
 * problem is reported at once as `attributes.<key>`; person and CI references are returned for the
 * caller to check against the organisation.
 */
import type { FieldError } from '../../platform/errors/catalogue.ts';

export const attributeTypes = ['text', 'number', 'date', 'boolean', 'choice', 'person', 'ci'] as const;
export type AttributeType = (typeof attributeTypes)[number];

/** One attribute a class declares; stored in `ci_classes.attributes`. */
export interface AttributeDefinition {
  key: string;
  label: string;
  type: AttributeType;
  required: boolean;
  help?: string;
  /** choice: the allowed values. */
  choices?: string[];
  /** number: bounds. */
  min?: number;
  max?: number;
  /** number: whole numbers only. */
  integer?: boolean;
  /** text: most characters, and a regular expression the whole value must match. */
  maxLength?: number;
  pattern?: string;
  /** ci: the referenced item must be of this class key (or one below it). */
  ciClass?: string;
  /** Declared by Steward for a built-in class: fixed, not editable by admins. */
  builtin?: boolean;
}

/** A stored attribute value: text, dates, choices and references are strings. */
export type AttributeValue = string | number | boolean;
export type AttributeValues = Record<string, AttributeValue>;

/** Attribute keys as they appear in `attributes.<key>` and `attr.<key>` filters: camelCase. */
export const attributeKeyPattern = /^[a-z][A-Za-z0-9_]{0,39}$/;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ciKeyPattern = /^CI-[1-9][0-9]{0,15}$/i;
/** Text values are bounded even without a maxLength (patterns are run on them). */
export const defaultTextLength = 2000;

function isRealDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export interface CheckedAttributes {
  /** The values normalised (trimmed text, lower-case ids); absent and cleared values are left out. */
  values: AttributeValues;
  errors: FieldError[];
  /** Values naming a person (user id), to be checked as people of the organisation. */
  people: { key: string; id: string }[];
  /** Values naming a configuration item (id or CI key), to be resolved and checked. */
  cis: { key: string; ref: string; ciClass?: string }[];
}

/** Checks one value against its definition; the normalised value, or the problem. */
export function checkValue(def: AttributeDefinition, raw: unknown): { value: AttributeValue } | { problem: string } {
  switch (def.type) {
    case 'text': {
      if (typeof raw !== 'string') return { problem: 'must be text' };
      const text = raw.trim();
      const maxLength = def.maxLength ?? defaultTextLength;
      if ([...text].length > maxLength) return { problem: `must be at most ${maxLength} characters` };
      if (def.pattern !== undefined && !new RegExp(`^(?:${def.pattern})$`, 'u').test(text)) return { problem: `must match the pattern ${def.pattern}` };
      return { value: text };
    }
    case 'number': {
      if (typeof raw !== 'number' || !Number.isFinite(raw)) return { problem: 'must be a number' };
      if (def.integer && !Number.isInteger(raw)) return { problem: 'must be a whole number' };
      if (def.min !== undefined && raw < def.min) return { problem: `must be at least ${def.min}` };
      if (def.max !== undefined && raw > def.max) return { problem: `must be at most ${def.max}` };
      return { value: raw === 0 ? 0 : raw };
    }
    case 'date':
      return typeof raw === 'string' && isRealDate(raw) ? { value: raw } : { problem: 'must be a date YYYY-MM-DD' };
    case 'boolean':
      return typeof raw === 'boolean' ? { value: raw } : { problem: 'must be true or false' };
    case 'choice':
      return typeof raw === 'string' && def.choices?.includes(raw) ? { value: raw } : { problem: `must be one of: ${def.choices?.join(', ')}` };
    case 'person':
      return typeof raw === 'string' && uuidPattern.test(raw) ? { value: raw.toLowerCase() } : { problem: 'must be the id of a person' };
    case 'ci':
      if (typeof raw === 'string' && uuidPattern.test(raw)) return { value: raw.toLowerCase() };
      return typeof raw === 'string' && ciKeyPattern.test(raw.trim()) ? { value: raw.trim().toUpperCase() } : { problem: 'must be the id or key of a configuration item' };
  }
}

/**
 * Checks a CI's attribute values against its class's definitions. `values` is the complete set the
 * item will have; `null` or empty text counts as absent. Unknown keys, wrong types and missing
 * required attributes are all reported, each naming `attributes.<key>`.
 */
export function checkAttributes(definitions: readonly AttributeDefinition[], values: Record<string, unknown>, className: string): CheckedAttributes {
  const out: CheckedAttributes = { values: {}, errors: [], people: [], cis: [] };
  const byKey = new Map(definitions.map((d) => [d.key, d]));
  for (const key of Object.keys(values)) {
    if (!byKey.has(key)) out.errors.push({ field: `attributes.${key}`, message: `is not an attribute of the class ${className}` });
  }
  for (const def of definitions) {
    const raw = values[def.key];
    const field = `attributes.${def.key}`;
    if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
      if (def.required) out.errors.push({ field, message: 'is required' });
      continue;
    }
    const checked = checkValue(def, raw);
    if ('problem' in checked) {
      out.errors.push({ field, message: checked.problem });
      continue;
    }
    out.values[def.key] = checked.value;
    if (def.type === 'person') out.people.push({ key: def.key, id: checked.value as string });
    if (def.type === 'ci') out.cis.push({ key: def.key, ref: checked.value as string, ...(def.ciClass ? { ciClass: def.ciClass } : {}) });
  }
  return out;
}

/**
 * Checks a class's own definitions for sense beyond their shape: keys unique (also against the
 * inherited ones), bounds in order, patterns that compile, choices only for choice attributes.
 * `path` prefixes each field (`customAttributes`).
 */
export function checkDefinitions(definitions: readonly AttributeDefinition[], inherited: ReadonlySet<string>, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  definitions.forEach((d, i) => {
    const at = (field: string, message: string) => errors.push({ field: `${path}.${i}${field ? `.${field}` : ''}`, message });
    if (seen.has(d.key)) at('key', 'is used by another attribute of this class');
    else if (inherited.has(d.key)) at('key', 'is already an attribute of a parent class');
    seen.add(d.key);
    if (d.type === 'choice' && !d.choices?.length) at('choices', 'are required for a choice');
    if (d.type !== 'choice' && d.choices) at('choices', 'apply only to a choice');
    if (d.choices && new Set(d.choices).size !== d.choices.length) at('choices', 'must not repeat a value');
    if (d.type !== 'number' && (d.min !== undefined || d.max !== undefined || d.integer !== undefined)) at('min', 'min, max and integer apply only to a number');
    if (d.min !== undefined && d.max !== undefined && d.min > d.max) at('max', 'is below min');
    if (d.type !== 'text' && (d.maxLength !== undefined || d.pattern !== undefined)) at('pattern', 'pattern and maxLength apply only to text');
    if (d.pattern !== undefined) {
      try {
        new RegExp(d.pattern, 'u');
      } catch {
        at('pattern', 'must be a valid regular expression');
      }
    }
    if (d.type !== 'ci' && d.ciClass !== undefined) at('ciClass', 'applies only to a ci attribute');
  });
  return errors;
}

/** A query-string value of an `attr.<key>` filter as the stored JSON value it must equal. */
export function filterValue(def: AttributeDefinition, text: string): { value: AttributeValue } | { problem: string } {
  if (def.type === 'number') {
    const n = text.trim() === '' ? Number.NaN : Number(text);
    return Number.isFinite(n) ? { value: n } : { problem: 'must be a number' };
  }
  if (def.type === 'boolean') return text === 'true' || text === 'false' ? { value: text === 'true' } : { problem: 'must be true or false' };
  if (def.type === 'text') return { value: text.trim() };
  return checkValue(def, text);
}

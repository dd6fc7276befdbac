/**
 * Checking the answers to a catalogue item's form: every problem is reported at once, each naming
 * `values.<key>`. Pure; person and configuration-item answers are returned for the caller to check
 * against the organisation.
 */
import type { FieldError } from '../../../platform/errors/catalogue.ts';
import type { FormField } from '../schema.ts';

export interface CheckedAnswers {
  /** Answers normalised (trimmed text, numbers as numbers); absent optional fields are left out. */
  values: Record<string, string | number>;
  errors: FieldError[];
  /** Fields answered with a person id, to be checked as people of the organisation. */
  people: { key: string; id: string }[];
  /** Fields answered with a configuration item (id or key such as CI-42), to be checked against the field's rules. */
  cis: { key: string; ref: string }[];
}

/** Text answers are bounded even without a maxLength (patterns are run on them). */
const defaultMaxLength = 10_000;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isRealDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export function checkAnswers(form: readonly FormField[], answers: Record<string, unknown>): CheckedAnswers {
  const out: CheckedAnswers = { values: {}, errors: [], people: [], cis: [] };
  const fail = (key: string, message: string) => out.errors.push({ field: `values.${key}`, message });
  const known = new Set(form.map((f) => f.key));
  for (const key of Object.keys(answers)) if (!known.has(key)) fail(key, 'is not a field of this form');
  for (const field of form) {
    const raw = answers[field.key];
    const empty = raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
    if (empty) {
      if (field.required) fail(field.key, 'is required');
      continue;
    }
    switch (field.type) {
      case 'text': {
        if (typeof raw !== 'string') {
          fail(field.key, 'must be text');
          break;
        }
        const text = raw.trim();
        const maxLength = field.maxLength ?? defaultMaxLength;
        if (text.length > maxLength) fail(field.key, `must be at most ${maxLength} characters`);
        else if (field.pattern !== undefined && !new RegExp(`^(?:${field.pattern})$`, 'u').test(text)) fail(field.key, 'is not in the expected format');
        else out.values[field.key] = text;
        break;
      }
      case 'number': {
        const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
        if (!Number.isFinite(n)) fail(field.key, 'must be a number');
        else if (field.min !== undefined && n < field.min) fail(field.key, `must be at least ${field.min}`);
        else if (field.max !== undefined && n > field.max) fail(field.key, `must be at most ${field.max}`);
        else out.values[field.key] = n;
        break;
      }
      case 'choice':
        if (typeof raw !== 'string' || !field.options?.includes(raw)) fail(field.key, `must be one of: ${field.options?.join(', ')}`);
        else out.values[field.key] = raw;
        break;
      case 'date':
        if (typeof raw !== 'string' || !isRealDate(raw)) fail(field.key, 'must be a date YYYY-MM-DD');
        else out.values[field.key] = raw;
        break;
      case 'person':
        if (typeof raw !== 'string' || !uuidPattern.test(raw)) fail(field.key, 'must be the id of a person');
        else {
          out.values[field.key] = raw.toLowerCase();
          out.people.push({ key: field.key, id: raw.toLowerCase() });
        }
        break;
      case 'ci':
        if (typeof raw !== 'string' || !(uuidPattern.test(raw.trim()) || /^CI-\d{1,12}$/i.test(raw.trim()))) fail(field.key, 'must be the id or key (CI-42) of a configuration item');
        else out.cis.push({ key: field.key, ref: raw.trim() });
        break;
    }
  }
  return out;
}

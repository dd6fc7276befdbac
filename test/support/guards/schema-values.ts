/**
 * Values from JSON Schemas: fast-check arbitraries of valid values (respecting type, enum, format,
 * lengths, ranges, pattern and required), and a small conformance check the invalid-input generator
 * uses to be sure a mutation really breaks the schema.
 */
import fc from 'fast-check';
import type { JsonSchema } from './openapi-routes.ts';

/** Text people really type or attackers really send; valid free text must be stored byte for byte. */
export const awkwardTexts = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' OR 1=1 --",
  "'; DROP TABLE users; --",
  'Robert"); DROP TABLE teams;--',
  'שלום עולם مرحبا',
  '\u202Eevil.exe\u202C',
  'zero\u200Bwidth\u200Djoiner\uFEFF',
  '👩‍💻🎉🏳️‍🌈',
  'e\u0301 n\u0303 A\u030A Z\u0351\u0352\u0353',
  '%s %n {{7*7}} ${7*7} \\u0000',
  '  padded on both sides  ',
  'tab\tnew\nline',
];

export interface ValueHints {
  /** Real ids to offer for a field, by field name (roleId → ids of real roles); random uuids are mixed in. */
  ids?: Record<string, readonly string[]>;
  /** The version of the record the request targets, offered for a `version` field. */
  version?: number;
  /** "Now" for date-times: most generated times are near it, on both sides. */
  now?: Date;
  /** Optional fields never generated: opaque tokens no generator can make valid (default `cursor`). */
  omit?: readonly string[];
}

const typesOf = (s: JsonSchema): string[] | undefined => (s.type === undefined ? undefined : [s.type].flat());
const isFreeText = (s: JsonSchema) => !s.enum && s.const === undefined && !s.format && !s.pattern;

/** True when the string schema is plain text (no enum, format or pattern): where awkward text belongs. */
export function isFreeTextSchema(s: JsonSchema): boolean {
  return (typesOf(s)?.includes('string') ?? false) && isFreeText(s);
}

function textArbitrary(s: JsonSchema): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  // Lengths count code points, in JSON Schema and in zod alike.
  const max = s.maxLength ?? 500;
  const cap = Math.min(max, 60);
  return fc
    .oneof(
      { weight: 3, arbitrary: fc.string({ unit: 'grapheme', minLength: Math.min(min, cap), maxLength: cap }) },
      { weight: 2, arbitrary: fc.constantFrom(...awkwardTexts) },
      { weight: 2, arbitrary: fc.tuple(fc.string({ unit: 'grapheme-ascii', maxLength: 12 }), fc.constantFrom(...awkwardTexts)).map(([a, b]) => a + b) },
    )
    .map((v) => v.replaceAll('\u0000', ''))
    .filter((v) => [...v].length <= max && [...v.trim()].length >= min);
}

// Addresses every mail system accepts (fast-check's RFC 5322 ones include forms Steward rightly refuses).
const emailArbitrary = fc
  .tuple(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_+-]{0,15}$/), fc.stringMatching(/^[a-z0-9]{1,12}$/), fc.constantFrom('test', 'example', 'org'))
  .map(([local, domain, tld]) => `${local}@${domain}.${tld}`);

const strongPassword = fc.stringMatching(/^[A-Za-z0-9]{14,20}$/).map((p) => `${p}-Aa9!`);

function stringArbitrary(s: JsonSchema, field: string, hints: ValueHints): fc.Arbitrary<string> {
  const ids = hints.ids?.[field];
  if (s.format === 'uuid') return ids?.length ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...ids) }, { weight: 1, arbitrary: fc.uuid() }) : fc.uuid();
  if (s.format === 'date-time') {
    const now = (hints.now ?? new Date()).getTime();
    return fc
      .date({ min: new Date(now - 365 * 86_400_000), max: new Date(now + 5 * 365 * 86_400_000), noInvalidDate: true })
      .map((d) => d.toISOString());
  }
  if (s.pattern) return fc.stringMatching(new RegExp(s.pattern)).filter((v) => v.length >= (s.minLength ?? 0) && v.length <= (s.maxLength ?? Infinity));
  if (/email/i.test(field) || s.format === 'email') return emailArbitrary.filter((v) => v.length <= (s.maxLength ?? 254));
  if (/password/i.test(field)) return fc.oneof(strongPassword, textArbitrary(s));
  return textArbitrary(s);
}

function numberArbitrary(s: JsonSchema, integer: boolean, field: string, hints: ValueHints): fc.Arbitrary<number> {
  const min = Math.max(s.minimum ?? -1e6, s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -Infinity, Number.MIN_SAFE_INTEGER);
  const max = Math.min(s.maximum ?? 1e6, s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : Infinity, Number.MAX_SAFE_INTEGER);
  const any = integer ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) }) : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
  if (field === 'version' && hints.version !== undefined) return fc.oneof({ weight: 4, arbitrary: fc.constant(hints.version) }, { weight: 1, arbitrary: any });
  return any;
}

/** An arbitrary of values valid for `s`; `field` is the property name (for hints such as ids and e-mails). */
export function validValue(s: JsonSchema, hints: ValueHints = {}, field = ''): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const branches = s.anyOf ?? s.oneOf;
  if (branches) return fc.oneof(...branches.map((b) => validValue(b, hints, field)));
  const types = typesOf(s) ?? ['string'];
  if (types.length > 1) return fc.oneof(...types.map((type) => validValue({ ...s, type }, hints, field)));
  switch (types[0]) {
    case 'string':
      return stringArbitrary(s, field, hints);
    case 'integer':
    case 'number':
      return numberArbitrary(s, types[0] === 'integer', field, hints);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = s.items ?? {};
      const constraints = { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 5, 8) };
      // Lists of choices (scopes, permissions) are sets in every Steward contract: no repeats.
      return items.enum ? fc.uniqueArray(fc.constantFrom(...items.enum), constraints) : fc.array(validValue(items, hints, field), constraints);
    }
    case 'object': {
      const omit = hints.omit ?? ['cursor'];
      const props = Object.fromEntries(Object.entries(s.properties ?? {}).filter(([k]) => !omit.includes(k) || s.required?.includes(k)));
      const model = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, validValue(v, hints, k)]));
      return fc.record(model, { requiredKeys: (s.required ?? []).filter((k) => k in props) });
    }
    default:
      throw new Error(`validValue: unsupported schema type ${String(types[0])}`);
  }
}

/** Query strings carry text: numbers and booleans are sent as their decimal or `true`/`false` form. */
export function asQueryValue(value: unknown): string | string[] {
  if (Array.isArray(value)) return value.map((v) => String(v));
  return String(value);
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const dateTimePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function isType(type: string, v: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof v === 'string';
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'null':
      return v === null;
    case 'array':
      return Array.isArray(v);
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v);
    default:
      return true;
  }
}

/** Whether `v` satisfies `s` (the subset of JSON Schema Steward uses). `query`: numbers arrive as text. */
export function conforms(s: JsonSchema, v: unknown, query = false): boolean {
  const types = typesOf(s);
  if (query && typeof v === 'string' && types?.some((t) => t === 'integer' || t === 'number')) return conforms(s, Number(v));
  if (s.anyOf) return s.anyOf.some((b) => conforms(b, v, query));
  if (s.oneOf) return s.oneOf.filter((b) => conforms(b, v, query)).length === 1;
  if (s.allOf && !s.allOf.every((b) => conforms(b, v, query))) return false;
  if (s.const !== undefined) return JSON.stringify(s.const) === JSON.stringify(v);
  if (s.enum) return s.enum.some((e) => JSON.stringify(e) === JSON.stringify(v));
  if (types && !types.some((t) => isType(t, v))) return false;
  if (typeof v === 'string') {
    const length = [...v].length;
    if (length < (s.minLength ?? 0) || length > (s.maxLength ?? Infinity)) return false;
    if (s.pattern && !new RegExp(s.pattern, 'u').test(v)) return false;
    if (s.format === 'uuid' && !uuidPattern.test(v)) return false;
    if (s.format === 'date-time' && (!dateTimePattern.test(v) || Number.isNaN(Date.parse(v)))) return false;
  }
  if (typeof v === 'number') {
    if (v < (s.minimum ?? -Infinity) || v > (s.maximum ?? Infinity)) return false;
    if (s.exclusiveMinimum !== undefined && v <= s.exclusiveMinimum) return false;
    if (s.exclusiveMaximum !== undefined && v >= s.exclusiveMaximum) return false;
  }
  if (Array.isArray(v)) {
    if (v.length < (s.minItems ?? 0) || v.length > (s.maxItems ?? Infinity)) return false;
    if (s.items && !v.every((item) => conforms(s.items!, item, query))) return false;
  }
  if (isType('object', v) && (s.properties || s.required)) {
    const obj = v as Record<string, unknown>;
    if ((s.required ?? []).some((k) => !Object.hasOwn(obj, k))) return false;
    for (const [k, value] of Object.entries(obj)) {
      const prop = s.properties?.[k];
      if (prop && !conforms(prop, value, query)) return false;
      if (!prop && s.additionalProperties === false) return false;
    }
  }
  return true;
}

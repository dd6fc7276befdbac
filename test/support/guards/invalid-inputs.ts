/**
 * Invalid inputs derived from a route's JSON Schema: every place in a body or query where a value
 * can be wrong (type, missing, unknown key, too long, too many, too deep, out of range, bad format)
 * plus text Steward refuses although JSON Schema allows it (NUL, lone surrogates). Each mutation is
 * checked against the schema, so a "bad" value is never accidentally valid.
 */
import type { JsonSchema } from './openapi-routes.ts';
import { conforms, isFreeTextSchema } from './schema-values.ts';

export type FieldPath = (string | number)[];

export interface Mutation {
  kind: string;
  /** Where the mutation applies; [] is the whole body or query. */
  path: FieldPath;
  /** Replace the value at `path` with this. */
  value?: unknown;
  /** Delete the value at `path` (a missing required field). */
  remove?: boolean;
  /** Add this unknown key to the object at `path`. */
  extraKey?: string;
}

/** Nested arrays or objects `depth` levels deep. */
export function deeplyNested(depth: number, kind: 'array' | 'object'): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = kind === 'array' ? [value] : { d: value };
  return value;
}

const injection = ["' OR 1=1 --", "'; DROP TABLE users; --", '<script>alert(1)</script>', '../../etc/passwd'];
const unknownKeys = ['unexpectedField', 'isAdmin', 'constructor', '__proto__', "' OR 1=1 --", '<script>x</script>'];
const typeSwaps: unknown[] = [42, 1.5, true, 'text', null, {}, [], ['text'], { nested: 'x' }];

function stringCandidates(s: JsonSchema): [string, unknown][] {
  const max = s.maxLength;
  return [
    ['empty string', ''],
    ...(max !== undefined
      ? ([
          ['one past maxLength', 'x'.repeat(max + 1)],
          ['emoji past maxLength', '😀'.repeat(max + 1)],
        ] as [string, unknown][])
      : []),
    ['100k characters', 'x'.repeat(100_000)],
    ...injection.map((v): [string, unknown] => ['injection text in a constrained field', v]),
    ['not a uuid', 'not-a-uuid'],
    ['impossible date-time', '2024-13-45T25:61:00Z'],
    ['NaN as text', 'NaN'],
  ];
}

function numberCandidates(s: JsonSchema): [string, unknown][] {
  const out: [string, unknown][] = [
    ['1e308', 1e308],
    ['-1e308', -1e308],
    ['-0', -0],
    ['-0 as text', '-0'],
    ['non-integer', (s.minimum ?? 0) + 0.5],
    ['NaN as text', 'NaN'],
    ['Infinity as text', 'Infinity'],
    ['number as text', '1'],
  ];
  if (s.minimum !== undefined) out.push(['minimum - 1', s.minimum - 1]);
  if (s.maximum !== undefined) out.push(['maximum + 1', s.maximum + 1]);
  return out;
}

function arrayCandidates(s: JsonSchema): [string, unknown][] {
  const item = s.items?.enum?.[0] ?? 'text';
  const out: [string, unknown][] = [
    ['10k-element array', Array.from({ length: 10_000 }, () => item)],
    ['array with a wrong-typed item', [item, 42, { x: 1 }]],
  ];
  if (s.maxItems !== undefined) out.push(['maxItems + 1', Array.from({ length: s.maxItems + 1 }, (_, i) => s.items?.enum?.[i % s.items.enum.length] ?? `item${i}`)]);
  if (s.minItems) out.push(['fewer than minItems', []]);
  return out;
}

const asQuery = (v: unknown): unknown => (typeof v === 'number' ? String(v) : v);

function valueMutations(s: JsonSchema, path: FieldPath, query: boolean): Mutation[] {
  const types = s.type === undefined ? [] : [s.type].flat();
  const candidates: [string, unknown][] = [
    ...typeSwaps.map((v): [string, unknown] => ['wrong type', v]),
    ['1000 levels of nesting', deeplyNested(1000, 'array')],
    ['1000 levels of nested objects', deeplyNested(1000, 'object')],
    ...stringCandidates(s),
    ...(types.some((t) => t === 'integer' || t === 'number') || s.minimum !== undefined ? numberCandidates(s) : []),
    ...(types.includes('array') ? arrayCandidates(s) : []),
  ];
  const out: Mutation[] = [];
  for (const [kind, raw] of candidates) {
    const value = query ? asQuery(raw) : raw;
    // A query string carries text, or a repeated key (two or more values).
    if (query && typeof value !== 'string' && !(Array.isArray(value) && value.every((v) => typeof v === 'string'))) continue;
    if (query && Array.isArray(value) && (value.length > 100 || value.length < 2)) continue;
    if (!conforms(s, value, query)) out.push({ kind, path, value });
  }
  if (isFreeTextSchema(s)) {
    // Valid JSON Schema strings, but text PostgreSQL cannot store faithfully: Steward must refuse them.
    out.push({ kind: 'NUL character', path, value: 'before\u0000after' });
    if (!query) {
      out.push({ kind: 'lone surrogate', path, value: 'lone \uD800 high' });
      out.push({ kind: 'lone surrogate', path, value: '\uDC00 lone low' });
    }
  }
  if (query && types.includes('string')) out.push({ kind: 'repeated parameter', path, value: ['a', 'b'] });
  return out;
}

/** Every mutation site of a body or query schema, grouped by kind. */
export function mutationSites(schema: JsonSchema, location: 'body' | 'query'): Mutation[] {
  const query = location === 'query';
  const sites: Mutation[] = [];
  if (!query) {
    for (const v of [[], 'text', 42, null, true, deeplyNested(1000, 'array')]) {
      if (!conforms(schema, v)) sites.push({ kind: Array.isArray(v) && v.length ? '1000 levels of nesting' : 'wrong body type', path: [], value: v });
    }
  }
  const walk = (s: JsonSchema, path: FieldPath, depth: number) => {
    if (s.additionalProperties === false) for (const key of unknownKeys) sites.push({ kind: 'unknown key', path, extraKey: key });
    for (const [key, prop] of Object.entries(s.properties ?? {})) {
      const here = [...path, key];
      if (s.required?.includes(key)) sites.push({ kind: 'missing required', path: here, remove: true });
      sites.push(...valueMutations(prop, here, query));
      if (depth < 3 && prop.properties) walk(prop, here, depth + 1);
      if (depth < 3 && prop.items && !query) sites.push(...valueMutations(prop.items, [...here, 0], false).map((m) => ({ ...m, kind: `item: ${m.kind}` })));
    }
  };
  walk(schema, [], 0);
  return sites;
}

function setAt(root: unknown, path: FieldPath, apply: (parent: Record<string | number, unknown>, key: string | number) => void): unknown {
  if (path.length === 0) throw new Error('setAt needs a path');
  let node = root as Record<string | number, unknown>;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    const nextIsIndex = typeof path[i + 1] === 'number';
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = nextIsIndex ? [] : {};
    node = node[key] as Record<string | number, unknown>;
  }
  apply(node, path.at(-1)!);
  return root;
}

/** The base value with the mutation applied (the base is not modified). */
export function applyMutation(base: unknown, m: Mutation): unknown {
  if (m.path.length === 0 && m.extraKey === undefined) return m.value;
  const copy = structuredClone(base ?? {}) as Record<string, unknown>;
  if (m.extraKey !== undefined) {
    const target = (m.path.length ? m.path.reduce<any>((n, k) => (n[k] ??= {}), copy) : copy) as Record<string, unknown>;
    // defineProperty, so that even `__proto__` becomes an own key JSON.stringify sends.
    Object.defineProperty(target, m.extraKey, { value: 'extra', enumerable: true, writable: true, configurable: true });
    return copy;
  }
  return setAt(copy, m.path, (parent, key) => {
    if (m.remove) delete parent[key];
    else parent[key] = m.value;
  });
}

/** The dotted field a mutation breaks, as Steward names fields in `errors[].field` (`permissions.0`). */
export function mutatedField(m: Mutation): string {
  return [...m.path, ...(m.extraKey !== undefined ? [m.extraKey] : [])].map(String).join('.');
}

/** True when some problem+json error names the mutated field, a prefix of it, or a part of it. */
export function errorsNameField(errors: { field?: string; message?: string }[], m: Mutation): boolean {
  const target = mutatedField(m);
  const parent = m.path.map(String).join('.');
  return errors.some((e) => {
    const field = ['body', 'query'].includes(e.field ?? '') ? '' : (e.field ?? '');
    if (m.extraKey !== undefined) return field === target || (field === parent && (e.message ?? '').includes(m.extraKey));
    if (target === '') return true;
    if (field === '') return false;
    return field === target || target.startsWith(`${field}.`) || field.startsWith(`${target}.`);
  });
}

/**
 * Suggests which column of a file feeds which field: by name with case, spacing, punctuation and
 * accents ignored ("Serial No." is serialNumber), by the field's aliases, by the same words in
 * another order ("Date of purchase"), and by a near spelling ("Purchse date"). Each column feeds at
 * most one field and each field takes at most one column; the best matches are placed first.
 */
import type { ImportField } from './fields.ts';

/** Header → field key, or null for a column that is not imported. */
export type ColumnMapping = Record<string, string | null>;

/** How a column was matched, so the mapping screen can ask the user to confirm the looser ones. */
export type MatchKind = 'name' | 'alias' | 'words' | 'similar';

/** A suggested mapping with what it could not place. */
export interface AutoMapResult {
  mapping: ColumnMapping;
  matches: { header: string; field: string; kind: MatchKind }[];
  unmappedHeaders: string[];
  /** Keys of required fields no column feeds. */
  missingRequired: string[];
}

const synonyms: Record<string, string> = { no: 'number', nr: 'number', nbr: 'number', num: 'number', qty: 'quantity', desc: 'description' };
const fillers = new Set(['of', 'the', 'a']);

/** The words of a name: accents dropped, camelCase and punctuation split, lower-cased, common abbreviations spelled out. */
export function nameWords(name: string): string[] {
  const words = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/ß/g, 'ss')
    .replace(/#/g, ' number ')
    .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '')
    .map((w) => synonyms[w] ?? w);
  const kept = words.filter((w) => !fillers.has(w));
  return kept.length > 0 ? kept : words;
}

/** A name reduced for comparison: "Serial No." and "serial_number" both become `serialnumber`. */
export function normaliseName(name: string): string {
  return nameWords(name).join('');
}

/** Edits (insert, delete, replace, swap two neighbours) from a to b, counted up to limit + 1. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j], rows[i - 2][j - 2] + 1);
    }
    rows.push(row);
  }
  return rows[a.length][b.length];
}

/** Typos allowed for a name of this length: none for short names, where one letter changes the word. */
function tolerance(length: number): number {
  if (length >= 10) return 2;
  if (length >= 5) return 1;
  return 0;
}

interface Candidate {
  header: string;
  field: string;
  kind: MatchKind;
  score: number;
}

function bestMatch(header: string, field: ImportField): Candidate | undefined {
  const words = nameWords(header);
  const joined = words.join('');
  const sorted = [...words].sort().join(' ');
  const names = [
    { kind: 'name' as const, words: nameWords(field.key) },
    { kind: 'name' as const, words: nameWords(field.label) },
    ...(field.aliases ?? []).map((alias) => ({ kind: 'alias' as const, words: nameWords(alias) })),
  ];
  let best: Candidate | undefined;
  const offer = (kind: MatchKind, score: number) => {
    if (!best || score > best.score) best = { header, field: field.key, kind, score };
  };
  for (const name of names) {
    const other = name.words.join('');
    if (other === joined) offer(name.kind, name.kind === 'name' ? 5 : 4);
    else if ([...name.words].sort().join(' ') === sorted) offer('words', 3);
    else {
      const limit = tolerance(Math.min(other.length, joined.length));
      const distance = limit > 0 ? editDistance(joined, other, limit) : limit + 1;
      if (distance <= limit) offer('similar', 2 - distance / (limit + 1));
    }
  }
  return best;
}

/** Suggests a mapping of a file's headers to a target's fields. */
export function autoMap(headers: readonly string[], fields: readonly ImportField[]): AutoMapResult {
  const candidates: Candidate[] = [];
  for (const header of headers) {
    const found = fields.map((f) => bestMatch(header, f)).filter((c): c is Candidate => c !== undefined);
    const top = Math.max(...found.map((c) => c.score));
    const best = found.filter((c) => c.score === top);
    if (best.length === 1 || (best.length > 0 && best[0].kind !== 'similar')) candidates.push(...found);
  }
  candidates.sort((a, b) => b.score - a.score || headers.indexOf(a.header) - headers.indexOf(b.header));
  const mapping: ColumnMapping = Object.fromEntries(headers.map((h) => [h, null]));
  const taken = new Set<string>();
  const matches: AutoMapResult['matches'] = [];
  for (const c of candidates) {
    if (mapping[c.header] !== null || taken.has(c.field)) continue;
    mapping[c.header] = c.field;
    taken.add(c.field);
    matches.push({ header: c.header, field: c.field, kind: c.kind });
  }
  return {
    mapping,
    matches: matches.sort((a, b) => headers.indexOf(a.header) - headers.indexOf(b.header)),
    unmappedHeaders: headers.filter((h) => mapping[h] === null),
    missingRequired: fields.filter((f) => f.required && !taken.has(f.key)).map((f) => f.key),
  };
}

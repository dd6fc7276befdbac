/** Cursor pagination shared by every list endpoint: `limit` ≤ 200, opaque `cursor`, `{items,nextCursor}`. */
import { and, asc, desc, gt, lt, or, eq, type SQL, type AnyColumn } from 'drizzle-orm';
import { z } from 'zod';
import { AppError } from '../errors/catalogue.ts';

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Page size, 1–200 (default 50)'),
  cursor: z.string().max(1000).optional().describe('Opaque cursor from the previous page\'s `nextCursor`'),
};

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().describe('Pass as `cursor` to get the next page; null on the last page'),
  });
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

type CursorKey = [string | number | null, string];

function encodeCursor(key: CursorKey, sort: string): string {
  return Buffer.from(JSON.stringify({ s: sort, k: key })).toString('base64url');
}

/** The sort key inside a cursor of this list and sort; BAD_CURSOR otherwise. */
export function decodeCursor(cursor: string, sort: string): CursorKey {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { s: unknown; k: unknown };
    const key = parsed.k;
    if (
      parsed.s === sort &&
      Array.isArray(key) &&
      key.length === 2 &&
      typeof key[1] === 'string' &&
      /^[0-9a-f-]{36}$/.test(key[1]) &&
      (key[0] === null || typeof key[0] === 'string' || typeof key[0] === 'number')
    ) {
      return key as CursorKey;
    }
  } catch {
    // fall through
  }
  throw new AppError('BAD_CURSOR', 'The cursor is not valid for this list and sort order', [{ field: 'cursor', message: 'is not a cursor from this list' }]);
}

export interface KeysetOptions {
  /** The column (or expression) sorted on; ties are broken by `idColumn`. */
  sortColumn: AnyColumn | SQL;
  idColumn: AnyColumn;
  descending: boolean;
  /** Name of the sort, embedded in the cursor so a cursor cannot be replayed under another sort. */
  sortName: string;
  cursor: string | undefined;
}

/** Where-clause and order-by for one keyset page. Fetch `limit + 1` rows and pass them to `finishPage`. */
export function keyset(opts: KeysetOptions): { where: SQL | undefined; orderBy: SQL[] } {
  const dir = opts.descending ? desc : asc;
  const orderBy = [dir(opts.sortColumn), dir(opts.idColumn)];
  if (!opts.cursor) return { where: undefined, orderBy };
  const [value, id] = decodeCursor(opts.cursor, opts.sortName);
  const cmp = opts.descending ? lt : gt;
  const column = opts.sortColumn as SQL;
  const where = or(cmp(column, value), and(eq(column, value), cmp(opts.idColumn, id)));
  return { where, orderBy };
}

/** Trims the extra row and builds the next cursor from the last item's sort key. */
export function finishPage<Row, Item>(
  rows: Row[],
  limit: number,
  sortName: string,
  keyOf: (row: Row) => CursorKey,
  present: (row: Row) => Item,
): Page<Item> {
  const more = rows.length > limit;
  const pageRows = more ? rows.slice(0, limit) : rows;
  const last = pageRows.at(-1);
  return {
    items: pageRows.map(present),
    nextCursor: more && last ? encodeCursor(keyOf(last), sortName) : null,
  };
}

/** Parses `sort=name` / `sort=-name` against the allowed names. */
export function parseSort<T extends string>(sort: string | undefined, allowed: readonly T[], fallback: T): { name: T; descending: boolean } {
  const raw = sort ?? fallback;
  const descending = raw.startsWith('-');
  const name = (descending ? raw.slice(1) : raw) as T;
  if (!allowed.includes(name)) {
    throw new AppError('VALIDATION_FAILED', `sort must be one of ${allowed.join(', ')} (prefix - for descending)`, [
      { field: 'sort', message: `must be one of ${allowed.join(', ')}` },
    ]);
  }
  return { name, descending };
}

/** Escapes LIKE wildcards in user search text. */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

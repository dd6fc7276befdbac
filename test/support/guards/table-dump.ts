/** A dump of every application table, to prove that refused requests changed nothing. */
import type { Database } from '../../../src/db/client.ts';

/** Table name → its rows as JSON, ordered by primary key (whole row when there is none). */
export async function dumpTables(database: Database): Promise<Record<string, string>> {
  const tables = await database.query<{ name: string; pk: string | null }>(`
    SELECT c.relname AS name,
      (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY array_position(i.indkey::int2[], a.attnum))
         FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
        WHERE i.indrelid = c.oid AND i.indisprimary) AS pk
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname NOT LIKE '%drizzle_migrations%'
     ORDER BY c.relname`);
  if (tables.length < 5) throw new Error(`dumpTables found only ${tables.length} tables in the public schema`);
  const dump: Record<string, string> = {};
  for (const { name, pk } of tables) {
    const ident = `"${name.replaceAll('"', '""')}"`;
    const [row] = await database.query<{ rows: string }>(`SELECT coalesce(json_agg(t ORDER BY ${pk ?? 't::text'})::text, '[]') AS rows FROM public.${ident} t`);
    dump[name] = row!.rows;
  }
  return dump;
}

/** The tables whose contents differ between two dumps, with a short excerpt of each. */
export function dumpDifferences(before: Record<string, string>, after: Record<string, string>): string[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return names
    .filter((n) => before[n] !== after[n])
    .map((n) => {
      const a = before[n] ?? '';
      const b = after[n] ?? '';
      let i = 0;
      while (i < a.length && a[i] === b[i]) i++;
      return `${n} changed near: before …${a.slice(Math.max(0, i - 80), i + 120)}… after …${b.slice(Math.max(0, i - 80), i + 120)}…`;
    });
}

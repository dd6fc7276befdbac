/** Reading imports: by id in the caller's organisation, presented field by field, and the newest-first list. */
import { and, eq, inArray } from 'drizzle-orm';
import { iso } from '../../db/columns.ts';
import { users } from '../../platform/auth/schema.ts';
import { can, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors/catalogue.ts';
import { finishPage, keyset, type Page } from '../../platform/http/pagination.ts';
import { inOrg } from '../../platform/tenancy/scope.ts';
import type { Import, ImportQuery, RunImportOptions } from './contract.ts';
import { importKindSpecs } from './import-kinds.ts';
import { importKinds, imports, type ImportKind } from './schema.ts';

export type ImportRow = typeof imports.$inferSelect;

/** The kinds whose imports the caller may see. */
function readableKinds(ctx: Ctx): ImportKind[] {
  return importKinds.filter((k) => can(ctx.actor, importKindSpecs[k].read));
}

/** The import by id, if the caller may see its kind; IMPORT_NOT_FOUND otherwise. */
export async function findImportRow(ctx: Ctx, id: string, forUpdate = false): Promise<ImportRow> {
  const query = ctx.db.select().from(imports).where(inOrg(ctx, imports, eq(imports.id, id)));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row || !can(ctx.actor, importKindSpecs[row.kind].read)) throw new AppError('IMPORT_NOT_FOUND', `No import ${id} in this organisation`);
  return row;
}

/** Imports as the API shows them, people's names resolved in one query. */
export async function presentImports(ctx: Ctx, rows: ImportRow[]): Promise<Import[]> {
  const ids = [...new Set(rows.flatMap((r) => [r.createdBy, r.startedBy]).filter((id): id is string => id !== null))];
  const people = ids.length ? await ctx.db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids)) : [];
  const byId = new Map(people.map((p) => [p.id, p]));
  const person = (id: string | null) => (id ? (byId.get(id) ?? { id, name: '(removed)' }) : null);
  return rows.map((r) => {
    const p = r.progress;
    return {
      id: r.id,
      kind: r.kind,
      status: r.status,
      mode: r.mode,
      file: { name: r.fileName, sizeBytes: r.fileSize, sha256: r.fileSha256 },
      mapping: r.mapping,
      options: (r.options as RunImportOptions | null) ?? null,
      progress: p ? { ...p, percent: p.totalBytes > 0 ? Math.min(100, Math.floor((p.bytesRead / p.totalBytes) * 100)) : 0 } : null,
      report: r.report ? { summary: r.report.summary, errors: r.report.errors, errorCount: r.report.errorCount, headers: r.report.headers, delimiter: r.report.delimiter, encoding: r.report.encoding } : null,
      failure: r.failure,
      cancelRequested: r.cancelRequested,
      rejectedRowsUrl: r.rejectedSha256 ? `/api/v1/imports/${r.id}/rejected.csv` : null,
      createdBy: person(r.createdBy),
      startedBy: person(r.startedBy),
      createdAt: iso(r.createdAt)!,
      queuedAt: iso(r.queuedAt),
      startedAt: iso(r.startedAt),
      finishedAt: iso(r.finishedAt),
      updatedAt: iso(r.updatedAt)!,
    };
  });
}

/** One import with its progress and report. */
export async function getImport(ctx: Ctx, id: string): Promise<Import> {
  return (await presentImports(ctx, [await findImportRow(ctx, id)]))[0]!;
}

/** The organisation's imports of the kinds the caller may see, newest first. */
export async function findImports(ctx: Ctx, query: ImportQuery): Promise<Page<Import>> {
  const kinds = readableKinds(ctx).filter((k) => !query.kind || k === query.kind);
  if (kinds.length === 0) throw new AppError('FORBIDDEN', `Requires the ${importKindSpecs[query.kind ?? 'configuration_items'].read} permission`);
  const page = keyset({ sortColumn: imports.createdAt, idColumn: imports.id, descending: true, sortName: 'newest', cursor: query.cursor });
  const rows = await ctx.db
    .select()
    .from(imports)
    .where(inOrg(ctx, imports, and(inArray(imports.kind, kinds), query.status ? eq(imports.status, query.status) : undefined, page.where)))
    .orderBy(...page.orderBy)
    .limit(query.limit + 1);
  const presented = await presentImports(ctx, rows.slice(0, query.limit));
  const byId = new Map(presented.map((i) => [i.id, i]));
  return finishPage(rows, query.limit, 'newest', (r) => [new Date(r.createdAt).toISOString(), r.id], (r) => byId.get(r.id)!);
}


/**
 * CSV imports as people drive them: upload a file (stored, previewed, mapping suggested), start a
 * run (mapping and options checked at once, then queued as a background job), cancel it, and fetch
 * the rejected rows. The run itself is import-job.ts.
 */
import { createReadStream, type ReadStream } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { fileTypeFromBuffer } from 'file-type';
import type { Config } from '../../config.ts';
import { previewCsv } from '../../platform/csv-import/preview-csv.ts';
import { validateMapping } from '../../platform/csv-import/mapping.ts';
import { importOptions, type CsvDelimiter } from '../../platform/csv-import/options.ts';
import { actorUserId, inTransaction, requirePermission, type Ctx } from '../../platform/context.ts';
import { AppError, invalid } from '../../platform/errors/catalogue.ts';
import { BlobStore, type TempBlob } from '../../platform/files/blob-store.ts';
import { cleanFileName } from '../../platform/files/upload-policy.ts';
import { insertIn, updateIn } from '../../platform/tenancy/scope.ts';
import type { Import, ImportPreview, ImportWithPreview, RunImportBody, UploadImportFields } from './contract.ts';
import { importKindSpecs } from './import-kinds.ts';
import { findImportRow, presentImports, type ImportRow } from './import-query.ts';
import { imports } from './schema.ts';

/** The largest file an import takes (the import core's own limit). */
export const maxImportBytes = importOptions().maxBytes;

/** Where uploaded import files and rejected-rows files live: `<data dir>/imports`. */
export function importBlobStore(config: Pick<Config, 'dataDir'>): BlobStore {
  return new BlobStore(path.join(config.dataDir, 'imports'));
}

/** Reads the head of a stored (or still temporary) file and suggests a mapping for the kind. */
async function preview(ctx: Ctx, kind: ImportRow['kind'], file: string, delimiter?: CsvDelimiter): Promise<ImportPreview> {
  const fields = await importKindSpecs[kind].fields(ctx);
  const p = await previewCsv(createReadStream(file), fields, delimiter ? { delimiter } : {});
  return {
    headers: p.headers,
    delimiter: p.delimiter,
    encoding: p.encoding,
    sampleRows: p.sample,
    suggestedMapping: p.suggestion.mapping,
    matches: p.suggestion.matches,
    unmappedHeaders: p.suggestion.unmappedHeaders,
    missingRequired: p.suggestion.missingRequired,
    fields,
  };
}

/**
 * Stores an uploaded file as a new import and answers its preview. A file that is not CSV text
 * (a spreadsheet, an archive) or cannot be read as CSV is refused, and nothing is kept.
 */
export async function createImport(ctx: Ctx, store: BlobStore, upload: { fileName?: string; blob: TempBlob }, fields: UploadImportFields): Promise<ImportWithPreview> {
  try {
    requirePermission(ctx, importKindSpecs[fields.kind].write);
    const sniffed = await fileTypeFromBuffer(upload.blob.head).catch(() => undefined);
    if (sniffed) {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', `The file is ${sniffed.mime} (.${sniffed.ext}), not CSV text; save it as CSV (UTF-8) and upload that`, [
        { field: 'file', message: 'must be a CSV file' },
      ]);
    }
    if (upload.blob.size === 0) throw invalid([{ field: 'file', message: 'is empty; it needs a header row naming the columns' }]);
    const shown = await preview(ctx, fields.kind, upload.blob.tmpPath, fields.delimiter);
    await store.commit(upload.blob);
    const now = ctx.clock.now().toISOString();
    const [row] = await insertIn(ctx, imports, {
      kind: fields.kind,
      fileName: cleanFileName(upload.fileName),
      fileSha256: upload.blob.sha256,
      fileSize: upload.blob.size,
      options: fields.delimiter ? { delimiter: fields.delimiter } : null,
      createdBy: actorUserId(ctx.actor),
      createdAt: now,
      updatedAt: now,
    });
    const [presented] = await presentImports(ctx, [row!]);
    return { ...presented!, preview: shown };
  } finally {
    await store.discard(upload.blob);
  }
}

/** The preview of an import's file again (for the mapping screen after a reload). */
export async function previewImport(ctx: Ctx, store: BlobStore, id: string): Promise<ImportPreview> {
  const row = await findImportRow(ctx, id);
  return preview(ctx, row.kind, store.pathOf(row.fileSha256), (row.options as { delimiter?: CsvDelimiter } | null)?.delimiter);
}

/**
 * Starts a run: the mapping is checked against the file's columns now (every problem at once), the
 * import is queued, and the caller becomes the person the writes are audited as. An import already
 * queued or running answers 409. `send` hands the run to the job queue once it is committed.
 */
export async function startImportRun(ctx: Ctx, store: BlobStore, id: string, input: RunImportBody, send: (id: string) => Promise<boolean>): Promise<Import> {
  const row = await findImportRow(ctx, id);
  requirePermission(ctx, importKindSpecs[row.kind].write);
  const options = { ...((row.options as RunImportBody['options']) ?? {}), ...input.options };
  const shown = await preview(ctx, row.kind, store.pathOf(row.fileSha256), options.delimiter);
  const mapping = validateMapping(shown.headers, shown.fields, input.mapping ?? row.mapping ?? shown.suggestedMapping);
  const queued = await inTransaction(ctx, async (tx) => {
    const locked = await findImportRow(tx, id, true);
    if (locked.status === 'queued' || locked.status === 'running') throw new AppError('IMPORT_BUSY', `The import is ${locked.status}; wait for it to end or cancel it first`);
    const now = tx.clock.now().toISOString();
    const [updated] = await updateIn(
      tx,
      imports,
      {
        status: 'queued',
        mode: input.mode,
        mapping,
        options,
        progress: null,
        report: null,
        failure: null,
        rejectedSha256: null,
        rejectedSize: null,
        cancelRequested: false,
        startedBy: actorUserId(tx.actor),
        queuedAt: now,
        startedAt: null,
        heartbeatAt: null,
        finishedAt: null,
        updatedAt: now,
      },
      eq(imports.id, id),
    );
    return updated!;
  });
  await send(queued.id);
  return (await presentImports(ctx, [queued]))[0]!;
}

/** Cancels a queued run at once, or asks a running one to stop after the batch in hand. */
export async function cancelImport(ctx: Ctx, id: string): Promise<Import> {
  return inTransaction(ctx, async (tx) => {
    const row = await findImportRow(tx, id, true);
    requirePermission(tx, importKindSpecs[row.kind].write);
    const now = tx.clock.now().toISOString();
    let next: ImportRow;
    if (row.status === 'queued') {
      [next] = (await updateIn(tx, imports, { status: 'cancelled', finishedAt: now, updatedAt: now, failure: 'Cancelled before it started; nothing was written' }, eq(imports.id, id))) as [ImportRow];
    } else if (row.status === 'running') {
      [next] = (await updateIn(tx, imports, { cancelRequested: true, updatedAt: now }, eq(imports.id, id))) as [ImportRow];
    } else throw new AppError('IMPORT_IDLE', `The import is ${row.status}, not queued or running; there is nothing to cancel`);
    return (await presentImports(tx, [next]))[0]!;
  });
}

/** The rejected rows of the last run as a CSV stream, with a file name for the download. */
export async function openRejectedRows(ctx: Ctx, store: BlobStore, id: string): Promise<{ fileName: string; size: number; stream: ReadStream }> {
  const row = await findImportRow(ctx, id);
  if (!row.rejectedSha256) throw new AppError('NOT_FOUND', 'The last run of this import skipped no rows (or it has not run)');
  const base = row.fileName.replace(/\.(csv|txt|tsv)$/i, '');
  return { fileName: `${base}-rejected.csv`, size: row.rejectedSize ?? 0, stream: store.open(row.rejectedSha256) };
}

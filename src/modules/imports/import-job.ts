/**
 * The background run of an import: claims the queued import, acts as the person who started it
 * (their permission checked again, their name on every audit row), drives the import core over the
 * stored file, writes progress into the import every so often (which is also where it notices a
 * cancel), and stores the report and the rejected rows when it ends. A sweep fails runs whose
 * worker went silent and queues again runs whose job was lost.
 */
import { and, eq, lt } from 'drizzle-orm';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { actingPerson } from '../../platform/auth/principal.ts';
import type { ImportProgress, ImportReport } from '../../platform/csv-import/import-report.ts';
import type { ImportOptionsInput } from '../../platform/csv-import/options.ts';
import { runImport } from '../../platform/csv-import/run-import.ts';
import { can, type Clock, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors/catalogue.ts';
import type { BlobStore } from '../../platform/files/blob-store.ts';
import type { JobSender } from '../../platform/jobs/job-queue.ts';
import type { PeriodicTask, QueuedTask } from '../../platform/jobs/runtime.ts';
import { importKindSpecs } from './import-kinds.ts';
import { importBlobStore } from './import-service.ts';
import { imports, type ImportProgressCounts, type StoredImportReport } from './schema.ts';

/** The queue import runs go through. */
export const importQueue = 'import-run';
/** A running import silent this long is taken for dead. */
const staleAfterMs = 5 * 60_000;
/** A queued import waiting this long without starting gets its job sent again (a duplicate job does nothing). */
const requeueAfterMs = 2 * 60_000;
/** Progress is written at most this often. */
const progressEveryMs = 250;

type Row = typeof imports.$inferSelect;

class CancelledByUser extends Error {}

const counts = (p: ImportProgress | ImportReport['counts'], bytes: { read: number; total: number }): ImportProgressCounts => ({
  rowsRead: p.rowsRead,
  valid: p.valid,
  invalid: p.invalid,
  created: p.created,
  updated: p.updated,
  unchanged: p.unchanged,
  bytesRead: bytes.read,
  totalBytes: bytes.total,
});

async function finish(db: Db, id: string, set: Partial<typeof imports.$inferInsert>): Promise<void> {
  await db.update(imports).set(set).where(eq(imports.id, id));
}

/** The acting person's context, or why the run may not go ahead. */
async function actorContext(db: Db, clock: Clock, row: Row): Promise<Ctx | string> {
  const actor = row.startedBy ? await actingPerson(db, row.startedBy, row.orgId) : undefined;
  if (!actor) return 'The person who started the import is no longer an active member of the organisation';
  const needed = importKindSpecs[row.kind].write;
  if (!can(actor, needed)) return `${actor.name} no longer holds the ${needed} permission`;
  return { db, actor, orgId: row.orgId, requestId: `import-${row.id}`, clock };
}

/** Runs one queued import to its end; does nothing when it is no longer queued (cancelled, or a duplicate job). */
export async function executeImport(db: Db, clock: Clock, store: BlobStore, id: string, signal?: AbortSignal): Promise<void> {
  const started = clock.now().toISOString();
  const [row] = await db
    .update(imports)
    .set({ status: 'running', startedAt: started, heartbeatAt: started, updatedAt: started })
    .where(and(eq(imports.id, id), eq(imports.status, 'queued')))
    .returning();
  if (!row) return;
  const ctx = await actorContext(db, clock, row);
  const end = (status: Row['status'], set: Partial<typeof imports.$inferInsert>) => finish(db, id, { status, finishedAt: clock.now().toISOString(), updatedAt: clock.now().toISOString(), ...set });
  if (typeof ctx === 'string') return end('failed', { failure: `${ctx}; nothing was written` });

  const stop = new AbortController();
  const onJobAbort = () => stop.abort(new Error('the job ran longer than allowed'));
  signal?.addEventListener('abort', onJobAbort, { once: true });
  let last: ImportProgressCounts | undefined;
  let writtenAt = 0;
  const onProgress = async (p: ImportProgress) => {
    last = counts(p, { read: p.bytesRead, total: p.totalBytes ?? row.fileSize });
    if (Date.now() - writtenAt < progressEveryMs) return;
    writtenAt = Date.now();
    const now = clock.now().toISOString();
    const [state] = await db.update(imports).set({ progress: last, heartbeatAt: now, updatedAt: now }).where(eq(imports.id, id)).returning({ cancel: imports.cancelRequested });
    if (state?.cancel) stop.abort(new CancelledByUser('cancelled'));
  };
  try {
    const target = await importKindSpecs[row.kind].open(ctx, (row.options ?? {}) as ImportOptionsInput);
    const report = await runImport({
      source: store.open(row.fileSha256),
      target,
      mapping: row.mapping ?? undefined,
      options: (row.options ?? {}) as ImportOptionsInput,
      mode: row.mode === 'apply' ? 'apply' : 'dry-run',
      totalBytes: row.fileSize,
      onProgress,
      signal: stop.signal,
    });
    let rejected: { sha256: string; size: number } | undefined;
    if (report.rejectedCsv !== null) {
      const blob = await store.write(Buffer.from(report.rejectedCsv, 'utf8'), Number.MAX_SAFE_INTEGER);
      await store.commit(blob);
      rejected = { sha256: blob.sha256, size: blob.size };
    }
    const stored: StoredImportReport = {
      summary: report.summary,
      headers: report.headers,
      mapping: report.mapping,
      delimiter: report.delimiter,
      encoding: report.encoding,
      errors: report.errors,
      errorCount: report.errorCount,
    };
    await end('succeeded', {
      progress: counts(report.counts, { read: row.fileSize, total: row.fileSize }),
      report: stored,
      rejectedSha256: rejected?.sha256 ?? null,
      rejectedSize: rejected?.size ?? null,
    });
  } catch (err) {
    const reason = stop.signal.aborted ? stop.signal.reason : err;
    const sofar = last ? ` after ${last.rowsRead.toLocaleString('en')} rows` : '';
    const kept = row.mode === 'apply' && last && last.created + last.updated > 0 ? `; the ${(last.created + last.updated).toLocaleString('en')} rows written stay written — import the file again to finish` : '; nothing was written';
    if (reason instanceof CancelledByUser) return end('cancelled', { progress: last ?? null, failure: `Cancelled${sofar}${kept}` });
    if (err instanceof AppError) return end('failed', { progress: last ?? null, failure: `${err.message}${kept}` });
    await end('failed', { progress: last ?? null, failure: `The run stopped${sofar}: ${reason instanceof Error ? reason.message : 'unexpected error'} (request id import-${id})${kept}` });
    if (!(reason instanceof Error && stop.signal.aborted)) throw err;
  } finally {
    signal?.removeEventListener('abort', onJobAbort);
  }
}

/** Fails runs whose worker went silent and sends the job of long-queued runs again. */
export async function sweepImports(db: Db, clock: Clock, send: JobSender | undefined): Promise<{ failed: number; requeued: number }> {
  const now = clock.now();
  const failed = await db
    .update(imports)
    .set({
      status: 'failed',
      finishedAt: now.toISOString(),
      updatedAt: now.toISOString(),
      failure: 'The worker running the import stopped (a restart or a crash); rows written before stay written — import the file again to finish',
    })
    .where(and(eq(imports.status, 'running'), lt(imports.heartbeatAt, new Date(now.getTime() - staleAfterMs).toISOString())))
    .returning({ id: imports.id });
  const waiting = await db
    .select({ id: imports.id })
    .from(imports)
    .where(and(eq(imports.status, 'queued'), lt(imports.queuedAt, new Date(now.getTime() - requeueAfterMs).toISOString())));
  for (const w of waiting) await send?.send(importQueue, { importId: w.id });
  return { failed: failed.length, requeued: send ? waiting.length : 0 };
}

/** The import queue's worker and its sweep, with the installation's blob store. */
export function importTasks(config: Pick<Config, 'dataDir'>, sender: () => JobSender | undefined): { queued: QueuedTask[]; periodic: PeriodicTask[] } {
  const store = importBlobStore(config);
  return {
    queued: [
      {
        name: importQueue,
        expireInSeconds: 4 * 3600,
        concurrency: 2,
        run: async (db, clock, data, signal) => {
          if (typeof data.importId === 'string') await executeImport(db, clock, store, data.importId, signal);
        },
      },
    ],
    periodic: [{ name: 'import-sweep', everyMs: 60_000, run: (db, clock) => sweepImports(db, clock, sender()) }],
  };
}

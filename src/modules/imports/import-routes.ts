/**
 * HTTP routes of CSV imports: upload (multipart, one part named `file` plus the `kind` field) with
 * the preview, the preview again, start a run, progress and report, the list, the rejected rows as
 * CSV, and cancel.
 */
import fastifyMultipart from '@fastify/multipart';
import { z } from 'zod';
import { AppError, invalid } from '../../platform/errors/catalogue.ts';
import { BlobTooLarge, type TempBlob } from '../../platform/files/blob-store.ts';
import { contentDisposition } from '../../platform/files/upload-policy.ts';
import { ctxOf } from '../../platform/http/access.ts';
import { problems } from '../../platform/http/route-schema.ts';
import type { App } from '../../platform/http/types.ts';
import { Import, ImportIdParams, ImportPage, ImportPreview, ImportQuery, ImportWithPreview, RunImportBody, UploadImportFields, uploadImportDoc } from './contract.ts';
import { importQueue } from './import-job.ts';
import { findImports, getImport } from './import-query.ts';
import { cancelImport, createImport, importBlobStore, maxImportBytes, openRejectedRows, previewImport, startImportRun } from './import-service.ts';

/** A multipart or size failure as the problem the client should see. */
function uploadProblem(err: unknown): unknown {
  const code = (err as { code?: string }).code;
  if (err instanceof BlobTooLarge || code === 'FST_REQ_FILE_TOO_LARGE') {
    return new AppError('PAYLOAD_TOO_LARGE', `The file is larger than the import limit of ${maxImportBytes / (1024 * 1024)} MB; split it`, [{ field: 'file', message: `must be at most ${maxImportBytes} bytes` }]);
  }
  if (code === 'FST_FILES_LIMIT') return invalid([{ field: 'file', message: 'send one file per request' }]);
  if (typeof code === 'string' && code.startsWith('FST_')) return invalid([{ field: 'file', message: 'is not well-formed multipart/form-data' }]);
  if (err instanceof Error && /multipart|boundary|Unexpected end/i.test(err.message)) return invalid([{ field: 'file', message: 'is not well-formed multipart/form-data' }]);
  return err;
}

/** Registers the import routes. */
export function importRoutes(app: App): void {
  const store = importBlobStore(app.config);
  const tags = ['Imports'];
  const send = (id: string) => app.jobQueue.send(importQueue, { importId: id });
  void app.register(async (scopeInstance) => {
    const scope = scopeInstance as unknown as App;
    await scope.register(fastifyMultipart, { limits: { fileSize: maxImportBytes + 1, files: 1, fields: 5, fieldSize: 200, parts: 6, headerPairs: 50 } });
    scope.post('/api/v1/imports', {
      config: { access: 'cmdb:write', multipartBody: uploadImportDoc },
      schema: {
        tags,
        summary: 'Upload a CSV file to import',
        description:
          'multipart/form-data with one file part named `file` and the field `kind`. Stores the file and answers its preview: how it was read, the first rows, ' +
          'the suggested mapping of columns to fields, the columns left out and the required fields no column feeds. Nothing is imported until POST …/run. ' +
          'A spreadsheet or other non-CSV file → 415; an empty or unreadable file → 400 naming file; over 50 MB → 413.',
        response: { 201: ImportWithPreview, ...problems(413, 415) },
      },
      handler: async (req, reply) => {
        const ctx = ctxOf(scope, req);
        if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the file as multipart/form-data in a part named file', [{ field: 'file', message: 'is required, as multipart/form-data' }]);
        const fields: Record<string, string> = {};
        let upload: { fileName?: string; blob: TempBlob } | undefined;
        try {
          for await (const part of req.parts()) {
            if (part.type === 'file') {
              if (part.fieldname !== 'file' || upload) throw invalid([{ field: part.fieldname, message: 'is not expected; send the file as the one part named file' }]);
              upload = { fileName: part.filename, blob: await store.write(part.file, maxImportBytes) };
            } else fields[part.fieldname] = String(part.value);
          }
        } catch (err) {
          if (upload) await store.discard(upload.blob);
          throw uploadProblem(err);
        }
        const parsed = UploadImportFields.safeParse(fields);
        if (!upload || !parsed.success) {
          if (upload) await store.discard(upload.blob);
          const issues = parsed.success ? [] : parsed.error.issues.map((i) => ({ field: i.path.join('.') || String((i as { keys?: string[] }).keys?.[0] ?? 'kind'), message: i.message }));
          throw invalid([...(upload ? [] : [{ field: 'file', message: 'is required' }]), ...issues]);
        }
        return reply.status(201).send(await createImport(ctx, store, upload, parsed.data));
      },
    });
  });
  app.get('/api/v1/imports', {
    config: { access: 'cmdb:read' },
    schema: { tags, summary: 'Imports of the organisation, newest first', querystring: ImportQuery, response: { 200: ImportPage, ...problems() } },
    handler: (req) => findImports(ctxOf(app, req), req.query),
  });
  app.get('/api/v1/imports/:id', {
    config: { access: 'cmdb:read' },
    schema: {
      tags,
      summary: 'An import: status, progress and report',
      description: 'Poll it while the import runs: progress counts the rows read, valid, skipped, created, updated and unchanged so far.',
      params: ImportIdParams,
      response: { 200: Import, ...problems(404) },
    },
    handler: (req) => getImport(ctxOf(app, req), req.params.id),
  });
  app.get('/api/v1/imports/:id/preview', {
    config: { access: 'cmdb:read' },
    schema: { tags, summary: "The preview of an import's file again", description: 'Headers, first rows, the suggested mapping and the fields, as the upload answered them.', params: ImportIdParams, response: { 200: ImportPreview, ...problems(404) } },
    handler: (req) => previewImport(ctxOf(app, req), store, req.params.id),
  });
  app.post('/api/v1/imports/:id/run', {
    config: { access: 'cmdb:write' },
    schema: {
      tags,
      summary: 'Run an import: a dry run or the real thing',
      description:
        'Checks the mapping against the file at once (400 naming mapping.<column> for each problem), then queues the run as a background job and answers 202 with the import, status queued. ' +
        'Rows are matched to existing records (configuration items: asset tag, else serial number, else name within the class), so running the same file again changes nothing. ' +
        'An import already queued or running → 409.',
      params: ImportIdParams,
      body: RunImportBody,
      response: { 202: Import, ...problems(404, 409) },
    },
    handler: async (req, reply) => reply.status(202).send(await startImportRun(ctxOf(app, req), store, req.params.id, req.body, send)),
  });
  app.post('/api/v1/imports/:id/cancel', {
    config: { access: 'cmdb:write' },
    schema: {
      tags,
      summary: 'Cancel a queued or running import',
      description: 'A queued import is cancelled at once; a running one stops after the batch of rows in hand (rows already written stay written). Not queued or running → 409.',
      params: ImportIdParams,
      response: { 200: Import, ...problems(404, 409) },
    },
    handler: (req) => cancelImport(ctxOf(app, req), req.params.id),
  });
  app.get('/api/v1/imports/:id/rejected.csv', {
    config: { access: 'cmdb:read' },
    schema: {
      tags,
      summary: 'The rows the last run skipped, as CSV',
      description: 'The columns of the uploaded file with an error column first giving the reasons, the cells as uploaded: fix them and import this file. 404 when no row was skipped.',
      params: ImportIdParams,
      produces: ['text/csv'],
      response: { 200: z.string().describe('CSV, UTF-8 with a byte-order mark'), ...problems(404) },
    },
    handler: async (req, reply) => {
      const file = await openRejectedRows(ctxOf(app, req), store, req.params.id);
      return reply.type('text/csv; charset=utf-8').header('content-length', file.size).header('content-disposition', contentDisposition(file.fileName)).send(file.stream as unknown as string);
    },
  });
}

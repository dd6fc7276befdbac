/**
 * HTTP routes of ticket attachments: multipart upload (one part named `file`, optional fields
 * `commentId` and `visibility`), list, download with safe headers, and delete.
 */
import fastifyMultipart from '@fastify/multipart';
import path from 'node:path';
import { AppError, invalid } from '../../platform/errors/catalogue.ts';
import { BlobStore, BlobTooLarge, type TempBlob } from '../../platform/files/blob-store.ts';
import { contentDisposition } from '../../platform/files/upload-policy.ts';
import { ctxOf } from '../../platform/http/access.ts';
import { NoContent, problems } from '../../platform/http/route-schema.ts';
import type { App } from '../../platform/http/types.ts';
import type { Config } from '../../config.ts';
import { Attachment, AttachmentPage, AttachmentParams, AttachmentQuery, UploadFields, uploadBodyDoc } from './attachment-contract.ts';
import { addAttachment, deleteAttachment, listAttachments, openAttachment, requireVisibleTicket, type AttachmentStore } from './attachment-service.ts';
import { TicketIdParams } from './contract.ts';
import { z } from 'zod';

/** The attachment store of an installation: `<data dir>/attachments`, with the configured limits. */
export function attachmentStore(config: Pick<Config, 'dataDir' | 'attachments'>): AttachmentStore {
  return {
    blobs: new BlobStore(path.join(config.dataDir, 'attachments')),
    policy: {
      maxBytes: config.attachments.maxBytes,
      blockedExtensions: new Set(config.attachments.blockedExtensions),
      blockedTypes: new Set(config.attachments.blockedTypes),
    },
  };
}

/** A multipart or size failure as the problem the client should see. */
function uploadProblem(err: unknown, maxBytes: number): unknown {
  const code = (err as { code?: string }).code;
  if (err instanceof BlobTooLarge || code === 'FST_REQ_FILE_TOO_LARGE') {
    return new AppError('PAYLOAD_TOO_LARGE', `The file is larger than the limit of ${maxBytes} bytes`, [{ field: 'file', message: `must be at most ${maxBytes} bytes` }]);
  }
  if (code === 'FST_FILES_LIMIT') return invalid([{ field: 'file', message: 'send one file per request' }]);
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') return invalid([{ field: 'body', message: 'has too many parts' }]);
  if (typeof code === 'string' && code.startsWith('FST_')) return invalid([{ field: 'body', message: 'is not well-formed multipart/form-data' }]);
  if (err instanceof Error && /multipart|boundary|Unexpected end/i.test(err.message)) return invalid([{ field: 'body', message: 'is not well-formed multipart/form-data' }]);
  return err;
}

const downloadHeaders = {
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; sandbox; frame-ancestors 'none'",
  'cross-origin-resource-policy': 'same-origin',
};

export function attachmentRoutes(app: App): void {
  const store = attachmentStore(app.config);
  const tags = ['Tickets'];
  void app.register(async (scopeInstance) => {
    const scope = scopeInstance as unknown as App;
    await scope.register(fastifyMultipart, {
      limits: { fileSize: store.policy.maxBytes + 1, files: 1, fields: 10, fieldSize: 1000, parts: 12, headerPairs: 50 },
    });
    scope.post('/api/v1/tickets/:id/attachments', {
      config: { access: 'authenticated', multipartBody: uploadBodyDoc },
      schema: {
        tags,
        summary: 'Attach a file to a ticket',
        description:
          'multipart/form-data with one file part named `file` and optional fields `commentId` (a reply or note of the ticket) and `visibility` ' +
          '(`public` or `internal`; requesters add public files only). Too large → 413, an executable or script (by name, declared type or content) → 415.',
        params: TicketIdParams,
        response: { 201: Attachment, ...problems(404, 413, 415, 422) },
      },
      handler: async (req, reply) => {
        const ctx = ctxOf(scope, req);
        await requireVisibleTicket(ctx, req.params.id);
        if (!req.isMultipart()) {
          throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the file as multipart/form-data in a part named file', [{ field: 'file', message: 'is required, as multipart/form-data' }]);
        }
        const fields: Record<string, string> = {};
        let upload: { fileName?: string; declaredType?: string; blob: TempBlob } | undefined;
        try {
          for await (const part of req.parts()) {
            if (part.type === 'file') {
              if (part.fieldname !== 'file') throw invalid([{ field: part.fieldname, message: 'is not expected; send the file as the part named file' }]);
              upload = { fileName: part.filename, declaredType: part.mimetype, blob: await store.blobs.write(part.file, store.policy.maxBytes) };
            } else {
              fields[part.fieldname] = String(part.value);
            }
          }
        } catch (err) {
          if (upload) await store.blobs.discard(upload.blob);
          throw uploadProblem(err, store.policy.maxBytes);
        }
        if (!upload) throw invalid([{ field: 'file', message: 'is required' }]);
        const parsed = UploadFields.safeParse(fields);
        if (!parsed.success) {
          await store.blobs.discard(upload.blob);
          throw invalid(parsed.error.issues.map((i) => ({ field: i.path.join('.') || String((i as { keys?: string[] }).keys?.[0] ?? 'body'), message: i.message })));
        }
        return reply.status(201).send(await addAttachment(ctx, store, req.params.id, upload, parsed.data));
      },
    });
    scope.get('/api/v1/tickets/:id/attachments', {
      config: { access: 'authenticated' },
      schema: { tags, summary: "A ticket's files, oldest first", params: TicketIdParams, querystring: AttachmentQuery, response: { 200: AttachmentPage, ...problems(404) } },
      handler: (req) => listAttachments(ctxOf(scope, req), req.params.id, req.query),
    });
    scope.get('/api/v1/tickets/:id/attachments/:attachmentId', {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Download a file',
        description: 'The content, always as a download (Content-Disposition: attachment), with nosniff and a sandboxing Content-Security-Policy.',
        params: AttachmentParams,
        response: { 200: z.unknown().describe('The file content'), ...problems(404) },
      },
      handler: async (req, reply) => {
        const { attachment, stream } = await openAttachment(ctxOf(scope, req), store, req.params.id, req.params.attachmentId);
        return reply
          .headers(downloadHeaders)
          .header('content-type', attachment.contentType)
          .header('content-length', attachment.sizeBytes)
          .header('content-disposition', contentDisposition(attachment.fileName))
          .send(stream);
      },
    });
    scope.delete('/api/v1/tickets/:id/attachments/:attachmentId', {
      config: { access: 'tickets:write' },
      schema: { tags, summary: 'Remove a file from a ticket', params: AttachmentParams, response: { 204: NoContent, ...problems(404) } },
      handler: async (req, reply) => {
        await deleteAttachment(ctxOf(scope, req), store, req.params.id, req.params.attachmentId);
        return reply.status(204).send(null);
      },
    });
  });
}

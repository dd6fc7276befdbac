/** Request and response schemas of ticket attachments. */
import { z } from 'zod';
import { pageOf, pageQuery } from '../../platform/http/pagination.ts';
import { TicketSource } from './contract.ts';

export const Attachment = z
  .object({
    id: z.string(),
    ticketId: z.string(),
    commentId: z.string().nullable().describe('The reply or note the file belongs to, if any'),
    fileName: z.string(),
    contentType: z.string().describe('Recognised from the content where possible, else as declared by the sender'),
    sizeBytes: z.number().int(),
    sha256: z.string().describe('Hex SHA-256 of the content'),
    visibility: z.enum(['public', 'internal']).describe('internal files are for agents only'),
    uploadedBy: z.object({ id: z.string(), name: z.string(), email: z.string() }).nullable(),
    source: TicketSource,
    createdAt: z.string().describe('ISO 8601 time'),
    downloadUrl: z.string().describe('GET it to download the file'),
  })
  .meta({ id: 'TicketAttachment' });
export type Attachment = z.infer<typeof Attachment>;
export const AttachmentPage = pageOf(Attachment);
export const AttachmentQuery = z.strictObject({ ...pageQuery });

export const AttachmentParams = z.strictObject({
  id: z.string().trim().min(1).max(60).describe('Ticket id, or its key such as INC-42'),
  attachmentId: z.uuid('must be an id'),
});

/** The form fields sent with the file (multipart/form-data). */
export const UploadFields = z.strictObject({
  commentId: z.uuid('must be an id').optional().describe('Attach the file to this reply or note of the ticket'),
  visibility: z.enum(['public', 'internal']).optional().describe("Default public, or the comment's visibility"),
});
export type UploadFields = z.infer<typeof UploadFields>;

/** The upload as the API docs show it: the file part and the form fields. */
export const uploadBodyDoc = {
  type: 'object',
  required: ['file'],
  properties: {
    file: { type: 'string', format: 'binary', description: 'The file; one part named file' },
    ...(z.toJSONSchema(UploadFields).properties ?? {}),
  },
};

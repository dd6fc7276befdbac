/** RFC 9457 problem+json bodies built from catalogue errors. */
import { z } from 'zod';
import { errorCatalogue, type ErrorCode, type FieldError } from './catalogue.ts';

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

export type Problem = z.infer<typeof ProblemSchema>;

export function problem(code: ErrorCode, detail: string, errors: FieldError[] = [], requestId?: string): Problem {
  const entry = errorCatalogue[code];
  return {
    type: `https://steward.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`,
    title: entry.title,
    status: entry.status,
    detail,
    code,
    errors,
    ...(requestId ? { requestId } : {}),
  };
}

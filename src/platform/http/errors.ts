/** The one error boundary: every failure leaves as RFC 9457 problem+json; internals are logged, not sent. */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type ErrorCode, type FieldError } from '../errors/catalogue.ts';
import { problem } from '../errors/problem.ts';

const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_FAILED',
};

function send(reply: FastifyReply, request: FastifyRequest, code: ErrorCode, detail: string, errors: FieldError[] = []) {
  const body = problem(code, detail, errors, request.id);
  return reply.status(body.status).type('application/problem+json').send(body);
}

function fieldName(context: string | undefined, instancePath: string): string {
  const pathPart = instancePath.replace(/^\//, '').replaceAll('/', '.');
  if (context === 'body') return pathPart || 'body';
  return pathPart || (context === 'querystring' ? 'query' : (context ?? 'request'));
}

export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) return send(reply, request, error.code, error.message, error.errors);
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = (error as { validationContext?: string }).validationContext;
    const errors = error.validation.map((v) => ({ field: fieldName(context, v.instancePath), message: v.message ?? 'is invalid' }));
    const where = context === 'querystring' ? 'query string' : (context ?? 'request');
    return send(reply, request, 'VALIDATION_FAILED', `Invalid ${where}: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`, errors);
  }
  const dbProblem = databaseProblem(error);
  if (dbProblem) return send(reply, request, dbProblem.code, dbProblem.detail);
  const mapped = error.code ? fastifyCodes[error.code] : undefined;
  if (mapped) return send(reply, request, mapped, error.message);
  if (error.statusCode === 429) return send(reply, request, 'RATE_LIMITED', 'Too many requests; try again later');
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return send(reply, request, 'VALIDATION_FAILED', error.message);
  }
  request.log.error({ err: error, requestId: request.id }, 'unhandled error');
  return send(reply, request, 'INTERNAL', `Something went wrong; quote request id ${request.id} when reporting it`);
}

function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain NUL characters';
  if (!text.isWellFormed()) return 'must be well-formed Unicode (it contains a lone surrogate)';
  return undefined;
}

/**
 * Finds text PostgreSQL cannot store faithfully anywhere in a JSON body or query: NUL characters
 * (refused by PostgreSQL) and lone UTF-16 surrogates (silently turned into U+FFFD).
 */
export function findUnstorableText(value: unknown, path = ''): FieldError[] {
  if (typeof value === 'string') {
    const message = textProblem(value);
    return message ? [{ field: path || 'body', message }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => findUnstorableText(v, path ? `${path}.${i}` : String(i)));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => {
      const keyProblem = textProblem(k);
      return [...(keyProblem ? [{ field: path || 'body', message: `keys ${keyProblem}` }] : []), ...findUnstorableText(v, path ? `${path}.${k}` : k)];
    });
  }
  return [];
}

/** Constraint violations that slipped past service checks still answer as client errors, never 500. */
function databaseProblem(error: unknown): { code: ErrorCode; detail: string } | undefined {
  let e: unknown = error;
  for (let i = 0; i < 4 && e; i++) {
    const code = (e as { code?: unknown }).code;
    if (code === '23505') return { code: 'DUPLICATE', detail: 'A record with the same value already exists' };
    if (code === '23503') return { code: 'REFERENCE_CONFLICT', detail: 'The record is referenced by, or refers to, a record that does not allow this change' };
    if (code === '22001' || code === '22P02' || code === '22003' || code === '22007' || code === '22008') {
      return { code: 'VALIDATION_FAILED', detail: 'A value is out of range or has the wrong format' };
    }
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

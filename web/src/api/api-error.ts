/** The one error type API calls throw: an RFC 9457 problem, normalised even when the body was not one. */

export interface FieldProblem {
  field: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  requestId?: string;
  errors: FieldProblem[];
}

/** A failed API call; `problem` is what the server said (or a stand-in when it said nothing useful). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail || problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.code = problem.code;
    this.problem = problem;
  }
}

function isProblem(body: unknown): body is Partial<Problem> & { status: number } {
  return typeof body === 'object' && body !== null && typeof (body as { status?: unknown }).status === 'number';
}

/** Builds an ApiError from a failed response and its (already parsed) body. */
export function toApiError(response: Response, body: unknown): ApiError {
  if (isProblem(body)) {
    return new ApiError({
      type: body.type ?? 'about:blank',
      title: body.title ?? response.statusText,
      status: body.status,
      detail: body.detail ?? body.title ?? response.statusText,
      code: body.code ?? `HTTP_${response.status}`,
      requestId: body.requestId,
      errors: Array.isArray(body.errors) ? body.errors : [],
    });
  }
  const text = typeof body === 'string' ? body.slice(0, 300) : '';
  return new ApiError({
    type: 'about:blank',
    title: response.statusText || `HTTP ${response.status}`,
    status: response.status,
    detail: text || response.statusText || `HTTP ${response.status}`,
    code: `HTTP_${response.status}`,
    errors: [],
  });
}

/** True when `error` is an API error with one of the given HTTP statuses. */
export function hasStatus(error: unknown, ...statuses: number[]): error is ApiError {
  return error instanceof ApiError && statuses.includes(error.status);
}

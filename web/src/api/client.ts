/**
 * The typed API client. Every request carries the session cookie; every write carries the session's
 * CSRF token; a 401 from anything but the sign-in calls tells the app the session has ended.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';
import { toApiError } from './api-error';
import { getCsrfToken } from './csrf-token';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Calls whose 401 means "wrong credentials" or "not signed in yet", not "your session expired". */
const signInPaths = new Set(['/api/v1/auth/login', '/api/v1/auth/session', '/api/v1/auth/providers']);

let sessionEndedHandler: (() => void) | null = null;

/** Registers what to do when the server says the session is gone (the router sends the user to sign in). */
export function onSessionEnded(handler: () => void): void {
  sessionEndedHandler = handler;
}

const sessionMiddleware: Middleware = {
  onRequest({ request }) {
    const token = getCsrfToken();
    if (!safeMethods.has(request.method) && token) request.headers.set('X-CSRF-Token', token);
    return request;
  },
  onResponse({ response, schemaPath }) {
    if (response.status === 401 && !signInPaths.has(schemaPath)) sessionEndedHandler?.();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: 'include' });
api.use(sessionMiddleware);

interface Result<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Awaits an API call and returns its body, or throws an ApiError built from the problem response. */
export async function must<T>(call: Promise<Result<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw toApiError(response, error);
  return data as T;
}

/** Awaits an API call that answers without a body (204), throwing an ApiError when it failed. */
export async function mustSucceed(call: Promise<Result<unknown>>): Promise<void> {
  await must(call);
}

/** The CSRF token of the current session, sent with every cookie-authenticated write. */
let current: string | null = null;

export function setCsrfToken(token: string | null): void {
  current = token;
}

export function getCsrfToken(): string | null {
  return current;
}

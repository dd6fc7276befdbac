/**
 * The one catalogue of error codes Steward answers with. Each code has a stable HTTP status and a
 * title; domain code throws `AppError`s by code and never builds HTTP responses itself.
 */
export const errorCatalogue = {
  VALIDATION_FAILED: { status: 400, title: 'The request is not valid' },
  MALFORMED_JSON: { status: 400, title: 'The request body is not valid JSON' },
  BAD_CURSOR: { status: 400, title: 'The pagination cursor is not valid' },
  UNAUTHENTICATED: { status: 401, title: 'Sign-in required' },
  INVALID_CREDENTIALS: { status: 401, title: 'E-mail or password is wrong' },
  ACCOUNT_LOCKED: { status: 423, title: 'The account is locked for a while after repeated failed sign-ins' },
  ACCOUNT_DISABLED: { status: 403, title: 'The account is disabled' },
  CSRF_FAILED: { status: 403, title: 'Missing or wrong CSRF token' },
  FORBIDDEN: { status: 403, title: 'You do not have permission to do this' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  ROUTE_NOT_FOUND: { status: 404, title: 'No such route' },
  ORGANISATION_NOT_FOUND: { status: 404, title: 'Organisation not found' },
  PERSON_NOT_FOUND: { status: 404, title: 'Person not found' },
  TEAM_NOT_FOUND: { status: 404, title: 'Team not found' },
  DEPARTMENT_NOT_FOUND: { status: 404, title: 'Department not found' },
  ROLE_NOT_FOUND: { status: 404, title: 'Role not found' },
  API_TOKEN_NOT_FOUND: { status: 404, title: 'API token not found' },
  TICKET_NOT_FOUND: { status: 404, title: 'Ticket not found' },
  CATEGORY_NOT_FOUND: { status: 404, title: 'Category not found' },
  CALENDAR_NOT_FOUND: { status: 404, title: 'Business calendar not found' },
  SLA_POLICY_NOT_FOUND: { status: 404, title: 'SLA policy not found' },
  ATTACHMENT_NOT_FOUND: { status: 404, title: 'Attachment not found' },
  MAILBOX_NOT_FOUND: { status: 404, title: 'Mailbox not found' },
  NOTIFICATION_TEMPLATE_NOT_FOUND: { status: 404, title: 'No such notification event' },
  CATALOG_ITEM_NOT_FOUND: { status: 404, title: 'Catalogue item not found' },
  CATALOG_ITEM_MISCONFIGURED: { status: 422, title: 'The catalogue item cannot be requested as configured' },
  APPROVAL_NOT_FOUND: { status: 404, title: 'Approval not found' },
  APPROVAL_NOT_PENDING: { status: 422, title: 'The approval is not waiting for a decision' },
  TASK_NOT_FOUND: { status: 404, title: 'Task not found' },
  CI_NOT_FOUND: { status: 404, title: 'Configuration item not found' },
  CI_CLASS_NOT_FOUND: { status: 404, title: 'Configuration item class not found' },
  LOCATION_NOT_FOUND: { status: 404, title: 'Location not found' },
  RELATIONSHIP_NOT_FOUND: { status: 404, title: 'Relationship not found' },
  IMPORT_NOT_FOUND: { status: 404, title: 'Import not found' },
  IMPORT_BUSY: { status: 409, title: 'The import is queued or running' },
  IMPORT_IDLE: { status: 409, title: 'The import is not queued or running' },
  SOFTWARE_NOT_FOUND: { status: 404, title: 'Software title not found' },
  INSTALLATION_NOT_FOUND: { status: 404, title: 'Software installation not found' },
  SOFTWARE_ALIAS_NOT_FOUND: { status: 404, title: 'Software alias not found' },
  LICENCE_NOT_FOUND: { status: 404, title: 'Licence not found' },
  LICENCE_ASSIGNMENT_NOT_FOUND: { status: 404, title: 'Licence assignment not found' },
  INVALID_TRANSITION: { status: 422, title: 'The ticket cannot move to that status now' },
  TICKET_NOT_OPEN: { status: 422, title: 'The ticket is not in a state that allows this' },
  NOT_AN_ASSET: { status: 422, title: 'The configuration item is not an asset' },
  ASSET_TRANSITION_NOT_ALLOWED: { status: 422, title: 'The asset cannot move to that state now' },
  ASSET_CHECKED_OUT: { status: 409, title: 'The asset is checked out' },
  ASSET_DATA_MISSING: { status: 422, title: 'The asset lacks the data this needs' },
  VERSION_CONFLICT: { status: 409, title: 'The record was changed by someone else' },
  DUPLICATE: { status: 409, title: 'A record with the same value already exists' },
  REFERENCE_CONFLICT: { status: 409, title: 'The change conflicts with records that refer to this one' },
  INSTALLATION_ADMIN_REQUIRED: { status: 403, title: 'Only installation administrators can do this' },
  ROLE_IN_USE: { status: 409, title: 'The role is still assigned to people' },
  BUILTIN_ROLE: { status: 409, title: 'Built-in roles cannot be changed or deleted' },
  BUILTIN_CLASS: { status: 409, title: 'Built-in classes keep their key, name and built-in attributes' },
  LAST_ADMIN: { status: 409, title: 'The last administrator cannot be removed or demoted' },
  WRONG_PASSWORD: { status: 400, title: 'The current password is wrong' },
  WEAK_PASSWORD: { status: 400, title: 'The password is too weak' },
  SSO_NOT_CONFIGURED: { status: 404, title: 'Single sign-on is not configured' },
  SSO_FAILED: { status: 400, title: 'Single sign-on failed' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported content type' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  NOT_READY: { status: 503, title: 'Steward is not ready' },
  INTERNAL: { status: 500, title: 'Internal error' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

/** One field-level problem: the JSON path of the field and what is wrong with it. */
export interface FieldError {
  field: string;
  message: string;
}

/** A domain error with a catalogue code; the HTTP boundary turns it into problem+json. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly errors: FieldError[];
  constructor(code: ErrorCode, detail?: string, errors: FieldError[] = []) {
    super(detail ?? errorCatalogue[code].title);
    this.code = code;
    this.status = errorCatalogue[code].status;
    this.errors = errors;
  }
}

/** Shorthand for a validation error on named fields. */
export function invalid(errors: FieldError[], detail?: string): AppError {
  return new AppError('VALIDATION_FAILED', detail ?? errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
}

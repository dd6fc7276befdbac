/** The audit log's URL search parameters; dates are local calendar days (`YYYY-MM-DD`). */
import { optionalString } from '../../routes/search-params';

export const entityTypes = ['person', 'team', 'department', 'role', 'api_token', 'organisation'] as const;
export const commonActions = ['created', 'updated', 'deleted', 'password_reset', 'unlocked', 'revoked', 'member_added', 'member_removed'] as const;

export interface AuditSearch {
  entityType?: string;
  entityId?: string;
  actorId?: string;
  action?: string;
  from?: string;
  to?: string;
}

const day = (value: unknown) => {
  const s = optionalString(value);
  return s && /^\d{4}-\d{2}-\d{2}$/.test(s) ? s : undefined;
};

export function validateAuditSearch(search: Record<string, unknown>): AuditSearch {
  return {
    entityType: optionalString(search.entityType),
    entityId: optionalString(search.entityId),
    actorId: optionalString(search.actorId),
    action: optionalString(search.action),
    from: day(search.from),
    to: day(search.to),
  };
}

/** A local calendar day's first or last millisecond as an ISO time, for the API's `from` / `to`. */
export function dayBoundary(date: string | undefined, edge: 'start' | 'end'): string | undefined {
  if (!date) return undefined;
  const [y, m, d] = date.split('-').map(Number);
  const local = edge === 'start' ? new Date(y ?? 0, (m ?? 1) - 1, d ?? 1) : new Date(y ?? 0, (m ?? 1) - 1, d ?? 1, 23, 59, 59, 999);
  return local.toISOString();
}

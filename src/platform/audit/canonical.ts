/** Canonical JSON (sorted keys, normalised times) so a row hashes the same before and after storage. */
import { createHash } from 'node:crypto';

export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The fields of an audit row that the hash covers, in the form they have after a round trip. */
export interface HashedAuditFields {
  id: string;
  orgId: string | null;
  at: string;
  actorType: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string;
  requestId: string;
  before: unknown;
  after: unknown;
  changes: unknown;
}

export function auditHash(prevHash: string, row: HashedAuditFields): string {
  const fields: HashedAuditFields = {
    id: row.id,
    orgId: row.orgId,
    at: new Date(row.at).toISOString(),
    actorType: row.actorType,
    actorId: row.actorId,
    actorLabel: row.actorLabel,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    requestId: row.requestId,
    before: row.before,
    after: row.after,
    changes: row.changes,
  };
  return sha256(prevHash + canonicalJson(fields));
}

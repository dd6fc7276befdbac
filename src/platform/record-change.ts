/** One call for every audited domain write: an audit row and a domain event, in the caller's transaction. */
import { recordAudit, recordAudits, type AuditEntry } from './audit/record.ts';
import type { Ctx } from './context.ts';
import { AppError } from './errors/catalogue.ts';
import { emitEvent, emitEvents } from './events/outbox.ts';

/** Records `entityType.action` in the audit trail and the outbox (e.g. `person.created`). */
export async function recordChange(ctx: Ctx, entry: AuditEntry & { eventPayload?: Record<string, unknown> }): Promise<void> {
  await recordAudit(ctx, entry);
  await emitEvent(ctx, {
    type: `${entry.entityType}.${entry.action}`,
    entityType: entry.entityType,
    entityId: entry.entityId,
    payload: entry.eventPayload ?? { before: entry.before ?? null, after: entry.after ?? null },
  });
}

/** Records several changes of one transaction: the audit rows in one chained insert, the events in one insert. */
export async function recordChanges(ctx: Ctx, entries: readonly (AuditEntry & { eventPayload?: Record<string, unknown> })[]): Promise<void> {
  await recordAudits(ctx, entries);
  await emitEvents(
    ctx,
    entries.map((entry) => ({
      type: `${entry.entityType}.${entry.action}`,
      entityType: entry.entityType,
      entityId: entry.entityId,
      payload: entry.eventPayload ?? { before: entry.before ?? null, after: entry.after ?? null },
    })),
  );
}

/** Throws VERSION_CONFLICT unless the caller read the current version. */
export function assertVersion(current: number, sent: number): void {
  if (current !== sent) {
    throw new VersionConflict(current, sent);
  }
}

class VersionConflict extends AppError {
  constructor(current: number, sent: number) {
    super('VERSION_CONFLICT', `You sent version ${sent} but the record is at version ${current}; reload it and apply your change again`, [
      { field: 'version', message: `is ${sent}, current is ${current}` },
    ]);
  }
}

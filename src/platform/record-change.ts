/** One call for every audited domain write: an audit row and a domain event, in the caller's transaction. */
import { recordAudit, type AuditEntry } from './audit/record.ts';
import type { Ctx } from './context.ts';
import { AppError } from './errors/catalogue.ts';
import { emitEvent } from './events/outbox.ts';

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

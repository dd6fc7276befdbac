/** The desk's settings per organisation: the impact × urgency priority matrix, reopen and auto-close periods. */
import { eq } from 'drizzle-orm';
import { inTransaction, requirePermission, type Ctx } from '../../platform/context.ts';
import { assertVersion, recordChange } from '../../platform/record-change.ts';
import type { DeskSettings, UpdateDeskSettingsBody } from './contract.ts';
import { deskSettings, type Level, type PriorityMatrix } from './schema.ts';

/** ITIL's 3×3: high impact and high urgency is P1, low and low is P5. */
export const defaultPriorityMatrix: PriorityMatrix = {
  high: { high: 1, medium: 2, low: 3 },
  medium: { high: 2, medium: 3, low: 4 },
  low: { high: 3, medium: 4, low: 5 },
};

export const defaultDeskSettings: DeskSettings = { priorityMatrix: defaultPriorityMatrix, reopenDays: 14, autoCloseDays: 7, version: 1 };

/** The organisation's settings, or the defaults when nobody has changed them (version 1). */
export async function loadDeskSettings(ctx: Ctx, forUpdate = false): Promise<DeskSettings> {
  const query = ctx.db.select().from(deskSettings).where(eq(deskSettings.orgId, ctx.orgId));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) return defaultDeskSettings;
  return { priorityMatrix: row.priorityMatrix, reopenDays: row.reopenDays, autoCloseDays: row.autoCloseDays, version: row.version };
}

export function priorityFor(settings: DeskSettings, impact: Level, urgency: Level): number {
  return settings.priorityMatrix[impact][urgency];
}

/** Readable by every agent (the ticket form shows the matrix); changed by desk administrators. */
export async function getDeskSettings(ctx: Ctx): Promise<DeskSettings> {
  requirePermission(ctx, 'tickets:read');
  return loadDeskSettings(ctx);
}

export async function updateDeskSettings(ctx: Ctx, patch: UpdateDeskSettingsBody): Promise<DeskSettings> {
  requirePermission(ctx, 'desk:admin');
  return inTransaction(ctx, async (tx) => {
    // Lock the organisation's row (or, before it exists, serialise on the insert's conflict).
    const before = await loadDeskSettings(tx, true);
    assertVersion(before.version, patch.version);
    const after: DeskSettings = {
      priorityMatrix: patch.priorityMatrix ?? before.priorityMatrix,
      reopenDays: patch.reopenDays ?? before.reopenDays,
      autoCloseDays: patch.autoCloseDays ?? before.autoCloseDays,
      version: before.version + 1,
    };
    const values = { priorityMatrix: after.priorityMatrix, reopenDays: after.reopenDays, autoCloseDays: after.autoCloseDays, version: after.version, updatedAt: tx.clock.now().toISOString() };
    if (before.version === 1) {
      const inserted = await tx.db.insert(deskSettings).values({ orgId: tx.orgId, ...values }).onConflictDoNothing().returning();
      if (inserted.length === 0) assertVersion(2, patch.version); // someone else saved the first change meanwhile
    } else {
      await tx.db.update(deskSettings).set(values).where(eq(deskSettings.orgId, tx.orgId));
    }
    await recordChange(tx, { action: 'updated', entityType: 'desk_settings', entityId: tx.orgId, before, after });
    return after;
  });
}

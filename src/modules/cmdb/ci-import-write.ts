/**
 * Writes a checked batch of configuration-item rows in one transaction: the matched items are
 * locked and each row's result is computed again from what is stored now, so a row whose item did
 * not change is `unchanged` and writes nothing. Each write runs in its own savepoint, so a row that
 * fails (an asset tag someone took meanwhile) is skipped whole. The audit rows and events are
 * written like the API's, as the acting person, once the batch's writes are known.
 */
import { inArray } from 'drizzle-orm';
import type { ApplyOutcome } from '../../platform/csv-import/target.ts';
import { actorLabel, actorUserId, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors/catalogue.ts';
import { isUniqueViolation, violatedConstraint } from '../../platform/errors/unique-violation.ts';
import { reserveHumanKeys, returnHumanKeys } from '../../platform/keys/human-keys.ts';
import { recordChanges } from '../../platform/record-change.ts';
import { inOrg, updateIn } from '../../platform/tenancy/scope.ts';
import type { Db } from '../../db/client.ts';
import { assetStateChanges } from './asset-schema.ts';
import { isUnchanged, stateAfter, type CiImportState, type CiRowPlan } from './ci-import-row.ts';
import { presentCis, type CiRow } from './ci-query.ts';
import { ciSnapshot } from './ci-service.ts';
import type { ClassIndex } from './class-index.ts';
import { configurationItems } from './schema.ts';

const uniqueFields: Record<string, { field: string; what: string }> = {
  configuration_items_org_asset_tag: { field: 'assetTag', what: 'asset tag' },
  configuration_items_org_serial: { field: 'serialNumber', what: 'serial number' },
};

/** Why a row's write failed, for the report. */
function failureOf(err: unknown): Exclude<ApplyOutcome, string> {
  if (isUniqueViolation(err)) {
    const hit = uniqueFields[violatedConstraint(err) ?? ''];
    return hit ? { failed: `another item took this ${hit.what} while the import ran`, field: hit.field } : { failed: 'another item has the same identity now' };
  }
  if (err instanceof AppError) return { failed: err.message };
  return { failed: `could not be written: ${(err as Error).message}` };
}

/** One row's write: the locked item it updates (none for a create) and the item it leads to. */
interface Pending {
  index: number;
  current?: CiRow;
  next: CiImportState;
}

/** Thrown inside the batch savepoint to undo it when a create hit a unique index. */
class Collision extends Error {}

/** Writes every pending row in one savepoint: one insert for the creates, one update per changed item. */
async function writeAll(tx: Ctx, pending: Pending[], keys: string[]): Promise<CiRow[]> {
  return tx.db.transaction(async (sp) => {
    const db = sp as unknown as Db;
    const now = tx.clock.now().toISOString();
    const creates = pending.filter((p) => !p.current);
    const out = new Map<number, CiRow>();
    if (creates.length > 0) {
      const values = creates.map((p, i) => ({ ...p.next, orgId: tx.orgId, key: keys[i]!, createdAt: now, updatedAt: now }));
      const inserted = await db.insert(configurationItems).values(values).onConflictDoNothing().returning();
      if (inserted.length !== creates.length) throw new Collision();
      const byKey = new Map(inserted.map((r) => [r.key, r]));
      creates.forEach((p, i) => out.set(p.index, byKey.get(keys[i]!)!));
    }
    for (const p of pending) {
      if (!p.current) continue;
      const [row] = await updateIn({ ...tx, db }, configurationItems, { ...p.next, version: p.current.version + 1, updatedAt: now }, inArray(configurationItems.id, [p.current.id]));
      out.set(p.index, row!);
    }
    return pending.map((p) => out.get(p.index)!);
  });
}

/** Writes each pending row in its own savepoint, so one that fails is skipped whole; keys go to the rows written, in order. */
async function writeEach(tx: Ctx, pending: Pending[], keys: string[]): Promise<(CiRow | Exclude<ApplyOutcome, string>)[]> {
  let nextKey = 0;
  const out: (CiRow | Exclude<ApplyOutcome, string>)[] = [];
  for (const p of pending) {
    try {
      const row = await tx.db.transaction(async (sp) => {
        const db = sp as unknown as Db;
        const now = tx.clock.now().toISOString();
        if (p.current) return (await updateIn({ ...tx, db }, configurationItems, { ...p.next, version: p.current.version + 1, updatedAt: now }, inArray(configurationItems.id, [p.current.id])))[0]!;
        return (await db.insert(configurationItems).values({ ...p.next, orgId: tx.orgId, key: keys[nextKey]!, createdAt: now, updatedAt: now }).returning())[0]!;
      });
      if (!p.current) nextKey++;
      out.push(row);
    } catch (err) {
      out.push(failureOf(err));
    }
  }
  return out;
}

/**
 * Writes the plans of one batch; one outcome per plan, in order. All rows are first written in one
 * savepoint; when any of them fails (a unique index, a reference deleted meanwhile) that savepoint is
 * undone and each row is written in its own, so only the failing rows are skipped.
 */
export async function writeCiPlans(ctx: Ctx, classes: ClassIndex, plans: readonly CiRowPlan[]): Promise<ApplyOutcome[]> {
  return ctx.db.transaction(async (db) => {
    const tx: Ctx = { ...ctx, db: db as unknown as Db };
    const ids = plans.flatMap((p) => (p.matchId ? [p.matchId] : []));
    const locked = ids.length ? await tx.db.select().from(configurationItems).where(inOrg(tx, configurationItems, inArray(configurationItems.id, ids))).for('update') : [];
    const byId = new Map(locked.map((r) => [r.id, r]));
    const outcomes: ApplyOutcome[] = [];
    const pending: Pending[] = [];
    plans.forEach((plan, index) => {
      const current = plan.matchId ? byId.get(plan.matchId) : undefined;
      if (plan.matchId && !current) return outcomes.push({ failed: 'the item it matched was deleted while the import ran' });
      const next = stateAfter(current, plan);
      if (current && isUnchanged(current, next)) return outcomes.push('unchanged');
      pending.push({ index, current, next });
      return outcomes.push(current ? 'updated' : 'created');
    });
    // Keys for the new items, reserved at once; the ones no row took go back, so there are no gaps.
    const keys = await reserveHumanKeys(tx, 'CI', pending.filter((p) => !p.current).length);
    let results: (CiRow | Exclude<ApplyOutcome, string>)[];
    try {
      results = pending.length ? await writeAll(tx, pending, keys) : [];
    } catch {
      // The batch savepoint was undone (a collision, a reference deleted meanwhile): find the failing rows one by one.
      results = await writeEach(tx, pending, keys);
    }
    const written: { before?: CiRow; after: CiRow }[] = [];
    results.forEach((result, i) => {
      const p = pending[i]!;
      if ('failed' in result) outcomes[p.index] = result;
      else written.push({ before: p.current, after: result });
    });
    await returnHumanKeys(tx, 'CI', keys.length - written.filter((w) => !w.before).length);
    // A new asset's lifecycle starts with the state it was registered in, as when the API creates it.
    const registered = written.filter((w) => !w.before && w.after.assetState !== null);
    if (registered.length > 0) {
      const at = tx.clock.now().toISOString();
      const entries = registered.map((w) => ({ orgId: tx.orgId, ciId: w.after.id, fromState: null, toState: w.after.assetState!, at, actorId: actorUserId(tx.actor), actorLabel: actorLabel(tx.actor) }));
      for (let i = 0; i < entries.length; i += 500) await tx.db.insert(assetStateChanges).values(entries.slice(i, i + 500));
    }
    if (written.length > 0) {
      const rows = written.flatMap((w) => (w.before ? [w.before, w.after] : [w.after]));
      const shown = await presentCis(tx, rows, classes);
      let at = 0;
      await recordChanges(
        tx,
        written.map((w) => {
          const before = w.before ? shown[at++]! : undefined;
          const after = shown[at++]!;
          return before
            ? { action: 'updated', entityType: 'ci', entityId: w.after.id, before: ciSnapshot(before), after: ciSnapshot(after) }
            : { action: 'created', entityType: 'ci', entityId: w.after.id, after: ciSnapshot(after) };
        }),
      );
    }
    return outcomes;
  });
}

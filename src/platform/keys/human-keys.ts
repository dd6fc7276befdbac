/**
 * Human keys (`INC-1042`, `CHG-301`): sequential per organisation and prefix, allocated inside the
 * caller's transaction. The counter row stays locked until that transaction ends, so concurrent
 * creates queue for it, and a rolled-back create rolls its number back: no duplicates, no gaps.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { resultRows } from '../../db/client.ts';
import type { Ctx } from '../context.ts';

const prefixPattern = /^[A-Z]{2,5}$/;
const keyPattern = /^([A-Z]{2,5})-([1-9][0-9]{0,15})$/;

/** The response schema of a human key; the guard suites find create routes with human keys by it. */
export const humanKeyPattern = '^[A-Z]{2,5}-[1-9][0-9]*$';
export const HumanKey = z.string().regex(new RegExp(humanKeyPattern)).describe('Human key, e.g. INC-1042');

/** Allocates the next key for `prefix` in the caller's organisation. Call inside the creating transaction. */
export async function nextHumanKey(ctx: Ctx, prefix: string): Promise<string> {
  if (!prefixPattern.test(prefix)) throw new Error(`human-key prefix must be 2–5 capital letters, not ${prefix}`);
  const result = await ctx.db.execute<{ last_value: string | number }>(sql`
    INSERT INTO key_sequences (org_id, prefix, last_value) VALUES (${ctx.orgId}, ${prefix}, 1)
    ON CONFLICT (org_id, prefix) DO UPDATE SET last_value = key_sequences.last_value + 1
    RETURNING last_value`);
  return `${prefix}-${Number(resultRows<{ last_value: string | number }>(result)[0]!.last_value)}`;
}

/**
 * Reserves `count` consecutive keys for bulk creates (a CSV import batch) in one statement. The
 * counter row stays locked until the transaction ends, so before it commits the caller hands back
 * the keys it did not use (the last ones) with `returnHumanKeys`: no duplicates, no gaps.
 */
export async function reserveHumanKeys(ctx: Ctx, prefix: string, count: number): Promise<string[]> {
  if (!prefixPattern.test(prefix)) throw new Error(`human-key prefix must be 2–5 capital letters, not ${prefix}`);
  if (count < 1) return [];
  const result = await ctx.db.execute<{ last_value: string | number }>(sql`
    INSERT INTO key_sequences (org_id, prefix, last_value) VALUES (${ctx.orgId}, ${prefix}, ${count})
    ON CONFLICT (org_id, prefix) DO UPDATE SET last_value = key_sequences.last_value + ${count}
    RETURNING last_value`);
  const last = Number(resultRows<{ last_value: string | number }>(result)[0]!.last_value);
  return Array.from({ length: count }, (_, i) => `${prefix}-${last - count + 1 + i}`);
}

/** Gives back the last `count` keys of a reservation that were not used, in the reserving transaction. */
export async function returnHumanKeys(ctx: Ctx, prefix: string, count: number): Promise<void> {
  if (count < 1) return;
  await ctx.db.execute(sql`UPDATE key_sequences SET last_value = last_value - ${count} WHERE org_id = ${ctx.orgId} AND prefix = ${prefix}`);
}

/** Splits `INC-1042` into its prefix and number; undefined when the text is not a human key. */
export function parseHumanKey(text: string): { prefix: string; number: number } | undefined {
  const match = keyPattern.exec(text.trim().toUpperCase());
  return match ? { prefix: match[1]!, number: Number(match[2]) } : undefined;
}

/** Who or where each asset is checked out to now, from its open custody record, for presenting items in batches. */
import { and, inArray, isNull } from 'drizzle-orm';
import { users } from '../../platform/auth/schema.ts';
import type { Ctx } from '../../platform/context.ts';
import { inOrg } from '../../platform/tenancy/scope.ts';
import type { CurrentCustody } from './asset-contract.ts';
import { today } from './asset-financial.ts';
import { assetCustody } from './asset-schema.ts';
import { configurationItems, locations } from './schema.ts';

type HeldRow = Pick<typeof configurationItems.$inferSelect, 'id' | 'custodianId' | 'custodyLocationId'>;

/** The current custody of the items that are checked out, by item id. */
export async function currentCustodies(ctx: Ctx, rows: readonly HeldRow[]): Promise<Map<string, CurrentCustody>> {
  const held = rows.filter((r) => r.custodianId !== null || r.custodyLocationId !== null).map((r) => r.id);
  if (held.length === 0) return new Map();
  const open = await ctx.db
    .select()
    .from(assetCustody)
    .where(inOrg(ctx, assetCustody, and(inArray(assetCustody.ciId, held), isNull(assetCustody.checkedInAt))));
  const userIds = [...new Set(open.flatMap((c) => (c.userId ? [c.userId] : [])))];
  const locationIds = [...new Set(open.flatMap((c) => (c.locationId ? [c.locationId] : [])))];
  const [people, places] = await Promise.all([
    userIds.length ? ctx.db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(inArray(users.id, userIds)) : [],
    locationIds.length ? ctx.db.select({ id: locations.id, name: locations.name }).from(locations).where(inOrg(ctx, locations, inArray(locations.id, locationIds))) : [],
  ]);
  const person = new Map(people.map((p) => [p.id, p]));
  const place = new Map(places.map((p) => [p.id, p]));
  const day = today(ctx.clock.now());
  return new Map(
    open.map((c) => [
      c.ciId,
      {
        holderKind: c.holderKind,
        person: c.userId ? (person.get(c.userId) ?? null) : null,
        location: c.locationId ? (place.get(c.locationId) ?? null) : null,
        since: new Date(c.checkedOutAt).toISOString(),
        dueBack: c.dueBack,
        overdue: c.dueBack !== null && c.dueBack < day,
      },
    ]),
  );
}

/**
 * Custody of assets: checking an asset in stock out to a person or a location (it becomes deployed),
 * checking it back in (back in stock), and the full history of who held it. One custody is open per
 * asset at a time; the item carries its current holder.
 */
import { and, eq } from 'drizzle-orm';
import { memberships, users } from '../../platform/auth/schema.ts';
import { actorLabel, actorUserId, inTransaction, requirePermission, type Ctx } from '../../platform/context.ts';
import { AppError, invalid, type FieldError } from '../../platform/errors/catalogue.ts';
import { finishPage, keyset, type Page } from '../../platform/http/pagination.ts';
import { assertVersion } from '../../platform/record-change.ts';
import { inOrg, insertIn } from '../../platform/tenancy/scope.ts';
import type { CheckInBody, CheckOutBody, CustodyEntry } from './asset-contract.ts';
import { today } from './asset-financial.ts';
import { canCheckIn, canCheckOut } from './asset-lifecycle.ts';
import { assetCustody } from './asset-schema.ts';
import { actorNames, recordStateChange } from './asset-state-history.ts';
import { closeCustody, notAllowed, openCustody, requireAssetState, saveAssetChange, type CustodyRow } from './asset-write.ts';
import { findCiRow, presentCis } from './ci-query.ts';
import { classIndex } from './class-index.ts';
import type { ConfigurationItem } from './contract.ts';
import { locationIndex } from './location-service.ts';

/** The location's path, or a problem naming the field. */
async function locationPath(ctx: Ctx, id: string, field: string, errors: FieldError[]): Promise<string | undefined> {
  const location = (await locationIndex(ctx)).get(id);
  if (!location) errors.push({ field, message: 'is not a location of this organisation' });
  return location?.path;
}

/** Checks an asset in stock out to a person or a location; a location check-out also places the item there. */
export async function checkOutAsset(ctx: Ctx, idOrKey: string, input: CheckOutBody): Promise<ConfigurationItem> {
  requirePermission(ctx, 'cmdb:write');
  return inTransaction(ctx, async (tx) => {
    const row = await findCiRow(tx, idOrKey, true);
    assertVersion(row.version, input.version);
    const classes = await classIndex(tx);
    const state = requireAssetState(row, classes.byId.get(row.classId)!);
    const now = tx.clock.now();
    const errors: FieldError[] = [];
    let holderName: string | undefined;
    if (input.userId && input.locationId) errors.push({ field: 'locationId', message: 'must not be given with userId: an asset goes to a person or a location' });
    else if (!input.userId && !input.locationId) errors.push({ field: 'userId', message: 'is required: name the person (userId) or the location (locationId) the asset goes to' });
    else if (input.userId) {
      const [person] = await tx.db
        .select({ name: users.name })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(inOrg(tx, memberships, eq(memberships.userId, input.userId)));
      if (!person) errors.push({ field: 'userId', message: 'is not a person of this organisation' });
      holderName = person?.name;
    } else holderName = await locationPath(tx, input.locationId!, 'locationId', errors);
    if (input.dueBack && input.dueBack < today(now)) errors.push({ field: 'dueBack', message: 'must not be in the past' });
    if (errors.length) throw invalid(errors);

    const current = await openCustody(tx, row.id);
    if (current) {
      throw new AppError('ASSET_CHECKED_OUT', `${row.key} is checked out to ${current.holderName} since ${new Date(current.checkedOutAt).toISOString()}; check it in first`, [
        { field: 'assetState', message: `is ${state}: checked out to ${current.holderName}` },
      ]);
    }
    if (!canCheckOut(state)) throw notAllowed(row.key, 'assetState', `is ${state}; only assets in stock are checked out`);

    const [before] = await presentCis(tx, [row], classes);
    const at = now.toISOString();
    const note = input.note?.trim() ?? '';
    await insertIn(tx, assetCustody, {
      ciId: row.id,
      holderKind: input.userId ? 'person' : 'location',
      userId: input.userId ?? null,
      locationId: input.locationId ?? null,
      holderName: holderName!,
      checkedOutAt: at,
      checkedOutById: actorUserId(tx.actor),
      checkedOutByLabel: actorLabel(tx.actor),
      dueBack: input.dueBack ?? null,
      checkOutNote: note,
    });
    await recordStateChange(tx, { ciId: row.id, from: state, to: 'deployed', at, note });
    const place = input.locationId && input.locationId !== row.locationId ? { locationId: input.locationId, rackPosition: null } : {};
    return saveAssetChange(tx, row, before!, { assetState: 'deployed', custodianId: input.userId ?? null, custodyLocationId: input.locationId ?? null, ...place }, 'checked_out', {
      to: { kind: input.userId ? 'person' : 'location', id: input.userId ?? input.locationId, name: holderName },
      dueBack: input.dueBack ?? null,
      at,
      note,
    });
  });
}

/** Checks a deployed asset back in to stock, ending its custody; `locationId` puts it back somewhere (the IT store). */
export async function checkInAsset(ctx: Ctx, idOrKey: string, input: CheckInBody): Promise<ConfigurationItem> {
  requirePermission(ctx, 'cmdb:write');
  return inTransaction(ctx, async (tx) => {
    const row = await findCiRow(tx, idOrKey, true);
    assertVersion(row.version, input.version);
    const classes = await classIndex(tx);
    const state = requireAssetState(row, classes.byId.get(row.classId)!);
    const errors: FieldError[] = [];
    if (input.locationId) await locationPath(tx, input.locationId, 'locationId', errors);
    if (errors.length) throw invalid(errors);
    if (!canCheckIn(state)) throw notAllowed(row.key, 'assetState', `is ${state}; only deployed assets are checked in`);

    const [before] = await presentCis(tx, [row], classes);
    const at = tx.clock.now().toISOString();
    const note = input.note?.trim() ?? '';
    const custody = await openCustody(tx, row.id);
    if (custody) await closeCustody(tx, custody, at, note);
    await recordStateChange(tx, { ciId: row.id, from: state, to: 'in_stock', at, note });
    const place = input.locationId && input.locationId !== row.locationId ? { locationId: input.locationId, rackPosition: null } : {};
    return saveAssetChange(tx, row, before!, { assetState: 'in_stock', custodianId: null, custodyLocationId: null, ...place }, 'checked_in', {
      from: custody ? { kind: custody.holderKind, id: custody.userId ?? custody.locationId, name: custody.holderName } : null,
      at,
      note,
    });
  });
}

/** A custody record as the API shows it, people and places named as they are now. */
async function presentCustody(ctx: Ctx, rows: CustodyRow[]): Promise<CustodyEntry[]> {
  const names = await actorNames(ctx, rows.flatMap((r) => [r.userId, r.checkedOutById, r.checkedInById]));
  const places = new Map([...(await locationIndex(ctx)).values()].map((l) => [l.id, l]));
  return rows.map((r) => {
    const person = r.userId ? (names.get(r.userId) ?? null) : null;
    const place = r.locationId ? places.get(r.locationId) : undefined;
    return {
      id: r.id,
      holderKind: r.holderKind,
      person: r.userId ? { id: r.userId, name: person ?? r.holderName } : null,
      location: place ? { id: place.id, name: place.name, path: place.path } : null,
      holderName: r.holderName,
      checkedOutAt: new Date(r.checkedOutAt).toISOString(),
      checkedOutBy: { id: r.checkedOutById, label: (r.checkedOutById && names.get(r.checkedOutById)) || r.checkedOutByLabel },
      dueBack: r.dueBack,
      checkOutNote: r.checkOutNote,
      checkedInAt: r.checkedInAt ? new Date(r.checkedInAt).toISOString() : null,
      checkedInBy: r.checkedInAt ? { id: r.checkedInById, label: (r.checkedInById && names.get(r.checkedInById)) || r.checkedInByLabel || '' } : null,
      checkInNote: r.checkInNote,
    };
  });
}

/** A page of the asset's custody history, the latest check-out first. */
export async function findCustody(ctx: Ctx, idOrKey: string, query: { limit: number; cursor?: string }): Promise<Page<CustodyEntry>> {
  requirePermission(ctx, 'cmdb:read');
  // The cursor is checked first: a bad one is a 400 whether or not the item exists.
  const page = keyset({ sortColumn: assetCustody.checkedOutAt, idColumn: assetCustody.id, descending: true, sortName: 'checkedOutAt', cursor: query.cursor });
  const ci = await findCiRow(ctx, idOrKey);
  const rows = await ctx.db
    .select()
    .from(assetCustody)
    .where(inOrg(ctx, assetCustody, and(eq(assetCustody.ciId, ci.id), page.where)))
    .orderBy(...page.orderBy)
    .limit(query.limit + 1);
  const presented = new Map((await presentCustody(ctx, rows.slice(0, query.limit))).map((e) => [e.id, e]));
  return finishPage(rows, query.limit, 'checkedOutAt', (r) => [new Date(r.checkedOutAt).toISOString(), r.id], (r) => presented.get(r.id)!);
}

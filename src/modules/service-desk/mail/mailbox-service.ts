/**
 * Desk mailboxes: the addresses the desk receives mail at. An address belongs to one organisation
 * across the whole installation, so inbound mail finds its organisation by the address alone.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { inTransaction, requirePermission, type Ctx } from '../../../platform/context.ts';
import { AppError, invalid } from '../../../platform/errors/catalogue.ts';
import { isUniqueViolation } from '../../../platform/errors/unique-violation.ts';
import { finishPage, keyset, type Page } from '../../../platform/http/pagination.ts';
import { assertVersion, recordChange } from '../../../platform/record-change.ts';
import { deleteIn, inOrg, insertIn, updateIn } from '../../../platform/tenancy/scope.ts';
import { categoryIndex } from '../category-service.ts';
import { iso } from '../../../db/columns.ts';
import { mailboxes } from '../schema.ts';
import type { CreateMailboxBody, Mailbox, MailboxQuery, UpdateMailboxBody } from './contract.ts';

export type MailboxRow = typeof mailboxes.$inferSelect;

async function present(ctx: Ctx, rows: MailboxRow[]): Promise<Mailbox[]> {
  const categories = rows.some((r) => r.defaultCategoryId) ? await categoryIndex(ctx) : new Map();
  return rows.map((r) => {
    const c = r.defaultCategoryId ? categories.get(r.defaultCategoryId) : undefined;
    return {
      id: r.id,
      address: r.address,
      name: r.name,
      unknownSenders: r.unknownSenders,
      defaultType: r.defaultType,
      defaultCategory: c ? { id: c.id, name: c.name, path: c.path } : null,
      active: r.active,
      createdAt: iso(r.createdAt)!,
      updatedAt: iso(r.updatedAt)!,
      version: r.version,
    };
  });
}

const duplicateAddress = (err: unknown): never => {
  if (isUniqueViolation(err)) throw new AppError('DUPLICATE', 'A mailbox with this address already exists', [{ field: 'address', message: 'is already used by a mailbox' }]);
  throw err;
};

async function checkInput(ctx: Ctx, input: Partial<CreateMailboxBody>, ownAddresses: readonly string[]): Promise<void> {
  if (input.address && ownAddresses.includes(input.address.toLowerCase())) throw invalid([{ field: 'address', message: "is Steward's own sender address (STEWARD_MAIL_FROM); mail to it would loop" }]);
  if (input.defaultCategoryId) {
    const category = (await categoryIndex(ctx)).get(input.defaultCategoryId);
    if (!category) throw invalid([{ field: 'defaultCategoryId', message: 'is not a category of this organisation' }]);
    if (!category.active) throw invalid([{ field: 'defaultCategoryId', message: 'is no longer in use' }]);
  }
}

async function load(ctx: Ctx, id: string, forUpdate = false): Promise<MailboxRow> {
  const query = ctx.db.select().from(mailboxes).where(inOrg(ctx, mailboxes, eq(mailboxes.id, id)));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) throw new AppError('MAILBOX_NOT_FOUND', `No mailbox ${id} in this organisation`);
  return row;
}

export async function listMailboxes(ctx: Ctx, query: MailboxQuery): Promise<Page<Mailbox>> {
  requirePermission(ctx, 'tickets:read');
  const page = keyset({ sortColumn: mailboxes.createdAt, idColumn: mailboxes.id, descending: false, sortName: 'createdAt', cursor: query.cursor });
  const rows = await ctx.db.select().from(mailboxes).where(inOrg(ctx, mailboxes, page.where)).orderBy(...page.orderBy).limit(query.limit + 1);
  const presented = await present(ctx, rows.slice(0, query.limit));
  const byId = new Map(presented.map((m) => [m.id, m]));
  return finishPage(rows, query.limit, 'createdAt', (r) => [new Date(r.createdAt).toISOString(), r.id], (r) => byId.get(r.id)!);
}

export async function getMailbox(ctx: Ctx, id: string): Promise<Mailbox> {
  requirePermission(ctx, 'tickets:read');
  return (await present(ctx, [await load(ctx, id)]))[0]!;
}

/** `ownAddresses`: Steward's sender address(es), which may not become a mailbox. */
export async function createMailbox(ctx: Ctx, input: CreateMailboxBody, ownAddresses: readonly string[] = []): Promise<Mailbox> {
  requirePermission(ctx, 'desk:admin');
  return inTransaction(ctx, async (tx) => {
    await checkInput(tx, input, ownAddresses);
    const now = tx.clock.now().toISOString();
    const [row] = await insertIn(tx, mailboxes, {
      address: input.address,
      name: input.name,
      unknownSenders: input.unknownSenders ?? 'create',
      defaultType: input.defaultType ?? 'incident',
      defaultCategoryId: input.defaultCategoryId ?? null,
      active: input.active ?? true,
      createdAt: now,
      updatedAt: now,
    }).catch(duplicateAddress);
    const created = (await present(tx, [row!]))[0]!;
    await recordChange(tx, { action: 'created', entityType: 'mailbox', entityId: row!.id, after: created });
    return created;
  });
}

export async function updateMailbox(ctx: Ctx, id: string, patch: UpdateMailboxBody, ownAddresses: readonly string[] = []): Promise<Mailbox> {
  requirePermission(ctx, 'desk:admin');
  return inTransaction(ctx, async (tx) => {
    const current = await load(tx, id, true);
    assertVersion(current.version, patch.version);
    await checkInput(tx, patch, ownAddresses);
    const before = (await present(tx, [current]))[0]!;
    const [row] = await updateIn(
      tx,
      mailboxes,
      {
        address: patch.address,
        name: patch.name,
        unknownSenders: patch.unknownSenders,
        defaultType: patch.defaultType,
        defaultCategoryId: patch.defaultCategoryId,
        active: patch.active,
        version: current.version + 1,
        updatedAt: tx.clock.now().toISOString(),
      },
      eq(mailboxes.id, id),
    ).catch(duplicateAddress);
    const after = (await present(tx, [row!]))[0]!;
    await recordChange(tx, { action: 'updated', entityType: 'mailbox', entityId: id, before, after });
    return after;
  });
}

export async function deleteMailbox(ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx, 'desk:admin');
  await inTransaction(ctx, async (tx) => {
    const current = await load(tx, id, true);
    const before = (await present(tx, [current]))[0]!;
    await deleteIn(tx, mailboxes, eq(mailboxes.id, id));
    await recordChange(tx, { action: 'deleted', entityType: 'mailbox', entityId: id, before });
  });
}

/** The active mailbox with this address, in whichever organisation (inbound routing; no caller scope). */
export async function findActiveMailbox(db: Db, address: string): Promise<MailboxRow | undefined> {
  const [row] = await db.select().from(mailboxes).where(sql`lower(${mailboxes.address}) = ${address.toLowerCase()} and ${mailboxes.active}`);
  return row;
}

/** Every mailbox address of the installation, lower-case (mail from one of them is a loop). */
export async function allMailboxAddresses(db: Db): Promise<Set<string>> {
  const rows = await db.select({ address: mailboxes.address }).from(mailboxes);
  return new Set(rows.map((r) => r.address.toLowerCase()));
}

/** The organisation's first active mailbox, used as Reply-To of notifications so answers thread back. */
export async function replyAddress(ctx: Ctx): Promise<string | undefined> {
  const [row] = await ctx.db.select({ address: mailboxes.address }).from(mailboxes).where(inOrg(ctx, mailboxes, eq(mailboxes.active, true))).orderBy(mailboxes.createdAt).limit(1);
  return row?.address;
}

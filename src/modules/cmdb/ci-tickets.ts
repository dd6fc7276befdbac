/** The tickets that name a configuration item as affected, newest first, as far as the caller may see them. */
import { and, eq, exists, sql } from 'drizzle-orm';
import { requirePermission, type Ctx } from '../../platform/context.ts';
import { finishPage, keyset, type Page } from '../../platform/http/pagination.ts';
import { inOrg } from '../../platform/tenancy/scope.ts';
import type { Ticket } from '../service-desk/contract.ts';
import { presentTickets, visibleTickets } from '../service-desk/ticket-query.ts';
import { tickets } from '../service-desk/schema.ts';
import { findCiRow } from './ci-query.ts';
import { ticketCis } from './schema.ts';

/** A page of the item's tickets (cursor pagination by creation time). */
export async function findCiTickets(ctx: Ctx, idOrKey: string, query: { limit: number; cursor?: string }): Promise<Page<Ticket>> {
  requirePermission(ctx, 'cmdb:read');
  const page = keyset({ sortColumn: tickets.createdAt, idColumn: tickets.id, descending: true, sortName: '-createdAt', cursor: query.cursor });
  const ci = await findCiRow(ctx, idOrKey);
  const linked = exists(ctx.db.select({ one: sql`1` }).from(ticketCis).where(and(eq(ticketCis.ticketId, tickets.id), eq(ticketCis.ciId, ci.id))));
  const rows = await ctx.db
    .select()
    .from(tickets)
    .where(inOrg(ctx, tickets, linked, visibleTickets(ctx), page.where))
    .orderBy(...page.orderBy)
    .limit(query.limit + 1);
  const presented = await presentTickets(ctx, rows.slice(0, query.limit));
  return finishPage(rows, query.limit, '-createdAt', (r) => [new Date(r.createdAt).toISOString(), r.id], (r) => presented.find((t) => t.id === r.id)!);
}

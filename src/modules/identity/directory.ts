/**
 * The organisation's directory: every signed-in person may find the active people of their
 * organisation by name — to name a colleague in a request form, say — and see only name, e-mail, job
 * title and department. The full people API stays behind people:read.
 */
import { and, eq, ilike, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { memberships, users } from '../../platform/auth/schema.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors/catalogue.ts';
import { finishPage, keyset, likePattern, pageOf, pageQuery, type Page } from '../../platform/http/pagination.ts';
import { inOrg } from '../../platform/tenancy/scope.ts';
import { departments } from './schema.ts';

export const DirectoryEntry = z
  .object({ id: z.string(), name: z.string(), email: z.string(), jobTitle: z.string(), department: z.string().nullable() })
  .meta({ id: 'DirectoryEntry' });
export type DirectoryEntry = z.infer<typeof DirectoryEntry>;
export const DirectoryPage = pageOf(DirectoryEntry);
export const DirectoryQuery = z.strictObject({ q: z.string().trim().max(200).optional().describe('Name, e-mail or job title'), ...pageQuery });

function entries(ctx: Ctx) {
  return ctx.db
    .select({ id: users.id, name: users.name, email: users.email, jobTitle: memberships.jobTitle, department: departments.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .leftJoin(departments, eq(departments.id, memberships.departmentId));
}

export async function searchDirectory(ctx: Ctx, query: z.infer<typeof DirectoryQuery>): Promise<Page<DirectoryEntry>> {
  const page = keyset({ sortColumn: sql`lower(${users.name})`, idColumn: users.id, descending: false, sortName: 'name', cursor: query.cursor });
  const rows = await entries(ctx)
    .where(
      inOrg(
        ctx,
        memberships,
        and(
          eq(users.status, 'active'),
          query.q ? or(ilike(users.name, likePattern(query.q)), ilike(users.email, likePattern(query.q)), ilike(memberships.jobTitle, likePattern(query.q))) : undefined,
          page.where,
        ),
      ),
    )
    .orderBy(...page.orderBy)
    .limit(query.limit + 1);
  return finishPage(rows, query.limit, 'name', (r) => [r.name.toLowerCase(), r.id], (r) => r);
}

export async function directoryEntry(ctx: Ctx, id: string): Promise<DirectoryEntry> {
  const [row] = await entries(ctx).where(inOrg(ctx, memberships, eq(memberships.userId, id)));
  if (!row) throw new AppError('PERSON_NOT_FOUND', `No person ${id} in this organisation`);
  return row;
}

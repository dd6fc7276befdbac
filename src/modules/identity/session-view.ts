/** What the web app learns about the signed-in person: who they are, their permissions, their organisations. */
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Principal } from '../../platform/auth/principal.ts';
import { memberships, organisations, roles } from '../../platform/auth/schema.ts';
import type { Db } from '../../db/client.ts';
import { systemContext } from '../../platform/context.ts';
import { Organisation } from './contract.ts';
import { listMyOrganisations } from './organisation-service.ts';

export const Me = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    kind: z.enum(['agent', 'requester']),
    role: z.object({ id: z.string(), key: z.string(), name: z.string() }),
    permissions: z.array(z.string()),
    installationAdmin: z.boolean(),
  })
  .meta({ id: 'Me' });

export const SessionView = z
  .object({ user: Me, csrfToken: z.string().nullable(), organisation: Organisation, organisations: z.array(Organisation) })
  .meta({ id: 'SessionView' });
export type SessionView = z.infer<typeof SessionView>;

export async function sessionView(db: Db, principal: Principal): Promise<SessionView> {
  const { actor, orgId } = principal;
  const [row] = await db
    .select({ role: roles, org: organisations })
    .from(memberships)
    .innerJoin(roles, eq(roles.id, memberships.roleId))
    .innerJoin(organisations, eq(organisations.id, memberships.orgId))
    .where(and(eq(memberships.userId, actor.userId), eq(memberships.orgId, orgId)));
  const orgs = await listMyOrganisations({ ...systemContext(db, orgId), actor });
  return {
    user: {
      id: actor.userId,
      email: actor.email,
      name: actor.name,
      kind: actor.kind,
      role: { id: row!.role.id, key: row!.role.key, name: row!.role.name },
      permissions: [...actor.permissions].sort(),
      installationAdmin: actor.installationAdmin,
    },
    csrfToken: principal.csrfToken ?? null,
    organisation: { id: row!.org.id, slug: row!.org.slug, name: row!.org.name },
    organisations: orgs,
  };
}

/** First run: the default organisation and the first administrator. */
import { and, count, eq } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { roles, users } from '../../platform/auth/schema.ts';
import { generatePassword } from '../../platform/auth/secrets.ts';
import { inTransaction, systemContext } from '../../platform/context.ts';
import { recordChange } from '../../platform/record-change.ts';
import { syncBuiltinClasses } from '../cmdb/builtin-classes.ts';
import { builtinRoles } from '../../platform/rbac/permissions.ts';
import { builtinRoleId, ensureDefaultOrganisation } from './organisation-service.ts';
import { createPerson } from './people-service.ts';

export interface BootstrapResult {
  orgId: string;
  /** Set only when the first administrator was created with a generated password. */
  generatedPassword?: string;
  adminCreated: boolean;
}

export async function bootstrap(db: Db, config: Pick<Config, 'adminEmail' | 'adminPassword'>, log?: Pick<FastifyBaseLogger, 'info' | 'warn'>): Promise<BootstrapResult> {
  const org = await ensureDefaultOrganisation(db);
  await syncBuiltinRoles(db);
  await syncBuiltinClasses(db);
  const [{ n }] = (await db.select({ n: count() }).from(users)) as [{ n: number }];
  if (n > 0) return { orgId: org.id, adminCreated: false };
  const ctx = systemContext(db, org.id, 'first-run');
  const roleId = (await builtinRoleId(db, org.id, 'admin'))!;
  const password = config.adminPassword ?? generatePassword();
  const admin = await createPerson(ctx, { name: 'Administrator', email: config.adminEmail, roleId, kind: 'agent', password });
  await db.update(users).set({ installationAdmin: true }).where(eq(users.id, admin.id));
  if (config.adminPassword) {
    log?.info({ email: config.adminEmail }, 'created the first administrator with the password from STEWARD_ADMIN_PASSWORD');
    return { orgId: org.id, adminCreated: true };
  }
  log?.warn(`First administrator created: e-mail ${config.adminEmail} password ${password} (shown only once: sign in and change it)`);
  return { orgId: org.id, adminCreated: true, generatedPassword: password };
}

/**
 * Built-in roles carry the permissions the code defines for them: when a release adds permissions
 * (a new module), every organisation's built-in roles get them at start-up, with an audit row each.
 */
export async function syncBuiltinRoles(db: Db): Promise<number> {
  let changed = 0;
  for (const builtin of builtinRoles) {
    const wanted = [...builtin.permissions].sort();
    const rows = await db.select().from(roles).where(and(eq(roles.builtin, true), eq(roles.key, builtin.key)));
    for (const row of rows) {
      if ([...row.permissions].sort().join(' ') === wanted.join(' ')) continue;
      await inTransaction(systemContext(db, row.orgId, 'upgrade'), async (tx) => {
        await tx.db.update(roles).set({ permissions: wanted, version: row.version + 1 }).where(eq(roles.id, row.id));
        await recordChange(tx, {
          action: 'permissions_synced',
          entityType: 'role',
          entityId: row.id,
          before: { key: row.key, permissions: row.permissions },
          after: { key: row.key, permissions: wanted },
        });
      });
      changed++;
    }
  }
  return changed;
}

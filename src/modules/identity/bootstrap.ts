/** First run: the default organisation and the first administrator. */
import { count, eq } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { users } from '../../platform/auth/schema.ts';
import { generatePassword } from '../../platform/auth/secrets.ts';
import { systemContext } from '../../platform/context.ts';
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

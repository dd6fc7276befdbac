/** `steward users list|create|reset-password`: people administration from the shell, audited as "cli". */
import { Option, type Command } from 'commander';
import { eq, sql } from 'drizzle-orm';
import { loadConfig } from '../config.ts';
import type { Database, Db } from '../db/client.ts';
import { CreatePersonBody, type Person } from '../modules/identity/contract.ts';
import { builtinRoleId, ensureDefaultOrganisation } from '../modules/identity/organisation-service.ts';
import { findPeople } from '../modules/identity/people-query.ts';
import { createPerson, resetPersonPassword } from '../modules/identity/people-service.ts';
import { memberships, organisations, users } from '../platform/auth/schema.ts';
import { systemContext } from '../platform/context.ts';
import { openAndMigrate } from '../runtime.ts';

const orgOption = () => new Option('--org <slug>', 'organisation slug (default: the default organisation)');

/** Registers the `users` command group. */
export function registerUsers(program: Command): void {
  const group = program
    .command('users')
    .description('List people, create them and reset their passwords (changes are audited with the actor "cli")');

  group
    .command('list')
    .description('List the people of an organisation: e-mail, name, role, status and last sign-in')
    .addOption(orgOption())
    .action((opts: { org?: string }) =>
      withDatabase(async (database) => {
        const orgId = await findOrg(database.db, opts.org);
        const rows: string[][] = [];
        const ctx = systemContext(database.db, orgId, 'cli');
        let cursor: string | undefined;
        do {
          const page = await findPeople(ctx, { limit: 200, cursor, sort: 'email' });
          for (const p of page.items) rows.push([p.email, p.name, p.role.name, statusOf(p), p.lastLoginAt?.slice(0, 16).replace('T', ' ') ?? 'never']);
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        console.log(formatTable(['EMAIL', 'NAME', 'ROLE', 'STATUS', 'LAST LOGIN (UTC)'], rows));
        console.log(`${rows.length} ${rows.length === 1 ? 'person' : 'people'}`);
      }),
    );

  group
    .command('create')
    .description('Create a person; without --password a temporary one is generated and printed once')
    .requiredOption('--email <email>', 'e-mail address (the sign-in name)')
    .requiredOption('--name <name>', 'full name')
    .addOption(new Option('--role <role>', 'built-in role').choices(['admin', 'agent', 'read-only', 'requester']).default('requester'))
    .option('--password <password>', 'initial password (at least 12 characters); prefer the generated one, as shell history keeps arguments')
    .addOption(orgOption())
    .action((opts: { email: string; name: string; role: string; password?: string; org?: string }) =>
      withDatabase(async (database) => {
        const orgId = opts.org ? await findOrg(database.db, opts.org) : (await ensureDefaultOrganisation(database.db)).id;
        const roleId = await builtinRoleId(database.db, orgId, opts.role);
        if (!roleId) throw new Error(`The organisation has no built-in ${opts.role} role`);
        const parsed = CreatePersonBody.safeParse({
          email: opts.email,
          name: opts.name,
          roleId,
          ...(opts.password === undefined ? { generatePassword: true } : { password: opts.password }),
        });
        if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('; '));
        const person = await createPerson(systemContext(database.db, orgId, 'cli'), parsed.data);
        console.log(`Created ${person.name} <${person.email}> with the ${person.role.name} role.`);
        if (person.temporaryPassword) console.log(`Temporary password (shown once): ${person.temporaryPassword}`);
      }),
    );

  group
    .command('reset-password')
    .description('Give a person a new temporary password (printed once), end their sessions and unlock the account')
    .argument('<email>', "the person's e-mail address")
    .addOption(orgOption())
    .action((email: string, opts: { org?: string }) =>
      withDatabase(async (database) => {
        const [user] = await database.db.select({ id: users.id, email: users.email }).from(users).where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`);
        if (!user) throw new Error(`No person with e-mail ${email}`);
        const orgId = await orgOfUser(database.db, user.id, opts.org);
        const { temporaryPassword } = await resetPersonPassword(systemContext(database.db, orgId, 'cli'), user.id);
        console.log(`Password of ${user.email} reset; their sessions are ended and the account is unlocked.`);
        console.log(`Temporary password (shown once): ${temporaryPassword}`);
      }),
    );
}

async function withDatabase(work: (database: Database) => Promise<void>): Promise<void> {
  const database = await openAndMigrate(loadConfig());
  try {
    await work(database);
  } finally {
    await database.close();
  }
}

/** The id of the organisation with this slug, or of the default organisation. */
async function findOrg(db: Db, slug: string | undefined): Promise<string> {
  const [org] = await db
    .select({ id: organisations.id })
    .from(organisations)
    .where(slug ? eq(organisations.slug, slug) : eq(organisations.isDefault, true));
  if (org) return org.id;
  throw new Error(slug ? `No organisation with slug ${slug}` : 'No default organisation yet: run `steward seed` (or start Steward once) first');
}

/** The organisation to act in for a person: the one named, else their default-organisation membership, else any. */
async function orgOfUser(db: Db, userId: string, slug: string | undefined): Promise<string> {
  if (slug) return findOrg(db, slug);
  const [row] = await db
    .select({ orgId: memberships.orgId })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.orgId))
    .where(eq(memberships.userId, userId))
    .orderBy(sql`${organisations.isDefault} desc`, organisations.slug)
    .limit(1);
  if (!row) throw new Error('That account belongs to no organisation');
  return row.orgId;
}

function statusOf(person: Person): string {
  if (person.lockedUntil && new Date(person.lockedUntil) > new Date()) return `${person.status} (locked)`;
  return person.status;
}

/** Left-aligned columns separated by two spaces, with a header row. */
function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

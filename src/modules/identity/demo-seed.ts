/**
 * The demo organisation: a realistic IT department and the business around it, loaded into the
 * default organisation through the service layer (so every record is audited), in one transaction.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { systemContext } from '../../platform/context.ts';
import { createDepartment } from './department-service.ts';
import { builtinRoleId, ensureDefaultOrganisation } from './organisation-service.ts';
import { createPerson } from './people-service.ts';
import { departments, teams } from './schema.ts';
import { addTeamMember, createTeam } from './team-service.ts';

/** The password every demo person signs in with (documented; change or disable these accounts in production). */
export const demoPassword = 'Demo-password-2026';
/** The department whose presence marks the demo as already loaded. */
const marker = 'IT Operations';

/** What `seedDemo` created (all zero when the demo was already there). */
export interface DemoSeedResult {
  skipped: boolean;
  departments: number;
  teams: number;
  people: number;
  teamMemberships: number;
}

const departmentNames = [marker, 'Service Desk', 'Security', 'Finance', 'Human Resources', 'Sales', 'Engineering', 'Facilities', 'Marketing', 'Legal', 'Executive Office'];

const teamList: { name: string; description: string; email: string }[] = [
  { name: 'Service Desk L1', description: 'First point of contact: triage, password resets and how-to questions', email: 'servicedesk@example.com' },
  { name: 'Service Desk L2', description: 'Escalations from L1: desktop and application troubleshooting', email: 'servicedesk-l2@example.com' },
  { name: 'Network', description: 'LAN, WAN, Wi-Fi, firewalls and VPN', email: 'network@example.com' },
  { name: 'Servers & Storage', description: 'Virtualisation, Windows and Linux servers, storage and backups', email: 'infrastructure@example.com' },
  { name: 'Security Operations', description: 'Security monitoring, incident response and vulnerability management', email: 'soc@example.com' },
  { name: 'Applications', description: 'Business applications: ERP, CRM and the HR system', email: 'apps@example.com' },
  { name: 'End-User Computing', description: 'Laptops, mobile devices, printers and software deployment', email: 'euc@example.com' },
];

type RoleKey = 'admin' | 'agent' | 'read-only' | 'requester';
/** name, job title, department, role, manager (listed earlier), teams. */
type DemoPerson = [string, string, string, RoleKey, string | null, string[]];

const people: DemoPerson[] = [
  ['Eleanor Whitfield', 'Chief Executive Officer', 'Executive Office', 'requester', null, []],
  ['Julia Rossi', 'Executive Assistant', 'Executive Office', 'requester', 'Eleanor Whitfield', []],
  ['Margaret Okafor', 'Chief Information Officer', 'IT Operations', 'admin', 'Eleanor Whitfield', []],
  ['Daniel Reyes', 'IT Operations Manager', 'IT Operations', 'admin', 'Margaret Okafor', ['Servers & Storage']],
  ['Priya Natarajan', 'Head of Information Security', 'Security', 'admin', 'Margaret Okafor', ['Security Operations']],
  ['Tom Lindqvist', 'Service Desk Manager', 'Service Desk', 'agent', 'Daniel Reyes', ['Service Desk L1', 'Service Desk L2']],
  ['Aisha Bello', 'Service Desk Analyst', 'Service Desk', 'agent', 'Tom Lindqvist', ['Service Desk L1']],
  ['Lucas Moreau', 'Service Desk Analyst', 'Service Desk', 'agent', 'Tom Lindqvist', ['Service Desk L1']],
  ['Hannah Kowalski', 'Service Desk Analyst', 'Service Desk', 'agent', 'Tom Lindqvist', ['Service Desk L1']],
  ['Kenji Watanabe', 'Senior Service Desk Analyst', 'Service Desk', 'agent', 'Tom Lindqvist', ['Service Desk L2']],
  ['Sofia Esposito', 'Desktop Support Specialist', 'Service Desk', 'agent', 'Tom Lindqvist', ['Service Desk L2', 'End-User Computing']],
  ['Marcus Adeyemi', 'Network Engineer', 'IT Operations', 'agent', 'Daniel Reyes', ['Network']],
  ['Elena Petrova', 'Senior Network Engineer', 'IT Operations', 'agent', 'Daniel Reyes', ['Network']],
  ['Ravi Shankar', 'Systems Administrator', 'IT Operations', 'agent', 'Daniel Reyes', ['Servers & Storage']],
  ['Olivia Brennan', 'Storage and Backup Engineer', 'IT Operations', 'agent', 'Daniel Reyes', ['Servers & Storage']],
  ['Jonas Weber', 'End-User Computing Engineer', 'IT Operations', 'agent', 'Daniel Reyes', ['End-User Computing']],
  ['Fatima Haddad', 'Security Analyst', 'Security', 'agent', 'Priya Natarajan', ['Security Operations']],
  ['Connor Walsh', 'Security Engineer', 'Security', 'agent', 'Priya Natarajan', ['Security Operations', 'Network']],
  ['Mei Chen', 'Applications Manager', 'IT Operations', 'agent', 'Margaret Okafor', ['Applications']],
  ['Diego Alvarez', 'Application Support Analyst', 'IT Operations', 'agent', 'Mei Chen', ['Applications']],
  ['Grace Mensah', 'Business Systems Analyst', 'IT Operations', 'agent', 'Mei Chen', ['Applications']],
  ['Catherine Dubois', 'Chief Financial Officer', 'Finance', 'requester', 'Eleanor Whitfield', []],
  ['Robert Fischer', 'Internal Auditor', 'Finance', 'read-only', 'Catherine Dubois', []],
  ['Samuel Osei', 'Financial Controller', 'Finance', 'read-only', 'Catherine Dubois', []],
  ['Laura Jensen', 'Accounts Payable Specialist', 'Finance', 'requester', 'Samuel Osei', []],
  ['Ahmed Karim', 'Payroll Officer', 'Finance', 'requester', 'Samuel Osei', []],
  ['Natalie Brooks', 'HR Director', 'Human Resources', 'requester', 'Eleanor Whitfield', []],
  ['Isabel Santos', 'HR Business Partner', 'Human Resources', 'requester', 'Natalie Brooks', []],
  ['Peter Novak', 'Recruiter', 'Human Resources', 'requester', 'Natalie Brooks', []],
  ['Yuki Tanaka', 'Learning and Development Coordinator', 'Human Resources', 'requester', 'Natalie Brooks', []],
  ["James O'Connor", 'VP Sales', 'Sales', 'requester', 'Eleanor Whitfield', []],
  ['Chloe Martin', 'Account Executive', 'Sales', 'requester', "James O'Connor", []],
  ['Mohammed Al-Rashid', 'Account Executive', 'Sales', 'requester', "James O'Connor", []],
  ['Emily Carter', 'Sales Operations Analyst', 'Sales', 'requester', "James O'Connor", []],
  ['Ben Thompson', 'Business Development Representative', 'Sales', 'requester', "James O'Connor", []],
  ['Zara Ahmed', 'Customer Success Manager', 'Sales', 'requester', "James O'Connor", []],
  ['Viktor Ivanov', 'VP Engineering', 'Engineering', 'requester', 'Eleanor Whitfield', []],
  ['Ana Rodrigues', 'Senior Software Engineer', 'Engineering', 'requester', 'Viktor Ivanov', []],
  ['Noah Goldberg', 'Software Engineer', 'Engineering', 'requester', 'Viktor Ivanov', []],
  ['Lena Schmidt', 'QA Engineer', 'Engineering', 'requester', 'Viktor Ivanov', []],
  ['Arjun Mehta', 'DevOps Engineer', 'Engineering', 'requester', 'Viktor Ivanov', []],
  ['Sarah Kim', 'Product Manager', 'Engineering', 'requester', 'Viktor Ivanov', []],
  ['Patrick Doyle', 'Facilities Manager', 'Facilities', 'requester', 'Eleanor Whitfield', []],
  ['Maria Garcia', 'Office Coordinator', 'Facilities', 'requester', 'Patrick Doyle', []],
  ['Kwame Asante', 'Maintenance Technician', 'Facilities', 'requester', 'Patrick Doyle', []],
  ['Olga Sorensen', 'Marketing Director', 'Marketing', 'requester', 'Eleanor Whitfield', []],
  ['Liam Murphy', 'Content Marketing Manager', 'Marketing', 'requester', 'Olga Sorensen', []],
  ['Camille Laurent', 'Graphic Designer', 'Marketing', 'requester', 'Olga Sorensen', []],
  ['Hiroshi Sato', 'General Counsel', 'Legal', 'requester', 'Eleanor Whitfield', []],
  ['Rebecca Stein', 'Paralegal', 'Legal', 'requester', 'Hiroshi Sato', []],
];

/** The demo e-mail of a person: `first.last@example.com`, plain ASCII. */
export function demoEmail(name: string): string {
  const local = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z\s-]/g, '')
    .trim()
    .split(/\s+/)
    .join('.');
  return `${local}@example.com`;
}

/** Loads the demo organisation once; later calls find the marker department and do nothing. */
export async function seedDemo(db: Db): Promise<DemoSeedResult> {
  const org = await ensureDefaultOrganisation(db);
  const skipped: DemoSeedResult = { skipped: true, departments: 0, teams: 0, people: 0, teamMemberships: 0 };
  if (await idByName(db, departments, org.id, marker)) return skipped;
  return db.transaction(async (txDb) => {
    const ctx = systemContext(txDb as unknown as Db, org.id, 'demo-seed');
    if (await idByName(ctx.db, departments, org.id, marker)) return skipped;
    const result: DemoSeedResult = { skipped: false, departments: 0, teams: 0, people: 0, teamMemberships: 0 };
    const departmentIds = new Map<string, string>();
    for (const name of departmentNames) {
      const existing = await idByName(ctx.db, departments, org.id, name);
      departmentIds.set(name, existing ?? (await createDepartment(ctx, { name })).id);
      if (!existing) result.departments++;
    }
    const teamIds = new Map<string, string>();
    for (const team of teamList) {
      const existing = await idByName(ctx.db, teams, org.id, team.name);
      teamIds.set(team.name, existing ?? (await createTeam(ctx, team)).id);
      if (!existing) result.teams++;
    }
    const roleIds = new Map<RoleKey, string>();
    for (const key of ['admin', 'agent', 'read-only', 'requester'] as const) {
      const id = await builtinRoleId(ctx.db, org.id, key);
      if (!id) throw new Error(`The default organisation has no built-in ${key} role`);
      roleIds.set(key, id);
    }
    const personIds = new Map<string, string>();
    for (const [index, [name, jobTitle, department, roleKey, manager, memberOf]] of people.entries()) {
      const person = await createPerson(ctx, {
        name,
        email: demoEmail(name),
        roleId: roleIds.get(roleKey)!,
        jobTitle,
        phone: `+1 555 01${String(index).padStart(2, '0')}`,
        departmentId: departmentIds.get(department)!,
        managerId: manager ? personIds.get(manager)! : null,
        password: demoPassword,
      });
      personIds.set(name, person.id);
      result.people++;
      for (const team of memberOf) {
        await addTeamMember(ctx, teamIds.get(team)!, person.id);
        result.teamMemberships++;
      }
    }
    return result;
  });
}

/** The id of an organisation's department or team with this name (case-insensitive), if any. */
async function idByName(db: Db, table: typeof departments | typeof teams, orgId: string, name: string): Promise<string | undefined> {
  const [row] = await db
    .select({ id: table.id })
    .from(table)
    .where(and(eq(table.orgId, orgId), sql`lower(${table.name}) = ${name.toLowerCase()}`));
  return row?.id;
}

/** Request and response schemas of the identity API (people, departments, teams, roles, tokens, organisations). */
import { z } from 'zod';
import { pageOf, pageQuery } from '../../platform/http/pagination.ts';
import { allPermissions } from '../../platform/rbac/permissions.ts';

const text = (max: number) => z.string().trim().max(max);
const name = text(200).min(1, 'is required');
// HTML5's definition (what browsers accept): allows single-label domains such as admin@localhost.
const email = z.string().trim().max(254).pipe(z.email({ pattern: z.regexes.html5Email, message: 'must be an e-mail address' })).transform((e) => e.toLowerCase());
const uuid = z.uuid('must be an id');
const isoTime = z.string().describe('ISO 8601 time');
export const version = z.number().int().min(1).describe('The version you read; a stale one gets 409');
const permission = z.enum(allPermissions as [string, ...string[]]);
const search = z.string().trim().max(200).optional().describe('Search text');

export const IdParams = z.strictObject({ id: uuid });
export const Ref = z.object({ id: z.string(), name: z.string() });

export const RoleRef = z.object({ id: z.string(), key: z.string(), name: z.string() });

export const Person = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    status: z.enum(['active', 'disabled']),
    kind: z.enum(['agent', 'requester']),
    role: RoleRef,
    jobTitle: z.string(),
    vip: z.boolean().describe('VIPs can be matched by their own SLA policy'),
    phone: z.string(),
    department: Ref.nullable(),
    manager: Ref.nullable(),
    teams: z.array(Ref),
    lastLoginAt: isoTime.nullable(),
    lockedUntil: isoTime.nullable(),
    createdAt: isoTime,
    updatedAt: isoTime,
    version: z.number().int(),
  })
  .meta({ id: 'Person' });
export type Person = z.infer<typeof Person>;

export const PeopleQuery = z.strictObject({
  q: search,
  role: uuid.optional().describe('Role id'),
  team: uuid.optional().describe('Team id'),
  department: uuid.optional().describe('Department id'),
  status: z.enum(['active', 'disabled']).optional(),
  kind: z.enum(['agent', 'requester']).optional(),
  sort: z.enum(['name', '-name', 'email', '-email', 'createdAt', '-createdAt']).optional(),
  ...pageQuery,
});
export type PeopleQuery = z.infer<typeof PeopleQuery>;

export const CreatePersonBody = z.strictObject({
  name,
  email,
  roleId: uuid,
  kind: z.enum(['agent', 'requester']).optional().describe("Defaults to the role's kind"),
  jobTitle: text(200).optional(),
  phone: text(50).optional(),
  vip: z.boolean().optional(),
  departmentId: uuid.nullable().optional(),
  managerId: uuid.nullable().optional(),
  password: z.string().max(256).optional().describe('Initial password; omit for SSO-only people'),
  generatePassword: z.boolean().optional().describe('Generate a temporary password and return it once'),
});
export type CreatePersonBody = z.infer<typeof CreatePersonBody>;

export const UpdatePersonBody = z.strictObject({
  version,
  name: name.optional(),
  email: email.optional(),
  roleId: uuid.optional(),
  kind: z.enum(['agent', 'requester']).optional(),
  status: z.enum(['active', 'disabled']).optional(),
  jobTitle: text(200).optional(),
  phone: text(50).optional(),
  vip: z.boolean().optional(),
  departmentId: uuid.nullable().optional(),
  managerId: uuid.nullable().optional(),
});
export type UpdatePersonBody = z.infer<typeof UpdatePersonBody>;

export const CreatedPerson = Person.extend({ temporaryPassword: z.string().optional() }).meta({ id: 'CreatedPerson' });
export const TemporaryPassword = z.object({ temporaryPassword: z.string() });
export const EmptyBody = z.strictObject({});

export const Department = z
  .object({ id: z.string(), name: z.string(), peopleCount: z.number().int(), createdAt: isoTime, updatedAt: isoTime, version: z.number().int() })
  .meta({ id: 'Department' });
export type Department = z.infer<typeof Department>;
export const ListQuery = z.strictObject({ q: search, ...pageQuery });
export type ListQuery = z.infer<typeof ListQuery>;
export const CreateDepartmentBody = z.strictObject({ name });
export const UpdateDepartmentBody = z.strictObject({ version, name });

export const Team = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    email: z.string(),
    memberCount: z.number().int(),
    createdAt: isoTime,
    updatedAt: isoTime,
    version: z.number().int(),
  })
  .meta({ id: 'Team' });
export type Team = z.infer<typeof Team>;
export const TeamMember = z.object({ id: z.string(), name: z.string(), email: z.string() });
export const TeamDetail = Team.extend({ members: z.array(TeamMember) }).meta({ id: 'TeamDetail' });
export type TeamDetail = z.infer<typeof TeamDetail>;
export const CreateTeamBody = z.strictObject({ name, description: text(2000).optional(), email: z.union([z.literal(''), email]).optional() });
export type CreateTeamBody = z.infer<typeof CreateTeamBody>;
export const UpdateTeamBody = z.strictObject({
  version,
  name: name.optional(),
  description: text(2000).optional(),
  email: z.union([z.literal(''), email]).optional(),
});
export type UpdateTeamBody = z.infer<typeof UpdateTeamBody>;
export const AddMemberBody = z.strictObject({ userId: uuid });
export const MemberParams = z.strictObject({ id: uuid, userId: uuid });

export const Role = z
  .object({
    id: z.string(),
    key: z.string(),
    name: z.string(),
    description: z.string(),
    builtin: z.boolean(),
    kind: z.enum(['agent', 'requester']),
    permissions: z.array(z.string()),
    peopleCount: z.number().int(),
    version: z.number().int(),
  })
  .meta({ id: 'Role' });
export type Role = z.infer<typeof Role>;
export const CreateRoleBody = z.strictObject({
  name,
  description: text(2000).optional(),
  kind: z.enum(['agent', 'requester']).default('agent'),
  permissions: z.array(permission).max(allPermissions.length).refine((a) => new Set(a).size === a.length, 'must not repeat a permission'),
});
export type CreateRoleBody = z.infer<typeof CreateRoleBody>;
export const UpdateRoleBody = z.strictObject({
  version,
  name: name.optional(),
  description: text(2000).optional(),
  kind: z.enum(['agent', 'requester']).optional(),
  permissions: CreateRoleBody.shape.permissions.optional(),
});
export type UpdateRoleBody = z.infer<typeof UpdateRoleBody>;
export const PermissionList = z.object({ items: z.array(z.object({ key: z.string(), description: z.string() })) });

export const ApiToken = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string(),
    scopes: z.array(z.string()),
    createdAt: isoTime,
    lastUsedAt: isoTime.nullable(),
    expiresAt: isoTime.nullable(),
    revokedAt: isoTime.nullable(),
    owner: z.object({ id: z.string(), name: z.string(), email: z.string() }),
  })
  .meta({ id: 'ApiToken' });
export type ApiToken = z.infer<typeof ApiToken>;
export const TokensQuery = z.strictObject({
  all: z.enum(['true', 'false']).optional().describe("true: everyone's tokens (needs admin:users)"),
  ...pageQuery,
});
export const CreateTokenBody = z.strictObject({
  name,
  scopes: z.array(permission).min(1, 'needs at least one scope').max(allPermissions.length),
  expiresAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 time' }).optional(),
});
export type CreateTokenBody = z.infer<typeof CreateTokenBody>;
export const CreatedToken = z.object({ token: z.string().describe('Shown once; store it now'), apiToken: ApiToken });

export const Organisation = z.object({ id: z.string(), slug: z.string(), name: z.string() }).meta({ id: 'Organisation' });
export const OrganisationList = pageOf(Organisation);
export const CreateOrganisationBody = z.strictObject({
  slug: z.string().trim().min(2).max(60).regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case letters, digits and single hyphens'),
  name,
});
export const AddMembershipBody = z.strictObject({ userId: uuid, roleId: uuid });

export const PersonPage = pageOf(Person);
export const DepartmentPage = pageOf(Department);
export const TeamPage = pageOf(Team);
export const RolePage = pageOf(Role);
export const TokenPage = pageOf(ApiToken);

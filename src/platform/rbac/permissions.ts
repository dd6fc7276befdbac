/**
 * The permission catalogue and the built-in roles. Every route names one of these permissions (or
 * `public` / `authenticated`); services re-check them. Modules add their permissions here as they land.
 */
export const permissionCatalogue = {
  'people:read': 'See people, departments and who has which role',
  'people:write': 'Create and edit people and departments',
  'teams:read': 'See teams and their members',
  'teams:write': 'Create, edit and delete teams and their membership',
  'roles:read': 'See roles and their permissions',
  'roles:write': 'Create, edit and delete custom roles',
  'admin:users': "Reset passwords, lock and unlock accounts, revoke anyone's API tokens",
  'audit:read': 'Read the audit trail',
  'tickets:read': "See every ticket of the organisation, with its internal notes and history",
  'tickets:write': 'Create, assign, update, merge and comment on any ticket',
  'desk:admin': 'Configure the service desk: categories, priority matrix, reopen and auto-close periods',
  'cmdb:read': 'See configuration items, their relationships, impact analysis, classes and locations',
  'cmdb:write': 'Create, update and delete configuration items and their relationships',
  'cmdb:admin': 'Configure the CMDB: classes with their attributes, and the location tree',
  'inventory:write': "Send inventory reports (a host's hardware, OS and installed software) that create or update configuration items; for discovery agents' API tokens",
} as const;

export type Permission = keyof typeof permissionCatalogue;
export const allPermissions = Object.keys(permissionCatalogue) as Permission[];

/**
 * What a route requires: a permission; any signed-in caller (`authenticated`); a person signed in
 * with a session, not an API token (`session`); an installation administrator's session
 * (`installation-admin`); or nobody at all (`public`).
 */
export type RouteAccess = Permission | 'authenticated' | 'session' | 'installation-admin' | 'public';

export function isPermission(value: string): value is Permission {
  return Object.hasOwn(permissionCatalogue, value);
}

/** Permissions that come with another: whoever may write the CMDB may also send it inventory reports. */
export const impliedPermissions: Partial<Record<Permission, readonly Permission[]>> = { 'cmdb:write': ['inventory:write'] };

/** A list of granted permissions with the ones they imply added. */
export function withImplied(list: readonly Permission[]): Permission[] {
  const out = new Set(list);
  for (const p of list) for (const implied of impliedPermissions[p] ?? []) out.add(implied);
  return [...out];
}

export interface BuiltinRole {
  key: 'admin' | 'agent' | 'read-only' | 'requester';
  name: string;
  description: string;
  kind: 'agent' | 'requester';
  permissions: readonly Permission[];
}

export const builtinRoles: readonly BuiltinRole[] = [
  { key: 'admin', name: 'Administrator', description: 'Everything, including people, roles and the audit trail.', kind: 'agent', permissions: allPermissions },
  { key: 'agent', name: 'Agent', description: 'Service-desk and operations staff: works records, sees people and teams.', kind: 'agent', permissions: ['people:read', 'teams:read', 'roles:read', 'tickets:read', 'tickets:write', 'cmdb:read', 'cmdb:write', 'inventory:write'] },
  { key: 'read-only', name: 'Read-only', description: 'Auditors and managers: sees everything, changes nothing.', kind: 'agent', permissions: ['people:read', 'teams:read', 'roles:read', 'audit:read', 'tickets:read', 'cmdb:read'] },
  { key: 'requester', name: 'Requester', description: 'Employees using the self-service portal: their own records only.', kind: 'requester', permissions: [] },
];

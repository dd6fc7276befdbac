/** The permission names the web app checks before showing a section or an action. */
import type { Me } from '../api/types';

export type Permission =
  | 'people:read'
  | 'people:write'
  | 'teams:read'
  | 'teams:write'
  | 'roles:read'
  | 'roles:write'
  | 'admin:users'
  | 'audit:read'
  | 'tickets:read'
  | 'tickets:write'
  | 'desk:admin'
  | 'cmdb:read'
  | 'cmdb:write'
  | 'cmdb:admin';

/** Whether the signed-in user holds a permission (the server checks again; this only hides what would fail). */
export function can(me: Me, permission: Permission): boolean {
  return me.permissions.includes(permission);
}

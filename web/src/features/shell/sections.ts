/** The sections of the app and who may open them; the navbar and the home page list the allowed ones. */
import type { Me } from '../../api/types';
import { can } from '../../session/permissions';

export interface Section {
  to:
    | '/tickets'
    | '/portal'
    | '/portal/new'
    | '/portal/catalog'
    | '/approvals'
    | '/desk/kpis'
    | '/admin/catalog'
    | '/admin/people'
    | '/admin/teams'
    | '/admin/departments'
    | '/admin/roles'
    | '/admin/api-tokens'
    | '/admin/audit'
    | '/admin/categories'
    | '/admin/desk-settings'
    | '/admin/business-calendars'
    | '/admin/sla-policies'
    | '/cmdb'
    | '/admin/ci-classes';
  key:
    | 'tickets'
    | 'portal'
    | 'myRequests'
    | 'newRequest'
    | 'catalog'
    | 'approvals'
    | 'kpis'
    | 'catalogAdmin'
    | 'people' | 'teams' | 'departments' | 'roles' | 'apiTokens' | 'audit' | 'categories' | 'deskSettings' | 'calendars' | 'slaPolicies'
    | 'cmdb'
    | 'ciClasses';
  /** The navbar heading the section sits under. */
  group: 'desk' | 'cmdb' | 'admin';
  visible: (me: Me) => boolean;
}

export const sections: readonly Section[] = [
  { to: '/tickets', key: 'tickets', group: 'desk', visible: (me) => can(me, 'tickets:read') },
  // Requesters see the portal as their own requests; agents can look at it as requesters do.
  { to: '/desk/kpis', key: 'kpis', group: 'desk', visible: (me) => can(me, 'tickets:read') },
  { to: '/portal', key: 'myRequests', group: 'desk', visible: (me) => me.kind === 'requester' },
  { to: '/portal/new', key: 'newRequest', group: 'desk', visible: (me) => me.kind === 'requester' },
  { to: '/portal', key: 'portal', group: 'desk', visible: (me) => me.kind !== 'requester' },
  { to: '/portal/catalog', key: 'catalog', group: 'desk', visible: () => true },
  // Anyone may be asked to approve (a manager, a named person), whatever their role.
  { to: '/approvals', key: 'approvals', group: 'desk', visible: () => true },
  { to: '/cmdb', key: 'cmdb', group: 'cmdb', visible: (me) => can(me, 'cmdb:read') },
  { to: '/admin/people', key: 'people', group: 'admin', visible: (me) => can(me, 'people:read') },
  { to: '/admin/teams', key: 'teams', group: 'admin', visible: (me) => can(me, 'teams:read') },
  { to: '/admin/departments', key: 'departments', group: 'admin', visible: (me) => can(me, 'people:read') },
  { to: '/admin/roles', key: 'roles', group: 'admin', visible: (me) => can(me, 'roles:read') },
  // A token carries a subset of its owner's permissions, so someone with none has nothing to delegate.
  { to: '/admin/api-tokens', key: 'apiTokens', group: 'admin', visible: (me) => me.permissions.length > 0 },
  { to: '/admin/audit', key: 'audit', group: 'admin', visible: (me) => can(me, 'audit:read') },
  { to: '/admin/categories', key: 'categories', group: 'admin', visible: (me) => can(me, 'desk:admin') },
  { to: '/admin/catalog', key: 'catalogAdmin', group: 'admin', visible: (me) => can(me, 'desk:admin') },
  { to: '/admin/desk-settings', key: 'deskSettings', group: 'admin', visible: (me) => can(me, 'desk:admin') },
  { to: '/admin/business-calendars', key: 'calendars', group: 'admin', visible: (me) => can(me, 'desk:admin') },
  { to: '/admin/sla-policies', key: 'slaPolicies', group: 'admin', visible: (me) => can(me, 'desk:admin') },
  { to: '/admin/ci-classes', key: 'ciClasses', group: 'admin', visible: (me) => can(me, 'cmdb:admin') },
];

/** The sections the user may open. */
export function sectionsFor(me: Me): Section[] {
  return sections.filter((s) => s.visible(me));
}

/** The section a path belongs to: the one whose address is the longest prefix of it. */
export function activeSection(allowed: readonly Section[], pathname: string): Section | undefined {
  return allowed
    .filter((s) => pathname === s.to || pathname.startsWith(`${s.to}/`))
    .sort((a, b) => b.to.length - a.to.length)[0];
}

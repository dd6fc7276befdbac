/** The sections of the app and who may open them; the navbar and the home page list the allowed ones. */
import type { Me } from '../../api/types';
import { can } from '../../session/permissions';

export interface Section {
  to: '/admin/people' | '/admin/teams' | '/admin/departments' | '/admin/roles' | '/admin/api-tokens' | '/admin/audit';
  key: 'people' | 'teams' | 'departments' | 'roles' | 'apiTokens' | 'audit';
  visible: (me: Me) => boolean;
}

export const sections: readonly Section[] = [
  { to: '/admin/people', key: 'people', visible: (me) => can(me, 'people:read') },
  { to: '/admin/teams', key: 'teams', visible: (me) => can(me, 'teams:read') },
  { to: '/admin/departments', key: 'departments', visible: (me) => can(me, 'people:read') },
  { to: '/admin/roles', key: 'roles', visible: (me) => can(me, 'roles:read') },
  // A token carries a subset of its owner's permissions, so someone with none has nothing to delegate.
  { to: '/admin/api-tokens', key: 'apiTokens', visible: (me) => me.permissions.length > 0 },
  { to: '/admin/audit', key: 'audit', visible: (me) => can(me, 'audit:read') },
];

/** The sections the user may open. */
export function sectionsFor(me: Me): Section[] {
  return sections.filter((s) => s.visible(me));
}

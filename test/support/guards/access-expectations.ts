/**
 * What the declared access of a route promises each caller, the places where a route refuses more
 * than its declaration says (listed for a decision, each with its reason), and the row-scope rules
 * of lists every signed-in person may read.
 */
import type { MatrixCaller } from './matrix-callers.ts';
import type { ApiRoute } from './openapi-routes.ts';

/** 401 for nobody on a non-public route, 403 for a caller without the permission, else undefined (allowed). */
export function expectedRefusal(route: ApiRoute, c: MatrixCaller): 401 | 403 | undefined {
  if (route.access === 'public') return undefined;
  if (!c.signedIn) return 401;
  if (route.access === 'authenticated') return undefined;
  if (route.access === 'session') return c.isToken ? 403 : undefined;
  if (route.access === 'installation-admin') return !c.isToken && c.installationAdmin ? undefined : 403;
  return c.permissions.has(route.access) ? undefined : 403;
}

export interface AccessGap {
  route: string;
  /** The problem code the route answers with. */
  code: string;
  applies: (c: MatrixCaller) => boolean;
  why: string;
}

/**
 * KNOWN ACCESS GAPS — refusals (403) the declared `access` does not express. Keep this empty by
 * declaring the right access kind (`session`, `installation-admin`, a permission); an entry is for a
 * refusal that must stay undeclared, with its reason. The matrix fails when an entry is no longer
 * observed, so the list cannot go stale.
 */
export const knownAccessGaps: AccessGap[] = [
  {
    route: 'POST /api/v1/tickets/:id/reopen',
    code: 'FORBIDDEN',
    applies: (c) => c.permissions.has('tickets:read') && !c.permissions.has('tickets:write'),
    why: 'Row-level: a reader who can see the ticket is neither its requester nor the service desk, so may not reopen it',
  },
  {
    route: 'POST /api/v1/tickets/:id/confirm',
    code: 'FORBIDDEN',
    applies: (c) => c.permissions.has('tickets:read') && !c.permissions.has('tickets:write'),
    why: 'Row-level: only the requester (or the service desk on their behalf) confirms a resolution',
  },
  {
    route: 'POST /api/v1/tickets/:id/rating',
    code: 'FORBIDDEN',
    applies: (c) => c.permissions.has('tickets:read') && c.label !== 'admin',
    why: "Row-level: only the ticket's requester rates it; the matrix's tickets are the admin's own",
  },
  {
    route: 'POST /api/v1/tickets/:id/comments',
    code: 'FORBIDDEN',
    applies: (c) => c.permissions.has('tickets:read') && !c.permissions.has('tickets:write'),
    why: 'Row-level: a reader who is not the ticket’s requester follows the conversation but does not reply',
  },
  {
    route: 'POST /api/v1/approvals/:id/decision',
    code: 'FORBIDDEN',
    applies: (c) => c.permissions.has('tickets:read') && c.label !== 'admin',
    why: 'Row-level: agents may see any approval but only the person asked decides it; the matrix approvals ask the admin',
  },
];

export interface Viewer {
  userId: string;
  /** Organisations the viewer is a member of. */
  orgIds: readonly string[];
  /** The viewer's effective permissions. */
  permissions: ReadonlySet<string>;
}

/**
 * Row scope of every list a signed-in caller may read without a permission (`authenticated`): an
 * item a viewer may see. A new `authenticated` list must add its rule here; the matrix fails naming it.
 */
export const rowScopeRules: Record<string, (item: any, viewer: Viewer) => boolean> = {
  'GET /api/v1/api-tokens': (item, viewer) => item.owner?.id === viewer.userId,
  'GET /api/v1/organisations': (item, viewer) => viewer.orgIds.includes(item.id),
  'GET /api/v1/tickets': (item, viewer) =>
    viewer.permissions.has('tickets:read') ||
    [item.requester?.id, item.affected?.id, ...(item.watchers ?? []).map((w: { id: string }) => w.id)].includes(viewer.userId),
  // The directory is the organisation's: every member finds every active colleague (the cross-organisation suite checks the boundary).
  'GET /api/v1/people/directory': (item) => typeof item.name === 'string' && !('role' in item) && !('phone' in item),
  'GET /api/v1/approvals': (item, viewer) => item.approver?.id === viewer.userId,
  'GET /api/v1/catalog-items': (item) => item.active === true,
  // The category tree is everyone's (the portal's form needs it); retired categories stay out of the default list.
  'GET /api/v1/categories': (item) => item.active === true,
};

/**
 * Body fields that may legitimately name a record of another organisation: adding an existing
 * account (a service provider's engineer) to this organisation is what the route is for.
 */
export const crossOrgReferenceAllowed = new Set(['POST /api/v1/organisations/current/members userId']);

/**
 * Real records for routes with path parameters, keyed by the collection a parameter indexes
 * (`/api/v1/teams/:id` → `/api/v1/teams`; `/api/v1/teams/:id/members/:userId` → `/api/v1/teams/:id/members`).
 * A new resource with `:id` routes needs one entry here; the guard suites fail naming any that lacks it.
 */
import type { LightMyRequestResponse } from 'fastify';
import type { Caller } from '../app.ts';
import { multipart } from '../multipart.ts';
import type { ApiRoute } from './openapi-routes.ts';

export interface FixtureScope {
  /** An administrator acting in the organisation the records belong to. */
  admin: Caller;
  /** Ids of the parameters resolved so far (a member needs its team). */
  params: Record<string, string>;
}

type Maker = (scope: FixtureScope) => Promise<string>;

let counter = 0;
/** A short string unique within the test run, for names and e-mails. */
export const unique = () => `${process.pid.toString(36)}${Date.now().toString(36)}${(++counter).toString(36)}`;

/** The JSON of a 200/201 answer; throws with the answer otherwise. */
export function created(res: LightMyRequestResponse, what: string): any {
  if (res.statusCode !== 200 && res.statusCode !== 201) throw new Error(`fixture ${what}: ${res.statusCode} ${res.body.slice(0, 300)}`);
  return res.json();
}

/** The id of a role by key (built-in `admin`, `agent`, `read-only`, `requester`) in the caller's organisation. */
export async function roleIdByKey(admin: Caller, key: string): Promise<string> {
  const roles = created(await admin.get('/api/v1/roles?limit=200'), 'role list').items as { id: string; key: string }[];
  const role = roles.find((r) => r.key === key);
  if (!role) throw new Error(`no role ${key}`);
  return role.id;
}

async function makePerson({ admin }: FixtureScope): Promise<string> {
  const u = unique();
  const body = { name: `Guard person ${u}`, email: `guard.${u}@example.test`, roleId: await roleIdByKey(admin, 'requester') };
  return created(await admin.post('/api/v1/people', body), 'person').id;
}

async function makeCi({ admin }: FixtureScope): Promise<string> {
  return created(await admin.post('/api/v1/configuration-items', { name: `Guard item ${unique()}`, class: 'server', attributes: { cpuCores: 2 } }), 'configuration item').id;
}

export const fixtureMakers: Record<string, Maker> = {
  '/api/v1/people': makePerson,
  '/api/v1/people/directory': makePerson,
  '/api/v1/teams': async ({ admin }) => created(await admin.post('/api/v1/teams', { name: `Guard team ${unique()}` }), 'team').id,
  '/api/v1/teams/:id/members': async (scope) => {
    const person = await makePerson(scope);
    created(await scope.admin.post(`/api/v1/teams/${scope.params.id}/members`, { userId: person }), 'team member');
    return person;
  },
  '/api/v1/departments': async ({ admin }) => created(await admin.post('/api/v1/departments', { name: `Guard department ${unique()}` }), 'department').id,
  '/api/v1/roles': async ({ admin }) =>
    created(await admin.post('/api/v1/roles', { name: `Guard role ${unique()}`, permissions: ['people:read'] }), 'custom role').id,
  // A catalogue request with one open fulfilment task, so task routes have a real task on the ticket.
  '/api/v1/tickets': async ({ admin }) => {
    const team = created(await admin.post('/api/v1/teams', { name: `Guard fulfilment ${unique()}` }), 'team').id;
    const item = created(await admin.post('/api/v1/catalog-items', { name: `Guard item ${unique()}`, groupId: team, tasks: [{ title: 'Guard task', groupId: team }] }), 'catalogue item');
    return created(await admin.post(`/api/v1/catalog-items/${item.id}/requests`, { values: {} }), 'ticket').id;
  },
  '/api/v1/tickets/:id/tasks': async ({ admin, params }) => created(await admin.get(`/api/v1/tickets/${params.id}/tasks`), 'tasks').items[0].id,
  '/api/v1/desk/groups': async ({ admin }) => created(await admin.post('/api/v1/teams', { name: `Guard routed team ${unique()}` }), 'team').id,
  '/api/v1/ticket-views': async ({ admin }) => created(await admin.post('/api/v1/ticket-views', { name: `Guard view ${unique()}`, filters: { view: 'open' } }), 'saved view').id,
  '/api/v1/catalog-items': async ({ admin }) => created(await admin.post('/api/v1/catalog-items', { name: `Guard item ${unique()}` }), 'catalogue item').id,
  // The item's form gains a configuration-item question; its key (unique, so the other organisation's differs) is the parameter.
  '/api/v1/catalog-items/:id/fields': async ({ admin, params }) => {
    const item = created(await admin.get(`/api/v1/catalog-items/${params.id}`), 'catalogue item');
    const key = `device_${unique().toLowerCase().replace(/[^a-z0-9]/g, '')}`.slice(0, 40);
    const form = [{ key, label: 'Device', type: 'ci', ciClasses: ['server'] }];
    created(await admin.patch(`/api/v1/catalog-items/${params.id}`, { version: item.version, form }), 'catalogue item');
    return key;
  },
  // An approval the administrator is asked for.
  '/api/v1/approvals': async ({ admin }) => {
    const me = created(await admin.get('/api/v1/auth/session'), 'session').user.id;
    const item = created(await admin.post('/api/v1/catalog-items', { name: `Guard approval ${unique()}`, approvals: [{ kind: 'people', userIds: [me] }] }), 'catalogue item');
    const ticket = created(await admin.post(`/api/v1/catalog-items/${item.id}/requests`, { values: {} }), 'request');
    return created(await admin.get(`/api/v1/approvals?ticket=${ticket.id}`), 'approvals').items[0].id;
  },
  '/api/v1/tickets/:id/attachments': async ({ admin, params }) =>
    created(
      await admin.request({ method: 'POST', url: `/api/v1/tickets/${params.id}/attachments`, ...multipart({ fileName: `guard-${unique()}.txt`, contentType: 'text/plain', content: 'guard file' }) }),
      'attachment',
    ).id,
  '/api/v1/mailboxes': async ({ admin }) => created(await admin.post('/api/v1/mailboxes', { address: `guard-${unique()}@mail.example.test`, name: 'Guard mailbox' }), 'mailbox').id,
  '/api/v1/notification-templates': async ({ admin }) =>
    created(await admin.get('/api/v1/notification-templates'), 'notification templates').items.find((x: { event: string }) => x.event === 'public_reply').id,
  '/api/v1/categories': async ({ admin }) => created(await admin.post('/api/v1/categories', { name: `Guard category ${unique()}` }), 'category').id,
  '/api/v1/business-calendars': async ({ admin }) =>
    created(
      await admin.post('/api/v1/business-calendars', {
        name: `Guard calendar ${unique()}`,
        spec: { timeZone: 'Europe/Paris', alwaysOpen: false, hours: { mon: [{ start: '08:00', end: '18:00' }] }, holidays: [] },
      }),
      'business calendar',
    ).id,
  '/api/v1/sla-policies': async ({ admin }) =>
    created(await admin.post('/api/v1/sla-policies', { name: `Guard policy ${unique()}`, targets: { response: { '3': 60 }, resolution: { '3': 480 }, ola: {} } }), 'SLA policy').id,
  '/api/v1/configuration-items': makeCi,
  '/api/v1/relationships': async (scope) => {
    const [sourceId, targetId] = [await makeCi(scope), await makeCi(scope)];
    return created(await scope.admin.post('/api/v1/relationships', { sourceId, type: 'depends_on', targetId }), 'relationship').id;
  },
  '/api/v1/ci-classes': async ({ admin }) =>
    created(await admin.post('/api/v1/ci-classes', { key: `guard_${unique()}`, name: `Guard class ${unique()}`, customAttributes: [{ key: 'note', label: 'Note', type: 'text' }] }), 'CI class').id,
  '/api/v1/locations': async ({ admin }) => created(await admin.post('/api/v1/locations', { kind: 'site', name: `Guard site ${unique()}` }), 'location').id,
  // A title, made by recording software by hand on a new item.
  '/api/v1/software': async (scope) => {
    const ci = await makeCi(scope);
    return created(await scope.admin.post(`/api/v1/configuration-items/${ci}/software`, { name: `Guard app ${unique()}`, publisher: 'Guard Ltd' }), 'installation').title.id;
  },
  '/api/v1/configuration-items/:id/software': async ({ admin, params }) =>
    created(await admin.post(`/api/v1/configuration-items/${params.id}/software`, { name: `Guard app ${unique()}`, publisher: 'Guard Ltd', softwareVersion: '1.0' }), 'installation').id,
  '/api/v1/software-aliases': async ({ admin }) => created(await admin.post('/api/v1/software-aliases', { name: `Guard ${unique()}*`, toName: 'Guard app' }), 'software alias').id,
  // Per user, so the assignment routes have a person to assign.
  '/api/v1/licences': async ({ admin }) =>
    created(await admin.post('/api/v1/licences', { name: `Guard licence ${unique()}`, software: { name: 'Guard licensed app', publisher: 'Guard Ltd' }, metric: 'per_user', quantity: 5 }), 'licence').id,
  '/api/v1/licences/:id/assignments': async (scope) => {
    const person = await makePerson(scope);
    return created(await scope.admin.post(`/api/v1/licences/${scope.params.id}/assignments`, { userId: person }), 'licence assignment').id;
  },
  // A CSV of two configuration items, uploaded (not run): runs, cancels and reads act on it.
  '/api/v1/imports': async ({ admin }) =>
    created(
      await admin.request({
        method: 'POST',
        url: '/api/v1/imports',
        ...multipart({ fileName: `guard-${unique()}.csv`, contentType: 'text/csv', content: `Name,Class\r\nguard-${unique()},server\r\nguard-${unique()},laptop\r\n` }, { kind: 'configuration_items' }),
      }),
      'import',
    ).id,
  '/api/v1/api-tokens': async ({ admin }) =>
    created(await admin.post('/api/v1/api-tokens', { name: `Guard token ${unique()}`, scopes: ['people:read'] }), 'API token').apiToken.id,
};

/**
 * Body fields that refer to records, by name, with the collection they point into. The fuzzer offers
 * real ids for them; the organisation suite swaps in another organisation's ids.
 */
export const referenceFields: Record<string, string> = {
  roleId: '/api/v1/roles',
  role: '/api/v1/roles',
  departmentId: '/api/v1/departments',
  department: '/api/v1/departments',
  managerId: '/api/v1/people',
  userId: '/api/v1/people',
  actorId: '/api/v1/people',
  team: '/api/v1/teams',
  requesterId: '/api/v1/people',
  affectedId: '/api/v1/people',
  assigneeId: '/api/v1/people',
  watcherIds: '/api/v1/people',
  groupId: '/api/v1/teams',
  defaultGroupId: '/api/v1/teams',
  group: '/api/v1/teams',
  categoryId: '/api/v1/categories',
  defaultCategoryId: '/api/v1/categories',
  parentId: '/api/v1/tickets',
  intoId: '/api/v1/tickets',
  calendarId: '/api/v1/business-calendars',
  entityId: '/api/v1/teams',
  class: '/api/v1/ci-classes',
  locationId: '/api/v1/locations',
  location: '/api/v1/locations',
  ownerId: '/api/v1/people',
  owner: '/api/v1/people',
  supportGroupId: '/api/v1/teams',
  supportGroup: '/api/v1/teams',
  sourceId: '/api/v1/configuration-items',
  targetId: '/api/v1/configuration-items',
  affectedCis: '/api/v1/configuration-items',
  ciId: '/api/v1/configuration-items',
  titleId: '/api/v1/software',
};

/** Each path parameter of a route URL with the collection it indexes. */
export function parameterCollections(url: string): { param: string; collection: string }[] {
  const segments = url.split('/');
  return segments.flatMap((seg, i) => (seg.startsWith(':') ? [{ param: seg.slice(1), collection: segments.slice(0, i).join('/') }] : []));
}

/** Failure lines for routes whose path parameters have no fixture. */
export function missingFixtures(routes: ApiRoute[]): string[] {
  return routes.flatMap((r) =>
    parameterCollections(r.url)
      .filter(({ collection }) => !fixtureMakers[collection])
      .map(({ collection }) => `${r.name}: add a fixture for ${collection} in test/support/guards/fixtures.ts`),
  );
}

/** The route URL with real ids: new records, or (with `cache`) records shared by every caller of the same collection. */
export async function resolvePath(url: string, admin: Caller, opts: { cache?: Map<string, string> } = {}): Promise<{ url: string; params: Record<string, string> }> {
  const params: Record<string, string> = {};
  for (const { param, collection } of parameterCollections(url)) {
    const maker = fixtureMakers[collection];
    if (!maker) throw new Error(`${url}: add a fixture for ${collection} in test/support/guards/fixtures.ts`);
    const key = collection.replace(/:(\w+)/g, (_m, p: string) => params[p] ?? p);
    const cached = opts.cache?.get(key);
    params[param] = cached ?? (await maker({ admin, params: { ...params } }));
    if (!cached) opts.cache?.set(key, params[param]!);
  }
  return { url: url.replace(/:(\w+)/g, (_m, p: string) => params[p]!), params };
}

/**
 * A valid request body per route, for the matrix to send as each caller. Routes not listed here get
 * a body generated from their OpenAPI request schema (reproducibly, from the fuzz seed).
 */
import fc from 'fast-check';
import type { Caller } from '../app.ts';
import { created, fixtureMakers, roleIdByKey, unique } from './fixtures.ts';
import { fuzzSettings } from './fuzz-settings.ts';
import type { Account } from './matrix-callers.ts';
import type { ApiRoute } from './openapi-routes.ts';
import { validValue } from './schema-values.ts';

export interface ExampleContext {
  /** The route URL with real ids. */
  url: string;
  /** An administrator in the organisation of the records (reads their current version). */
  admin: Caller;
  /** Permissions of the caller who will send the body. */
  permissions: ReadonlySet<string>;
  /** The sender's account, when it has one. */
  account?: Account;
  /** An account anyone may sign in with. */
  loginAccount: Account;
  /** Makes a person who belongs to another organisation only. */
  outsider(): Promise<string>;
}

export interface Example {
  body: unknown;
  /** Bookkeeping after a 2xx (a changed password). */
  onSuccess?: () => void;
}

const versionOf = async (c: ExampleContext): Promise<number> => created(await c.admin.get(c.url), `read ${c.url}`).version;
/** The version of the configuration item an action route (`…/:id/check-out`) acts on. */
const itemVersion = async (c: ExampleContext): Promise<number> => {
  const url = c.url.replace(/\/[a-z-]+$/, '');
  return created(await c.admin.get(url), `read ${url}`).version;
};

export const exampleBodies: Record<string, (c: ExampleContext) => Example | Promise<Example>> = {
  'POST /api/v1/auth/login': (c) => ({ body: { email: c.loginAccount.email, password: c.loginAccount.password } }),
  'PUT /api/v1/auth/session/organisation': () => ({ body: { organisation: 'default' } }),
  'POST /api/v1/auth/password': (c) => {
    const account = c.account ?? { email: 'nobody@example.test', password: 'Not-the-password-1' };
    const next = `Guard-password-${unique()}`;
    return {
      body: { currentPassword: account.password, newPassword: next },
      onSuccess: () => {
        account.password = next;
      },
    };
  },
  'POST /api/v1/organisations': () => {
    const u = unique();
    return { body: { slug: `guards-${u}`, name: `Guards ${u}` } };
  },
  'POST /api/v1/organisations/current/members': async (c) => ({ body: { userId: await c.outsider(), roleId: await roleIdByKey(c.admin, 'agent') } }),
  'POST /api/v1/people': async (c) => {
    const u = unique();
    return { body: { name: `Example person ${u}`, email: `example.${u}@example.test`, roleId: await roleIdByKey(c.admin, 'requester'), jobTitle: 'Technician' } };
  },
  'PATCH /api/v1/people/:id': async (c) => ({ body: { version: await versionOf(c), jobTitle: `Changed ${unique()}` } }),
  'POST /api/v1/people/:id/reset-password': () => ({ body: {} }),
  'POST /api/v1/people/:id/unlock': () => ({ body: {} }),
  'POST /api/v1/teams': () => ({ body: { name: `Example team ${unique()}`, description: 'Example' } }),
  'PATCH /api/v1/teams/:id': async (c) => ({ body: { version: await versionOf(c), description: `Changed ${unique()}` } }),
  'POST /api/v1/teams/:id/members': async (c) => ({ body: { userId: await fixtureMakers['/api/v1/people']!({ admin: c.admin, params: {} }) } }),
  'POST /api/v1/departments': () => ({ body: { name: `Example department ${unique()}` } }),
  'PATCH /api/v1/departments/:id': async (c) => ({ body: { version: await versionOf(c), name: `Renamed department ${unique()}` } }),
  'POST /api/v1/roles': (c) => ({ body: { name: `Example role ${unique()}`, permissions: [...c.permissions].slice(0, 1) } }),
  'PATCH /api/v1/roles/:id': async (c) => ({ body: { version: await versionOf(c), description: `Changed ${unique()}` } }),
  'POST /api/v1/api-tokens': (c) => ({ body: { name: `Example token ${unique()}`, scopes: [[...c.permissions][0] ?? 'people:read'] } }),
  'POST /api/v1/tickets': () => ({ body: { type: 'incident', title: `Example ticket ${unique()}`, description: 'The **printer** is jammed', urgency: 'high' } }),
  'PATCH /api/v1/tickets/:id': async (c) => ({ body: { version: await versionOf(c), title: `Changed ${unique()}` } }),
  'POST /api/v1/tickets/:id/comments': () => ({ body: { text: `A reply ${unique()}`, visibility: 'public' } }),
  'POST /api/v1/categories': () => ({ body: { name: `Example category ${unique()}` } }),
  'PATCH /api/v1/categories/:id': async (c) => ({ body: { version: await versionOf(c), description: `Changed ${unique()}` } }),
  'PATCH /api/v1/business-calendars/:id': async (c) => ({ body: { version: await versionOf(c), name: `Renamed calendar ${unique()}` } }),
  'PATCH /api/v1/sla-policies/:id': async (c) => ({ body: { version: await versionOf(c), description: `Changed ${unique()}` } }),
  'POST /api/v1/mailboxes': () => ({ body: { address: `example-${unique()}@mail.example.test`, name: `Example mailbox ${unique()}` } }),
  'PATCH /api/v1/mailboxes/:id': async (c) => ({ body: { version: await versionOf(c), name: `Renamed mailbox ${unique()}` } }),
  'PUT /api/v1/notification-templates/:id': async (c) => ({
    body: { version: await versionOf(c), subject: 'Re: [{{ticket.key}}] {{ticket.title}}', text: `{{comment.text}}\n${unique()} {{ticket.url}}` },
  }),
  'PATCH /api/v1/notification-templates/:id': async (c) => ({ body: { version: await versionOf(c), text: `Changed ${unique()}: {{comment.text}}` } }),
  'POST /api/v1/ticket-views': () => ({ body: { name: `Example view ${unique()}`, filters: { view: 'mine', priority: '1,2' }, shared: false } }),
  'PATCH /api/v1/ticket-views/:id': async (c) => ({ body: { version: await versionOf(c), name: `Renamed view ${unique()}` } }),
  'POST /api/v1/catalog-items': () => ({ body: { name: `Example item ${unique()}`, description: 'A **thing**', form: [{ key: 'why', label: 'Why', type: 'text', required: false }] } }),
  'PATCH /api/v1/catalog-items/:id': async (c) => ({ body: { version: await versionOf(c), description: `Changed ${unique()}` } }),
  'POST /api/v1/catalog-items/:id/requests': () => ({ body: { values: {}, note: `Example request ${unique()}` } }),
  'POST /api/v1/configuration-items': () => ({ body: { name: `Example item ${unique()}`, class: 'server', environment: 'production', attributes: { cpuCores: 4, os: 'Ubuntu' } } }),
  'PATCH /api/v1/configuration-items/:id': async (c) => ({ body: { version: await versionOf(c), description: `Changed ${unique()}` } }),
  'POST /api/v1/configuration-items/:id/lifecycle': async (c) => ({ body: { version: await itemVersion(c), state: 'in_repair', note: `Example repair ${unique()}` } }),
  'POST /api/v1/configuration-items/:id/check-out': async (c) => ({
    body: { version: await itemVersion(c), userId: await fixtureMakers['/api/v1/people']!({ admin: c.admin, params: {} }), note: `Example check-out ${unique()}` },
  }),
  // The fixture item is in stock: check it out first, so there is something to check in.
  'POST /api/v1/configuration-items/:id/check-in': async (c) => {
    const location = await fixtureMakers['/api/v1/locations']!({ admin: c.admin, params: {} });
    const out = await c.admin.post(c.url.replace(/\/check-in$/, '/check-out'), { version: await itemVersion(c), locationId: location });
    return { body: { version: out.statusCode === 200 ? out.json().version : 1, note: `Example check-in ${unique()}` } };
  },
  'POST /api/v1/relationships': async (c) => {
    const scope = { admin: c.admin, params: {} };
    return { body: { sourceId: await fixtureMakers['/api/v1/configuration-items']!(scope), type: 'runs_on', targetId: await fixtureMakers['/api/v1/configuration-items']!(scope) } };
  },
  'POST /api/v1/ci-classes': () => ({ body: { key: `example_${unique()}`, name: `Example class ${unique()}`, customAttributes: [{ key: 'room', label: 'Room', type: 'text' }] } }),
  'PATCH /api/v1/ci-classes/:id': async (c) => ({ body: { version: await versionOf(c), description: `Changed ${unique()}` } }),
  'POST /api/v1/locations': () => ({ body: { kind: 'site', name: `Example site ${unique()}` } }),
  // The fixture's file has Name and Class columns, so the suggested mapping is complete.
  'POST /api/v1/imports/:id/run': () => ({ body: { mode: 'dry_run' } }),
  'PATCH /api/v1/locations/:id': async (c) => ({ body: { version: await versionOf(c), description: `Changed ${unique()}` } }),
  'POST /api/v1/configuration-items/:id/software': () => ({ body: { name: `Example app ${unique()} 2.1 (x64)`, publisher: 'Example Software Ltd', softwareVersion: '2.1.0', installDate: '2025-03-01' } }),
  // With an item of one organisation and an installation of another (the cross-organisation suite) there is nothing to read.
  'PATCH /api/v1/configuration-items/:id/software/:installationId': async (c) => {
    const read = await c.admin.get(c.url);
    return { body: { version: read.statusCode === 200 ? read.json().version : 1, installDate: '2025-04-01' } };
  },
  'POST /api/v1/software/:id/usage-peaks': () => ({ body: { date: '2026-01-15', peak: 3 } }),
  'POST /api/v1/software-aliases': () => ({ body: { publisher: 'Example*', name: `Example app ${unique()}*`, toName: 'Example app' } }),
  'PATCH /api/v1/software-aliases/:id': async (c) => ({ body: { version: await versionOf(c), toName: `Changed ${unique()}` } }),
  'POST /api/v1/licences': () => ({ body: { name: `Example licence ${unique()}`, software: { name: 'Example licensed app', publisher: 'Example Software Ltd' }, metric: 'per_user', quantity: 10, unitCost: 1200, currency: 'EUR' } }),
  'PATCH /api/v1/licences/:id': async (c) => ({ body: { version: await versionOf(c), notes: `Changed ${unique()}` } }),
  'POST /api/v1/licences/:id/assignments': async (c) => ({ body: { userId: await fixtureMakers['/api/v1/people']!({ admin: c.admin, params: {} }) } }),
  // With a ticket of one organisation and a task of another (the cross-organisation suite) there is nothing to read.
  'PATCH /api/v1/tickets/:id/tasks/:taskId': async (c) => {
    const read = await c.admin.get(c.url);
    return { body: { version: read.statusCode === 200 ? read.json().version : 1, notes: `Changed ${unique()}` } };
  },
};

/** The route's example body, one generated from its request schema, or undefined when it takes none. */
export async function exampleFor(route: ApiRoute, c: ExampleContext): Promise<Example | undefined> {
  const make = exampleBodies[route.name];
  if (make) return make(c);
  if (!route.body) return undefined;
  return { body: fc.sample(validValue(route.body), { seed: fuzzSettings.seed, numRuns: 1 })[0] };
}

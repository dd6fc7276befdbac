/**
 * Optimistic concurrency on every updatable resource (PATCH with a required `version`): two updates
 * sent at once with the same version → exactly one 200 and one 409 VERSION_CONFLICT, and the stored
 * record is the winner's. Runs on PGlite and, with TEST_DATABASE_URL, on PostgreSQL.
 */
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type Caller, type TestApp } from '../support/app.ts';
import { created, missingFixtures, resolvePath, unique } from '../support/guards/fixtures.ts';
import { GuardLog } from '../support/guards/guard-log.ts';
import { exampleBodies } from '../support/guards/example-bodies.ts';
import { fixtureMakers } from '../support/guards/fixtures.ts';
import { apiRoutes, loadSpec, resolveRefs, type ApiRoute, type OpenApiSpec } from '../support/guards/openapi-routes.ts';
import { humanKeyPattern, parseHumanKey } from '../../src/platform/keys/human-keys.ts';
import { isFreeTextSchema } from '../support/guards/schema-values.ts';

const log = new GuardLog('concurrency');
const rounds = 3;
let t: TestApp;
let admin: Caller;
let patchRoutes: ApiRoute[];
let keyedCreates: ApiRoute[];

/** POST routes whose 201 answer carries a human key (`key` declared with the `HumanKey` schema, e.g. INC-1042). */
function humanKeyCreates(routes: ApiRoute[], spec: OpenApiSpec): ApiRoute[] {
  return routes.filter((r) => {
    if (r.method !== 'POST') return false;
    const op = spec.paths[r.url.replace(/:(\w+)/g, '{$1}')]?.post as { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> } | undefined;
    const schema = op?.responses?.['201']?.content?.['application/json']?.schema;
    const key = schema ? (resolveRefs(schema as never, spec).properties?.key as { pattern?: string } | undefined) : undefined;
    return key?.pattern === humanKeyPattern;
  });
}

beforeAll(async () => {
  t = await makeTestApp();
  admin = await t.admin();
  const spec = await loadSpec(t);
  const routes = apiRoutes(t.app.routeInventory, spec);
  patchRoutes = routes.filter((r) => r.method === 'PATCH');
  keyedCreates = humanKeyCreates(routes, spec);
});

afterAll(async () => {
  log.print();
  log.write();
  await t?.close();
});

interface Race {
  field: string;
  /** The value each side sends; the two always differ. */
  value(side: 0 | 1): unknown;
}

/**
 * The field two racing updates set to different values: a free-text field (not e-mail: that one is
 * normalised), else a bounded integer, else a boolean (a settings record may have no text at all).
 */
function raceField(route: ApiRoute): Race | undefined {
  const fields = Object.entries(route.body?.properties ?? {}).filter(([k]) => k !== 'version');
  const text = fields.find(([k, s]) => isFreeTextSchema(s) && !/email|password/i.test(k))?.[0];
  if (text) return { field: text, value: (side) => `Race ${'AB'[side]} ${unique()}` };
  const number = fields.find(([, s]) => s.type === 'integer' && typeof s.minimum === 'number' && typeof s.maximum === 'number' && s.maximum - s.minimum >= 3);
  if (!number) {
    const flag = fields.find(([, s]) => s.type === 'boolean')?.[0];
    return flag ? { field: flag, value: (side) => side === 0 } : undefined;
  }
  const [field, schema] = number as [string, { minimum: number; maximum: number }];
  const base = schema.minimum + 1 + Math.floor(Math.random() * (schema.maximum - schema.minimum - 2));
  return { field, value: (side) => base + side };
}

const withoutUpdatedAt = (record: Record<string, unknown>) => ({ ...record, updatedAt: undefined });

describe('concurrent updates', () => {
  it('every PATCH route requires a version, has a fixture and a text field to race on', () => {
    expect(patchRoutes.length).toBeGreaterThan(0);
    const wrong = [
      ...patchRoutes.filter((r) => !r.body?.required?.includes('version')).map((r) => `${r.name}: body does not require "version" (optimistic concurrency)`),
      ...missingFixtures(patchRoutes),
      ...patchRoutes.filter((r) => !raceField(r)).map((r) => `${r.name}: no free-text field to race on; teach concurrency.test.ts another way to vary the update`),
    ];
    expect(wrong).toEqual([]);
  });

  it('lets exactly one of two same-version updates win, and stores the winner', async () => {
    const wrong: string[] = [];
    for (const route of patchRoutes.filter((r) => r.body?.required?.includes('version') && raceField(r) && !missingFixtures([r]).length)) {
      const race = raceField(route)!;
      const field = race.field;
      const { url } = await resolvePath(route.url, admin);
      for (let round = 0; round < rounds; round++) {
        const { version } = created(await admin.get(url), `read ${route.name}`);
        const bodies = ([0, 1] as const).map((side) => ({ version, [field]: race.value(side) }));
        const answers = await Promise.all(bodies.map((body) => admin.request({ method: 'PATCH', url, payload: body })));
        answers.forEach((res, i) => log.record(route.name, { method: 'PATCH', url, payload: bodies[i] }, res));
        const statuses = answers.map((r) => r.statusCode).sort();
        const where = `${route.name} round ${round + 1} (version ${version}, ${field})`;
        if (statuses.join() !== '200,409') {
          wrong.push(`${where}: statuses ${statuses.join(', ')}: ${answers.map((r) => r.body.slice(0, 200)).join(' | ')}`);
          continue;
        }
        const winner = answers.find((r) => r.statusCode === 200)!.json();
        const loser = answers.find((r) => r.statusCode === 409)!.json();
        if (loser.code !== 'VERSION_CONFLICT') wrong.push(`${where}: 409 with code ${loser.code}, expected VERSION_CONFLICT`);
        const winnerBody = bodies[answers.findIndex((r) => r.statusCode === 200)]!;
        if (winner[field] !== winnerBody[field]) wrong.push(`${where}: winner's answer has ${field}=${JSON.stringify(winner[field])}, sent ${JSON.stringify(winnerBody[field])}`);
        if (winner.version !== version + 1) wrong.push(`${where}: winner's version ${winner.version}, expected ${version + 1}`);
        const stored = await admin.get(url);
        log.record(route.name.replace('PATCH', 'GET'), { method: 'GET', url }, stored);
        if (!isDeepStrictEqual(withoutUpdatedAt(stored.json()), withoutUpdatedAt(winner))) {
          wrong.push(`${where}: stored ${stored.body.slice(0, 300)} differs from the winner's answer ${JSON.stringify(winner).slice(0, 300)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  // Activates by itself when a create route answers with a human key (INC-…, CHG-…): the first ones
  // arrive with the service desk. The allocator itself is tested in src/platform/keys/human-keys.test.ts.
  it('parallel creates of records with human keys get distinct, consecutive keys', { timeout: 60_000 }, async (ctx) => {
    if (keyedCreates.length === 0) ctx.skip('no route answers with a human key yet');
    const wrong: string[] = [];
    for (const route of keyedCreates) {
      const example = exampleBodies[route.name];
      if (!example) {
        wrong.push(`${route.name}: answers with a human key; add an example body to test/support/guards/example-bodies.ts`);
        continue;
      }
      const { url } = await resolvePath(route.url, admin);
      const context = { url, admin, permissions: new Set<string>(), loginAccount: { email: 'admin@localhost', password: '' }, outsider: () => fixtureMakers['/api/v1/people']!({ admin, params: {} }) };
      const bodies = await Promise.all(Array.from({ length: 30 }, () => example(context)));
      const answers = await Promise.all(bodies.map((e) => admin.request({ method: 'POST', url, payload: e.body as never })));
      const keys = answers.filter((r) => r.statusCode === 201).map((r) => String(r.json().key));
      if (keys.length !== answers.length) wrong.push(`${route.name}: ${answers.length - keys.length} of ${answers.length} parallel creates failed`);
      const numbers = keys.map((k) => parseHumanKey(k)?.number ?? Number.NaN).sort((a, b) => a - b);
      if (new Set(numbers).size !== numbers.length) wrong.push(`${route.name}: duplicate keys ${keys.join(', ')}`);
      if (numbers.some((n, i) => i > 0 && n !== numbers[i - 1]! + 1)) wrong.push(`${route.name}: skipped keys ${keys.sort().join(', ')}`);
    }
    expect(wrong).toEqual([]);
  });

  it('never leaks stack traces, SQL or internal column names in an error answer', () => {
    expect(log.leaks).toEqual([]);
  });
});

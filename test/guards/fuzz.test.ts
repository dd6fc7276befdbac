/**
 * Input fuzzing of every route with a body or query, generated from its OpenAPI schema: invalid
 * input → 400 problem+json naming the field; valid input → 2xx or a documented 4xx, and created
 * records keep their text byte for byte. Never a 5xx. Seeded: FUZZ_SEED, FUZZ_RUNS, FUZZ_PATH.
 */
import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type Caller } from '../support/app.ts';
import { created, fixtureMakers, referenceFields, resolvePath } from '../support/guards/fixtures.ts';
import { fuzzSettings } from '../support/guards/fuzz-settings.ts';
import {
  buildRequest, checkProperty, createdRecord, isProblemJson, requestProblem, shown, textMismatches, validAnswerProblem,
} from '../support/guards/fuzz-requests.ts';
import { GuardLog } from '../support/guards/guard-log.ts';
import { applyMutation, errorsNameField, mutatedField, mutationSites, type Mutation } from '../support/guards/invalid-inputs.ts';
import { apiRoutes, loadSpec, type ApiRoute, type JsonSchema } from '../support/guards/openapi-routes.ts';
import { asQueryValue, awkwardTexts, isFreeTextSchema, validValue, type ValueHints } from '../support/guards/schema-values.ts';

console.log(`fuzz: seed ${fuzzSettings.seed} (FUZZ_SEED), ${fuzzSettings.runs} runs per route and kind (FUZZ_RUNS)${fuzzSettings.path ? `, path ${fuzzSettings.path}` : ''}`);

const t = await makeTestApp();
const allRoutes = apiRoutes(t.app.routeInventory, await loadSpec(t));
const routes = allRoutes.filter((r) => r.body || r.query);
const log = new GuardLog('fuzz');
/** Stands for "the version the record is at now", filled in when the request is sent. */
const currentVersion = 31_415_926;
const hints: ValueHints = { ids: {}, version: currentVersion, now: t.clock.now() };

beforeAll(async () => {
  const admin = await t.admin();
  const pools = new Map<string, string[]>();
  for (const collection of new Set(Object.values(referenceFields))) {
    await fixtureMakers[collection]!({ admin, params: {} });
    pools.set(collection, created(await admin.get(`${collection}?limit=200`), collection).items.map((x: { id: string }) => x.id));
  }
  for (const [field, collection] of Object.entries(referenceFields)) hints.ids![field] = pools.get(collection)!;
});

afterAll(async () => {
  log.print();
  log.write();
  await t.close();
});

type Location = 'body' | 'query';
type Input = { body?: unknown; query?: unknown };

const asQuery = (q: unknown) => (q ? Object.fromEntries(Object.entries(q as Record<string, unknown>).map(([k, v]) => [k, asQueryValue(v)])) : undefined);

function inputArbitrary(route: ApiRoute): fc.Arbitrary<Input> {
  return fc.record({
    body: route.body ? validValue(route.body, hints) : fc.constant(undefined),
    query: route.query ? validValue(route.query, hints).map(asQuery) : fc.constant(undefined),
  });
}

async function callerFor(route: ApiRoute): Promise<{ caller: Caller; url: string }> {
  const admin = await t.admin();
  const { url } = await resolvePath(route.url, admin);
  return { caller: route.access === 'public' ? t.anonymous : admin, url };
}

async function send(route: ApiRoute, caller: Caller, req: InjectOptions) {
  const res = await caller.request(req);
  log.record(route.name, shown(req), res);
  return res;
}

/** The body with the version placeholder replaced by the record's current version. */
async function withVersion(caller: Caller, url: string, body: unknown): Promise<unknown> {
  if (!body || typeof body !== 'object' || (body as { version?: unknown }).version !== currentVersion) return body;
  const res = await caller.get(url);
  return { ...body, version: res.statusCode === 200 ? res.json().version : 1 };
}

/** Valid inputs whose free-text fields all hold one awkward text (HTML, SQL, RTL, emoji…). */
function awkwardExamples(route: ApiRoute, arb: fc.Arbitrary<Input>): Input[] {
  const props = Object.entries(route.body?.properties ?? {}).filter(([k, s]) => isFreeTextSchema(s) && !/email|password/i.test(k));
  if (!props.length) return [];
  return awkwardTexts.flatMap((text, i) => {
    const input = fc.sample(arb, { seed: fuzzSettings.seed + 100 + i, numRuns: 1 })[0]!;
    const body = { ...(input.body as object) } as Record<string, unknown>;
    for (const [k, s] of props) {
      const fitted = Array.from(text).slice(0, s.maxLength ?? Infinity).join('');
      if (fitted.trim().length >= (s.minLength ?? 0)) body[k] = fitted;
    }
    return [{ ...input, body }];
  });
}

function findReader(route: ApiRoute): ApiRoute | undefined {
  return allRoutes.find((r) => r.method === 'GET' && r.params.length === route.params.length + 1 && r.url.replace(/\/:\w+$/, '') === route.url);
}

describe.each(routes.map((r) => [r.name, r] as const))('%s', (routeName, route) => {
  it('invalid input → 400 problem+json naming the field', async () => {
    const { caller, url } = await callerFor(route);
    const sites: (Mutation & { location: Location })[] = [
      ...(route.body ? mutationSites(route.body, 'body').map((m) => ({ ...m, location: 'body' as const })) : []),
      ...(route.query ? mutationSites(route.query, 'query').map((m) => ({ ...m, location: 'query' as const })) : []),
    ];
    expect(sites.length).toBeGreaterThan(0);
    if (route.body) {
      const req = buildRequest(route, url, { body: { oversized: 'x'.repeat(t.config.bodyLimit + 1) } });
      const res = await send(route, caller, req);
      if (res.statusCode !== 413 || !isProblemJson(res)) throw new Error(requestProblem('a body over the size limit: expected 413 problem+json', req, res));
    }
    const kinds = [...new Set(sites.map((s) => s.kind))];
    const site = fc.constantFrom(...kinds).chain((k) => fc.constantFrom(...sites.filter((s) => s.kind === k)));
    const inputs = inputArbitrary(route);
    const examples = kinds.map((k, i) => [fc.sample(inputs, { seed: fuzzSettings.seed + i, numRuns: 1 })[0]!, sites.find((s) => s.kind === k)!] as const);
    await checkProperty(
      `${routeName} invalid input`,
      fc.tuple(inputs, site),
      async ([base, m]) => {
        const valid = { ...base, body: await withVersion(caller, url, base.body) };
        const input: Input = { ...valid, [m.location]: applyMutation(valid[m.location], m) };
        const req = buildRequest(route, url, input);
        const res = await send(route, caller, req);
        const body = isProblemJson(res) ? res.json() : undefined;
        const field = mutatedField(m) || m.location;
        if (res.statusCode !== 400 || !body) return requestProblem(`${m.kind} at ${m.location} "${field}": expected 400 problem+json, got ${res.statusCode}`, req, res);
        if (typeof body.code !== 'string' || !Array.isArray(body.errors) || !errorsNameField(body.errors, m)) {
          return requestProblem(`${m.kind} at ${m.location} "${field}": errors[] does not name the field`, req, res);
        }
        return undefined;
      },
      examples.map(([a, b]) => [a, b] as [Input, Mutation & { location: Location }]),
    );
  }, fuzzSettings.testTimeoutMs);

  it('valid input → 2xx or a documented 4xx, never 5xx; stored text comes back unchanged', async () => {
    const { caller, url } = await callerFor(route);
    const admin = caller === t.anonymous ? await t.admin() : caller;
    const inputs = inputArbitrary(route);
    const reader = route.method === 'POST' ? findReader(route) : undefined;
    await checkProperty(
      `${routeName} valid input`,
      inputs,
      async (input) => {
        const body = await withVersion(admin, url, input.body);
        const req = buildRequest(route, url, { ...input, body });
        const res = await send(route, caller, req);
        const problem = validAnswerProblem(route, res);
        if (problem) return requestProblem(problem, req, res);
        if (res.statusCode !== 201 || !route.body) return undefined;
        const record = createdRecord(res.json());
        const mismatches = textMismatches(route.body as JsonSchema, body, record, 'response');
        if (reader && record) {
          const read = await send(reader, admin, { method: 'GET', url: `${url}/${String(record.id)}` });
          if (read.statusCode !== 200) return requestProblem(`created record ${String(record.id)} cannot be read back: ${read.statusCode}`, req, res);
          mismatches.push(...textMismatches(route.body as JsonSchema, body, read.json(), `GET ${reader.url}`));
        }
        return mismatches.length ? requestProblem(`stored text changed: ${mismatches.map((x) => x.split(' sent ')[0]).join(', ')}\n${mismatches.join('\n')}`, req, res) : undefined;
      },
      awkwardExamples(route, inputs),
    );
  }, fuzzSettings.testTimeoutMs);
});

describe('every fuzzed answer', () => {
  it('never leaks stack traces, SQL or internal column names', () => {
    expect(log.leaks).toEqual([]);
  });
});

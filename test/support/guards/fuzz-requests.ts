/**
 * Turning generated inputs into requests, judging answers, and reporting fast-check failures with
 * everything needed to replay them: seed, path and the exact request.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { describeRequest } from './guard-log.ts';
import { fuzzSettings } from './fuzz-settings.ts';
import type { ApiRoute, JsonSchema } from './openapi-routes.ts';
import { isFreeTextSchema } from './schema-values.ts';

/** The request for a route with a resolved URL, a JSON body (any JSON, even a bare string) and a query object. */
export function buildRequest(route: ApiRoute, url: string, input: { body?: unknown; query?: unknown }): InjectOptions {
  let full = url;
  if (input.query && typeof input.query === 'object') {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(input.query as Record<string, unknown>)) {
      for (const one of Array.isArray(v) ? v : [v]) qs.append(k, String(one));
    }
    const text = qs.toString();
    if (text) full = `${url}?${text}`;
  }
  const req: InjectOptions = { method: route.method as 'GET', url: full };
  if (input.body !== undefined) {
    req.payload = JSON.stringify(input.body);
    req.headers = { 'content-type': 'application/json' };
  }
  return req;
}

/** The request as logged: the body parsed back so descriptions show it as JSON, not a quoted string. */
export function shown(req: InjectOptions): InjectOptions {
  return typeof req.payload === 'string' ? { ...req, payload: JSON.parse(req.payload) } : req;
}

export const isProblemJson = (res: LightMyRequestResponse) => String(res.headers['content-type']).includes('application/problem+json');

/** Why an answer to a valid request is wrong: 5xx, a status the route does not document, or an error without problem+json. */
export function validAnswerProblem(route: ApiRoute, res: LightMyRequestResponse): string | undefined {
  if (res.statusCode >= 500) return `server error ${res.statusCode}`;
  if (!route.statuses.includes(res.statusCode)) return `undocumented status ${res.statusCode} (documented: ${route.statuses.join(', ')})`;
  if (res.statusCode >= 400 && !isProblemJson(res)) return `${res.statusCode} without application/problem+json`;
  return undefined;
}

const isStoredText = (s: JsonSchema | undefined): boolean => !!s && (isFreeTextSchema(s) || (s.anyOf ?? []).some(isStoredText));
const isNormalisedFormat = (s: JsonSchema | undefined): boolean => !!s && (s.format === 'uuid' || s.format === 'date-time' || (s.anyOf ?? []).some(isNormalisedFormat));
const sameSet = (a: unknown[], b: unknown[]) => JSON.stringify([...new Set(a.map(String))].sort()) === JSON.stringify([...new Set(b.map(String))].sort());

/**
 * Fields sent that do not come back as sent, in the record answered or read back. Free text must
 * come back byte for byte, except that contracts trim it (`z.string().trim()`) and lower-case
 * e-mail addresses; choices (enums, patterns) exactly; lists of strings as the same set. Ids and
 * times (normalised to ISO UTC) and fields the record does not echo are not compared.
 */
export function textMismatches(schema: JsonSchema, sent: unknown, got: unknown, where: string): string[] {
  if (!sent || typeof sent !== 'object' || !got || typeof got !== 'object') return [];
  const record = got as Record<string, unknown>;
  return Object.entries(sent as Record<string, unknown>).flatMap(([field, value]) => {
    const prop = schema.properties?.[field];
    const back = record[field];
    const differs = (): boolean => {
      if (Array.isArray(value) && Array.isArray(back)) return value.every((v) => typeof v === 'string') && !sameSet(value, back);
      if (typeof value !== 'string' || typeof back !== 'string' || isNormalisedFormat(prop)) return false;
      if (!isStoredText(prop)) return back !== value;
      return ![value, value.trim(), ...(/email/i.test(field) ? [value.trim().toLowerCase()] : [])].includes(back);
    };
    return differs() ? [`${where}: ${field} sent ${JSON.stringify(value)} came back ${JSON.stringify(back)}`] : [];
  });
}

/** The created record in a 201 answer: the body itself, or its one nested object with an id (`{token, apiToken}`). */
export function createdRecord(body: unknown): Record<string, unknown> | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const obj = body as Record<string, unknown>;
  if (typeof obj.id === 'string') return obj;
  return Object.values(obj).find((v): v is Record<string, unknown> => !!v && typeof v === 'object' && typeof (v as { id?: unknown }).id === 'string');
}

/**
 * Runs a fast-check property with the suite's seed: the examples, then FUZZ_RUNS generated inputs. The predicate answers a problem (or
 * nothing); every run goes on, so one route reports all its distinct problems at once, each with
 * the seed, the fast-check path replaying exactly that run, and the request.
 */
export async function checkProperty<T>(label: string, arb: fc.Arbitrary<T>, predicate: (value: T) => Promise<string | undefined>, examples: T[] = []): Promise<void> {
  const failures = new Map<string, { path: string; problem: string }>();
  let index = 0;
  const details = await fc.check(
    fc.asyncProperty(arb, async (value) => {
      const runPath = fuzzSettings.path ?? String(index++);
      const problem = await predicate(value);
      const signature = problem?.split('\n')[0];
      if (problem && signature && !failures.has(signature)) failures.set(signature, { path: runPath, problem });
    }),
    { seed: fuzzSettings.seed, numRuns: fuzzSettings.runs + examples.length, path: fuzzSettings.path, examples: examples.map((e) => [e] as [T]), interruptAfterTimeLimit: fuzzSettings.testTimeoutMs - 5_000 },
  );
  if (details.failed) throw new Error(`${label} crashed: seed=${details.seed} path="${details.counterexamplePath}"\n${String(details.errorInstance)}`);
  if (!failures.size) return;
  const dir = path.resolve('test-results', 'guards', 'fuzz-failures');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${label.replace(/[^A-Za-z0-9]+/g, '_')}.json`);
  const list = [...failures.values()];
  writeFileSync(file, JSON.stringify({ label, seed: fuzzSettings.seed, failures: list }, null, 2));
  throw new Error(
    [
      `${label}: ${list.length} distinct problem(s) in ${details.numRuns} runs, seed=${fuzzSettings.seed}`,
      ...list.map((f) => `--- path="${f.path}" (replay: FUZZ_SEED=${fuzzSettings.seed} FUZZ_PATH=${f.path} npx vitest run test/guards/fuzz.test.ts -t "${label.replace(/ (?=[^ ]+ input$)/, '.*')}")\n${f.problem}`),
      `(also written to ${file})`,
    ].join('\n'),
  );
}

/** One problem with one request: what is wrong, the exact request and the answer. */
export function requestProblem(problem: string, req: InjectOptions, res: LightMyRequestResponse): string {
  return `${problem}\nrequest: ${describeRequest(shown(req), 3000)}\nanswer: ${res.statusCode} ${res.body.slice(0, 500)}`;
}

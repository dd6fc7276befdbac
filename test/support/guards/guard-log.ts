/**
 * What the guard suites sent and got back: per-route counts by status (printed and written to
 * test-results/guards-report.json) and every error response that leaks internals.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { onPostgres } from '../database.ts';

/** Text no error response may contain: stack frames, database error wording, internal column names. */
export const leakPatterns: [string, RegExp][] = [
  ['stack trace', /at .+:\d+:\d+/],
  ['SQL syntax error', /syntax error at or near/i],
  ['constraint wording', /violates/i],
  ['relation name', /relation "/i],
  ['password_hash column', /password_hash/i],
  ['token_hash column', /token_hash/i],
];

/** Every string inside a JSON text (keys and values, unescaped), or the text itself when it is not JSON. */
function decodedText(body: string): string {
  try {
    const strings: string[] = [];
    JSON.parse(body, (key, value) => {
      strings.push(key);
      if (typeof value === 'string') strings.push(value);
      return value;
    });
    return strings.join('\n');
  } catch {
    return body;
  }
}

/** The leaks in an error response body; text the request itself sent (echoed back) does not count. */
export function leaksIn(responseBody: string, requestText: string): string[] {
  const texts = [responseBody, decodedText(responseBody)];
  const sent = [requestText, decodedText(requestText)];
  return leakPatterns.filter(([, re]) => texts.some((x) => re.test(x)) && !sent.some((x) => re.test(x))).map(([name]) => name);
}

/** A request as a one-line, bounded description for failure messages (long strings are abridged). */
export function describeRequest(req: InjectOptions, limit = 1500): string {
  const abridge = (_key: string, v: unknown) => (typeof v === 'string' && v.length > 200 ? `${v.slice(0, 60)}…(${v.length} chars)` : v);
  const url = typeof req.url === 'string' ? req.url : JSON.stringify(req.url);
  const shownUrl = url.length > 400 ? `${url.slice(0, 200)}…(${url.length} chars)` : url;
  const body = req.payload === undefined ? '' : ` body=${JSON.stringify(req.payload, abridge)}`;
  const text = `${req.method} ${shownUrl}${body}`;
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}

interface RouteCounts {
  tried: number;
  statuses: Record<string, number>;
}

const resultsDir = path.resolve('test-results');

export class GuardLog {
  readonly routes = new Map<string, RouteCounts>();
  readonly leaks: string[] = [];
  readonly suite: string;
  constructor(suite: string) {
    this.suite = suite;
  }

  /** Counts the exchange under `route` and checks error responses for leaked internals. */
  record(route: string, req: InjectOptions, res: LightMyRequestResponse): void {
    const counts = this.routes.get(route) ?? { tried: 0, statuses: {} };
    counts.tried++;
    counts.statuses[res.statusCode] = (counts.statuses[res.statusCode] ?? 0) + 1;
    this.routes.set(route, counts);
    if (res.statusCode >= 400) {
      const leaks = leaksIn(res.body, `${req.url} ${JSON.stringify(req.payload ?? '')}`);
      if (leaks.length) this.leaks.push(`${route}: ${leaks.join(', ')} in ${res.statusCode} answer to ${describeRequest(req, 300)}: ${res.body.slice(0, 300)}`);
    }
  }

  /** A fixed-width table: route, requests, counts by status. */
  table(): string {
    const rows = [...this.routes.entries()].sort(([a], [b]) => a.localeCompare(b));
    const width = Math.max(10, ...rows.map(([r]) => r.length));
    const lines = rows.map(([route, c]) => {
      const statuses = Object.entries(c.statuses)
        .map(([s, n]) => `${s}×${n}`)
        .join(' ');
      return `${route.padEnd(width)}  ${String(c.tried).padStart(5)}  ${statuses}`;
    });
    return [`guard suite "${this.suite}" (${onPostgres() ? 'PostgreSQL' : 'PGlite'})`, `${'route'.padEnd(width)}  tried  by status`, ...lines].join('\n');
  }

  /** Writes this suite's counts and merges every suite's into test-results/guards-report.json. */
  write(): void {
    const dir = path.join(resultsDir, 'guards');
    mkdirSync(dir, { recursive: true });
    const own = {
      suite: this.suite,
      backend: onPostgres() ? 'postgres' : 'pglite',
      generatedAt: new Date().toISOString(),
      leaks: this.leaks,
      routes: Object.fromEntries([...this.routes.entries()].sort(([a], [b]) => a.localeCompare(b))),
    };
    writeAtomically(path.join(dir, `${this.suite}.json`), own);
    mergeReports(dir);
  }

  /** Prints the table (the suites call this in afterAll). */
  print(): void {
    console.log(this.table());
  }
}

function writeAtomically(file: string, data: unknown): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(data, null, 2)}\n`);
  renameSync(tmp, file);
}

function mergeReports(dir: string): void {
  const suites = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as { suite: string; routes: Record<string, RouteCounts> });
  const routes: Record<string, RouteCounts> = {};
  for (const suite of suites) {
    for (const [route, c] of Object.entries(suite.routes)) {
      const into = (routes[route] ??= { tried: 0, statuses: {} });
      into.tried += c.tried;
      for (const [s, n] of Object.entries(c.statuses)) into.statuses[s] = (into.statuses[s] ?? 0) + n;
    }
  }
  const sorted = Object.fromEntries(Object.entries(routes).sort(([a], [b]) => a.localeCompare(b)));
  writeAtomically(path.join(resultsDir, 'guards-report.json'), { generatedAt: new Date().toISOString(), suites, routes: sorted });
}

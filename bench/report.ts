/** Benchmark results: their shape, the markdown table printed after a run, and bench/results.json. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CpuShare } from './cpu.ts';
import type { LoadResult } from './load.ts';
import type { Machine } from './machine.ts';

export type Backend = 'pglite' | 'postgres';

export interface BackendResult {
  backend: Backend;
  /** Set when this backend was not measured (e.g. no PostgreSQL server reachable). */
  skipped?: string;
  /** First start on an empty database: initialisation, migrations, first administrator, listen. */
  coldStartMs?: number;
  /** Second start on the same, already migrated database. */
  restartMs?: number;
  /** Graceful stop (SIGTERM to exit) after the load. */
  stopMs?: number;
  rssAfterStartMiB?: number;
  rssAfterLoadMiB?: number;
  peakRssMiB?: number;
  peopleCreated?: number;
  createPersonMs?: number;
  pageSize?: number;
  load?: LoadResult;
  /** CPU used during the measured load window. */
  cpu?: CpuShare;
}

export interface BenchResults {
  generatedAt: string;
  command: string;
  machine: Machine;
  scenario: { endpoint: string; auth: string; warmupS: number };
  /** 1-minute load average before the run (other work skews every figure) and after it (includes the bench's own). */
  loadAverage: { before: number; after: number };
  results: BackendResult[];
}

export const resultsFile = path.resolve(import.meta.dirname, 'results.json');

export function writeResults(results: BenchResults): void {
  const tidy = (_key: string, value: unknown) => (typeof value === 'number' && !Number.isInteger(value) ? Math.round(value * 100) / 100 : value);
  writeFileSync(resultsFile, `${JSON.stringify(results, tidy, 2)}\n`);
}

const ms = (v: number | undefined) => (v === undefined ? '–' : v >= 100 ? `${Math.round(v)} ms` : `${v.toFixed(1)} ms`);
const mib = (v: number | undefined) => (v === undefined ? '–' : `${Math.round(v)} MiB`);
const cores = (v: number) => v.toFixed(2);
const int = (v: number | undefined) => (v === undefined ? '–' : Math.round(v).toLocaleString('en-GB'));
const names: Record<Backend, string> = { pglite: 'PGlite (embedded)', postgres: 'PostgreSQL' };

/** The results as a markdown table, one column per database backend. */
export function markdownTable(results: BackendResult[]): string {
  const rows: [string, (r: BackendResult) => string][] = [
    ['cold start to `/readyz` 200 (empty database)', (r) => ms(r.coldStartMs)],
    ['restart to `/readyz` 200 (migrated database)', (r) => ms(r.restartMs)],
    ['RSS after start', (r) => mib(r.rssAfterStartMiB)],
    ['RSS after load', (r) => mib(r.rssAfterLoadMiB)],
    ['peak RSS', (r) => mib(r.peakRssMiB)],
    ['`POST /api/v1/people`, one at a time (mean)', (r) => ms(r.createPersonMs)],
    ['`GET /api/v1/people?limit=50` throughput', (r) => (r.load ? `${int(r.load.requestsPerSec)} req/s` : '–')],
    ['latency p50', (r) => ms(r.load?.p50Ms)],
    ['latency p99', (r) => ms(r.load?.p99Ms)],
    ['latency max', (r) => ms(r.load?.maxMs)],
    ['requests in the measured window', (r) => int(r.load?.requests)],
    ['errors (connection + timeouts) / non-2xx', (r) => (r.load ? `${r.load.errors + r.load.timeouts} / ${r.load.non2xx}` : '–')],
    ['CPU during load: server / load generator / rest of machine', (r) => (r.cpu ? `${cores(r.cpu.serverCores)} / ${cores(r.cpu.loadGeneratorCores)} / ${cores(r.cpu.otherCores)}` : '–')],
    ['graceful stop after load', (r) => ms(r.stopMs)],
  ];
  const header = `| | ${results.map((r) => names[r.backend] + (r.skipped ? ' (skipped)' : '')).join(' | ')} |`;
  const rule = `|---|${results.map(() => '---:').join('|')}|`;
  const body = rows.map(([label, cell]) => `| ${label} | ${results.map(cell).join(' | ')} |`);
  return [header, rule, ...body].join('\n');
}

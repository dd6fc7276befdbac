/**
 * `npm run bench:desk`: the service desk at scale. For each database (PGlite, PostgreSQL): seed
 * BENCH_TICKETS tickets (default 1,000,000) with `steward seed-tickets`, start a real server, and measure
 * ticket creation (throughput, p99), the first page of a filtered list (p95), full-text search (p95) and
 * the KPI report over a year. Only 127.0.0.1 is touched; children and throwaway databases are removed
 * however the run ends. Results go to bench/desk-results.json; see docs/benchmarks.md.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { toolSettings } from '../src/config.ts';
import { describeMachine } from './machine.ts';
import { createThrowawayDatabase, type ThrowawayDatabase } from './postgres.ts';
import { killAllServers, startServer } from './server-process.ts';
import { mintToken } from './api-setup.ts';

const settings = toolSettings();
const tickets = Math.max(1000, Math.round(Number(process.env.BENCH_TICKETS ?? 1_000_000)));
/** PGlite runs in one thread inside the server process; its seed size can be set apart. */
const pgliteTickets = Math.max(1000, Math.round(Number(process.env.BENCH_TICKETS_PGLITE ?? tickets)));
const durationS = Math.max(3, Math.min(120, Math.round(settings.benchDuration ?? 10)));
const samples = 200;
const adminPassword = 'bench-admin-password-1';
const pgAdminUrl = settings.benchPgUrl ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const backends = (process.env.BENCH_BACKENDS ?? 'postgres,pglite').split(',').filter((b): b is 'postgres' | 'pglite' => b === 'postgres' || b === 'pglite');
const mainScript = path.resolve(import.meta.dirname, '..', 'src', 'main.ts');

interface Percentiles {
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}
interface DeskResult {
  backend: string;
  tickets?: number;
  skipped?: string;
  seedSeconds?: number;
  seedPerSecond?: number;
  create?: { requestsPerSec: number; p99Ms: number; non2xx: number };
  list?: Percentiles;
  search?: Percentiles;
  searchBroad?: Percentiles;
  kpiYear?: Percentiles;
}

function log(message: string): void {
  console.log(`[bench:desk ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

/** Runs `steward seed-tickets` as a child, passing its progress bar through; resolves with its wall time. */
async function seed(env: Record<string, string>, count: number): Promise<number> {
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [mainScript, 'seed-tickets', '--count', String(count)], { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), 3 * 3600_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`seed-tickets exited with ${code}`));
    });
  });
  return (performance.now() - started) / 1000;
}

const token = (baseUrl: string) => mintToken(baseUrl, adminPassword, 'bench-desk', ['tickets:read', 'tickets:write']);

/** `samples` sequential requests (after 10 unmeasured ones), each checked for 200. */
async function timed(label: string, urls: () => string, headers: Record<string, string>, count = samples): Promise<Percentiles> {
  const times: number[] = [];
  for (let i = 0; i < count + 10; i++) {
    const url = urls();
    const t0 = performance.now();
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${label}: ${url} answered ${res.status}`);
    if (i >= 10) times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))]! * 10) / 10;
  return { p50Ms: at(0.5), p95Ms: at(0.95), maxMs: at(1) };
}

async function benchBackend(backend: 'postgres' | 'pglite'): Promise<DeskResult> {
  let database: ThrowawayDatabase | undefined;
  if (backend === 'postgres') {
    try {
      database = await createThrowawayDatabase(pgAdminUrl);
    } catch (err) {
      return { backend, skipped: `no PostgreSQL: ${(err as Error).message}` };
    }
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), `steward-bench-desk-${backend}-`));
  try {
    const env = { STEWARD_DATA_DIR: dataDir, STEWARD_ADMIN_PASSWORD: adminPassword, STEWARD_LOG_LEVEL: 'warn', ...(database ? { DATABASE_URL: database.url } : {}) };
    const count = backend === 'pglite' ? pgliteTickets : tickets;
    log(`${backend}: seeding ${count.toLocaleString('en')} tickets`);
    const seedSeconds = await seed(env, count);
    log(`${backend}: seeded in ${seedSeconds.toFixed(0)} s; starting the server`);
    const server = await startServer({ dataDir, adminPassword, databaseUrl: database?.url, readyTimeoutMs: 600_000 });
    try {
      const bearer = { authorization: `Bearer ${await token(server.baseUrl)}` };
      const words = ['printer', 'vpn', 'laptop', 'password', 'firewall', 'payroll', 'backup', 'citrix', 'invoice', 'badge'];
      let i = 0;
      log(`${backend}: first page of a filtered list (open P1/P2 incidents, newest first), ${samples} requests`);
      const list = await timed('list', () => `${server.baseUrl}/api/v1/tickets?view=open&type=incident&priority=1,2&limit=50`, bearer);
      log(`${backend}: full-text search for a word and a host name, ${samples} requests`);
      const search = await timed('search', () => `${server.baseUrl}/api/v1/tickets?q=${words[i++ % words.length]}%20host-${(i * 7919) % 5000}&limit=50`, bearer);
      log(`${backend}: full-text search for two everyday words, 100 requests`);
      const searchBroad = await timed('search', () => `${server.baseUrl}/api/v1/tickets?q=${words[i++ % words.length]}%20${words[(i * 3) % words.length]}&limit=50`, bearer, 100);
      log(`${backend}: KPI report over a year, 10 requests`);
      const to = new Date().toISOString();
      const from = new Date(Date.now() - 365 * 86_400_000).toISOString();
      const kpiYear = await timed('kpi', () => `${server.baseUrl}/api/v1/desk/kpis?from=${from}&to=${to}`, bearer, 10);
      log(`${backend}: creating tickets for ${durationS} s from 4 connections`);
      const created = await autocannon({
        url: `${server.baseUrl}/api/v1/tickets`,
        method: 'POST',
        headers: { ...bearer, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'incident', title: 'Benchmark: VPN drops every hour', description: 'Created by bench/desk.ts', urgency: 'high', tags: ['bench'] }),
        connections: 4,
        duration: durationS,
        timeout: 30,
      });
      return {
        backend,
        tickets: count,
        seedSeconds: Math.round(seedSeconds),
        seedPerSecond: Math.round(count / seedSeconds),
        create: { requestsPerSec: Math.round(created.requests.average * 10) / 10, p99Ms: created.latency.p99, non2xx: created.non2xx + created.errors },
        list,
        search,
        searchBroad,
        kpiYear,
      };
    } finally {
      await server.stop();
    }
  } finally {
    killAllServers();
    rmSync(dataDir, { recursive: true, force: true });
    await database?.drop();
  }
}

async function main(): Promise<number> {
  const results: DeskResult[] = [];
  for (const backend of backends) results.push(await benchBackend(backend));
  const machine = describeMachine(null);
  const row = (label: string, f: (r: DeskResult) => string) => `| ${label} | ${results.map((r) => (r.skipped ? 'skipped' : f(r))).join(' | ')} |`;
  console.log(`\n${tickets.toLocaleString('en')} tickets; ${machine.cpuModel}, ${machine.cores} cores; Node ${machine.node}\n`);
  console.log(`| | ${results.map((r) => r.backend).join(' | ')} |\n|---|${results.map(() => '---:').join('|')}|`);
  console.log(row('tickets', (r) => (r.tickets ?? 0).toLocaleString('en')));
  console.log(row('seed (tickets/s)', (r) => `${r.seedPerSecond} (${r.seedSeconds} s)`));
  console.log(row('create ticket (req/s, p99 ms)', (r) => `${r.create!.requestsPerSec} / ${r.create!.p99Ms}`));
  console.log(row('filtered list first page p95 (ms)', (r) => String(r.list!.p95Ms)));
  console.log(row('full-text search, word + host p95 (ms)', (r) => String(r.search!.p95Ms)));
  console.log(row('full-text search, two everyday words p95 (ms)', (r) => String(r.searchBroad!.p95Ms)));
  console.log(row('KPI report, a year p95 (ms)', (r) => String(r.kpiYear!.p95Ms)));
  const file = path.resolve(import.meta.dirname, 'desk-results.json');
  writeFileSync(file, `${JSON.stringify({ generatedAt: new Date().toISOString(), command: 'npm run bench:desk', durationS, machine, loadAverage: os.loadavg()[0], results }, null, 2)}\n`);
  console.log(`\nwrote ${path.relative(process.cwd(), file)}`);
  return results.some((r) => r.create && r.create.non2xx > 0) ? 1 : 0;
}

process.on('SIGINT', () => {
  killAllServers();
  process.exit(130);
});
main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    killAllServers();
    process.exit(1);
  },
);

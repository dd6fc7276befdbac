/**
 * `npm run bench:soak`: a mixed read/write workload against a real `steward start` on PostgreSQL for
 * ten minutes (SOAK_DURATION seconds). Reports throughput, latency, errors (must be 0) and the server's
 * resident memory over time (must not keep growing). Only 127.0.0.1 is touched; the run is bounded
 * and cleans up after itself. Results: bench/soak-results.json and docs/benchmarks.md.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { toolSettings } from '../src/config.ts';
import { prepareServer } from './api-setup.ts';
import { describeMachine } from './machine.ts';
import { createThrowawayDatabase } from './postgres.ts';
import { killAllServers, memoryOf, startServer } from './server-process.ts';

const settings = toolSettings();
const durationS = Math.max(10, Math.min(3600, Math.round(settings.soakDuration ?? 600)));
const connections = 10;
const adminPassword = 'soak-admin-password-1';
const pgAdminUrl = settings.benchPgUrl ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const sampleEveryS = Math.max(5, Math.round(durationS / 20));
const outFile = path.resolve(import.meta.dirname, 'soak-results.json');

interface Sample {
  atS: number;
  rssMiB: number;
}

/** Signs in as admin and mints a token able to read and write what the workload touches. */
async function writeToken(baseUrl: string): Promise<string> {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@localhost', password: adminPassword }),
  });
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = login.headers.getSetCookie().find((c) => c.startsWith('steward_session='))!.split(';')[0]!;
  const res = await fetch(`${baseUrl}/api/v1/api-tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ name: 'soak', scopes: ['people:read', 'people:write', 'teams:read', 'teams:write', 'audit:read'] }),
  });
  if (res.status !== 201) throw new Error(`token: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

let unique = 0;
const name = (prefix: string) => `${prefix} ${process.pid}-${++unique}-${Math.random().toString(36).slice(2, 8)}`;

/** One cycle per connection: six list reads, an audit read, a team list, and two audited writes (20 %). */
function workload(token: string): autocannon.Request[] {
  const json = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const get = (p: string): autocannon.Request => ({ method: 'GET', path: p, headers: { authorization: `Bearer ${token}` } });
  return [
    get('/api/v1/people?limit=50'),
    get('/api/v1/people?limit=50&q=soak'),
    { method: 'POST', path: '/api/v1/departments', headers: json, setupRequest: (r) => ({ ...r, body: JSON.stringify({ name: name('Soak department') }) }) },
    get('/api/v1/people?limit=20&sort=-createdAt'),
    get('/api/v1/teams?limit=50'),
    get('/api/v1/people?limit=50'),
    { method: 'POST', path: '/api/v1/teams', headers: json, setupRequest: (r) => ({ ...r, body: JSON.stringify({ name: name('Soak team'), description: 'soak test' }) }) },
    get('/api/v1/audit-events?limit=50'),
    get('/api/v1/departments?limit=50'),
    get('/api/v1/people?limit=50&sort=email'),
  ];
}

async function main(): Promise<void> {
  const database = await createThrowawayDatabase(pgAdminUrl);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'steward-soak-'));
  const watchdog = setTimeout(() => {
    console.error('soak: watchdog fired; stopping');
    killAllServers();
    process.exit(2);
  }, (durationS + 300) * 1000);
  watchdog.unref();
  try {
    const server = await startServer({ dataDir, adminPassword, databaseUrl: database.url, readyTimeoutMs: 120_000 });
    await prepareServer(server.baseUrl, adminPassword, 50);
    const token = await writeToken(server.baseUrl);
    console.log(`soak: ${durationS} s of mixed load on PostgreSQL (${connections} connections, 20 % writes)`);
    const rss = () => Math.round(memoryOf(server.pid).rssMiB);
    const samples: Sample[] = [{ atS: 0, rssMiB: rss() }];
    const started = Date.now();
    const sampler = setInterval(() => {
      const atS = Math.round((Date.now() - started) / 1000);
      samples.push({ atS, rssMiB: rss() });
      console.log(`soak: ${atS} s, RSS ${samples.at(-1)!.rssMiB} MiB`);
    }, sampleEveryS * 1000);
    const result = await autocannon({
      url: server.baseUrl,
      connections,
      duration: durationS,
      timeout: 10,
      requests: workload(token),
    });
    clearInterval(sampler);
    samples.push({ atS: durationS, rssMiB: rss() });
    const stopMs = await server.stop();
    const firstHalf = samples.filter((s) => s.atS > 0 && s.atS <= durationS / 2).map((s) => s.rssMiB);
    const secondHalf = samples.filter((s) => s.atS > durationS / 2).map((s) => s.rssMiB);
    const mean = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length));
    const summary = {
      date: new Date().toISOString(),
      machine: describeMachine(database.serverVersion),
      durationS,
      connections,
      requests: result.requests.total,
      requestsPerSec: Math.round(result.requests.average),
      latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      rssMiB: { start: samples[0]!.rssMiB, end: samples.at(-1)!.rssMiB, meanFirstHalf: mean(firstHalf), meanSecondHalf: mean(secondHalf), samples },
      gracefulStopMs: Math.round(stopMs),
    };
    writeFileSync(outFile, `${JSON.stringify(summary, null, 2)}\n`);
    console.log(`
| soak on PostgreSQL | |
|---|---:|
| duration | ${durationS} s, ${connections} connections, 20 % writes |
| requests | ${summary.requests.toLocaleString('en')} |
| throughput | ${summary.requestsPerSec} req/s |
| latency p50 / p99 / max | ${summary.latencyMs.p50} / ${summary.latencyMs.p99} / ${summary.latencyMs.max} ms |
| errors / timeouts / non-2xx | ${summary.errors} / ${summary.timeouts} / ${summary.non2xx} |
| RSS at start / end | ${summary.rssMiB.start} / ${summary.rssMiB.end} MiB |
| RSS mean, first / second half | ${summary.rssMiB.meanFirstHalf} / ${summary.rssMiB.meanSecondHalf} MiB |
`);
    if (summary.errors + summary.timeouts + summary.non2xx > 0) process.exitCode = 1;
  } finally {
    killAllServers();
    rmSync(dataDir, { recursive: true, force: true });
    await database.drop();
  }
}

process.once('SIGINT', () => {
  killAllServers();
  process.exit(130);
});
await main();

/**
 * `npm run bench`: start-up time, memory and API throughput of a real `steward start` process, on the
 * embedded PGlite database and on PostgreSQL. Only 127.0.0.1 is touched; every phase is time-bounded and
 * the children and the throwaway database are removed however the run ends. See docs/benchmarks.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { toolSettings } from '../src/config.ts';
import { checkPeoplePage, prepareServer } from './api-setup.ts';
import { watchCpu } from './cpu.ts';
import { runLoad } from './load.ts';
import { describeMachine } from './machine.ts';
import { createThrowawayDatabase, type ThrowawayDatabase } from './postgres.ts';
import { markdownTable, resultsFile, writeResults, type Backend, type BackendResult } from './report.ts';
import { killAllServers, memoryOf, sleep, startServer } from './server-process.ts';

const settings = toolSettings();
const durationS = Math.max(1, Math.min(600, Math.round(settings.benchDuration ?? 15)));
const warmupS = Math.min(3, durationS);
const connections = 10;
const people = 50;
const pageSize = 50;
const adminPassword = 'bench-admin-password-1';
const pgAdminUrl = settings.benchPgUrl ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const readyTimeoutMs = 120_000;
/** The whole run's ceiling: two backends, each two starts, seeding, warm-up and the measured load. */
const runLimitMs = 2 * (2 * readyTimeoutMs + (warmupS + durationS) * 1000 + 60_000);

let postgresServerVersion: string | null = null;
const cleanups = new Set<() => Promise<void>>();

async function cleanUp(): Promise<void> {
  killAllServers();
  for (const fn of cleanups) await fn().catch((err: unknown) => console.error(`cleanup: ${(err as Error).message}`));
  cleanups.clear();
}

async function benchBackend(backend: Backend): Promise<BackendResult> {
  let database: ThrowawayDatabase | undefined;
  if (backend === 'postgres') {
    try {
      database = await createThrowawayDatabase(pgAdminUrl);
      postgresServerVersion = database.serverVersion;
    } catch (err) {
      return { backend, skipped: `no PostgreSQL at ${redact(pgAdminUrl)}: ${(err as Error).message}` };
    }
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), `steward-bench-${backend}-`));
  const cleanup = async () => {
    killAllServers();
    rmSync(dataDir, { recursive: true, force: true });
    await database?.drop();
  };
  cleanups.add(cleanup);
  try {
    const serverOpts = { dataDir, adminPassword, databaseUrl: database?.url, readyTimeoutMs };
    log(`${backend}: cold start`);
    const server = await startServer(serverOpts);
    await sleep(1000);
    const afterStart = memoryOf(server.pid);

    log(`${backend}: ${people} people and an API token`);
    const prepared = await prepareServer(server.baseUrl, adminPassword, people);
    const url = `${server.baseUrl}/api/v1/people?limit=${pageSize}`;
    const headers = { authorization: `Bearer ${prepared.token}` };
    const items = await checkPeoplePage(server.baseUrl, prepared.token, pageSize);

    log(`${backend}: warm-up ${warmupS} s, then ${durationS} s of GET /api/v1/people?limit=${pageSize} from ${connections} connections`);
    await runLoad({ url, headers, durationS: warmupS, connections });
    const cpuDuringLoad = watchCpu(server.pid);
    const load = await runLoad({ url, headers, durationS, connections });
    const cpu = cpuDuringLoad();
    const afterLoad = memoryOf(server.pid);
    const stopMs = await server.stop();

    log(`${backend}: restart on the migrated database`);
    const again = await startServer(serverOpts);
    await again.stop();

    return {
      backend,
      coldStartMs: server.startMs,
      restartMs: again.startMs,
      stopMs,
      rssAfterStartMiB: afterStart.rssMiB,
      rssAfterLoadMiB: afterLoad.rssMiB,
      peakRssMiB: afterLoad.peakRssMiB,
      peopleCreated: prepared.peopleCreated,
      createPersonMs: prepared.createPersonMs,
      pageSize: items,
      load,
      cpu,
    };
  } finally {
    cleanups.delete(cleanup);
    await cleanup();
  }
}

async function main(): Promise<number> {
  const loadBefore = os.loadavg()[0];
  const results: BackendResult[] = [];
  for (const backend of ['pglite', 'postgres'] as const) results.push(await benchBackend(backend));
  const machine = describeMachine(postgresServerVersion);

  console.log(`\n${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB; Node ${machine.node}; PGlite ${machine.pglite}; PostgreSQL ${machine.postgres ?? '–'}`);
  console.log(`${connections} connections, ${durationS} s measured after ${warmupS} s warm-up, ${people} people, page of ${pageSize}\n`);
  console.log(markdownTable(results));
  for (const r of results) if (r.skipped) console.log(`\n${r.backend} skipped: ${r.skipped}`);

  writeResults({
    generatedAt: new Date().toISOString(),
    command: `BENCH_DURATION=${durationS} npm run bench`,
    machine,
    scenario: { endpoint: `GET /api/v1/people?limit=${pageSize}`, auth: 'Bearer API token (people:read)', warmupS },
    results,
    loadAverage: { before: round2(loadBefore), after: round2(os.loadavg()[0]) },
  });
  if (loadBefore > machine.cores / 2) {
    console.warn(`bench: the machine was already busy (1-minute load average ${loadBefore.toFixed(1)} on ${machine.cores} cores): figures are pessimistic`);
  }
  console.log(`\nwrote ${path.relative(process.cwd(), resultsFile)}`);
  const failed = results.some((r) => r.load && r.load.errors + r.load.timeouts + r.load.non2xx > 0);
  if (failed) console.error('bench: some requests failed; see errors / non-2xx above');
  return failed ? 1 : 0;
}

const round2 = (v: number) => Math.round(v * 100) / 100;

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

function log(message: string): void {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

const watchdog = setTimeout(() => {
  console.error(`bench: gave up after ${runLimitMs / 1000} s`);
  void cleanUp().finally(() => process.exit(2));
}, runLimitMs);
watchdog.unref();

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    console.error(`bench: ${signal}, cleaning up`);
    void cleanUp().finally(() => process.exit(130));
  });
}
process.once('exit', killAllServers);

try {
  process.exitCode = await main();
} catch (err) {
  if (!interrupted) console.error(`bench: ${(err as Error).stack ?? String(err)}`);
  await cleanUp();
  process.exitCode = 1;
}

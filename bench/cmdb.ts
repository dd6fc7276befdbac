/**
 * `npm run bench:cmdb`: the CMDB at scale. For each database (PostgreSQL, PGlite): seed BENCH_CIS items
 * (default 100,000) and five relationships per item with `steward seed-cis`, start a real server, and
 * measure impact analysis of business services to depth 6 (p95), the CI list with a custom-attribute
 * filter (p95), and — on PostgreSQL, straight in SQL — the recursive-CTE walk the API does not use, for
 * comparison. Only 127.0.0.1 is touched; children and throwaway databases are removed however the run
 * ends. Results go to bench/cmdb-results.json; see docs/benchmarks.md.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { toolSettings } from '../src/config.ts';
import { impactSteps } from '../src/modules/cmdb/relationship-types.ts';
import { describeMachine } from './machine.ts';
import { createThrowawayDatabase, type ThrowawayDatabase } from './postgres.ts';
import { killAllServers, startServer } from './server-process.ts';
import { json, mintToken } from './api-setup.ts';

const settings = toolSettings();
const items = Math.max(1000, Math.round(Number(process.env.BENCH_CIS ?? 100_000)));
const links = Math.max(1000, Math.round(Number(process.env.BENCH_CI_LINKS ?? items * 5)));
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
interface ImpactFigures extends Percentiles {
  meanItems: number;
  truncatedShare: number;
}
interface CteFigures {
  depth: number;
  meanMs: number | null;
  paths: number | null;
  items: number | null;
  timedOut: number;
}
interface CmdbResult {
  backend: string;
  items?: number;
  relationships?: number;
  skipped?: string;
  seedSeconds?: number;
  impact?: ImpactFigures;
  impactWide?: ImpactFigures;
  impactDownstream?: ImpactFigures;
  listAttrBroad?: Percentiles & { matches: number };
  listAttrSelective?: Percentiles;
  listClass?: Percentiles;
  cte?: CteFigures[];
  /** One-minute load average when the backend's measurements ended (2 means two busy cores). */
  loadAverage?: number;
  postgresVersion?: string;
}

function log(message: string): void {
  console.log(`[bench:cmdb ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

/** Runs `steward seed-cis` as a child, passing its progress bar through; its wall time and the relationships it wrote. */
async function seed(env: Record<string, string>): Promise<{ seconds: number; relationships: number }> {
  const started = performance.now();
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [mainScript, 'seed-cis', '--count', String(items), '--relationships', String(links)], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 3 * 3600_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(text);
      else reject(new Error(`seed-cis exited with ${code}`));
    });
  });
  log(output.trim());
  return { seconds: (performance.now() - started) / 1000, relationships: Number(/and (\d+) relationships/.exec(output)?.[1] ?? links) };
}

const token = (baseUrl: string) => mintToken(baseUrl, adminPassword, 'bench-cmdb', ['cmdb:read']);

const percentile = (times: number[], q: number) => Math.round([...times].sort((a, b) => a - b)[Math.min(times.length - 1, Math.floor(q * times.length))]! * 10) / 10;
const summarise = (times: number[]): Percentiles => ({ p50Ms: percentile(times, 0.5), p95Ms: percentile(times, 0.95), maxMs: percentile(times, 1) });

/** `count` sequential requests (after 10 unmeasured ones), each checked for 200; `inspect` sees each body. */
async function timed(label: string, urls: () => string, headers: Record<string, string>, count = samples, inspect?: (body: unknown) => void): Promise<Percentiles> {
  const times: number[] = [];
  for (let i = 0; i < count + 10; i++) {
    const url = urls();
    const t0 = performance.now();
    const res = await fetch(url, { headers });
    const text = await res.text();
    const ms = performance.now() - t0;
    if (res.status !== 200) throw new Error(`${label}: ${url} answered ${res.status} ${text.slice(0, 300)}`);
    if (i >= 10) {
      times.push(ms);
      inspect?.(JSON.parse(text));
    }
  }
  return summarise(times);
}

async function impactFigures(label: string, url: (key: string) => string, services: string[], bearer: Record<string, string>): Promise<ImpactFigures> {
  let i = 0;
  const counts: number[] = [];
  let truncated = 0;
  const p = await timed(label, () => url(services[i++ % services.length]!), bearer, samples, (body) => {
    const report = body as { items: unknown[]; truncated: boolean };
    counts.push(report.items.length);
    if (report.truncated) truncated++;
  });
  return { ...p, meanItems: Math.round(counts.reduce((a, b) => a + b, 0) / counts.length), truncatedShare: Math.round((truncated / counts.length) * 100) / 100 };
}

/** The walk the API does not use: one recursive CTE with a path array (cycles guarded per path), upstream. */
async function cteFigures(url: string, roots: string[], depth: number): Promise<CteFigures> {
  const steps = impactSteps('upstream');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`SET statement_timeout = '10s'`);
    const times: number[] = [];
    let paths = 0;
    let reached = 0;
    let timedOut = 0;
    for (const root of roots) {
      const t0 = performance.now();
      try {
        const { rows } = await client.query<{ paths: string; items: string }>(
          `WITH RECURSIVE walk(id, depth, path) AS (
             SELECT $1::uuid, 0, ARRAY[$1::uuid]
             UNION ALL
             SELECT e.to_id, w.depth + 1, w.path || e.to_id
             FROM walk w
             CROSS JOIN LATERAL (
               SELECT target_id AS to_id FROM ci_relationships WHERE source_id = w.id AND type = ANY($3::text[])
               UNION ALL
               SELECT source_id FROM ci_relationships WHERE target_id = w.id AND type = ANY($4::text[])
             ) e
             WHERE w.depth < $2 AND NOT e.to_id = ANY(w.path)
           )
           SELECT count(*) - 1 AS paths, count(DISTINCT id) - 1 AS items FROM walk`,
          [root, depth, steps.asSource, steps.asTarget],
        );
        times.push(performance.now() - t0);
        paths += Number(rows[0]!.paths);
        reached += Number(rows[0]!.items);
      } catch (err) {
        if ((err as { code?: string }).code !== '57014') throw err;
        timedOut++;
      }
    }
    const done = times.length;
    return {
      depth,
      meanMs: done ? Math.round(times.reduce((a, b) => a + b, 0) / done) : null,
      paths: done ? Math.round(paths / done) : null,
      items: done ? Math.round(reached / done) : null,
      timedOut,
    };
  } finally {
    await client.end();
  }
}

async function benchBackend(backend: 'postgres' | 'pglite'): Promise<CmdbResult> {
  let database: ThrowawayDatabase | undefined;
  if (backend === 'postgres') {
    try {
      database = await createThrowawayDatabase(pgAdminUrl);
    } catch (err) {
      return { backend, skipped: `no PostgreSQL: ${(err as Error).message}` };
    }
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), `steward-bench-cmdb-${backend}-`));
  try {
    const env = { STEWARD_DATA_DIR: dataDir, STEWARD_ADMIN_PASSWORD: adminPassword, STEWARD_LOG_LEVEL: 'warn', ...(database ? { DATABASE_URL: database.url } : {}) };
    log(`${backend}: seeding ${items.toLocaleString('en')} items and ${links.toLocaleString('en')} relationships`);
    const seeded = await seed(env);
    log(`${backend}: seeded in ${seeded.seconds.toFixed(0)} s; starting the server`);
    const server = await startServer({ dataDir, adminPassword, databaseUrl: database?.url, readyTimeoutMs: 600_000 });
    try {
      const bearer = { authorization: `Bearer ${await token(server.baseUrl)}` };
      const api = `${server.baseUrl}/api/v1/configuration-items`;
      const services = (await json<{ items: { key: string; id: string }[] }>(await fetch(`${api}?class=business_service&status=active&limit=200`, { headers: bearer }))).items;
      log(`${backend}: impact of ${services.length} business services, both directions, depth 6 (default limit 1,000), ${samples} requests`);
      const impact = await impactFigures('impact', (key) => `${api}/${key}/impact?direction=both&depth=6`, services.map((s) => s.key), bearer);
      log(`${backend}: the same with limit 5,000`);
      const impactWide = await impactFigures('impact', (key) => `${api}/${key}/impact?direction=both&depth=6&limit=5000`, services.map((s) => s.key), bearer);
      log(`${backend}: downstream only (what breaks), depth 6`);
      const impactDownstream = await impactFigures('impact', (key) => `${api}/${key}/impact?direction=downstream&depth=6`, services.map((s) => s.key), bearer);
      log(`${backend}: CI list with a broad custom-attribute filter (virtual machines on RHEL), ${samples} requests`);
      const broad = await timed('list', () => `${api}?class=virtual_machine&attr.os=RHEL&limit=50`, bearer, samples);
      let matches = 0;
      for (let cursor: string | null = ''; cursor !== null; ) {
        const page: { items: unknown[]; nextCursor: string | null } = await json(await fetch(`${api}?class=virtual_machine&attr.os=RHEL&limit=200${cursor ? `&cursor=${cursor}` : ''}`, { headers: bearer }));
        matches += page.items.length;
        cursor = page.nextCursor;
      }
      log(`${backend}: CI list with a selective custom-attribute filter (one host name), ${samples} requests`);
      let n = 0;
      const selective = await timed('list', () => `${api}?class=virtual_machine&attr.hostname=vm-${String((n++ * 7919) % Math.floor(items * 0.25)).padStart(6, '0')}`, bearer);
      log(`${backend}: CI list by class only, ${samples} requests`);
      const byClass = await timed('list', () => `${api}?class=server&limit=50`, bearer);
      let cte: CteFigures[] | undefined;
      if (database) {
        log(`${backend}: recursive CTE with a path array, upstream, for comparison (10 s limit per query)`);
        cte = [];
        for (const depth of [3, 4, 6]) cte.push(await cteFigures(database.url, services.slice(0, 5).map((s) => s.id), depth));
      }
      return {
        backend,
        items,
        relationships: seeded.relationships,
        seedSeconds: Math.round(seeded.seconds),
        impact,
        impactWide,
        impactDownstream,
        listAttrBroad: { ...broad, matches },
        listAttrSelective: selective,
        listClass: byClass,
        cte,
        loadAverage: Math.round(os.loadavg()[0] * 10) / 10,
        postgresVersion: database?.serverVersion,
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
  const results: CmdbResult[] = [];
  for (const backend of backends) results.push(await benchBackend(backend));
  const machine = describeMachine(results.find((r) => r.postgresVersion)?.postgresVersion ?? null);
  const row = (label: string, f: (r: CmdbResult) => string) => `| ${label} | ${results.map((r) => (r.skipped ? 'skipped' : f(r))).join(' | ')} |`;
  const impactCell = (f: ImpactFigures) => `${f.p95Ms} (p50 ${f.p50Ms}; ${f.meanItems} items${f.truncatedShare ? `, ${Math.round(f.truncatedShare * 100)}% truncated` : ''})`;
  console.log(`\n${items.toLocaleString('en')} items, ${links.toLocaleString('en')} relationships asked for; ${machine.cpuModel}, ${machine.cores} cores; Node ${machine.node}; load average ${os.loadavg()[0].toFixed(1)}\n`);
  console.log(`| | ${results.map((r) => r.backend).join(' | ')} |\n|---|${results.map(() => '---:').join('|')}|`);
  console.log(row('relationships written', (r) => (r.relationships ?? 0).toLocaleString('en')));
  console.log(row('seed (s)', (r) => String(r.seedSeconds)));
  console.log(row('load average at the end', (r) => String(r.loadAverage)));
  console.log(row('impact of a business service, both ways, depth 6, p95 ms', (r) => impactCell(r.impact!)));
  console.log(row('… with limit 5,000, p95 ms', (r) => impactCell(r.impactWide!)));
  console.log(row('… downstream only, p95 ms', (r) => impactCell(r.impactDownstream!)));
  console.log(row('CI list, attr filter matching many, p95 ms', (r) => `${r.listAttrBroad!.p95Ms} (${r.listAttrBroad!.matches} matches)`));
  console.log(row('CI list, attr filter matching one, p95 ms', (r) => String(r.listAttrSelective!.p95Ms)));
  console.log(row('CI list, class only, p95 ms', (r) => String(r.listClass!.p95Ms)));
  for (const r of results.filter((x) => x.cte)) {
    for (const c of r.cte!) console.log(`recursive CTE (${r.backend}), upstream depth ${c.depth}: ${c.meanMs ?? '-'} ms mean, ${c.paths ?? '-'} paths for ${c.items ?? '-'} items, ${c.timedOut} of 5 over 10 s`);
  }
  const file = path.resolve(import.meta.dirname, 'cmdb-results.json');
  writeFileSync(file, `${JSON.stringify({ generatedAt: new Date().toISOString(), command: 'npm run bench:cmdb', machine, loadAverage: os.loadavg()[0], results }, null, 2)}\n`);
  console.log(`\nwrote ${path.relative(process.cwd(), file)}`);
  return 0;
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

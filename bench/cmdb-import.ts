/**
 * `npm run bench:import`: the CSV import of configuration items through the API and the job queue.
 * For each database (PostgreSQL, PGlite): start a real server (`steward start --role all`, which runs
 * the import worker) on a throwaway database, add 200 people, 20 teams and a location tree, generate a
 * CSV of BENCH_IMPORT_ROWS rows (default 50,000: servers, virtual machines, laptops and applications,
 * with owners, teams, locations, tags and class attributes), upload it, then time a dry run, the
 * import and the same import again (every row unchanged), each from POST …/run to the job's end as
 * GET /api/v1/imports/{id} reports it. Only 127.0.0.1 is touched; children and throwaway databases
 * are removed however the run ends. Results go to bench/cmdb-import-results.json; see docs/benchmarks.md.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { toolSettings } from '../src/config.ts';
import { describeMachine } from './machine.ts';
import { createThrowawayDatabase, type ThrowawayDatabase } from './postgres.ts';
import { killAllServers, startServer } from './server-process.ts';

const settings = toolSettings();
const rows = Math.max(1000, Math.round(Number(process.env.BENCH_IMPORT_ROWS ?? 50_000)));
const adminPassword = 'bench-admin-password-1';
const pgAdminUrl = settings.benchPgUrl ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const backends = (process.env.BENCH_BACKENDS ?? 'postgres,pglite').split(',').filter((b): b is 'postgres' | 'pglite' => b === 'postgres' || b === 'pglite');
const goalSeconds = 60;

interface Run {
  seconds: number;
  rowsPerSecond: number;
  counts: Record<string, number>;
}
interface ImportResult {
  backend: string;
  /** PostgreSQL's server_version, for the PostgreSQL run. */
  serverVersion?: string;
  rows?: number;
  bytes?: number;
  skipped?: string;
  uploadMs?: number;
  dryRun?: Run;
  apply?: Run;
  again?: Run;
  /** One-minute load average when the backend's measurements ended (2 means two busy cores). */
  loadAverage?: number;
}

function log(message: string): void {
  console.log(`[bench:import ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

async function json<T>(res: Response): Promise<T> {
  const body = (await res.json()) as T;
  if (!res.ok) throw new Error(`${res.status}: ${JSON.stringify(body).slice(0, 400)}`);
  return body;
}

/** An administrator's session (for people, teams and locations) and a token that writes the CMDB. */
async function signIn(baseUrl: string): Promise<{ session: Record<string, string>; bearer: Record<string, string> }> {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@localhost', password: adminPassword }) });
  const { csrfToken } = await json<{ csrfToken: string }>(login);
  const session = { cookie: login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
  const minted = await json<{ token: string }>(await fetch(`${baseUrl}/api/v1/api-tokens`, { method: 'POST', headers: session, body: JSON.stringify({ name: 'bench-import', scopes: ['cmdb:read', 'cmdb:write'] }) }));
  return { session, bearer: { authorization: `Bearer ${minted.token}` } };
}

/** People, teams and a site → building → room tree to refer to; answers the names the CSV uses. */
async function references(baseUrl: string, session: Record<string, string>): Promise<{ owners: string[]; teams: string[]; rooms: string[] }> {
  const post = (url: string, payload: unknown) => fetch(`${baseUrl}${url}`, { method: 'POST', headers: session, body: JSON.stringify(payload) });
  const roles = await json<{ items: { id: string; key: string }[] }>(await fetch(`${baseUrl}/api/v1/roles?limit=200`, { headers: session }));
  const agentRole = roles.items.find((r) => r.key === 'agent')!.id;
  const owners: string[] = [];
  for (let i = 0; i < 200; i++) {
    const email = `owner${i}@bench.example`;
    await json(await post('/api/v1/people', { name: `Owner ${i}`, email, roleId: agentRole }));
    owners.push(email);
  }
  const teams: string[] = [];
  for (let i = 0; i < 20; i++) {
    await json(await post('/api/v1/teams', { name: `Team ${i}` }));
    teams.push(`Team ${i}`);
  }
  const rooms: string[] = [];
  for (const city of ['Berlin', 'Lyon', 'Leeds', 'Austin']) {
    const site = await json<{ id: string }>(await post('/api/v1/locations', { kind: 'site', name: city }));
    const building = await json<{ id: string }>(await post('/api/v1/locations', { kind: 'building', name: 'Main', parentId: site.id }));
    for (let r = 1; r <= 5; r++) {
      await json(await post('/api/v1/locations', { kind: 'room', name: `Room ${r}`, parentId: building.id }));
      rooms.push(`${city} / Main / Room ${r}`);
    }
  }
  return { owners, teams, rooms };
}

const cell = (v: string | number) => (/[",;\r\n]/.test(String(v)) ? `"${String(v).replaceAll('"', '""')}"` : String(v));

/** The CSV: a mix of classes, each row with its references and class attributes; `memory` varies to force updates. */
export function generateCsv(refs: { owners: string[]; teams: string[]; rooms: string[] }): string {
  const header = ['Name', 'Class', 'Status', 'Environment', 'Criticality', 'Description', 'Tags', 'Owner', 'Support group', 'Location', 'Asset tag', 'Serial number', 'Host name', 'IP address', 'CPU cores', 'Memory (GB)', 'Operating system', 'OS version', 'Model', 'Vendor'];
  const lines = [header.join(',')];
  const oses = ['Ubuntu', 'RHEL', 'Windows Server', 'Debian'];
  for (let i = 0; i < rows; i++) {
    const kind = i % 10;
    const owner = refs.owners[i % refs.owners.length]!;
    const team = refs.teams[i % refs.teams.length]!;
    const room = refs.rooms[i % refs.rooms.length]!;
    const env = ['production', 'staging', 'test', 'development'][i % 4]!;
    const n = String(i).padStart(6, '0');
    let row: (string | number)[];
    if (kind < 4) {
      row = [`srv-${n}`, 'server', 'active', env, '', `Rack server ${n}`, 'dc;bench', owner, team, room, `AST-${n}`, `SN-${n}`, `srv-${n}.bench.example`, `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, [8, 16, 32, 64][i % 4]!, [32, 64, 128, 256][i % 4]!, oses[i % 4]!, '2024', 'PowerEdge R650', ''];
    } else if (kind < 7) {
      row = [`vm-${n}`, 'virtual_machine', 'active', env, '', '', 'vm', owner, team, '', '', '', `vm-${n}.bench.example`, `172.16.${(i >> 8) & 255}.${i & 255}`, [2, 4, 8][i % 3]!, [4, 8, 16][i % 3]!, oses[i % 4]!, '24.04', '', ''];
    } else if (kind < 9) {
      row = [`lt-${n}`, 'laptop', 'active', '', '', '', 'endpoint', owner, '', room, `AST-${n}`, `PF-${n}`, '', '', '', [16, 32][i % 2]!, 'Windows 11', '23H2', 'ThinkPad T14', ''];
    } else {
      row = [`app-${n}`, 'application', 'active', env, ['critical', 'high', 'medium', 'low'][i % 4]!, `Application ${n}, "bench"`, 'app', owner, team, '', '', '', '', '', '', '', '', '', '', `Vendor ${i % 50}`];
    }
    lines.push(row.map(cell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** Starts a run and polls the import until it ends; answers the wall time and the final counts. */
async function timedRun(baseUrl: string, bearer: Record<string, string>, id: string, mode: 'dry_run' | 'apply'): Promise<Run> {
  const started = performance.now();
  await json(await fetch(`${baseUrl}/api/v1/imports/${id}/run`, { method: 'POST', headers: { ...bearer, 'content-type': 'application/json' }, body: JSON.stringify({ mode }) }));
  let lastLog = 0;
  for (;;) {
    const item = await json<{ status: string; failure: string | null; progress: Record<string, number> | null; report: { errorCount: number; errors: unknown[] } | null }>(
      await fetch(`${baseUrl}/api/v1/imports/${id}`, { headers: bearer }),
    );
    if (item.status === 'succeeded') {
      const seconds = (performance.now() - started) / 1000;
      if (item.report!.errorCount > 0) throw new Error(`${mode}: ${item.report!.errorCount} problems, e.g. ${JSON.stringify(item.report!.errors.slice(0, 3))}`);
      return { seconds: Math.round(seconds * 10) / 10, rowsPerSecond: Math.round(rows / seconds), counts: item.progress! };
    }
    if (item.status === 'failed' || item.status === 'cancelled') throw new Error(`${mode} ${item.status}: ${item.failure}`);
    if (performance.now() - lastLog > 10_000) {
      lastLog = performance.now();
      log(`  ${mode}: ${item.status}, ${item.progress?.rowsRead ?? 0} rows read (${item.progress?.percent ?? 0} %)`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function benchBackend(backend: 'postgres' | 'pglite'): Promise<ImportResult> {
  let database: ThrowawayDatabase | undefined;
  if (backend === 'postgres') {
    try {
      database = await createThrowawayDatabase(pgAdminUrl);
    } catch (err) {
      return { backend, skipped: `no PostgreSQL: ${(err as Error).message}` };
    }
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), `steward-bench-import-${backend}-`));
  try {
    const server = await startServer({ dataDir, adminPassword, databaseUrl: database?.url, readyTimeoutMs: 120_000 });
    try {
      const { session, bearer } = await signIn(server.baseUrl);
      log(`${backend}: 200 people, 20 teams, 20 rooms`);
      const csv = generateCsv(await references(server.baseUrl, session));
      const bytes = Buffer.byteLength(csv);
      log(`${backend}: uploading ${rows.toLocaleString('en')} rows (${(bytes / 1024 / 1024).toFixed(1)} MB)`);
      const form = new FormData();
      form.set('kind', 'configuration_items');
      form.set('file', new Blob([csv], { type: 'text/csv' }), 'bench.csv');
      const t0 = performance.now();
      const uploaded = await json<{ id: string; preview: { missingRequired: string[]; unmappedHeaders: string[] } }>(await fetch(`${server.baseUrl}/api/v1/imports`, { method: 'POST', headers: bearer, body: form }));
      const uploadMs = Math.round(performance.now() - t0);
      if (uploaded.preview.missingRequired.length || uploaded.preview.unmappedHeaders.length) throw new Error(`mapping incomplete: ${JSON.stringify(uploaded.preview)}`);
      log(`${backend}: dry run`);
      const dryRun = await timedRun(server.baseUrl, bearer, uploaded.id, 'dry_run');
      log(`${backend}: dry run in ${dryRun.seconds} s; import`);
      const apply = await timedRun(server.baseUrl, bearer, uploaded.id, 'apply');
      log(`${backend}: import in ${apply.seconds} s (${JSON.stringify(apply.counts)}); the same file again`);
      const again = await timedRun(server.baseUrl, bearer, uploaded.id, 'apply');
      log(`${backend}: again in ${again.seconds} s (${JSON.stringify(again.counts)})`);
      if (apply.counts.created !== rows || again.counts.unchanged !== rows) throw new Error('the import did not create every row, or the second run changed something');
      return { backend, serverVersion: database?.serverVersion, rows, bytes, uploadMs, dryRun, apply, again, loadAverage: Math.round(os.loadavg()[0] * 10) / 10 };
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
  const results: ImportResult[] = [];
  for (const backend of backends) results.push(await benchBackend(backend));
  const machine = describeMachine(results.find((r) => r.serverVersion)?.serverVersion ?? null);
  const row = (label: string, f: (r: ImportResult) => string, goal = '') => `| ${label} | ${results.map((r) => (r.skipped ? 'skipped' : f(r))).join(' | ')} | ${goal} |`;
  const run = (r: Run) => `${r.seconds} s (${r.rowsPerSecond.toLocaleString('en')} rows/s)`;
  console.log(`\n${rows.toLocaleString('en')} rows; ${machine.cpuModel}, ${machine.cores} cores; Node ${machine.node}\n`);
  console.log(`| | ${results.map((r) => r.backend).join(' | ')} | goal |\n|---|${results.map(() => '---:').join('|')}|---:|`);
  console.log(row('upload and preview', (r) => `${r.uploadMs} ms`));
  console.log(row('dry run', (r) => run(r.dryRun!)));
  console.log(row('import (every row created)', (r) => run(r.apply!), `≤ ${goalSeconds} s`));
  console.log(row('same file again (every row unchanged)', (r) => run(r.again!)));
  console.log(row('load average at the end', (r) => String(r.loadAverage)));
  const file = path.resolve(import.meta.dirname, 'cmdb-import-results.json');
  writeFileSync(file, `${JSON.stringify({ generatedAt: new Date().toISOString(), command: 'npm run bench:import', machine, results }, null, 2)}\n`);
  console.log(`\nResults written to ${file}`);
  return results.some((r) => !r.skipped && r.apply!.seconds > goalSeconds) ? 1 : 0;
}

process.exitCode = await main().catch((err: unknown) => {
  killAllServers();
  console.error(err);
  return 2;
});

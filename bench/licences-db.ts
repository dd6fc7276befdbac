/**
 * `npm run bench:licences`: licence compliance from the database. For each database (PostgreSQL,
 * PGlite): start a real server once (migrations, first organisation), stop it, seed BENCH_TITLES
 * software titles (default 1,000) and BENCH_INSTALLS installations (default 100,000) on a tenth as many
 * items in set-based SQL, with licences of every metric, assignments and usage peaks; start it again
 * and measure `GET /api/v1/licences/compliance` (p95; goal ≤ 2 s) and its neighbours. Only 127.0.0.1 is
 * touched; children and throwaway databases are removed however the run ends. Results go to
 * bench/licences-results.json; see docs/benchmarks.md.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { toolSettings } from '../src/config.ts';
import { openDatabase, type Database } from '../src/db/client.ts';
import { describeMachine } from './machine.ts';
import { createThrowawayDatabase, type ThrowawayDatabase } from './postgres.ts';
import { killAllServers, startServer } from './server-process.ts';
import { json, mintToken } from './api-setup.ts';

const settings = toolSettings();
const titles = Math.max(100, Math.round(Number(process.env.BENCH_TITLES ?? 1000)));
const installs = Math.max(1000, Math.round(Number(process.env.BENCH_INSTALLS ?? 100_000)));
const perItem = 10;
const items = Math.ceil(installs / perItem);
const samples = Math.max(5, Math.round(Number(process.env.BENCH_SAMPLES ?? 30)));
const adminPassword = 'bench-admin-password-1';
const pgAdminUrl = settings.benchPgUrl ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const backends = (process.env.BENCH_BACKENDS ?? 'postgres,pglite').split(',').filter((b): b is 'postgres' | 'pglite' => b === 'postgres' || b === 'pglite');

interface Percentiles {
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}
interface LicenceResult {
  backend: string;
  skipped?: string;
  titles?: number;
  installations?: number;
  items?: number;
  licences?: number;
  assignments?: number;
  seedSeconds?: number;
  position?: { titles: number; shortfall: number; overLicensed: number; compliant: number; renewals: number };
  compliance?: Percentiles;
  complianceShortfall?: Percentiles;
  titleCompliance?: Percentiles;
  softwareList?: Percentiles;
  loadAverage?: number;
}

function log(message: string): void {
  console.log(`[bench:licences ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

const one = async <T>(db: Database, text: string, values: unknown[] = []): Promise<T> => (await db.query<T>(text, values))[0]!;

/**
 * The estate: people, items (every tenth a server with cores), titles (the first 30 on about a tenth of
 * the items each, the rest spread evenly), installations (one in twenty items last seen 120 days ago),
 * and per title a licence whose metric and quantity vary with its number, plus a second, term licence on
 * every fifth title; per-user licences assigned to two thirds of their users; usage peaks for concurrent ones.
 */
async function seed(db: Database): Promise<{ licences: number; assignments: number }> {
  const { id: org } = await one<{ id: string }>(db, 'SELECT id FROM organisations ORDER BY created_at LIMIT 1');
  const { id: role } = await one<{ id: string }>(db, `SELECT id FROM roles WHERE org_id = $1 AND key = 'requester'`, [org]);
  const classes = await db.query<{ key: string; id: string }>(`SELECT key, id FROM ci_classes WHERE org_id = $1 AND key IN ('laptop', 'server')`, [org]);
  const classId = (key: string) => classes.find((c) => c.key === key)!.id;
  const people = Math.max(50, Math.round(items / 20));
  await db.query(`INSERT INTO users (id, email, name) SELECT gen_random_uuid(), 'bench.person' || g || '@example.test', 'Bench person ' || g FROM generate_series(0, $1::int - 1) g`, [people]);
  await db.query(
    `INSERT INTO memberships (id, org_id, user_id, role_id, kind) SELECT gen_random_uuid(), $1, id, $2, 'requester' FROM users WHERE email LIKE 'bench.person%'`,
    [org, role],
  );
  await db.query(
    `INSERT INTO configuration_items (id, org_id, key, name, class_id, owner_id, attributes, asset_state)
     SELECT gen_random_uuid(), $1, 'CI-' || (1000000 + g), 'bench-device-' || g,
            CASE WHEN g % 10 = 0 THEN $2::uuid ELSE $3::uuid END,
            (SELECT id FROM users WHERE email = 'bench.person' || (g % $5::int) || '@example.test'),
            CASE WHEN g % 10 = 0 THEN jsonb_build_object('cpuCores', 4 + (g / 10 % 5) * 4) ELSE '{}'::jsonb END,
            'deployed'
     FROM generate_series(0, $4::int - 1) g`,
    [org, classId('server'), classId('laptop'), items, people],
  );
  await db.query(
    `INSERT INTO software_titles (id, org_id, key, publisher, product)
     SELECT gen_random_uuid(), $1, lower('Bench Publisher ' || (g % 97) || '|Bench Product ' || g), 'Bench Publisher ' || (g % 97), 'Bench Product ' || g
     FROM generate_series(0, $2::int - 1) g`,
    [org, titles],
  );
  const spread = titles - 30;
  await db.query(
    `INSERT INTO software_installations (id, org_id, ci_id, title_id, raw_name, raw_publisher, raw_version, normalised_version, last_seen_at, source)
     SELECT gen_random_uuid(), $1, c.id, t.id, t.product || ' 1.' || (c.n % 3), t.publisher, '1.' || (c.n % 3), '1.' || (c.n % 3),
            now() - make_interval(days => CASE WHEN c.n % 20 = 0 THEN 120 ELSE c.n % 30 END), 'inventory'
     FROM (SELECT id, substring(key from 4)::int - 1000000 AS n FROM configuration_items WHERE org_id = $1 AND key LIKE 'CI-1%' AND length(key) = 10) c
     CROSS JOIN generate_series(0, ${perItem - 1}) j
     JOIN (SELECT id, product, publisher, substring(product from 15)::int AS n FROM software_titles WHERE org_id = $1) t
       ON t.n = CASE WHEN j < 3 THEN c.n % 10 + j * 10 ELSE 30 + (c.n * 7 + j * 131) % $2::int END
     WHERE c.n * ${perItem} + j < $3::int`,
    [org, spread, installs],
  );
  const metric = `(ARRAY['per_device','per_device','per_device','per_device','per_device','per_user','subscription','per_core','concurrent','site'])[t.n % 10 + 1]`;
  await db.query(
    `INSERT INTO licences (id, org_id, title_id, name, metric, quantity, min_cores_per_device, core_multiplier, unit_cost, currency, term_start, term_end, vendor)
     SELECT gen_random_uuid(), $1, t.id, t.product || ' licence', m.metric,
            CASE WHEN m.metric = 'per_core' THEN greatest(1, coalesce(u.devices, 0) * 10 * (80 + t.n % 40) / 100)
                 ELSE greatest(1, coalesce(u.devices, 0) * (80 + t.n % 40) / 100) END,
            CASE WHEN m.metric = 'per_core' THEN 8 END, CASE WHEN m.metric = 'per_core' THEN 1 END,
            1000 + (t.n * 37) % 50000, (ARRAY['EUR','USD','GBP'])[t.n % 3 + 1],
            CASE WHEN m.metric = 'subscription' THEN current_date - 200 END,
            CASE WHEN m.metric = 'subscription' THEN current_date - 200 + (t.n % 400) END,
            'Bench Reseller'
     FROM (SELECT id, product, substring(product from 15)::int AS n FROM software_titles WHERE org_id = $1) t
     CROSS JOIN LATERAL (SELECT ${metric} AS metric) m
     LEFT JOIN (SELECT title_id, count(DISTINCT ci_id) AS devices FROM software_installations WHERE org_id = $1 GROUP BY title_id) u ON u.title_id = t.id`,
    [org],
  );
  await db.query(
    `INSERT INTO licences (id, org_id, title_id, name, metric, quantity, unit_cost, currency, term_start, term_end, vendor)
     SELECT gen_random_uuid(), $1, t.id, t.product || ' term licence', 'per_device', 5, 2500, 'EUR', current_date - 300, current_date + (t.n % 120), 'Bench Reseller'
     FROM (SELECT id, product, substring(product from 15)::int AS n FROM software_titles WHERE org_id = $1) t WHERE t.n % 5 = 0 AND t.n % 10 <> 5`,
    [org],
  );
  await db.query(
    `INSERT INTO licence_assignments (id, org_id, licence_id, user_id)
     SELECT gen_random_uuid(), $1, l.id, o.owner_id
     FROM licences l
     JOIN (SELECT DISTINCT i.title_id, ci.owner_id FROM software_installations i JOIN configuration_items ci ON ci.id = i.ci_id WHERE i.org_id = $1 AND ci.owner_id IS NOT NULL) o ON o.title_id = l.title_id
     WHERE l.org_id = $1 AND l.metric = 'per_user' AND (hashtext(o.owner_id::text) % 3) <> 0`,
    [org],
  );
  await db.query(
    `INSERT INTO licence_usage_peaks (id, org_id, title_id, day, peak)
     SELECT gen_random_uuid(), $1, l.title_id, current_date - d, greatest(0, l.quantity * (70 + (d * 13 + hashtext(l.id::text)) % 60) / 100)
     FROM licences l CROSS JOIN generate_series(0, 29) d WHERE l.org_id = $1 AND l.metric = 'concurrent'`,
    [org],
  );
  await db.query('ANALYZE');
  const counts = await one<{ licences: number; assignments: number }>(
    db,
    'SELECT (SELECT count(*)::int FROM licences WHERE org_id = $1) AS licences, (SELECT count(*)::int FROM licence_assignments WHERE org_id = $1) AS assignments',
    [org],
  );
  return counts;
}

const token = (baseUrl: string) => mintToken(baseUrl, adminPassword, 'bench-licences', ['cmdb:read']);

/** `count` sequential requests after 3 unmeasured ones, each checked for 200. */
async function timed(label: string, url: string, headers: Record<string, string>, count = samples): Promise<Percentiles> {
  const times: number[] = [];
  for (let i = 0; i < count + 3; i++) {
    const t0 = performance.now();
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${label}: ${url} answered ${res.status}`);
    if (i >= 3) times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))]! * 10) / 10;
  return { p50Ms: at(0.5), p95Ms: at(0.95), maxMs: at(1) };
}

async function benchBackend(backend: 'postgres' | 'pglite'): Promise<LicenceResult> {
  let database: ThrowawayDatabase | undefined;
  if (backend === 'postgres') {
    try {
      database = await createThrowawayDatabase(pgAdminUrl);
    } catch (err) {
      return { backend, skipped: `no PostgreSQL: ${(err as Error).message}` };
    }
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), `steward-bench-licences-${backend}-`));
  const serverOptions = { dataDir, adminPassword, databaseUrl: database?.url, readyTimeoutMs: 600_000 };
  try {
    log(`${backend}: first start (migrations, first organisation)`);
    await (await startServer(serverOptions)).stop();
    log(`${backend}: seeding ${titles.toLocaleString('en')} titles and ${installs.toLocaleString('en')} installations on ${items.toLocaleString('en')} items`);
    const started = performance.now();
    const db = await openDatabase(database ? { databaseUrl: database.url, poolSize: 2 } : { dataDir });
    let seeded: { licences: number; assignments: number };
    try {
      seeded = await seed(db);
    } finally {
      await db.close();
    }
    const seedSeconds = (performance.now() - started) / 1000;
    log(`${backend}: seeded in ${seedSeconds.toFixed(1)} s (${seeded.licences} licences, ${seeded.assignments} assignments); starting the server`);
    const server = await startServer(serverOptions);
    try {
      const bearer = { authorization: `Bearer ${await token(server.baseUrl)}` };
      const whole = await json<{ summary: { titles: number; shortfall: number; overLicensed: number; compliant: number }; renewals: unknown[] }>(
        await fetch(`${server.baseUrl}/api/v1/licences/compliance?limit=50`, { headers: bearer }),
      );
      const popular = await json<{ items: { id: string }[] }>(await fetch(`${server.baseUrl}/api/v1/software?q=Bench%20Product%200&limit=1`, { headers: bearer }));
      log(`${backend}: whole-organisation compliance, first page, ${samples} requests`);
      const compliance = await timed('compliance', `${server.baseUrl}/api/v1/licences/compliance?limit=50`, bearer);
      log(`${backend}: compliance filtered to shortfalls, 200 a page, ${samples} requests`);
      const complianceShortfall = await timed('compliance', `${server.baseUrl}/api/v1/licences/compliance?status=shortfall&limit=200`, bearer);
      log(`${backend}: one popular title's compliance with removal candidates, ${samples} requests`);
      const titleCompliance = await timed('title', `${server.baseUrl}/api/v1/software/${popular.items[0]!.id}/compliance`, bearer);
      log(`${backend}: software titles with counts, first page, ${samples} requests`);
      const softwareList = await timed('software', `${server.baseUrl}/api/v1/software?limit=50`, bearer);
      return {
        backend,
        titles,
        installations: installs,
        items,
        ...seeded,
        seedSeconds: Math.round(seedSeconds * 10) / 10,
        position: { ...whole.summary, renewals: whole.renewals.length },
        compliance,
        complianceShortfall,
        titleCompliance,
        softwareList,
        loadAverage: Math.round(os.loadavg()[0]! * 100) / 100,
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
  const results: LicenceResult[] = [];
  for (const backend of backends) results.push(await benchBackend(backend));
  const machine = describeMachine(null);
  const row = (label: string, f: (r: LicenceResult) => string) => `| ${label} | ${results.map((r) => (r.skipped ? 'skipped' : f(r))).join(' | ')} |`;
  const ms = (p: Percentiles) => `${p.p50Ms} / ${p.p95Ms} / ${p.maxMs}`;
  console.log(`\n${titles.toLocaleString('en')} titles, ${installs.toLocaleString('en')} installations; ${machine.cpuModel}, ${machine.cores} cores; Node ${machine.node}\n`);
  console.log(`| | ${results.map((r) => r.backend).join(' | ')} |\n|---|${results.map(() => '---:').join('|')}|`);
  console.log(row('seed (s)', (r) => String(r.seedSeconds)));
  console.log(row('licences / assignments', (r) => `${r.licences} / ${r.assignments}`));
  console.log(row('titles short / over / compliant', (r) => `${r.position!.shortfall} / ${r.position!.overLicensed} / ${r.position!.compliant}`));
  console.log(row('GET /licences/compliance p50 / p95 / max (ms)', (r) => ms(r.compliance!)));
  console.log(row('… ?status=shortfall&limit=200 (ms)', (r) => ms(r.complianceShortfall!)));
  console.log(row('GET /software/{popular}/compliance (ms)', (r) => ms(r.titleCompliance!)));
  console.log(row('GET /software first page (ms)', (r) => ms(r.softwareList!)));
  const file = path.resolve(import.meta.dirname, 'licences-results.json');
  writeFileSync(file, `${JSON.stringify({ generatedAt: new Date().toISOString(), command: 'npm run bench:licences', samples, machine, results }, null, 2)}\n`);
  console.log(`\nwrote ${path.relative(process.cwd(), file)}`);
  return results.some((r) => r.compliance && r.compliance.p95Ms > 2000) ? 1 : 0;
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

/**
 * Bulk seeding of a CMDB for load tests and benchmarks: `count` items in the shape of a real estate
 * (business services on applications, on databases and virtual machines, on hosts, behind switches and
 * firewalls, backed up to storage; endpoints and peripherals beside them) with typed attributes, and
 * `relationships` links between them, written by set-based SQL in batches. Not for production data:
 * seeded rows have no audit trail. Keys continue the organisation's CI sequence.
 */
import { eq, sql } from 'drizzle-orm';
import { resultRows, type Db } from '../../db/client.ts';
import { ciClasses } from './schema.ts';

export interface SeedCisProgress {
  done: number;
  total: number;
}

export interface SeedCisOptions {
  orgId: string;
  count: number;
  /** Links to create (default five per item). */
  relationships?: number;
  batchSize?: number;
  onProgress?: (p: SeedCisProgress) => void;
}

/** Each layer's class, share of the items, name prefix and attributes (SQL over `n`, the item's number in its layer). */
const layers = [
  { name: 'svc', cls: 'business_service', share: 1, prefix: 'Service', attributes: `jsonb_build_object('serviceHours', (ARRAY['24x7','business_hours','extended_hours'])[1 + n % 3], 'availabilityTarget', (ARRAY[99, 99.5, 99.9, 99.95])[1 + n % 4])` },
  { name: 'app', cls: 'application', share: 10, prefix: 'app', attributes: `jsonb_build_object('applicationType', (ARRAY['web','api','batch','saas','desktop'])[1 + n % 5], 'version', (1 + n % 9) || '.' || (n % 20))` },
  { name: 'db', cls: 'database', share: 4, prefix: 'db', attributes: `jsonb_build_object('engine', (ARRAY['postgresql','mysql','sql_server','oracle','mongodb'])[1 + n % 5], 'port', 5432 + n % 10, 'sizeGb', 10 + n % 4000)` },
  { name: 'vm', cls: 'virtual_machine', share: 25, prefix: 'vm', attributes: compute('vm') },
  { name: 'srv', cls: 'server', share: 5, prefix: 'host', attributes: compute('host') },
  { name: 'cluster', cls: 'container_cluster', share: 0.5, prefix: 'k8s', attributes: `jsonb_build_object('platform', (ARRAY['kubernetes','openshift'])[1 + n % 2], 'nodeCount', 3 + n % 40)` },
  { name: 'net', cls: 'network_device', share: 2, prefix: 'net', attributes: `jsonb_build_object('deviceKind', (ARRAY['switch','switch','switch','router','firewall','access_point'])[1 + n % 6], 'portCount', (ARRAY[24, 48])[1 + n % 2])` },
  { name: 'storage', cls: 'storage', share: 0.5, prefix: 'stor', attributes: `jsonb_build_object('storageType', (ARRAY['san','nas','object','backup_appliance'])[1 + n % 4], 'capacityTb', 50 + n % 900)` },
  { name: 'cloud', cls: 'cloud_resource', share: 2, prefix: 'cloud', attributes: `jsonb_build_object('cloudService', (ARRAY['RDS','S3','Lambda','Blob Storage','Cloud Run'])[1 + n % 5])` },
  { name: 'laptop', cls: 'laptop', share: 25, prefix: 'LT', attributes: endpoint() },
  { name: 'desktop', cls: 'desktop', share: 10, prefix: 'PC', attributes: endpoint() },
  { name: 'phone', cls: 'phone_tablet', share: 8, prefix: 'MOB', attributes: `jsonb_build_object('deviceType', (ARRAY['phone','phone','tablet'])[1 + n % 3], 'os', (ARRAY['ios','android'])[1 + n % 2])` },
  { name: 'printer', cls: 'printer', share: 2, prefix: 'PRN', attributes: `jsonb_build_object('printerType', (ARRAY['laser','multifunction','label'])[1 + n % 3], 'colour', n % 2 = 0)` },
  { name: 'peripheral', cls: 'peripheral', share: 5, prefix: 'PER', attributes: `jsonb_build_object('peripheralType', (ARRAY['monitor','docking_station','headset','webcam'])[1 + n % 4])` },
] as const;
type LayerName = (typeof layers)[number]['name'];

function compute(prefix: string): string {
  return `jsonb_build_object('hostname', '${prefix}-' || lpad(n::text, 6, '0'), 'cpuCores', (ARRAY[2, 4, 8, 16, 32, 64])[1 + n % 6], 'memoryGb', (ARRAY[4, 8, 16, 32, 64, 128, 256])[1 + n % 7],
    'os', (ARRAY['Ubuntu','Ubuntu','RHEL','Windows Server','Debian'])[1 + n % 5], 'osVersion', (ARRAY['22.04','24.04','9.4','2022','12'])[1 + n % 5])`;
}
function endpoint(): string {
  return `jsonb_build_object('manufacturer', (ARRAY['Lenovo','Dell','HP','Apple'])[1 + n % 4], 'memoryGb', (ARRAY[8, 16, 32])[1 + n % 3], 'os', (ARRAY['Windows','Windows','macOS','Ubuntu'])[1 + n % 4], 'diskEncrypted', n % 10 <> 0)`;
}

/** Links by source layer, type and target layer, with their share of all links. */
const recipes: { from: LayerName; type: string; to: LayerName; weight: number }[] = [
  { from: 'svc', type: 'depends_on', to: 'app', weight: 3 },
  { from: 'svc', type: 'depends_on', to: 'svc', weight: 0.5 },
  { from: 'app', type: 'depends_on', to: 'app', weight: 20 },
  { from: 'app', type: 'depends_on', to: 'db', weight: 8 },
  { from: 'app', type: 'runs_on', to: 'vm', weight: 10 },
  { from: 'app', type: 'depends_on', to: 'cloud', weight: 3 },
  { from: 'app', type: 'runs_on', to: 'cluster', weight: 2 },
  { from: 'db', type: 'runs_on', to: 'vm', weight: 3 },
  { from: 'vm', type: 'runs_on', to: 'srv', weight: 5 },
  { from: 'vm', type: 'member_of', to: 'cluster', weight: 2 },
  { from: 'vm', type: 'backed_up_by', to: 'storage', weight: 5 },
  { from: 'db', type: 'backed_up_by', to: 'storage', weight: 1 },
  { from: 'srv', type: 'connected_to', to: 'net', weight: 4 },
  { from: 'net', type: 'connected_to', to: 'net', weight: 1 },
  { from: 'srv', type: 'protected_by', to: 'net', weight: 2 },
  { from: 'storage', type: 'connected_to', to: 'net', weight: 0.4 },
  { from: 'printer', type: 'connected_to', to: 'net', weight: 0.4 },
  { from: 'peripheral', type: 'connected_to', to: 'laptop', weight: 1 },
];

/** How many items each layer gets (at least one), summing to `count`. */
function layerSizes(count: number): Map<LayerName, { start: number; size: number }> {
  const total = layers.reduce((n, l) => n + l.share, 0);
  const sizes = layers.map((l) => Math.max(1, Math.floor((count * l.share) / total)));
  sizes[layers.findIndex((l) => l.name === 'laptop')]! += count - sizes.reduce((a, b) => a + b, 0);
  const out = new Map<LayerName, { start: number; size: number }>();
  let start = 0;
  layers.forEach((l, i) => {
    out.set(l.name, { start, size: sizes[i]! });
    start += sizes[i]!;
  });
  return out;
}

/** Seeds `count` items and their links; returns how many of each it wrote. */
export async function seedCis(db: Db, opts: SeedCisOptions): Promise<{ items: number; relationships: number }> {
  const { orgId, count } = opts;
  if (count < layers.length) throw new Error(`seed at least ${layers.length} items (one per layer)`);
  const wantedLinks = opts.relationships ?? count * 5;
  const batch = Math.max(1000, Math.min(100_000, opts.batchSize ?? 20_000));
  const total = count + wantedLinks;
  const classes = new Map((await db.select({ id: ciClasses.id, key: ciClasses.key }).from(ciClasses).where(eq(ciClasses.orgId, orgId))).map((c) => [c.key, c.id]));
  const [{ base }] = resultRows<{ base: number }>(await db.execute(sql`SELECT coalesce(max(last_value), 0)::bigint AS base FROM key_sequences WHERE org_id = ${orgId} AND prefix = 'CI'`)) as [{ base: number }];
  const sizes = layerSizes(count);
  let done = 0;
  for (const layer of layers) {
    const { start, size } = sizes.get(layer.name)!;
    const classId = classes.get(layer.cls);
    if (!classId) throw new Error(`the organisation has no class ${layer.cls}`);
    const asset = ['srv', 'net', 'storage', 'laptop', 'desktop', 'phone', 'printer', 'peripheral'].includes(layer.name);
    for (let from = 0; from < size; from += batch) {
      const n = Math.min(batch, size - from);
      await db.execute(sql`
        INSERT INTO configuration_items (id, org_id, key, name, class_id, status, environment, hosting, criticality, tags, attributes, asset_tag, serial_number, asset_state, created_at, updated_at)
        SELECT gen_random_uuid(), ${orgId}, 'CI-' || (${Number(base) + start + 1}::bigint + n), ${layer.prefix} || '-' || lpad(n::text, 6, '0'), ${classId},
          CASE WHEN n % 50 = 0 THEN 'retired' WHEN n % 23 = 0 THEN 'maintenance' ELSE 'active' END,
          (ARRAY['production','production','staging','test','development'])[1 + n % 5],
          ${layer.name === 'cloud' ? sql`'cloud'` : sql`CASE WHEN n % 7 = 0 THEN 'hybrid' ELSE 'on_site' END`},
          ${layer.name === 'svc' ? sql`(ARRAY['critical','high','medium','medium','low'])[1 + n % 5]` : sql`NULL`},
          CASE WHEN n % 9 = 0 THEN ARRAY['pci'] WHEN n % 13 = 0 THEN ARRAY['legacy'] ELSE '{}'::text[] END,
          ${sql.raw(layer.attributes)},
          ${asset ? sql`'AST-' || (${Number(base) + start + 1}::bigint + n)` : sql`NULL`},
          ${asset ? sql`'SN' || upper(substr(md5(${orgId}::text || n::text || ${layer.name}), 1, 12))` : sql`NULL`},
          ${asset ? sql`(ARRAY['deployed','deployed','deployed','in_stock','in_repair'])[1 + n % 5]` : sql`NULL`},
          now() - make_interval(days => (n % 1000)::int), now()
        FROM generate_series(${from}::int, ${from + n - 1}::int) AS n`);
      done += n;
      opts.onProgress?.({ done, total });
    }
  }
  await db.execute(sql`
    INSERT INTO key_sequences (org_id, prefix, last_value) VALUES (${orgId}, 'CI', ${Number(base) + count})
    ON CONFLICT (org_id, prefix) DO UPDATE SET last_value = greatest(key_sequences.last_value, excluded.last_value)`);
  const weights = recipes.reduce((n, r) => n + r.weight, 0);
  let links = 0;
  for (const recipe of recipes) {
    const from = sizes.get(recipe.from)!;
    const to = sizes.get(recipe.to)!;
    const same = recipe.from === recipe.to;
    // Each source gets consecutive distinct targets from its own starting point (never itself), so no pair repeats.
    const perSource = Math.max(1, Math.min(to.size - (same ? 1 : 0), Math.ceil((wantedLinks * recipe.weight) / weights / from.size)));
    const want = Math.min(Math.round((wantedLinks * recipe.weight) / weights), from.size * perSource);
    if (want < 1 || (same && to.size < 2)) continue;
    for (let at = 0; at < want; at += batch) {
      const n = Math.min(batch, want - at);
      const inserted = resultRows<{ n: number }>(
        await db.execute(sql`
          WITH pairs AS (
            SELECT j % ${from.size} AS s, j / ${from.size} AS r FROM generate_series(${at}::bigint, ${at + n - 1}::bigint) AS j
          ), ends AS (
            SELECT ${Number(base) + from.start + 1}::bigint + s AS s_key,
              ${Number(base) + to.start + 1}::bigint + ${
                same ? sql`(s + 1 + (abs(hashint8(s)::bigint) % ${to.size - 1} + r) % ${to.size - 1}) % ${to.size}` : sql`(abs(hashint8(s)::bigint) % ${to.size} + r) % ${to.size}`
              } AS t_key
            FROM pairs
          ), ins AS (
            INSERT INTO ci_relationships (id, org_id, source_id, type, target_id, created_at)
            SELECT gen_random_uuid(), ${orgId}, src.id, ${recipe.type}, dst.id, now()
            FROM ends
            JOIN configuration_items src ON src.org_id = ${orgId} AND src.key = 'CI-' || ends.s_key
            JOIN configuration_items dst ON dst.org_id = ${orgId} AND dst.key = 'CI-' || ends.t_key
            ON CONFLICT DO NOTHING
            RETURNING 1
          )
          SELECT count(*)::int AS n FROM ins`),
      );
      links += Number(inserted[0]!.n);
      done += n;
      opts.onProgress?.({ done: Math.min(done, total), total });
    }
  }
  opts.onProgress?.({ done: total, total });
  for (const table of ['configuration_items', 'ci_relationships']) await db.execute(sql.raw(`VACUUM ANALYZE ${table}`));
  return { items: count, relationships: links };
}

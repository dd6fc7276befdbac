/**
 * Licence compliance over 1,000 titles and 100,000 installations in one process (goal: well under 2 s).
 * The data set comes from a seeded generator, so runs are repeatable: 20,000 devices (a tenth of them servers
 * with 4–64 cores, a twentieth not seen for months) used by 15,000 people, five titles per device, and one to
 * three entitlements per title across all six metrics, some with named assignments, terms, costs in EUR,
 * USD or GBP. Prints the first (cold) run and the median of the next runs.
 *   node bench/licence-compliance.ts [runs]
 */
import os from 'node:os';
import { compliancePosition, licenceMetrics, type ComplianceInput, type CompliancePosition, type Entitlement, type Installation, type UsagePeak } from '../src/modules/cmdb/licence-compliance.ts';

const TITLES = 1_000;
const INSTALLATIONS = 100_000;
const DEVICES = 20_000;
const USERS = 15_000;
const runs = Number(process.argv[2] ?? 7);

/** mulberry32: a small seeded generator, so every run measures the same inputs. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generate(): ComplianceInput {
  const random = seeded(20260511);
  const pick = (n: number) => Math.floor(random() * n);
  const day = (offset: number) => new Date(Date.UTC(2026, 4, 11) + offset * 86_400_000).toISOString().slice(0, 10);
  const currencies = ['EUR', 'USD', 'GBP'];
  const entitlements: Entitlement[] = [];
  for (let t = 0; t < TITLES; t++) {
    const titleKey = `publisher ${t % 97}|product ${t}`;
    const count = 1 + pick(3);
    for (let k = 0; k < count; k++) {
      const metric = licenceMetrics[pick(licenceMetrics.length)];
      const quantity = metric === 'site' ? 1 : 20 + pick(400);
      const named = (metric === 'per_user' || metric === 'subscription') && random() < 0.4;
      const termed = metric === 'subscription' || random() < 0.15;
      const start = -pick(700);
      entitlements.push({
        id: `E-${t}-${k}`,
        titleKey,
        metric,
        quantity,
        unitCost: random() < 0.9 ? 1_000 + pick(90_000) : null,
        currency: currencies[pick(currencies.length)],
        termStart: termed ? day(start) : null,
        termEnd: termed ? day(start + 365 + pick(365)) : null,
        minCoresPerDevice: metric === 'per_core' ? 8 : null,
        coreMultiplier: metric === 'per_core' && random() < 0.3 ? 0.5 : null,
        assignedUsers: named ? Array.from({ length: pick(quantity + 40) }, () => `U-${pick(USERS)}`) : null,
        assignedDevices: metric === 'per_device' && random() < 0.3 ? Array.from({ length: pick(quantity) }, () => `D-${pick(DEVICES)}`) : null,
      });
    }
  }
  const devices = Array.from({ length: DEVICES }, (_, d) => ({
    deviceId: `D-${d}`,
    cores: d % 10 === 0 ? 4 * (1 + pick(16)) : random() < 0.02 ? null : 2 + 2 * pick(4),
    userId: random() < 0.95 ? `U-${pick(USERS)}` : null,
    lastSeen: d % 20 === 0 ? day(-100 - pick(300)) : `${day(-pick(30))}T0${pick(10)}:15:00Z`,
  }));
  const installations: Installation[] = [];
  for (let i = 0; i < INSTALLATIONS; i++) {
    const t = Math.floor(Math.pow(random(), 2) * TITLES);
    installations.push({ titleKey: `publisher ${t % 97}|product ${t}`, ...devices[i % DEVICES] });
  }
  const usagePeaks: UsagePeak[] = entitlements.filter((e) => e.metric === 'concurrent' && random() < 0.7).map((e) => ({ titleKey: e.titleKey, peak: pick(e.quantity * 2) }));
  return { asOf: day(0), entitlements, installations, usagePeaks };
}

const generating = performance.now();
const input = generate();
const generated = performance.now() - generating;

const times: number[] = [];
let last: CompliancePosition | undefined;
for (let r = 0; r <= runs; r++) {
  const began = performance.now();
  last = compliancePosition(input);
  times.push(performance.now() - began);
}
const position = last as CompliancePosition;
const cold = times.shift() as number;
const sorted = [...times].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)];
const short = position.titles.filter((t) => t.status === 'shortfall').length;
const candidates = position.titles.reduce((sum, t) => sum + t.removalCandidates.length, 0);

console.log(`licence compliance on ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`);
console.log(`  data: ${TITLES} titles, ${input.entitlements.length} entitlements, ${input.installations.length} installations on ${DEVICES} devices (generated in ${generated.toFixed(0)} ms)`);
console.log(`  result: ${position.titles.length} titles (${short} short), ${candidates} removal candidates, ${position.renewals.length} renewals due`);
console.log(`  time: first ${cold.toFixed(0)} ms, median of ${times.length} ${median.toFixed(0)} ms (min ${sorted[0].toFixed(0)}, max ${sorted.at(-1)!.toFixed(0)}); goal < 2000 ms`);
console.log(`  heap used: ${(process.memoryUsage().heapUsed / 1048576).toFixed(0)} MiB`);

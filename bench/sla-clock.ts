/**
 * `npm run bench:sla`: SLA clock computations per second in one process: addBusinessTime and
 * businessTimeBetween over realistic spans (hours to weeks) on a Mon–Fri 09:00–17:00 Europe/Berlin
 * calendar with holidays. Inputs come from a seeded generator, so runs are repeatable; each cell is
 * time-bounded, the whole run takes about seven seconds. See docs/benchmarks.md.
 */
import os from 'node:os';
import { CalendarSpec } from '../src/modules/service-desk/sla/calendar.ts';
import { BusinessClock } from '../src/modules/service-desk/sla/clock.ts';

const cellMs = 700;
const inputs = 8192;
const H = 3_600_000;
const DAY = 24 * H;

const spec = CalendarSpec.parse({
  timeZone: 'Europe/Berlin',
  alwaysOpen: false,
  hours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ start: '09:00', end: '17:00' }]])),
  holidays: [
    ...['01-01', '05-01', '10-03', '12-25', '12-26'].map((date) => ({ date, name: 'yearly' })),
    ...['2026-04-03', '2026-04-06', '2026-05-14', '2026-05-25', '2027-03-26', '2027-03-29', '2027-05-06', '2027-05-17'].map((date) => ({ date, name: 'Easter and Whitsun' })),
  ],
});

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

const random = seeded(20261122);
const startOf2026 = Date.UTC(2026, 0, 1);
/** Starts anywhere in 2026–2027 (both DST changes, holidays, nights and weekends included). */
const starts = Array.from({ length: inputs }, () => new Date(startOf2026 + Math.floor(random() * 2 * 365 * DAY)));
/** Business time to add: 1 hour to 3 working weeks (120 h), log-uniform, whole ms. */
const targets = Array.from({ length: inputs }, () => Math.round(H * Math.exp(random() * Math.log(120))));
/** Spans to measure: 2 hours to 4 weeks of real time, log-uniform. */
const ends = starts.map((s) => new Date(s.getTime() + Math.round(2 * H * Math.exp(random() * Math.log((28 * DAY) / (2 * H))))));

type Operation = 'addBusinessTime' | 'businessTimeBetween';

/** Copies of the spec as if each request read it from the database: equal content, different objects. */
const stored = Array.from({ length: 64 }, () => structuredClone(spec));
/** Specs no clock has seen (each with one more holiday, far away): nothing of their days is cached yet. */
const unseen = Array.from({ length: 1000 }, (_, i) => ({
  ...spec,
  holidays: [...spec.holidays, { date: new Date(Date.UTC(2100, 0, 1 + i)).toISOString().slice(0, 10), name: 'unseen' }],
}));

type Mode = (done: number, clock: BusinessClock) => BusinessClock;
const modes: Array<[string, Mode]> = [
  ['one clock reused', (_, clock) => clock],
  ['new clock per computation (spec read anew)', (done) => new BusinessClock(stored[done % stored.length])],
  ['calendar never seen before, every 100', (done, clock) => (done % 100 === 0 ? new BusinessClock(unseen[(done / 100) % unseen.length]) : clock)],
  ['calendar never seen before, every computation', (done) => new BusinessClock(unseen[done % unseen.length])],
];

/** Computations per second of one operation, getting the clock for each computation from `mode`. */
function measure(operation: Operation, mode: Mode): number {
  let clock = new BusinessClock(spec);
  let sink = 0;
  let done = 0;
  const began = performance.now();
  const deadline = began + cellMs;
  while (performance.now() < deadline) {
    for (let i = 0; i < 256; i++, done++) {
      clock = mode(done, clock);
      const k = done % inputs;
      sink += operation === 'addBusinessTime' ? clock.addBusinessTime(starts[k], targets[k]).getTime() % 7 : clock.businessTimeBetween(starts[k], ends[k]);
    }
  }
  const elapsed = performance.now() - began;
  if (sink === -1) console.log('unreachable');
  return (done / elapsed) * 1000;
}

// Warm-up: the JIT, and the process-wide cache of Europe/Berlin's offsets for 2026–2028.
for (const op of ['addBusinessTime', 'businessTimeBetween'] as const) measure(op, modes[0][1]);

const format = (n: number) => Math.round(n).toLocaleString('en-US');

console.log(`SLA clock — ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.availableParallelism()} cores, Node ${process.version}`);
console.log(`Mon–Fri 09:00–17:00 Europe/Berlin, 13 holidays; ${inputs} seeded inputs; ${cellMs} ms per cell\n`);
console.log('| clock | addBusinessTime /s | businessTimeBetween /s |');
console.log('|---|---:|---:|');
for (const [label, mode] of modes) {
  console.log(`| ${label} | ${format(measure('addBusinessTime', mode))} | ${format(measure('businessTimeBetween', mode))} |`);
}

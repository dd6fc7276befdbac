/**
 * `node bench/csv-import.ts`: the database-free part of a CSV import — decode, parse, map, convert,
 * duplicate check, batching — on 50,000 configuration-item-like rows, as an Excel export from a
 * German office writes them (semicolons, UTF-8 with BOM, day.month.year dates, comma decimals and
 * euro amounts, multi-line quoted notes, 1 % bad rows). Timed as a dry run against the in-memory
 * target, whose checks cost next to nothing, so the figure is the import core's own cost; the issue's
 * goal is 60 s for the whole import of 50,000 rows including database writes.
 */
import os from 'node:os';
import { Readable } from 'node:stream';
import { MemoryTarget } from '../src/platform/csv-import/memory-target.ts';
import { runImport } from '../src/platform/csv-import/run-import.ts';

const rows = Number(process.argv[2] ?? 50_000);
const runs = 3;

/** mulberry32: a small seeded generator, so every run reads the same file. */
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

const random = seeded(20260131);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
const classes = ['Laptop', 'Desktop', 'Server', 'Switch', 'Printer', 'Phone', 'Monitor'];
const statuses = ['Deployed', 'In stock', 'in_repair', 'RETIRED', 'ordered'];
const people = ['anna.mueller', 'jean.dupont', 'sam.okafor', 'li.wei', 'jörg.schäfer'];
const locations = ['Berlin', 'Lyon', 'London'];
const euros = (cents: number) => `${Math.floor(cents / 100).toLocaleString('de-DE')},${String(cents % 100).padStart(2, '0')} €`;

function generate(): Buffer {
  const lines = ['Asset Tag;Serial No.;Name;Status;Purchase Date;Cost;CPU cores;Owner;Location;Managed;Notes'];
  for (let i = 1; i <= rows; i++) {
    const kind = pick(classes);
    const day = 1 + Math.floor(random() * 28);
    const month = 1 + Math.floor(random() * 12);
    const bad = random() < 0.01;
    const notes = random() < 0.1 ? `"Checked by ""IT""\non ${day}.${month}.2025; label replaced"` : random() < 0.5 ? '' : `Rack ${Math.floor(random() * 40)}`;
    lines.push(
      [
        `AST-${String(i).padStart(6, '0')}`,
        `SN${Math.floor(random() * 1e10).toString(36).toUpperCase()}${i}`,
        `${kind} ${i}`,
        pick(statuses),
        bad ? `${day + 31}.${month}.2024` : `${String(day).padStart(2, '0')}.${String(month).padStart(2, '0')}.${2019 + Math.floor(random() * 7)}`,
        euros(Math.floor(random() * 500_000)),
        String(1 + Math.floor(random() * 64)),
        `${pick(people)}@example.com`,
        pick(locations),
        pick(['ja', 'yes', 'no', 'y', 'n']).replace('ja', 'yes'),
        notes,
      ].join(';'),
    );
  }
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`)]);
}

const file = generate();
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
console.log(`CSV import core — ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.availableParallelism()} cores, Node ${process.version}`);
console.log(`${rows.toLocaleString('en')} rows, ${mb(file.length)}, 11 columns, semicolons, UTF-8 with BOM; against the in-memory target\n`);
console.log('| run | time | rows/s | valid | invalid | heap after |');
console.log('|---|---:|---:|---:|---:|---:|');

let best = Infinity;
for (let run = 1; run <= runs + 1; run++) {
  const mode = run > runs ? 'apply' : 'dry-run';
  const began = performance.now();
  const report = await runImport({
    source: Readable.from(file, { objectMode: false }),
    target: new MemoryTarget(),
    mode,
    options: { dateFormat: 'dmy', decimalSeparator: ',', maxRows: rows },
  });
  const seconds = (performance.now() - began) / 1000;
  if (mode === 'dry-run') best = Math.min(best, seconds);
  const { valid, invalid } = report.counts;
  const label = mode === 'apply' ? 'apply, in-memory writes' : `dry run ${run}`;
  console.log(`| ${label} | ${seconds.toFixed(2)} s | ${Math.round(rows / seconds).toLocaleString('en')} | ${valid.toLocaleString('en')} | ${invalid.toLocaleString('en')} | ${mb(process.memoryUsage().heapUsed)} |`);
}
console.log(`\nBest dry run: ${rows.toLocaleString('en')} rows through decode + parse + map + convert + checks in ${best.toFixed(2)} s.`);

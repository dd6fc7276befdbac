import { text } from 'node:stream/consumers';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toolSettings } from '../../config.ts';
import { escapeFormula, unescapeFormula } from './formula-escape.ts';
import { importOptions } from './options.ts';
import { openCsv } from './read-csv.ts';
import { toCsv } from './to-csv.ts';

const runs = toolSettings().fuzzRuns ?? 200;

/** Cells with the characters that make CSV hard: delimiters, quotes, line breaks, formula starters, accents. */
const cell = fc.string({ unit: fc.oneof(fc.constantFrom(',', ';', '\t', '"', "'", '\r', '\n', '\r\n', '=', '+', '-', '@', ' ', 'ü', '€', '😀'), fc.string({ maxLength: 3 })), maxLength: 12 });

const table = fc.integer({ min: 1, max: 5 }).chain((width) =>
  fc.record({
    headers: fc.uniqueArray(fc.string({ minLength: 1, maxLength: 10 }).map((h) => `H${h.trim()}`), { minLength: width, maxLength: width, selector: (h) => h.toLowerCase() }),
    rows: fc.array(fc.array(cell, { minLength: width, maxLength: width }), { maxLength: 8 }),
  }),
);

async function exported(headers: string[], rows: string[][]): Promise<string> {
  return text(toCsv(rows, headers.map((header, i) => ({ header, value: (row: string[]) => row[i] }))));
}

describe('toCsv round trip', () => {
  it('any table of strings parses back to its cells, formula-escaped text with one added quote', async () => {
    await fc.assert(
      fc.asyncProperty(table, async ({ headers, rows }) => {
        const parsed = parse(await exported(headers, rows), { bom: true, relax_column_count: false }) as string[][];
        expect(parsed).toEqual([headers, ...rows].map((r) => r.map(escapeFormula)));
        expect(parsed.slice(1).map((r) => r.map(unescapeFormula))).toEqual(rows);
      }),
      { numRuns: runs },
    );
  });

  it("Steward's own import reads an export back to the same cells, detecting its delimiter", async () => {
    await fc.assert(
      fc.asyncProperty(table, async ({ headers, rows }) => {
        const csv = await openCsv(await exported(headers, rows), importOptions());
        const read: string[][] = [];
        for await (const record of csv.records) {
          expect(record.error).toBeUndefined();
          read.push(record.cells.map(unescapeFormula));
        }
        expect(csv.headers).toEqual(headers);
        expect(read).toEqual(rows.filter((r) => r.some((c) => escapeFormula(c).trim() !== '')));
      }),
      { numRuns: runs },
    );
  });
});

import { buffer, text } from 'node:stream/consumers';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { escapeFormula, unescapeFormula } from './formula-escape.ts';
import { csvCellText, toCsv } from './to-csv.ts';

interface Asset {
  tag: string;
  name: string;
  cost: number | null;
  retired: boolean;
  updatedAt: Date;
}

const columns = [
  { header: 'Asset tag', value: (a: Asset) => a.tag },
  { header: 'Name', value: (a: Asset) => a.name },
  { header: 'Cost', value: (a: Asset) => a.cost },
  { header: 'Retired', value: (a: Asset) => a.retired },
  { header: 'Updated', value: (a: Asset) => a.updatedAt },
];

const at = new Date('2026-01-31T10:00:00Z');

describe('formula escaping', () => {
  it('quotes text a spreadsheet would run, and nothing else', () => {
    const hostile = ['=HYPERLINK("http://x","click")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1'];
    expect(hostile.map(escapeFormula)).toEqual(hostile.map((h) => `'${h}`));
    expect(['Laptop', '', ' =1', 'a=b', "'quoted", '1-2'].map(escapeFormula)).toEqual(['Laptop', '', ' =1', 'a=b', "'quoted", '1-2']);
  });

  it('is undone on import, also for text that already began with a quote', () => {
    for (const value of ['=1', "'=1", "''-2", "'plain", 'plain', '@x']) expect(unescapeFormula(escapeFormula(value))).toBe(value);
  });

  it('writes numbers, booleans and dates plainly, since they cannot be formulas', () => {
    expect([csvCellText(-5), csvCellText(1.5), csvCellText(Number.NaN), csvCellText(true), csvCellText(at), csvCellText(null), csvCellText(undefined), csvCellText(12n)]).toEqual(['-5', '1.5', '', 'true', '2026-01-31T10:00:00.000Z', '', '', '12']);
  });
});

describe('toCsv', () => {
  it('streams RFC 4180 CSV with a BOM and CRLF, quoting where needed and escaping formulas', async () => {
    const rows: Asset[] = [
      { tag: 'AST-1', name: 'Laptop "Pro", 14"', cost: -5, retired: false, updatedAt: at },
      { tag: '=cmd|" /C calc"!A0', name: 'Notes\nover two lines', cost: null, retired: true, updatedAt: at },
      { tag: 'AST-3', name: 'Semi;colon\tand tab', cost: 1234.5, retired: false, updatedAt: at },
    ];
    const csv = (await buffer(toCsv(rows, columns))).toString('utf8');
    expect(csv).toBe(
      '\uFEFFAsset tag,Name,Cost,Retired,Updated\r\n' +
        'AST-1,"Laptop ""Pro"", 14""",-5,false,2026-01-31T10:00:00.000Z\r\n' +
        `"'=cmd|"" /C calc""!A0","Notes\nover two lines",,true,2026-01-31T10:00:00.000Z\r\n` +
        'AST-3,"Semi;colon\tand tab",1234.5,false,2026-01-31T10:00:00.000Z\r\n',
    );
  });

  it('reads rows from an async cursor, with a semicolon and without BOM on request', async () => {
    async function* cursor() {
      for (let i = 0; i < 3; i++) yield { tag: `AST-${i}`, name: `n,${i}`, cost: i / 2, retired: false, updatedAt: at };
    }
    const csv = await text(toCsv(cursor(), columns.slice(0, 3), { delimiter: ';', bom: false }));
    expect(parse(csv, { delimiter: ';' })).toEqual([['Asset tag', 'Name', 'Cost'], ['AST-0', 'n,0', '0'], ['AST-1', 'n,1', '0.5'], ['AST-2', 'n,2', '1']]);
  });

  it('ends the stream with the error of a failing cursor', async () => {
    async function* cursor() {
      yield { tag: 'AST-1', name: 'n', cost: 1, retired: false, updatedAt: at };
      throw new Error('connection lost');
    }
    await expect(text(toCsv(cursor(), columns))).rejects.toThrow('connection lost');
  });
});

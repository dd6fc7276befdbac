import { describe, expect, it } from 'vitest';
import type { AppError } from '../errors/catalogue.ts';
import type { CsvSource } from './decode-text.ts';
import { detectDelimiter, firstLineEnd, separatorDirective } from './detect-delimiter.ts';
import { importOptions, type ImportOptionsInput } from './options.ts';
import { type CsvRecord, openCsv } from './read-csv.ts';

async function readAll(source: CsvSource, options: ImportOptionsInput = {}) {
  const table = await openCsv(source, importOptions(options));
  const records: CsvRecord[] = [];
  for await (const record of table.records) records.push(record);
  return { headers: table.headers, delimiter: table.delimiter, encoding: table.stats.encoding, records };
}

const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => e as AppError);

describe('delimiter detection', () => {
  it('picks the delimiter the header row uses most, outside quotes', () => {
    expect(detectDelimiter('Asset tag,Serial,Name')).toBe(',');
    expect(detectDelimiter('Asset tag;Serial;"Cost, EUR"')).toBe(';');
    expect(detectDelimiter('Asset tag\tSerial\tName')).toBe('\t');
    expect(detectDelimiter('"a;b;c",d')).toBe(',');
    expect(detectDelimiter('Name')).toBe(',');
    expect(detectDelimiter('Cost, EUR;Name')).toBe(';');
  });

  it('finds the end of the first line outside quotes, waiting for a CR that may be a CRLF', () => {
    expect(firstLineEnd('a,b\r\n1,2')).toBe(5);
    expect(firstLineEnd('"a\nb",c\n1')).toBe(8);
    expect(firstLineEnd('a,b\r')).toBe(-1);
    expect(firstLineEnd('a,b')).toBe(-1);
  });

  it("honours Excel's sep= line", () => {
    expect(separatorDirective('sep=;\r\n')).toBe(';');
    expect(separatorDirective('sep=\t\n')).toBe('\t');
    expect(separatorDirective('sep=|\n')).toBeUndefined();
    expect(separatorDirective('separator;x\n')).toBeUndefined();
  });
});

describe('openCsv', () => {
  it('reads a semicolon Excel export with BOM, CRLF and quoted multi-line notes, numbering rows by file line', async () => {
    const csv = '\uFEFFAsset tag;Name;Notes\r\nAST-1;Laptop;"line one\r\nline two; still notes"\r\nAST-2;"Desk ""XL""";\r\n\r\nAST-3;Phone;"a\nb\nc"\r\nAST-4;Printer;x';
    const { headers, delimiter, records } = await readAll(csv);
    expect(delimiter).toBe(';');
    expect(headers).toEqual(['Asset tag', 'Name', 'Notes']);
    expect(records).toEqual([
      { line: 2, cells: ['AST-1', 'Laptop', 'line one\r\nline two; still notes'] },
      { line: 4, cells: ['AST-2', 'Desk "XL"', ''] },
      { line: 6, cells: ['AST-3', 'Phone', 'a\nb\nc'] },
      { line: 9, cells: ['AST-4', 'Printer', 'x'] },
    ]);
  });

  it('reads tab-separated text and uses an explicit delimiter over the detected one', async () => {
    expect((await readAll('a\tb\n1\t2\n')).records).toEqual([{ line: 2, cells: ['1', '2'] }]);
    const forced = await readAll('a;b,c\n1;2,3\n', { delimiter: ',' });
    expect(forced.headers).toEqual(['a;b', 'c']);
  });

  it('skips blank lines and a sep= line before the header, and counts them', async () => {
    const { headers, delimiter, records } = await readAll('sep=,\n\n;;\nName;Cost\nx,y;1\n');
    expect(delimiter).toBe(',');
    expect(headers).toEqual(['Name;Cost']);
    expect(records).toEqual([{ line: 5, cells: ['x', 'y;1'], error: 'has 2 columns where the header row has 1' }]);
  });

  it('reports rows with the wrong number of columns and reads on', async () => {
    const { records } = await readAll('a,b,c\n1,2\n1,2,3,4\n1,2,3,,\n1,2,3\n');
    expect(records).toEqual([
      { line: 2, cells: ['1', '2'], error: 'has 2 columns where the header row has 3' },
      { line: 3, cells: ['1', '2', '3', '4'], error: 'has 4 columns where the header row has 3' },
      { line: 4, cells: ['1', '2', '3'] },
      { line: 5, cells: ['1', '2', '3'] },
    ]);
  });

  it('reports an unclosed quote at the line it opens, after the rows before it', async () => {
    const { records } = await readAll('tag,notes\nA1,fine\nA2,"never closed\nA3,lost\nA4,lost\n');
    expect(records).toHaveLength(2);
    expect(records[0]).toEqual({ line: 2, cells: ['A1', 'fine'] });
    expect(records[1]).toMatchObject({ line: 3, cells: [], error: expect.stringContaining('quoted field starting on line 3 is never closed') });
  });

  it('keeps a stray quote inside an unquoted field (24" monitor)', async () => {
    const { records } = await readAll('name,size\n24" monitor,24\n"Quoted" tail,1\n');
    expect(records.map((r) => r.cells)).toEqual([['24" monitor', '24'], ['"Quoted" tail', '1']]);
  });

  it('names blank header cells, numbers repeated ones and drops trailing blank columns', async () => {
    const { headers, records } = await readAll(' Name ,,notes,Notes,NOTES,,\nx,y,1,2,3,,\n');
    expect(headers).toEqual(['Name', 'Column 2', 'notes', 'Notes (2)', 'NOTES (3)']);
    expect(records[0].cells).toEqual(['x', 'y', '1', '2', '3']);
  });

  it('turns down a row with an over-long field and reads on', async () => {
    const { records } = await readAll(`a,b\n1,${'x'.repeat(101)}\n2,ok\n`, { maxFieldLength: 100 });
    expect(records[0]).toMatchObject({ line: 2, error: 'column 2 has 101 characters; the limit is 100' });
    expect(records[1]).toEqual({ line: 3, cells: ['2', 'ok'] });
  });

  it('refuses a file with too many rows or columns, an empty file and an unreadable header', async () => {
    const rows = `a\n${'1\n'.repeat(11)}`;
    expect(await readAll(rows, { maxRows: 11 })).toMatchObject({ records: { length: 11 } });
    expect(await failure(readAll(rows, { maxRows: 10 }))).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'file', message: 'has more than 10 rows, the import limit' }] });
    expect(await failure(readAll('a,b,c,d\n', { maxColumns: 3 }))).toMatchObject({ errors: [{ field: 'file', message: 'has 4 columns; the limit is 3' }] });
    expect(await failure(readAll(''))).toMatchObject({ errors: [{ field: 'file', message: expect.stringContaining('is empty') }] });
    expect(await failure(readAll('\n\n;;\n'))).toMatchObject({ errors: [{ field: 'file', message: expect.stringContaining('is empty') }] });
    expect(await failure(readAll('"a,b\n1,2\n'))).toMatchObject({ errors: [{ field: 'file', message: expect.stringContaining('never closed') }] });
    expect(await failure(readAll('a\n1\n', { maxBytes: 3 }))).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  it('reads a header-only file as no rows', async () => {
    expect(await readAll('a,b\r\n')).toMatchObject({ headers: ['a', 'b'], records: [] });
  });

  it('can be abandoned part-way and closes its source', async () => {
    let closed = false;
    async function* source() {
      try {
        for (let i = 0; ; i++) yield Buffer.from(i === 0 ? 'n\n' : `${i}\n`.repeat(1000));
      } finally {
        closed = true;
      }
    }
    const table = await openCsv(source(), importOptions());
    for await (const record of table.records) if (record.line > 10) break;
    expect(closed).toBe(true);
  });
});

import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { AppError } from '../errors/catalogue.ts';
import type { ImportProgress } from './import-report.ts';
import { MemoryTarget, ciLikeFields } from './memory-target.ts';
import { previewCsv } from './preview-csv.ts';
import { runImport, type RunImportInput } from './run-import.ts';

/** Text as Excel's plain "CSV" export writes it on a Western-European Windows: Windows-1252, CRLF. */
const windows1252 = (text: string) => Uint8Array.from([...text.replace(/\n/g, '\r\n')].map((c) => (c === '€' ? 0x80 : c.charCodeAt(0))));
const withBom = (text: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text.replace(/\n/g, '\r\n'))]);

/** An Excel export from a German office: semicolons, day.month.year dates, comma decimals, euro amounts. */
const excelExport = `Inventarnummer;Serial No.;Name;Status;Purchase Date;Cost;Owner;Location;Notes
AST-1001;5CG1234XYZ;Laptop Müller;Deployed;31.01.2026;1.249,00 €;anna.mueller@example.com;Berlin;"Docking station
and two monitors; see ""REQ-77"""
AST-1002;5CG1234XZA;Laptop Schäfer;in stock;15.02.2026;1.249,00 €;;Berlin;
AST-1003;;Printer 3rd floor;deployed;30.02.2026;399,90 €;;Lyon;bad date
AST-1004;PX-9;Phone;deployed;01.03.2026;;not-an-email;Berlin;
AST-1001;5CG9999;Laptop again;deployed;01.03.2026;;;Berlin;same tag as line 2
AST-1005;SRV-1;Server;deployed;01.03.2026;12.000,00 €;;Paris;unknown location
`;

const options = { dateFormat: 'dmy', decimalSeparator: ',' } as const;
const mapping = {
  Inventarnummer: 'assetTag',
  'Serial No.': 'serialNumber',
  Name: 'name',
  Status: 'status',
  'Purchase Date': 'purchaseDate',
  Cost: 'purchaseCost',
  Owner: 'owner',
  Location: 'location',
  Notes: 'notes',
};

async function run(input: Partial<RunImportInput> & Pick<RunImportInput, 'source'>) {
  const target = input.target ?? new MemoryTarget();
  const progress: ImportProgress[] = [];
  const report = await runImport({ target, mode: 'dry-run', options, mapping, onProgress: (p) => void progress.push(p), ...input });
  return { report, target: target as MemoryTarget, progress };
}

describe('runImport', () => {
  it('dry-runs an Excel export: every bad row with its reason, nothing written', async () => {
    const { report, target } = await run({ source: withBom(excelExport) });
    expect(target.batches.apply).toEqual([]);
    expect(target.records.size).toBe(0);
    expect(report).toMatchObject({ mode: 'dry-run', delimiter: ';', encoding: 'utf-8', counts: { rowsRead: 6, valid: 2, invalid: 4, created: 0, updated: 0, unchanged: 0 } });
    expect(report.errors).toEqual([
      { line: 5, column: 'Purchase Date', field: 'purchaseDate', message: '"30.02.2026" is not a real date (DD/MM/YYYY)' },
      { line: 6, column: 'Owner', field: 'owner', message: '"not-an-email" is not an e-mail address' },
      { line: 7, message: 'repeats line 2: both rows are asset tag AST-1001' },
      { line: 8, column: 'Location', field: 'location', message: 'no location is named "Paris"' },
    ]);
    expect(report.errorCount).toBe(4);
    expect(report.summary).toBe('Dry run: 6 rows checked; 2 would be imported and 4 rows with errors would be skipped. Nothing was written.');
  });

  it('applies the good rows, skips the bad ones whole, and reads Windows-1252 the same as UTF-8', async () => {
    const { report, target } = await run({ source: windows1252(excelExport), mode: 'apply' });
    expect(report).toMatchObject({ encoding: 'windows-1252', counts: { rowsRead: 6, valid: 2, invalid: 4, created: 2, updated: 0, unchanged: 0 } });
    expect(report.summary).toBe('6 rows read: 2 created, 0 updated, 0 unchanged; 4 rows with errors were skipped and nothing of them was written.');
    expect([...target.records.keys()]).toEqual(['asset tag AST-1001', 'asset tag AST-1002']);
    expect(target.records.get('asset tag AST-1001')).toEqual({
      assetTag: 'AST-1001',
      serialNumber: '5CG1234XYZ',
      name: 'Laptop Müller',
      status: 'deployed',
      purchaseDate: '2026-01-31',
      purchaseCost: 1249,
      owner: 'anna.mueller@example.com',
      location: 'Berlin',
      notes: 'Docking station\nand two monitors; see "REQ-77"',
    });
  });

  it('gives back the rejected rows as CSV to fix and import again; the re-run is idempotent', async () => {
    const target = new MemoryTarget();
    const first = await run({ source: withBom(excelExport), mode: 'apply', target });
    const rejected = parse(first.report.rejectedCsv!, { bom: true, delimiter: ';' }) as string[][];
    expect(rejected[0]).toEqual(['error', ...Object.keys(mapping)]);
    expect(rejected.map((r) => r[0])).toEqual([
      'error',
      'Purchase Date: "30.02.2026" is not a real date (DD/MM/YYYY)',
      'Owner: "not-an-email" is not an e-mail address',
      'repeats line 2: both rows are asset tag AST-1001',
      'Location: no location is named "Paris"',
    ]);
    expect(rejected[1].slice(1)).toEqual(['AST-1003', '', 'Printer 3rd floor', 'deployed', '30.02.2026', '399,90 €', '', 'Lyon', 'bad date']);

    const fixed = first.report.rejectedCsv!.replace(';30.02.2026;', ';28.02.2026;').replace(';not-an-email;', ';ops@example.com;').replace(';AST-1001;5CG9999', ';AST-1006;5CG9999').replace(';Paris;', ';London;');
    const second = await run({ source: fixed, mode: 'apply', target });
    expect(second.report.counts).toEqual({ rowsRead: 4, valid: 4, invalid: 0, created: 4, updated: 0, unchanged: 0 });
    expect(second.report.rejectedCsv).toBeNull();

    const again = await run({ source: withBom(excelExport.replace('Laptop Schäfer', 'Laptop Schaefer')), mode: 'apply', target });
    expect(again.report.counts).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    expect(target.records.size).toBe(6);
  });

  it('keeps the cells of rejected rows intact, line breaks and quotes included', async () => {
    const source = 'Tag,Name,Notes,Purchase Date\nAST-1,"Desk ""XL""","one\ntwo\rthree",someday\n';
    const { report } = await run({ source, options: {}, mapping: { Tag: 'assetTag', Name: 'name', Notes: 'notes', 'Purchase Date': 'purchaseDate' } });
    expect(parse(report.rejectedCsv!, { bom: true })).toEqual([
      ['error', 'Tag', 'Name', 'Notes', 'Purchase Date'],
      ['Purchase Date: "someday" is not a date; expected a date as YYYY-MM-DD', 'AST-1', 'Desk "XL"', 'one\ntwo\rthree', 'someday'],
    ]);
    expect(report.rejectedCsv).toContain('"one\ntwo\rthree"');
  });

  it('refuses a file that lacks a required column before reading a row, naming the field', async () => {
    const source = 'Asset Tag,Serial No.\nAST-1,SN-1\n';
    const error = (await runImport({ source, target: new MemoryTarget(), mode: 'dry-run' }).catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.errors).toEqual([{ field: 'mapping', message: 'the required field Name (name) has no column' }]);
  });

  it('refuses a file over the limits as a whole, with the limit in the message', async () => {
    const target = new MemoryTarget();
    const source = `Tag,Name\n${Array.from({ length: 20 }, (_, i) => `AST-${i},n`).join('\n')}\n`;
    const input = { source, target, mode: 'dry-run', mapping: undefined } as const;
    await expect(runImport({ ...input, options: { maxRows: 19 } })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'file', message: 'has more than 19 rows, the import limit' }] });
    await expect(runImport({ ...input, options: { maxBytes: 100 } })).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: 'The file is larger than the import limit of 100 bytes' });
    await expect(runImport({ ...input, options: { maxColumns: 1 } })).rejects.toMatchObject({ errors: [{ field: 'file', message: 'has 2 columns; the limit is 1' }] });
    const long = await runImport({ ...input, source: `Tag,Name\nAST-1,${'x'.repeat(300)}\nAST-2,ok\n`, options: { maxFieldLength: 200 } });
    expect(long.errors).toEqual([{ line: 2, message: 'column 2 has 300 characters; the limit is 200' }]);
    expect(target.batches.validate).toEqual([1]);
  });

  it('auto-maps the columns when no mapping is given, and previews a file without reading it all', async () => {
    const source = 'Asset Tag,Serial No.,Hostname,Purchase Date,Managed\nAST-1,SN-1,web-01,2026-01-31,yes\nAST-2,SN-2,web-02,2026-02-01,no\n';
    const preview = await previewCsv(source, new MemoryTarget().fields, undefined, 1);
    expect(preview).toMatchObject({ headers: ['Asset Tag', 'Serial No.', 'Hostname', 'Purchase Date', 'Managed'], delimiter: ',', encoding: 'ascii', sample: [{ line: 2 }] });
    expect(preview.suggestion.unmappedHeaders).toEqual([]);
    const { report, target } = await run({ source, mode: 'apply', mapping: undefined, options: {} });
    expect(report.counts.created).toBe(2);
    expect(target.records.get('asset tag AST-2')).toMatchObject({ name: 'web-02', managed: false, purchaseDate: '2026-02-01' });
  });

  it('reports rows without identity, malformed lines, and rows the target fails to write', async () => {
    const target = new MemoryTarget();
    target.failOnApply = (row) => (row.values.assetTag === 'AST-3' ? 'serial number SN-3 belongs to another asset' : undefined);
    const source = 'Tag,Name,Serial\nAST-1,One,SN-1\n,Two,\nAST-3,Three,SN-3\nAST-4,Four\n,,\n';
    const { report } = await run({ source, target, mode: 'apply', options: {}, mapping: { Tag: 'assetTag', Name: 'name', Serial: 'serialNumber' } });
    expect(report.counts).toEqual({ rowsRead: 4, valid: 2, invalid: 2, created: 2, updated: 0, unchanged: 0 });
    expect(report.errors).toEqual([{ line: 5, message: 'has 2 columns where the header row has 3' }, { line: 4, message: 'serial number SN-3 belongs to another asset' }].sort((a, b) => a.line - b.line));
  });

  it('turns down a row with nothing to identify it by', async () => {
    class NamelessTarget extends MemoryTarget {
      override readonly fields = ciLikeFields.map((f) => (f.key === 'name' ? { ...f, required: false } : f));
    }
    const source = 'Tag,Serial,Notes\n,,orphan\nAST-9,,\n';
    const { report } = await run({ source, target: new NamelessTarget(), options: {}, mapping: { Tag: 'assetTag', Serial: 'serialNumber', Notes: 'notes' } });
    expect(report.errors).toEqual([{ line: 2, message: 'has nothing to identify it by: it needs an asset tag, a serial number or a name' }]);
    expect(report.counts).toMatchObject({ rowsRead: 2, valid: 1, invalid: 1 });
  });

  it('batches rows for the target and reports progress after each batch', async () => {
    const rows = Array.from({ length: 1234 }, (_, i) => `AST-${i},Device ${i},${i % 100 === 0 ? 'Paris' : 'Berlin'}`).join('\n');
    const source = `Tag,Name,Location\n${rows}\n`;
    const { report, target, progress } = await run({ source, mode: 'apply', options: { batchSize: 500 }, mapping: { Tag: 'assetTag', Name: 'name', Location: 'location' }, totalBytes: source.length });
    expect(target.batches.validate).toEqual([500, 500, 234]);
    expect(target.batches.apply).toEqual([495, 495, 231]);
    expect(report.counts).toEqual({ rowsRead: 1234, valid: 1221, invalid: 13, created: 1221, updated: 0, unchanged: 0 });
    expect(progress.map((p) => p.rowsRead)).toEqual([0, 500, 1000, 1234]);
    expect(progress.at(-1)).toEqual({ ...report.counts, bytesRead: source.length, totalBytes: source.length });
    for (let i = 1; i < progress.length; i++) expect(progress[i].created).toBeGreaterThanOrEqual(progress[i - 1].created);
  });

  it('caps the error list but counts every error and keeps every rejected row', async () => {
    const source = `Tag,Name,Purchase Date\n${Array.from({ length: 30 }, (_, i) => `AST-${i},,soon`).join('\n')}\n`;
    const { report } = await run({ source, options: { maxReportedErrors: 5 }, mapping: { Tag: 'assetTag', Name: 'name', 'Purchase Date': 'purchaseDate' } });
    expect(report.errors).toHaveLength(5);
    expect(report.errors[0]).toEqual({ line: 2, column: 'Name', field: 'name', message: 'is required' });
    expect(report.errorCount).toBe(60);
    expect((parse(report.rejectedCsv!, { bom: true }) as string[][]).length).toBe(31);
  });

  it('stops when its signal is aborted', async () => {
    const controller = new AbortController();
    const source = `Tag,Name\n${Array.from({ length: 2000 }, (_, i) => `AST-${i},n`).join('\n')}\n`;
    const result = runImport({ source, target: new MemoryTarget(), mode: 'apply', options: { batchSize: 100 }, signal: controller.signal, onProgress: (p) => (p.rowsRead >= 300 ? controller.abort() : undefined) });
    await expect(result).rejects.toThrow(/abort/i);
  });

  it('refuses a target that answers for rows it was not given', async () => {
    const target = new MemoryTarget();
    target.validate = async () => [{ line: 99, message: 'x' }];
    await expect(run({ source: 'Tag,Name\nA,B\n', target, options: {}, mapping: { Tag: 'assetTag', Name: 'name' } })).rejects.toThrow('line 99');
    const short = new MemoryTarget();
    short.apply = async () => [];
    await expect(run({ source: 'Tag,Name\nA,B\n', target: short, mode: 'apply', options: {}, mapping: { Tag: 'assetTag', Name: 'name' } })).rejects.toThrow('0 outcomes for 1 rows');
  });
});

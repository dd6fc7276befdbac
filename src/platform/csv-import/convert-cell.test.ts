import { describe, expect, it } from 'vitest';
import { cellConverter } from './convert-cell.ts';
import { rowConverter } from './convert-row.ts';
import type { ImportField } from './fields.ts';
import { columnPlan } from './mapping.ts';
import { ciLikeFields } from './memory-target.ts';
import type { ImportOptions } from './options.ts';
import { dateReader } from './parse-date.ts';
import { numberReader } from './parse-number.ts';

const formats: Pick<ImportOptions, 'dateFormat' | 'decimalSeparator'> = { dateFormat: 'iso', decimalSeparator: '.' };
const convert = (field: Omit<ImportField, 'key' | 'label'>, raw: string, options = formats) => cellConverter({ key: 'f', label: 'F', ...field }, options)(raw);

describe('dates', () => {
  it('reads ISO dates in every format, dropping a time of day', () => {
    for (const format of ['iso', 'dmy', 'mdy'] as const) {
      const read = dateReader(format);
      expect(read('2026-01-31')).toBe('2026-01-31');
      expect(read('2026-1-5')).toBe('2026-01-05');
      expect(read('2026/01/31')).toBe('2026-01-31');
      expect(read('2026-01-31T23:30:00Z')).toBe('2026-01-31');
      expect(read('2026-01-31 08:15')).toBe('2026-01-31');
    }
  });

  it('reads 31/01/2026 and 01/31/2026 only in the format the import chose', () => {
    expect(dateReader('dmy')('31/01/2026')).toBe('2026-01-31');
    expect(dateReader('dmy')('31.01.2026 00:00')).toBe('2026-01-31');
    expect(dateReader('mdy')('01/31/2026')).toBe('2026-01-31');
    expect(dateReader('mdy')('1/31/2026 4:05 PM')).toBe('2026-01-31');
    expect(dateReader('dmy')('01/02/2026')).toBe('2026-02-01');
    expect(dateReader('mdy')('01/02/2026')).toBe('2026-01-02');
    expect(dateReader('dmy')('01/31/2026')).toEqual({ problem: '"01/31/2026" is not a real date (DD/MM/YYYY)' });
    expect(dateReader('mdy')('31/01/2026')).toEqual({ problem: '"31/01/2026" is not a real date (MM/DD/YYYY)' });
    expect(dateReader('iso')('31/01/2026')).toEqual({ problem: expect.stringContaining('choose day/month/year or month/day/year') });
  });

  it('refuses impossible dates, two-digit years and text', () => {
    expect(dateReader('iso')('2026-02-29')).toEqual({ problem: '"2026-02-29" is not a real date (YYYY-MM-DD)' });
    expect(dateReader('iso')('2028-02-29')).toBe('2028-02-29');
    expect(dateReader('dmy')('31/01/26')).toEqual({ problem: '"31/01/26" has a two-digit year; write the year in full' });
    expect(dateReader('dmy')('next week')).toEqual({ problem: '"next week" is not a date; expected a date as DD/MM/YYYY or YYYY-MM-DD' });
    expect(dateReader('iso')('2026-13-01')).toMatchObject({ problem: expect.stringContaining('not a real date') });
  });
});

describe('numbers', () => {
  it('reads the chosen decimal mark with thousands grouped by the other mark, spaces or apostrophes', () => {
    const dot = numberReader('.', false);
    const comma = numberReader(',', false);
    expect([dot('1234.5'), dot('1,234.50'), dot('1 234 567.25'), dot("1'234.5"), dot('.5'), dot('-3'), dot('+3'), dot('1.5e3')]).toEqual([1234.5, 1234.5, 1234567.25, 1234.5, 0.5, -3, 3, 1500]);
    expect([comma('1234,5'), comma('1.234,50'), comma('1\u202f234,5'), comma('1\u00a0234'), comma('−7,25'), comma('0,5')]).toEqual([1234.5, 1234.5, 1234.5, 1234, -7.25, 0.5]);
    expect(dot('1,234')).toBe(1234);
    expect(comma('1,234')).toBe(1.234);
  });

  it('catches a wrong decimal mark instead of misreading it', () => {
    const comma = numberReader(',', false);
    expect(comma('1.5')).toBeUndefined();
    expect(comma('1,234.56')).toBeUndefined();
    expect(numberReader('.', false)('12,5')).toBeUndefined();
    expect(numberReader('.', false)('1,23,456')).toBeUndefined();
    expect(numberReader('.', false)('')).toBeUndefined();
    expect(numberReader('.', false)('-')).toBeUndefined();
  });

  it('strips currency symbols and codes for money fields only, and reads accounting negatives', () => {
    const money = numberReader(',', true);
    expect([money('1.234,50 €'), money('€ 1.234,50'), money('EUR 12'), money('12,00 EUR'), money('-€5'), money('€-5'), money('(1.234,00)'), money('CHF 3'), money('US$ 4')]).toEqual([1234.5, 1234.5, 12, 12, -5, -5, -1234, 3, 4]);
    expect(numberReader('.', true)('$1,234.56')).toBe(1234.56);
    expect(numberReader('.', true)('£0.99')).toBe(0.99);
    expect(numberReader('.', false)('$5')).toBeUndefined();
    expect(numberReader('.', true)('5 apples')).toBeUndefined();
  });

  it('checks whole numbers and bounds, and names the expected format', () => {
    expect(convert({ type: 'integer' }, '12')).toBe(12);
    expect(convert({ type: 'integer' }, '1,000')).toBe(1000);
    expect(convert({ type: 'integer' }, '1.5')).toEqual({ problem: '"1.5" is not a whole number' });
    expect(convert({ type: 'number', min: 0 }, '-1')).toEqual({ problem: 'must be at least 0' });
    expect(convert({ type: 'number', max: 10 }, '11')).toEqual({ problem: 'must be at most 10' });
    expect(convert({ type: 'number' }, '1.5', { ...formats, decimalSeparator: ',' })).toEqual({ problem: '"1.5" is not a number written like 1.234,56' });
    expect(convert({ type: 'number' }, 'abc')).toEqual({ problem: '"abc" is not a number written like 1,234.56' });
  });
});

describe('other types', () => {
  it('reads yes/no, true/false, y/n and 1/0 in any case', () => {
    const values = ['yes', 'Y', 'TRUE', '1', 'no', 'n', 'False', '0'].map((v) => convert({ type: 'boolean' }, v));
    expect(values).toEqual([true, true, true, true, false, false, false, false]);
    expect(convert({ type: 'boolean' }, 'maybe')).toEqual({ problem: '"maybe" is not yes/no, true/false, y/n or 1/0' });
  });

  it('matches choices case-insensitively and loosely to the canonical value', () => {
    const field = { type: 'choice' as const, choices: ['in_stock', 'deployed', 'In repair'] };
    expect(['IN_STOCK', 'In stock', 'in-stock', 'Deployed', 'in repair', 'IN_REPAIR'].map((v) => convert(field, v))).toEqual(['in_stock', 'in_stock', 'in_stock', 'deployed', 'In repair', 'In repair']);
    expect(convert(field, 'lost')).toEqual({ problem: '"lost" is not one of in_stock, deployed, In repair' });
  });

  it('checks e-mail addresses and lengths; text is kept as given, with line breaks as \\n', () => {
    expect(convert({ type: 'email' }, 'anna.mueller@example.com')).toBe('anna.mueller@example.com');
    expect(convert({ type: 'email' }, 'anna at example')).toEqual({ problem: '"anna at example" is not an e-mail address' });
    expect(convert({ type: 'text', maxLength: 3 }, 'abcd')).toEqual({ problem: 'is 4 characters long; at most 3 are allowed' });
    expect(convert({ type: 'text', maxLength: 3 }, '😀😀😀')).toBe('😀😀😀');
    expect(convert({ type: 'text' }, 'a\r\nb\rc\nd')).toBe('a\nb\nc\nd');
    expect(convert({ type: 'reference' }, 'Berlin HQ')).toBe('Berlin HQ');
    expect(convert({ type: 'text' }, 'x'.repeat(6000))).toBe('x'.repeat(6000));
  });

  it('makes an empty cell null, or a problem when the field is required', () => {
    expect(convert({ type: 'number' }, '')).toBeNull();
    expect(convert({ type: 'date', required: true }, '')).toEqual({ problem: 'is required' });
  });
});

describe('rowConverter', () => {
  it('converts the mapped cells, trimmed and unescaped, and names the line, column and field of each problem', () => {
    const headers = ['Tag', 'Bought', 'Cost', 'Skipped', 'Name', 'Notes'];
    const plan = columnPlan(headers, ciLikeFields, { Tag: 'assetTag', Bought: 'purchaseDate', Cost: 'purchaseCost', Name: 'name', Notes: 'notes' });
    const toRow = rowConverter(plan, { dateFormat: 'dmy', decimalSeparator: ',' });
    expect(toRow({ line: 7, cells: [' AST-1 ', '31.01.2026', '1.200,00 €', 'x', 'Laptop', "'=SUM(A1)"] })).toEqual({
      row: { line: 7, values: { assetTag: 'AST-1', purchaseDate: '2026-01-31', purchaseCost: 1200, name: 'Laptop', notes: '=SUM(A1)' } },
      errors: [],
    });
    expect(toRow({ line: 8, cells: ['AST-2', '2026-02-30', 'lots', '', '', ''] })).toEqual({
      row: { line: 8, values: { assetTag: 'AST-2', notes: null } },
      errors: [
        { line: 8, column: 'Bought', field: 'purchaseDate', message: '"2026-02-30" is not a real date (YYYY-MM-DD)' },
        { line: 8, column: 'Cost', field: 'purchaseCost', message: '"lots" is not a number written like 1.234,56' },
        { line: 8, column: 'Name', field: 'name', message: 'is required' },
      ],
    });
  });
});

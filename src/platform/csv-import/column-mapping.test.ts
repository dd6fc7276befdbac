import { describe, expect, it } from 'vitest';
import type { AppError } from '../errors/catalogue.ts';
import { autoMap, nameWords, normaliseName } from './auto-map.ts';
import { defineImportFields } from './fields.ts';
import { columnPlan, columnMappingSchema, validateMapping } from './mapping.ts';
import { ciLikeFields } from './memory-target.ts';

const thrown = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected an error');
};

describe('name normalisation', () => {
  it('ignores case, spacing, underscores, punctuation and accents and spells out abbreviations', () => {
    expect(normaliseName('Serial No.')).toBe('serialnumber');
    expect(normaliseName('serialNumber')).toBe('serialnumber');
    expect(normaliseName('SERIAL_NUMBER')).toBe('serialnumber');
    expect(normaliseName('Serial #')).toBe('serialnumber');
    expect(normaliseName('Numéro de série')).toBe('numerodeserie');
    expect(normaliseName('Straße')).toBe('strasse');
    expect(nameWords('IPAddress')).toEqual(['ip', 'address']);
    expect(nameWords('Date of purchase')).toEqual(['date', 'purchase']);
  });
});

describe('autoMap', () => {
  it('matches headers by name, label and alias, and reports what it could not place', () => {
    const result = autoMap(['Asset Tag', 'Serial No.', 'Purchase Date', 'HOSTNAME', 'Price (EUR)', 'assigned_to', 'Colour'], ciLikeFields);
    expect(result.mapping).toEqual({
      'Asset Tag': 'assetTag',
      'Serial No.': 'serialNumber',
      'Purchase Date': 'purchaseDate',
      HOSTNAME: 'name',
      'Price (EUR)': null,
      assigned_to: 'owner',
      Colour: null,
    });
    expect(result.matches).toContainEqual({ header: 'HOSTNAME', field: 'name', kind: 'alias' });
    expect(result.matches).toContainEqual({ header: 'Serial No.', field: 'serialNumber', kind: 'name' });
    expect(result.unmappedHeaders).toEqual(['Price (EUR)', 'Colour']);
    expect(result.missingRequired).toEqual([]);
  });

  it('matches the same words in another order and near spellings, and says so', () => {
    const result = autoMap(['Date of purchase', 'Serail number', 'Stauts', 'Nmae'], ciLikeFields);
    expect(result.matches).toEqual([
      { header: 'Date of purchase', field: 'purchaseDate', kind: 'words' },
      { header: 'Serail number', field: 'serialNumber', kind: 'similar' },
      { header: 'Stauts', field: 'status', kind: 'similar' },
    ]);
    expect(result.missingRequired).toEqual(['name']);
  });

  it('gives each field one column: the exact name beats a near one, the first column beats a later equal one', () => {
    const result = autoMap(['Nam', 'Names', 'Name', 'Tag', 'Asset tag'], ciLikeFields);
    expect(result.mapping).toMatchObject({ Name: 'name', Names: null, 'Asset tag': 'assetTag', Tag: null });
    const twice = autoMap(['Notes', 'notes (2)', 'NOTES'], ciLikeFields);
    expect(twice.mapping).toEqual({ Notes: 'notes', 'notes (2)': null, NOTES: null });
  });

  it('leaves a header alone when two fields are equally near', () => {
    const fields = defineImportFields([
      { key: 'cost', label: 'Cost', type: 'number' },
      { key: 'cast', label: 'Cast', type: 'text' },
      { key: 'costCentre', label: 'Cost centre', type: 'text' },
    ]);
    expect(autoMap(['Cist', 'Cost center'], fields).mapping).toEqual({ Cist: null, 'Cost center': 'costCentre' });
  });
});

describe('validateMapping', () => {
  const headers = ['Tag', 'Device', 'Bought', 'Remarks'];

  it('accepts an edited mapping and fills in the columns it leaves out', () => {
    const mapping = validateMapping(headers, ciLikeFields, { Tag: 'assetTag', Device: 'name', Bought: 'purchaseDate' });
    expect(mapping).toEqual({ Tag: 'assetTag', Device: 'name', Bought: 'purchaseDate', Remarks: null });
    expect(columnPlan(headers, ciLikeFields, mapping).map((c) => [c.index, c.header, c.field.key])).toEqual([
      [0, 'Tag', 'assetTag'],
      [1, 'Device', 'name'],
      [2, 'Bought', 'purchaseDate'],
    ]);
  });

  it('names every problem at once: unknown field, unknown column, a field fed twice, a required field not fed', () => {
    const error = thrown(() => validateMapping(headers, ciLikeFields, { Tag: 'assetTag', Device: 'colour', Bought: 'assetTag', Gone: null }));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.errors).toEqual([
      { field: 'mapping.Device', message: expect.stringMatching(/^there is no field "colour"; choose one of assetTag, serialNumber, name/) },
      { field: 'mapping.Bought', message: 'the field Asset tag (assetTag) is already fed by the column "Tag"' },
      { field: 'mapping.Gone', message: 'the file has no such column' },
      { field: 'mapping', message: 'the required field Name (name) has no column' },
    ]);
  });

  it('is checked as a request body and is not fooled by inherited property names', () => {
    expect(columnMappingSchema.safeParse({ a: 'name', b: null }).success).toBe(true);
    expect(columnMappingSchema.safeParse({ a: 1 }).success).toBe(false);
    const mapping = validateMapping(['constructor', 'name'], ciLikeFields, { name: 'name' });
    expect(mapping).toEqual({ constructor: null, name: 'name' });
    expect(columnPlan(['constructor', 'name'], ciLikeFields, { name: 'name' })).toHaveLength(1);
  });
});

describe('defineImportFields', () => {
  it('refuses duplicate keys and choice fields without choices', () => {
    expect(() => defineImportFields([{ key: 'a', label: 'A', type: 'text' }, { key: 'a', label: 'B', type: 'text' }])).toThrow('declared twice');
    expect(() => defineImportFields([{ key: 'a', label: 'A', type: 'choice' }])).toThrow('choices');
    expect(() => defineImportFields([{ key: 'Bad key', label: 'A', type: 'text' }])).toThrow('camelCase');
  });
});

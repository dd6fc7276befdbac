import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkAttributes, checkDefinitions, checkValue, filterValue, type AttributeDefinition } from './attributes.ts';
import { impactSteps, inverseNames, nameFrom, normaliseRelationship, relationshipTypes } from './relationship-types.ts';

const defs: AttributeDefinition[] = [
  { key: 'cores', label: 'Cores', type: 'number', required: true, integer: true, min: 1, max: 256 },
  { key: 'os', label: 'OS', type: 'text', required: false, maxLength: 10 },
  { key: 'tier', label: 'Tier', type: 'choice', required: false, choices: ['gold', 'silver'] },
  { key: 'since', label: 'Since', type: 'date', required: false },
  { key: 'dr', label: 'DR', type: 'boolean', required: false },
  { key: 'owner', label: 'Owner', type: 'person', required: false },
  { key: 'peer', label: 'Peer', type: 'ci', required: false, ciClass: 'server' },
];

describe('attribute values', () => {
  it('normalises good values and collects references', () => {
    const out = checkAttributes(defs, { cores: 8, os: ' Linux ', tier: 'gold', since: '2024-02-29', dr: false, owner: 'ABCDEF01-0000-7000-8000-000000000000', peer: 'ci-7' }, 'server');
    expect(out.errors).toEqual([]);
    expect(out.values).toEqual({ cores: 8, os: 'Linux', tier: 'gold', since: '2024-02-29', dr: false, owner: 'abcdef01-0000-7000-8000-000000000000', peer: 'CI-7' });
    expect(out.people).toEqual([{ key: 'owner', id: 'abcdef01-0000-7000-8000-000000000000' }]);
    expect(out.cis).toEqual([{ key: 'peer', ref: 'CI-7', ciClass: 'server' }]);
  });

  it('names every problem: unknown, missing required, wrong type, bounds, length, choice, date', () => {
    const out = checkAttributes(defs, { colour: 'red', os: 'x'.repeat(11), tier: 'bronze', since: '2023-02-29', dr: 'yes', owner: 'me', peer: 'SRV-1' }, 'server');
    expect(out.errors).toEqual([
      { field: 'attributes.colour', message: 'is not an attribute of the class server' },
      { field: 'attributes.cores', message: 'is required' },
      { field: 'attributes.os', message: 'must be at most 10 characters' },
      { field: 'attributes.tier', message: 'must be one of: gold, silver' },
      { field: 'attributes.since', message: 'must be a date YYYY-MM-DD' },
      { field: 'attributes.dr', message: 'must be true or false' },
      { field: 'attributes.owner', message: 'must be the id of a person' },
      { field: 'attributes.peer', message: 'must be the id or key of a configuration item' },
    ]);
    expect(checkValue(defs[0]!, 0)).toEqual({ problem: 'must be at least 1' });
    expect(checkValue(defs[0]!, 1.5)).toEqual({ problem: 'must be a whole number' });
    expect(checkValue(defs[0]!, '8')).toEqual({ problem: 'must be a number' });
  });

  it('treats null and blank text as absent', () => {
    expect(checkAttributes(defs, { cores: 2, os: '   ', tier: null }, 'server')).toMatchObject({ values: { cores: 2 }, errors: [] });
  });

  it('accepts every whole number in range and refuses every one outside it (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 1000 }), (n) => {
        const ok = 'value' in checkValue(defs[0]!, n);
        expect(ok).toBe(n >= 1 && n <= 256);
      }),
    );
  });

  it('reads filter values as the type of the attribute', () => {
    expect(filterValue(defs[0]!, '8')).toEqual({ value: 8 });
    expect(filterValue(defs[0]!, 'eight')).toEqual({ problem: 'must be a number' });
    expect(filterValue(defs[4]!, 'true')).toEqual({ value: true });
    expect(filterValue(defs[2]!, 'bronze')).toMatchObject({ problem: expect.any(String) });
  });
});

describe('attribute definitions', () => {
  it('refuses clashing keys and nonsense options', () => {
    const errors = checkDefinitions(
      [
        { key: 'os', label: 'x', type: 'text', required: false, min: 1 },
        { key: 'os', label: 'y', type: 'number', required: false, choices: ['a'] },
        { key: 'peer', label: 'z', type: 'text', required: false, ciClass: 'server' },
      ],
      new Set(['peer']),
      'customAttributes',
    );
    expect(errors).toEqual([
      { field: 'customAttributes.0.min', message: 'min, max and integer apply only to a number' },
      { field: 'customAttributes.1.key', message: 'is used by another attribute of this class' },
      { field: 'customAttributes.1.choices', message: 'apply only to a choice' },
      { field: 'customAttributes.2.key', message: 'is already an attribute of a parent class' },
      { field: 'customAttributes.2.ciClass', message: 'applies only to a ci attribute' },
    ]);
  });
});

describe('relationship types', () => {
  it('stores an inverse as its type with the ends swapped, and names each end', () => {
    expect(normaliseRelationship('a', 'used_by', 'b')).toEqual({ sourceId: 'b', type: 'depends_on', targetId: 'a', swapped: true });
    expect(normaliseRelationship('a', 'runs_on', 'b')).toEqual({ sourceId: 'a', type: 'runs_on', targetId: 'b', swapped: false });
    for (const type of relationshipTypes) {
      expect(nameFrom(type, 'source')).toBe(type);
      expect(nameFrom(type, 'target')).toBe(inverseNames[type]);
    }
  });

  it('walks impact against the needing end, and both ways over network links', () => {
    expect(impactSteps('downstream')).toEqual({
      asSource: ['connected_to', 'member_of', 'contains'],
      asTarget: ['depends_on', 'runs_on', 'connected_to', 'backed_up_by', 'protected_by'],
    });
    expect(impactSteps('upstream')).toEqual({
      asSource: ['depends_on', 'runs_on', 'connected_to', 'backed_up_by', 'protected_by'],
      asTarget: ['connected_to', 'member_of', 'contains'],
    });
  });
});

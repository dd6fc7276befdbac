import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toolSettings } from '../../config.ts';
import { corpus } from './software-normalise-corpus.ts';
import { compareVersions, normaliseSoftware, versionKey, type RawSoftware } from './software-normalise.ts';

const runs = toolSettings().fuzzRuns ?? 300;

const words = fc.constantFrom(
  'Microsoft', 'Adobe', 'Mozilla', 'Acme', 'Office', 'Reader', 'Studio', 'Tools', 'Desktop', '365', '2019', 'Pro', 'DC', 'ESR',
  'Update', 'Client', 'MUI', 'Edition', 'Community', 'Version', 'Build', '8', 'Runtime', 'Firefox', 'Chrome', 'Zoom', 'git', '-',
);
const qualifiers = fc.constantFrom(
  '(x64)', '(x64 en-US)', '- English', '64-bit', 'x86', '(remove only)', '[de-de]', '(Community Edition)', '- 14.2', '1.2.3', 'v2',
  '23.01', '(64 bit)', 'x64 Edition', '(TM)', '®', 'en-us', '(User)', '- Version 5.2', 'Update 401',
);
const packages = fc.constantFrom(
  'libreoffice-core', 'p7zip-full:amd64', 'firefox-1.2-3.el9.x86_64', 'google-chrome-stable', 'code', 'libssl3', 'Slack.app',
  '/Applications/Google Chrome.app', 'vlc', 'htop', 'libreoffice-l10n-de',
);
const names = fc.oneof(
  fc.array(fc.oneof(words, qualifiers), { minLength: 1, maxLength: 7 }).map((parts) => parts.join(' ')),
  packages,
  fc.constantFrom(...corpus.map(([name]) => name)),
  fc.string({ minLength: 1, maxLength: 30 }),
);
const publishers = fc.oneof(
  fc.constant(null),
  fc.constantFrom(
    'Microsoft Corporation', 'Microsoft', 'Adobe Systems Incorporated', 'Mozilla', 'Google LLC', 'Acme, Inc.', 'Acme Co., Ltd.',
    'Ubuntu Developers <ubuntu-devel@lists.ubuntu.com>', 'Red Hat, Inc.', 'Igor Pavlov', 'VMware, Inc.', 'TeamViewer Germany GmbH',
  ),
  fc.string({ maxLength: 20 }),
);
const records: fc.Arbitrary<RawSoftware> = fc
  .record({ name: names, publisher: publishers, version: fc.option(fc.constantFrom('1.2.3', 'v4', '4:7.5.9-1', '16.0.1'), { nil: null }) })
  .filter((r) => r.name.replace(/\((?:r|tm|c)\)|[®™©]/gi, '').trim() !== '');

/** The same text with its letters' case flipped at random and its spaces stretched, tabbed or padded. */
function variant(text: string, flips: boolean[], spaces: string[]): string {
  let i = 0;
  const cased = [...text].map((ch) => (flips[i++ % flips.length] ? ch.toUpperCase() : ch.toLowerCase())).join('');
  let j = 0;
  return `${spaces[0]}${cased.replace(/ /g, () => spaces[j++ % spaces.length] || ' ')}${spaces[1]}`;
}

describe('software normalisation properties', () => {
  it('is idempotent: normalising a normalised record gives the same title', () => {
    fc.assert(
      fc.property(records, (record) => {
        const once = normaliseSoftware(record);
        const twice = normaliseSoftware({ name: once.product, publisher: once.publisher, version: once.version });
        expect(twice.key).toBe(once.key);
        expect(twice.product).toBe(once.product);
        expect(twice.publisher).toBe(once.publisher);
        expect(twice.version).toBe(once.version);
      }),
      { numRuns: runs },
    );
  });

  it('gives case and whitespace variants of a record the same key', () => {
    const spacing = fc.array(fc.constantFrom(' ', '  ', '\t', ' \u00a0', ''), { minLength: 2, maxLength: 4 });
    fc.assert(
      fc.property(records, fc.array(fc.boolean(), { minLength: 1, maxLength: 7 }), spacing, (record, flips, spaces) => {
        const title = normaliseSoftware(record);
        const changed = normaliseSoftware({
          name: variant(record.name, flips, spaces),
          publisher: record.publisher == null ? record.publisher : variant(record.publisher, [...flips].reverse(), spaces),
          version: record.version,
        });
        expect(changed.key).toBe(title.key);
      }),
      { numRuns: runs },
    );
  });

  it('keys are lower case, one line, and join publisher and product', () => {
    fc.assert(
      fc.property(records, (record) => {
        const title = normaliseSoftware(record);
        expect(title.key).toBe(title.key.toLowerCase());
        expect(title.key).toBe(`${title.publisher}|${title.product}`.toLowerCase());
        expect(title.product).not.toBe('');
        expect(title.product).toBe(title.product.trim());
        expect(/\s{2}|[\t\n]/.test(title.key)).toBe(false);
      }),
      { numRuns: runs },
    );
  });
});

const versions = fc.oneof(
  fc
    .array(fc.oneof(fc.nat({ max: 30 }).map(String), fc.constantFrom('0', '00', '007', 'alpha', 'beta', 'rc', 'b', 'Beta', '99999999999999999999')), { maxLength: 6 })
    .chain((parts) => fc.array(fc.constantFrom('.', '-', '_', '+', '', ' '), { minLength: parts.length, maxLength: parts.length }).map((seps) => parts.map((p, i) => (i > 0 ? seps[i] : '') + p).join(''))),
  fc.string({ maxLength: 12 }),
);
const sign = (n: number) => Math.sign(n) || 0;

describe('version order properties', () => {
  it('is reflexive and antisymmetric, and is 0 exactly when the canonical keys are equal', () => {
    fc.assert(
      fc.property(versions, versions, (a, b) => {
        expect(compareVersions(a, a)).toBe(0);
        expect(sign(compareVersions(a, b)) + sign(compareVersions(b, a))).toBe(0);
        expect(compareVersions(a, b) === 0).toBe(versionKey(a) === versionKey(b));
      }),
      { numRuns: runs * 3 },
    );
  });

  it('is transitive, so sorting by it is consistent', () => {
    fc.assert(
      fc.property(versions, versions, versions, (a, b, c) => {
        if (compareVersions(a, b) <= 0 && compareVersions(b, c) <= 0) expect(compareVersions(a, c)).toBeLessThanOrEqual(0);
        const sorted = [a, b, c].sort(compareVersions);
        for (let i = 1; i < sorted.length; i++) expect(compareVersions(sorted[i - 1], sorted[i])).toBeLessThanOrEqual(0);
      }),
      { numRuns: runs * 3 },
    );
  });

  it('orders purely numeric dotted versions as their number lists, read lexicographically', () => {
    const numbers = fc.array(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(numbers, numbers, (x, y) => {
        const pad = (v: number[]) => [...v, ...Array(6 - v.length).fill(0)];
        const [px, py] = [pad(x), pad(y)];
        const k = px.findIndex((n, i) => n !== py[i]);
        const expected = k < 0 ? 0 : Math.sign(px[k] - py[k]);
        expect(sign(compareVersions(x.join('.'), y.join('.')))).toBe(expected);
      }),
      { numRuns: runs },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { corpus } from './software-normalise-corpus.ts';
import { compareVersions, isSoftwareNoise, majorVersion, normalisePublisher, normaliseSoftware, versionKey, type SoftwareAlias } from './software-normalise.ts';

describe('a corpus of raw inventory records', () => {
  it.each(corpus)('%s (%s, %s) → %s', (name, publisher, version, key, noise) => {
    const title = normaliseSoftware({ name, publisher, version });
    expect(title.key).toBe(key);
    expect(title.isNoise).toBe(noise === 'noise');
    expect(title.key).toBe(`${title.publisher}|${title.product}`.toLowerCase());
  });

  it('holds more than forty distinct realistic names', () => {
    expect(new Set(corpus.map(([name]) => name)).size).toBeGreaterThanOrEqual(40);
  });
});

describe('the parts of a title', () => {
  it('splits Firefox into publisher, product and the reported version with its major', () => {
    expect(normaliseSoftware({ name: 'Mozilla Firefox (x64 en-US)', publisher: 'Mozilla', version: '121.0.1' })).toEqual({
      publisher: 'Mozilla', product: 'Firefox', version: '121.0.1', major: 121, key: 'mozilla|firefox', isNoise: false,
    });
  });

  it('takes the version from the name when the agent reports none, and drops a dpkg epoch from a reported one', () => {
    expect(normaliseSoftware({ name: '7-Zip 23.01 (x64)' })).toMatchObject({ product: '7-Zip', version: '23.01', major: 23 });
    expect(normaliseSoftware({ name: 'Microsoft Visual C++ 2015-2022 Redistributable (x64) - 14.38.33135' }).version).toBe('14.38.33135');
    expect(normaliseSoftware({ name: 'firefox-115.6.0-1.el9.x86_64' })).toMatchObject({ version: '115.6.0', major: 115 });
    expect(normaliseSoftware({ name: 'libreoffice-core', version: '4:7.5.9-1' })).toMatchObject({ version: '7.5.9-1', major: 7 });
    expect(normaliseSoftware({ name: 'Slack', version: 'v4.36' })).toMatchObject({ version: '4.36', major: 4 });
    expect(normaliseSoftware({ name: 'Zoom' })).toMatchObject({ version: null, major: null });
  });

  it('keeps years and release numbers that licences are bought by, and drops dotted versions', () => {
    expect(normaliseSoftware({ name: 'Microsoft Office Professional Plus 2019', publisher: 'Microsoft' }).product).toBe('Office Professional Plus 2019');
    expect(normaliseSoftware({ name: 'Java 8 Update 401', publisher: 'Oracle' }).product).toBe('Java 8');
    expect(normaliseSoftware({ name: 'Windows Server 2022 Standard', publisher: 'Microsoft' }).product).toBe('Windows Server 2022 Standard');
    expect(normaliseSoftware({ name: 'JetBrains IntelliJ IDEA 2023.3.2' }).product).toBe('IntelliJ IDEA');
  });

  it('keeps brackets that say something and drops those that only qualify the build', () => {
    expect(normaliseSoftware({ name: 'Acme Reporting (Community Edition)' }).product).toBe('Acme Reporting (Community Edition)');
    expect(normaliseSoftware({ name: 'Acme Reporting (remove only)' }).product).toBe('Acme Reporting');
    expect(normaliseSoftware({ name: 'Acme Reporting [64 bit, Deutsch]' }).product).toBe('Acme Reporting');
    expect(normaliseSoftware({ name: 'Acme Reporting - Version 5.2' }).product).toBe('Acme Reporting');
  });

  it('keeps the publisher in the product when the rest would be a number or a generic word', () => {
    expect(normaliseSoftware({ name: 'Microsoft 365 Apps for business', publisher: 'Microsoft Corporation' }).product).toBe('Microsoft 365 Apps for business');
    expect(normaliseSoftware({ name: 'GitHub Desktop', publisher: 'GitHub, Inc.' }).product).toBe('GitHub Desktop');
    expect(normaliseSoftware({ name: 'Microsoft', publisher: 'Microsoft' }).product).toBe('Microsoft');
  });

  it('falls back to the tidied name when nothing would be left', () => {
    expect(normaliseSoftware({ name: '  (x64) ' })).toMatchObject({ product: '(x64)', key: '|(x64)' });
  });
});

describe('publishers', () => {
  it.each([
    ['Microsoft Corporation', 'Microsoft'],
    ['Microsoft Corp.', 'Microsoft'],
    ['MICROSOFT CORPORATION', 'Microsoft'],
    ['Adobe Systems Incorporated', 'Adobe'],
    ['Google LLC', 'Google'],
    ['Foxit Software Co., Ltd.', 'Foxit Software'],
    ['SAP SE', 'SAP'],
    ['Opera Software AS', 'Opera Software'],
    ['Logitech Europe S.A.', 'Logitech'],
    ['HP Development Company, L.P.', 'HP'],
    ['Dassault Systèmes SE', 'Dassault Systèmes'],
    ['Spotify AB', 'Spotify'],
    ['Inc.', 'Inc.'],
    [null, ''],
  ])('%s → %s', (raw, expected) => {
    expect(normalisePublisher(raw)).toBe(expected);
  });
});

describe('noise', () => {
  it('flags hotfixes, runtimes, drivers and libraries, and not Oracle Java', () => {
    expect(isSoftwareNoise('Hotfix for Microsoft Windows (KB2999226)')).toBe(true);
    expect(isSoftwareNoise('Java(TM) SE Runtime Environment 8')).toBe(false);
    expect(isSoftwareNoise('VirtualBox Guest Additions')).toBe(true);
    expect(isSoftwareNoise('Microsoft Office Proofing Tools 2016 - Deutsch')).toBe(true);
    expect(isSoftwareNoise('linux-image-6.5.0-14-generic')).toBe(true);
    expect(isSoftwareNoise('Windows 10 Update Assistant')).toBe(true);
    expect(isSoftwareNoise('Adobe Acrobat Reader DC')).toBe(false);
  });
});

describe('admin aliases', () => {
  const aliases: SoftwareAlias[] = [
    { publisher: 'Acme*', name: 'ACME-ERP*client*', toPublisher: 'Acme Software', toName: 'Acme ERP Client' },
    { name: 'AnyDesk*', toPublisher: 'AnyDesk Software' },
    { publisher: 'Zoom*', toPublisher: 'Zoom Communications' },
  ];

  it('rewrite a matching record before the built-in rules, the first match winning', () => {
    expect(normaliseSoftware({ name: 'ACME-ERP 7.2 Client (x64)', publisher: 'ACME GmbH' }, aliases).key).toBe('acme software|acme erp client');
    expect(normaliseSoftware({ name: 'acme-erp   thin client', publisher: 'acme gmbh' }, aliases).key).toBe('acme software|acme erp client');
    expect(normaliseSoftware({ name: 'AnyDesk', version: '8.0.6' }, aliases)).toMatchObject({ key: 'anydesk software|anydesk', version: '8.0.6' });
    expect(normaliseSoftware({ name: 'Zoom Workplace (64-bit)', publisher: 'Zoom Video Communications, Inc.' }, aliases).key).toBe('zoom communications|zoom workplace');
  });

  it('leave other records alone', () => {
    expect(normaliseSoftware({ name: 'ACME-ERP 7.2 Server', publisher: 'ACME GmbH' }, aliases).key).toBe('acme|acme-erp server');
  });

  it('name every problem of a bad alias table', () => {
    const bad = [{ toName: 'X' }, { name: 'Y*' }, { name: 3 as unknown as string, toName: '' }];
    expect(() => normaliseSoftware({ name: 'Z' }, bad)).toThrow(
      /aliases\[0\] needs a publisher or name pattern; aliases\[1\] needs a toPublisher or toName; aliases\[2\]\.name must be a non-empty string.*aliases\[2\]\.toName must be a non-empty string/,
    );
  });
});

describe('bad records', () => {
  it('name every problem', () => {
    expect(() => normaliseSoftware({ name: '  ', publisher: 7 as unknown as string, version: {} as unknown as string })).toThrow(
      /invalid software record: name must be a non-empty string.*; publisher must be a string.*; version must be a string/,
    );
    expect(() => normaliseSoftware(null as unknown as { name: string })).toThrow(RangeError);
  });
});

describe('versions', () => {
  it('compare numerically segment by segment', () => {
    expect(compareVersions('1.10', '1.9')).toBe(1);
    expect(compareVersions('2.0', '10.0')).toBe(-1);
    expect(compareVersions('1.2', '1.2.0')).toBe(0);
    expect(compareVersions('v1.02', '1.2')).toBe(0);
    expect(compareVersions('1.0-beta', '1.0')).toBe(-1);
    expect(compareVersions('1.0-beta', '1.0-alpha')).toBe(1);
    expect(compareVersions('1.0.1', '1.0-rc1')).toBe(1);
    expect(compareVersions('123456789012345678901234567890', '123456789012345678901234567889')).toBe(1);
    expect(compareVersions('8.0.4010.10', '8.0.3910.13')).toBe(1);
  });

  it('have a canonical key and a major number', () => {
    expect(versionKey('v1.02.0.0')).toBe('1.2');
    expect(versionKey('1.0-RC1')).toBe('1.0.rc.1');
    expect(majorVersion('16.0.17126.20132')).toBe(16);
    expect(majorVersion('v3')).toBe(3);
    expect(majorVersion('latest')).toBeNull();
  });
});

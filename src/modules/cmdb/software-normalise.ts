/**
 * Software titles from raw inventory records: Windows "Add/Remove Programs" entries (DisplayName, Publisher,
 * DisplayVersion), dpkg and rpm package names, macOS app bundles. Two records of the same product get the
 * same `key`, so installations can be counted against licences whatever the agent reported. Pure; the
 * tables it reads are in `software-normalise-rules.ts`.
 *
 * Rules, in order (a SAM analyst should be able to predict every key from these):
 * 1. Admin aliases first: the first alias whose patterns (`*` = any text; case and spacing ignored) match
 *    the raw publisher and/or name replaces them; the built-in rules then run on the result, so an alias
 *    says which product a record is and the rules still decide how it is written.
 * 2. Publisher: ®/™/(R)/(TM) and e-mail addresses dropped, legal forms stripped from the end (Inc., Ltd,
 *    GmbH, LLC, Corporation, Corp., Co., S.A., AB, s.r.o. …) and then regional words (America, Europe,
 *    Germany…), old names renamed (Adobe Systems → Adobe), well-known names given their usual spelling.
 * 3. Product: path and ".app" of a bundle dropped; for a package name (no spaces) the architecture
 *    (":amd64"), the rpm version-release-arch and packaging suffixes ("-core", "-stable", "-full") are dropped
 *    and a suite's parts collapse to the suite ("libreoffice-writer" → libreoffice). Brackets and a trailing
 *    " - …" go when all they hold is architecture, bitness, language, version or installer words
 *    ("(x64 en-US)", "- English", "(remove only)"); otherwise they are part of the name. Then architecture
 *    and language tags, dotted or v-prefixed versions ("23.01", "2023.3.2", "v2") and "version/release/
 *    build/update N" after a name are removed, and a trailing "MUI".
 * 4. Whole numbers stay: years and release numbers ("Office Professional Plus 2019", "AutoCAD 2024",
 *    "Java 8", "Microsoft 365") are part of the commercial name, because licences are bought per release.
 *    Edition words stay ("Professional Plus", "Community Edition", "Reader DC"): editions are licensed apart.
 * 5. A distribution or package manager reported as publisher ("Debian … Maintainers", "Red Hat, Inc.",
 *    "Ubuntu Developers") is dropped: it packaged the software, it did not publish it. A product known by
 *    its package name (firefox, p7zip, code…) then takes its publisher and name from the built-in table when
 *    the publisher is missing or is the table's; a missing publisher is otherwise taken from a well-known
 *    publisher at the start of the name ("Google Chrome.app"), else it stays '' (the key starts with "|").
 * 6. The publisher is removed from the front of the product ("Mozilla Firefox" → Firefox) unless what is
 *    left is empty, starts with a digit ("Microsoft 365 Apps") or is one generic word ("VMware Tools").
 * 7. Key: "publisher|product" in lower case (a publisher never holds "|"), so normalising a normalised
 *    record gives the same key.
 * `isNoise` marks hotfixes (KB…), updates and updaters, runtimes and redistributables (Oracle Java is not
 * noise: it is licensed), drivers and guest tools, language packs and libraries, which compliance skips.
 * Bad input throws a `RangeError` naming every problem.
 */
import {
  archToken, bareLanguage, canonicalPublishers, genericWords, knownProducts, languageTag, legalSuffix, noisePatterns,
  packagerPublisher, packageSuffix, qualifierWords, regionalSuffix, renamedPublishers, suiteStems,
} from './software-normalise-rules.ts';

/** A software record as an inventory agent reports it. */
export interface RawSoftware {
  name: string;
  publisher?: string | null;
  version?: string | null;
}

/** The normalised title of a record; `key` identifies the title for matching installations to licences. */
export interface SoftwareTitle {
  publisher: string;
  product: string;
  version: string | null;
  major: number | null;
  key: string;
  isNoise: boolean;
}

/** An admin-defined rewrite tried before the built-in rules: match by `publisher` and/or `name` pattern, replace with `toPublisher` and/or `toName`. */
export interface SoftwareAlias {
  publisher?: string | null;
  name?: string | null;
  toPublisher?: string | null;
  toName?: string | null;
}

interface CompiledAlias {
  publisher: RegExp | null;
  name: RegExp | null;
  toPublisher: string | null;
  toName: string | null;
}

const edges = /^[\s\-–—,:;/|]+|[\s\-–—,:;/|]+$/g;
const publisherEdges = /^[\s\-–—,:;/&]+|[\s\-–—,:;/&]+$/g;
const versionToken = /^v?\d+(?:[._]\d+)+[a-z0-9.+~_-]*$|^v\d+[a-z]?$/i;
const versionWords = new Set(['version', 'release', 'build', 'update', 'rev', 'revision']);
const wholeNumber = /^\d+$/;
const rpmName = /^(.+?)-(\d[\w.+~^]*)-[\w.+~^]+\.(?:x86_64|i686|noarch|aarch64|ppc64le|s390x)$/i;
const publisherList = [...canonicalPublishers.values()];

function tidy(text: string): string {
  return text
    .replace(/[®™©]/g, '')
    .normalize('NFKC')
    .replace(/\((?:r|tm|c)\)/gi, '')
    .replace(/[\s\p{Cc}\p{Cf}]+/gu, ' ')
    .trim();
}

/** The canonical spelling of a publisher: legal forms and regional words stripped, old names renamed; '' when none. */
export function normalisePublisher(raw: string | null | undefined): string {
  let name = tidy((raw ?? '').replace(/<[^>]*>|\bhttps?:\/\/\S*|\|/gi, ' ')).replace(publisherEdges, '');
  for (;;) {
    const stripped = name.replace(legalSuffix, '').replace(regionalSuffix, '').replace(publisherEdges, '');
    if (stripped === name || stripped === '') break;
    name = stripped;
  }
  const lower = name.toLowerCase();
  return renamedPublishers.get(lower) ?? canonicalPublishers.get(lower) ?? name;
}

/** Whether every word in a bracket or trailing segment is a qualifier (architecture, language, version, installer word). */
function onlyQualifiers(text: string): { qualifies: boolean; version: string | null } {
  const tokens = text.split(/[\s,;/]+/).filter(Boolean);
  let version: string | null = null;
  const qualifies = tokens.every((token, i) => {
    const lower = token.toLowerCase();
    if (versionToken.test(token)) return (version ??= token.replace(/^v/i, '')), true;
    if (wholeNumber.test(token)) return i > 0 && versionWords.has(tokens[i - 1].toLowerCase());
    return archToken.test(token) || languageTag.test(token) || bareLanguage.test(token) || qualifierWords.has(lower) || versionWords.has(lower);
  });
  return { qualifies, version };
}

/** One pass of the product rules over a tidied name; `cleanName` repeats it until nothing changes. */
function cleanOnce(input: string): { text: string; version: string | null } {
  let version: string | null = null;
  let text = input.replace(/\b(64|32)[- ]bits?\b/gi, '$1-bit').replace(/\b(x64|x86|(?:64|32)-bits?)\s+edition\b/gi, '$1');
  if (/\.app$/i.test(text)) text = text.replace(/^.*\//, '').replace(/\.app$/i, '');
  if (!text.includes(' ')) {
    text = text.replace(/:(?:amd64|i386|arm64|armhf|all|x86_64|aarch64)$/i, '');
    const rpm = rpmName.exec(text);
    if (rpm) [text, version] = [rpm[1], rpm[2]];
    for (let s = text.replace(packageSuffix, ''); s !== text && s !== ''; s = text.replace(packageSuffix, '')) text = s;
    const stem = suiteStems.find((suite) => text.toLowerCase().startsWith(`${suite}-`));
    if (stem) text = stem;
  }
  text = text.replace(/\s*[([]([^()[\]]*)[)\]]/g, (group: string, inside: string) => {
    const found = onlyQualifiers(inside);
    if (!found.qualifies) return group;
    version ??= found.version;
    return '';
  });
  for (let tail = /\s[-–—]\s(?!.*\s[-–—]\s)(.*)$/.exec(text); tail; tail = /\s[-–—]\s(?!.*\s[-–—]\s)(.*)$/.exec(text)) {
    const found = onlyQualifiers(tail[1]);
    if (!found.qualifies) break;
    version ??= found.version;
    text = text.slice(0, tail.index);
  }
  const tokens = text.split(' ');
  const kept: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (archToken.test(token) || languageTag.test(token)) continue;
    if (versionToken.test(token)) {
      version ??= token.replace(/^v/i, '');
      continue;
    }
    const next = tokens[i + 1] ?? '';
    if (kept.length > 0 && versionWords.has(token.toLowerCase()) && (versionToken.test(next) || wholeNumber.test(next))) {
      if (versionToken.test(next)) version ??= next.replace(/^v/i, '');
      i += 1;
      continue;
    }
    kept.push(token);
  }
  while (kept.length > 1 && kept[kept.length - 1].toLowerCase() === 'mui') kept.pop();
  return { text: kept.join(' ').replace(/\s+/g, ' ').replace(edges, ''), version };
}

function cleanName(name: string): { text: string; version: string | null } {
  let text = tidy(name);
  let version: string | null = null;
  for (let pass = 0; pass < 8; pass++) {
    const next = cleanOnce(text);
    version ??= next.version;
    if (next.text === '' || next.text === text) break;
    text = next.text;
  }
  return { text: text === '' ? tidy(name) : text, version };
}

function withoutPublisher(product: string, publisher: string): string {
  const prefix = `${publisher.toLowerCase()} `;
  while (publisher !== '' && product.toLowerCase().startsWith(prefix)) {
    const rest = product.slice(prefix.length).replace(edges, '');
    if (rest === '' || /^\d/.test(rest) || genericWords.has(rest.toLowerCase())) break;
    product = rest;
  }
  return product;
}

/** Whether a name is a hotfix, update, runtime, redistributable, driver, language pack or library that licence compliance skips. */
export function isSoftwareNoise(name: string): boolean {
  const text = tidy(name);
  return noisePatterns.some((pattern) => pattern.test(text));
}

function globPattern(pattern: string): RegExp {
  const body = tidy(pattern).split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${body}$`, 'i');
}

const compiledAliases = new WeakMap<readonly SoftwareAlias[], CompiledAlias[]>();

function compileAliases(aliases: readonly SoftwareAlias[]): CompiledAlias[] {
  const cached = compiledAliases.get(aliases);
  if (cached) return cached;
  const problems: string[] = [];
  const fields = ['publisher', 'name', 'toPublisher', 'toName'] as const;
  aliases.forEach((alias, i) => {
    for (const field of fields) {
      const value = alias[field];
      if (value != null && (typeof value !== 'string' || value.trim() === '')) problems.push(`aliases[${i}].${field} must be a non-empty string when given`);
    }
    if (!alias.publisher && !alias.name) problems.push(`aliases[${i}] needs a publisher or name pattern`);
    if (!alias.toPublisher && !alias.toName) problems.push(`aliases[${i}] needs a toPublisher or toName`);
  });
  if (problems.length > 0) throw new RangeError(`invalid software aliases: ${problems.join('; ')}`);
  const compiled = aliases.map((alias) => ({
    publisher: alias.publisher ? globPattern(alias.publisher) : null,
    name: alias.name ? globPattern(alias.name) : null,
    toPublisher: alias.toPublisher ?? null,
    toName: alias.toName ?? null,
  }));
  compiledAliases.set(aliases, compiled);
  return compiled;
}

function checkRecord(record: RawSoftware): void {
  const problems: string[] = [];
  if (record === null || typeof record !== 'object') throw new RangeError('invalid software record: it must be an object');
  if (typeof record.name !== 'string' || tidy(record.name) === '') problems.push(`name must be a non-empty string, got ${JSON.stringify(record.name)}`);
  for (const field of ['publisher', 'version'] as const) {
    if (record[field] != null && typeof record[field] !== 'string') problems.push(`${field} must be a string when given, got ${JSON.stringify(record[field])}`);
  }
  if (problems.length > 0) throw new RangeError(`invalid software record: ${problems.join('; ')}`);
}

/** The title of a raw installed-software record: canonical publisher and product, version, major version, matching key and noise flag. */
export function normaliseSoftware(record: RawSoftware, aliases: readonly SoftwareAlias[] = []): SoftwareTitle {
  checkRecord(record);
  let name = record.name;
  let rawPublisher = record.publisher ?? '';
  const [tidyPublisher, tidyName] = [tidy(rawPublisher), tidy(name)];
  const alias = compileAliases(aliases).find((a) => (!a.publisher || a.publisher.test(tidyPublisher)) && (!a.name || a.name.test(tidyName)));
  if (alias) [name, rawPublisher] = [alias.toName ?? name, alias.toPublisher ?? rawPublisher];
  const cleaned = cleanName(name);
  let text = cleaned.text;
  let publisher = normalisePublisher(rawPublisher);
  const known = knownProducts.get(text.toLowerCase());
  if (packagerPublisher.test(publisher)) publisher = '';
  if (known && (publisher === '' || publisher.toLowerCase() === known[0].toLowerCase())) [publisher, text] = known;
  else if (publisher === '') publisher = publisherList.find((p) => text.toLowerCase().startsWith(`${p.toLowerCase()} `)) ?? '';
  const product = withoutPublisher(text, publisher);
  const reported = tidy(record.version ?? '').replace(/^(?:v|version\s*|\d+:)(?=\d)/i, '');
  const version = reported !== '' ? reported : cleaned.version;
  return {
    publisher,
    product,
    version,
    major: version === null ? null : majorVersion(version),
    key: `${publisher}|${product}`.toLowerCase(),
    isNoise: isSoftwareNoise(record.name) || isSoftwareNoise(name),
  };
}

// ---- versions ----

type VersionToken = { number: string } | { word: string };

function versionTokens(version: string): VersionToken[] {
  const text = version.toLowerCase().trim().replace(/^(?:version\s*|v(?=\d))/, '');
  const tokens: VersionToken[] = [];
  for (const match of text.matchAll(/[0-9]+|\p{L}+/gu)) {
    const part = match[0];
    tokens.push(/^[0-9]/.test(part) ? { number: part.replace(/^0+(?=.)/, '') } : { word: part });
  }
  while (tokens.length > 0 && (tokens[tokens.length - 1] as { number?: string }).number === '0') tokens.pop();
  return tokens;
}

const ZERO: VersionToken = { number: '0' };

function compareTokens(a: VersionToken, b: VersionToken): number {
  if ('number' in a && 'number' in b) {
    if (a.number.length !== b.number.length) return a.number.length < b.number.length ? -1 : 1;
    return a.number < b.number ? -1 : a.number > b.number ? 1 : 0;
  }
  if ('word' in a && 'word' in b) return a.word < b.word ? -1 : a.word > b.word ? 1 : 0;
  return 'number' in a ? 1 : -1;
}

/**
 * Orders two version strings: numeric segments by value, letters below numbers ("1.0-beta" < "1.0"), separators
 * and case ignored, missing segments read as 0 ("1.2" = "1.2.0"). A total order: 0 exactly when `versionKey`s are equal.
 */
export function compareVersions(a: string, b: string): number {
  const x = versionTokens(a);
  const y = versionTokens(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const order = compareTokens(x[i] ?? ZERO, y[i] ?? ZERO);
    if (order !== 0) return order;
  }
  return 0;
}

/** The canonical form of a version for equality: "v1.02.0" and "1.2" both give "1.2". */
export function versionKey(version: string): string {
  return versionTokens(version)
    .map((token) => ('number' in token ? token.number : token.word))
    .join('.');
}

/** The first numeric segment of a version ("16.0.17126" → 16), or null when it has none. */
export function majorVersion(version: string): number | null {
  const match = /[0-9]+/.exec(version.replace(/^\s*v(?=\d)/i, ''));
  if (!match) return null;
  const major = Number(match[0]);
  return Number.isSafeInteger(major) ? major : null;
}

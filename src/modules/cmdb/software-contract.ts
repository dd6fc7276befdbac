/** Request and response schemas of software titles, installations on configuration items, aliases and usage peaks. */
import { z } from 'zod';
import { pageOf, pageQuery } from '../../platform/http/pagination.ts';
import { CiRef } from './ci-ref.ts';
import { installationSources } from './software-schema.ts';

const uuid = z.uuid('must be an id');
const isoTime = z.string().describe('ISO 8601 time');
const version = z.number().int().min(1).describe('The version you read; a stale one gets 409');
const day = z.iso.date('must be a date YYYY-MM-DD');
const ciRef = z.string().trim().min(1, 'is required').max(60).describe('Configuration item id or key (CI-42)');

/** A software title (or alias) by id. */
export const SoftwareIdParams = z.strictObject({ id: uuid });
/** A configuration item by id or key. */
export const CiSoftwareParams = z.strictObject({ id: ciRef });
/** One installation of a configuration item. */
export const InstallationParams = z.strictObject({ id: ciRef, installationId: uuid });

/** The short reference to a software title. */
export const SoftwareTitleRef = z
  .object({
    id: z.string(),
    key: z.string().describe('publisher|product in lower case: how installations are matched to licences'),
    publisher: z.string().describe("The publisher's canonical name; '' when none is known"),
    product: z.string(),
  })
  .meta({ id: 'SoftwareTitleRef' });
export type SoftwareTitleRef = z.infer<typeof SoftwareTitleRef>;

/** A title in the list, with its counts. */
export const SoftwareTitle = z
  .object({
    ...SoftwareTitleRef.shape,
    isNoise: z.boolean().describe('A hotfix, update, runtime, driver, language pack or library: hidden by default, skipped by compliance'),
    installations: z.number().int().describe('Installations of every version'),
    devices: z.number().int().describe('Configuration items it is installed on'),
    licences: z.number().int().describe('Licence records for the title'),
    createdAt: isoTime,
  })
  .meta({ id: 'SoftwareTitle' });
export type SoftwareTitle = z.infer<typeof SoftwareTitle>;
/** A page of titles. */
export const SoftwareTitlePage = pageOf(SoftwareTitle);

/** A title with its versions. */
export const SoftwareTitleDetail = z
  .object({
    ...SoftwareTitle.shape,
    versions: z.array(z.object({ version: z.string().nullable(), installations: z.number().int() })).describe('Normalised versions by installations, most first (at most 100); null: no version reported'),
  })
  .meta({ id: 'SoftwareTitleDetail' });
export type SoftwareTitleDetail = z.infer<typeof SoftwareTitleDetail>;

/** Filters of the title list. */
export const SoftwareQuery = z.strictObject({
  q: z.string().trim().max(200).optional().describe('Search in product and publisher'),
  noise: z.enum(['exclude', 'include', 'only']).optional().describe('Hotfixes, runtimes, drivers and the like: exclude (default), include or only'),
  licensed: z.enum(['true', 'false']).optional().describe('true: titles with licence records; false: titles without'),
  ...pageQuery,
});
export type SoftwareQuery = z.infer<typeof SoftwareQuery>;

/** A title on an item: reported values beside the normalised ones. */
export const SoftwareInstallation = z
  .object({
    id: z.string(),
    ci: CiRef,
    title: SoftwareTitleRef,
    name: z.string().describe('The name as reported'),
    publisher: z.string().nullable().describe('The publisher as reported'),
    softwareVersion: z.string().nullable().describe('The version as reported'),
    normalisedVersion: z.string().nullable().describe('The version normalisation read (reported, or found in the name)'),
    installDate: day.nullable(),
    lastSeenAt: isoTime.describe('When inventory (or a person) last reported it'),
    source: z.enum(installationSources).describe('inventory, import or manual'),
    createdAt: isoTime,
    updatedAt: isoTime,
    version: z.number().int(),
  })
  .meta({ id: 'SoftwareInstallation' });
export type SoftwareInstallation = z.infer<typeof SoftwareInstallation>;
/** A page of installations. */
export const SoftwareInstallationPage = pageOf(SoftwareInstallation);

/** Filters of an item's software list. */
export const CiSoftwareQuery = z.strictObject({
  q: z.string().trim().max(200).optional().describe('Search in the product, publisher and reported name'),
  noise: z.enum(['exclude', 'include', 'only']).optional().describe('Default include'),
  ...pageQuery,
});
export type CiSoftwareQuery = z.infer<typeof CiSoftwareQuery>;

/** Filters of a title's installations. */
export const TitleInstallationQuery = z.strictObject({
  softwareVersion: z.string().trim().max(100).optional().describe('Only this normalised version'),
  ...pageQuery,
});
export type TitleInstallationQuery = z.infer<typeof TitleInstallationQuery>;

const rawText = (max: number) => z.string().trim().max(max);
const installationFields = {
  publisher: rawText(200).nullable().optional().describe('The publisher as the installer names it'),
  softwareVersion: rawText(100).nullable().optional().describe('The version as reported, e.g. 23.01 or 16.0.17328.20162'),
  installDate: day.nullable().optional(),
};

/** Software recorded by hand. */
export const CreateInstallationBody = z.strictObject({
  name: rawText(300).min(1, 'is required').describe('The name as an installer or package manager reports it, e.g. "7-Zip 23.01 (x64)"'),
  ...installationFields,
});
export type CreateInstallationBody = z.infer<typeof CreateInstallationBody>;

/** A correction of an installation, with the version read. */
export const UpdateInstallationBody = z.strictObject({ version, name: rawText(300).min(1, 'must not be empty').optional(), ...installationFields });
export type UpdateInstallationBody = z.infer<typeof UpdateInstallationBody>;

/** One raw record of installed software, as inventory or an import reports it. */
export const SoftwareReport = z.strictObject({
  name: rawText(300).min(1, 'is required'),
  publisher: rawText(200).nullable().optional(),
  version: rawText(100).nullable().optional(),
  installDate: day.nullable().optional(),
});
export type SoftwareReport = z.infer<typeof SoftwareReport>;

const pattern = (what: string) => rawText(200).min(1, 'must not be empty').nullable().optional().describe(`${what}; * stands for any text, case and spacing are ignored`);
const replacement = (what: string) => rawText(200).min(1, 'must not be empty').nullable().optional().describe(what);

/** An admin rewrite normalisation tries first. */
export const SoftwareAlias = z
  .object({
    id: z.string(),
    position: z.number().int().describe('Aliases are tried in this order; the first that matches applies'),
    publisher: z.string().nullable().describe('Pattern for the reported publisher'),
    name: z.string().nullable().describe('Pattern for the reported name'),
    toPublisher: z.string().nullable(),
    toName: z.string().nullable(),
    createdAt: isoTime,
    updatedAt: isoTime,
    version: z.number().int(),
  })
  .meta({ id: 'SoftwareAlias' });
export type SoftwareAlias = z.infer<typeof SoftwareAlias>;
/** A page of aliases in trial order. */
export const SoftwareAliasPage = pageOf(SoftwareAlias);
/** Paging of the alias list. */
export const SoftwareAliasQuery = z.strictObject({ ...pageQuery });

const aliasFields = {
  position: z.number().int().min(0).max(1_000_000).optional().describe('Order of trial, lowest first (default: after the last)'),
  publisher: pattern('Pattern for the reported publisher'),
  name: pattern('Pattern for the reported name'),
  toPublisher: replacement('The publisher to read instead'),
  toName: replacement('The name to read instead (the built-in rules still tidy it)'),
};
/** A new alias. */
export const CreateSoftwareAliasBody = z.strictObject(aliasFields);
export type CreateSoftwareAliasBody = z.infer<typeof CreateSoftwareAliasBody>;
/** A change to an alias, with the version read. */
export const UpdateSoftwareAliasBody = z.strictObject({ version, ...aliasFields });
export type UpdateSoftwareAliasBody = z.infer<typeof UpdateSoftwareAliasBody>;

/** What reapplying the aliases did. */
export const ReapplyAliasesResult = z
  .object({
    installations: z.number().int().describe('Installations read again'),
    moved: z.number().int().describe('Installations that now belong to another title'),
    merged: z.number().int().describe('Installations folded into one that already had the new title and version'),
    titlesCreated: z.number().int(),
  })
  .meta({ id: 'ReapplyAliasesResult' });
export type ReapplyAliasesResult = z.infer<typeof ReapplyAliasesResult>;

/** The most simultaneous users of a title on a day. */
export const UsagePeak = z
  .object({ id: z.string(), date: day, peak: z.number().int().describe('Most simultaneous users that day'), createdAt: isoTime })
  .meta({ id: 'LicenceUsagePeak' });
export type UsagePeak = z.infer<typeof UsagePeak>;
/** A page of usage peaks, newest first. */
export const UsagePeakPage = pageOf(UsagePeak);
/** Paging of the usage peaks. */
export const UsagePeakQuery = z.strictObject({ ...pageQuery });
/** A day's usage peak. */
export const RecordUsagePeakBody = z.strictObject({
  date: day.describe('The day measured'),
  peak: z.number().int().min(0).max(10_000_000).describe('Most simultaneous users that day, as the licence server reports it; replaces an earlier figure for the day'),
});
export type RecordUsagePeakBody = z.infer<typeof RecordUsagePeakBody>;

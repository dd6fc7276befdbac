/** Request and response schemas of licences, their assignments and the compliance position. */
import { z } from 'zod';
import { pageOf, pageQuery } from '../../platform/http/pagination.ts';
import { CiRef } from './ci-ref.ts';
import { licenceMetrics } from './licence-compliance-input.ts';
import { SoftwareTitleRef } from './software-contract.ts';

const uuid = z.uuid('must be an id');
const isoTime = z.string().describe('ISO 8601 time');
const version = z.number().int().min(1).describe('The version you read; a stale one gets 409');
const day = z.iso.date('must be a date YYYY-MM-DD');
const text = (max: number) => z.string().trim().max(max);

/** How a licence is counted. */
export const LicenceMetric = z
  .enum(licenceMetrics)
  .describe('per_device, per_user, subscription (per user, for a term), per_core, concurrent (simultaneous users) or site (unlimited)');
/** A licence by id. */
export const LicenceIdParams = z.strictObject({ id: uuid });
/** One assignment of a licence. */
export const AssignmentParams = z.strictObject({ id: uuid, assignmentId: uuid });

const PersonRef = z.object({ id: z.string(), name: z.string(), email: z.string() });
const Money = z.object({ currency: z.string().describe('ISO 4217'), amount: z.number().int().describe('Minor units (cents)') }).meta({ id: 'Money' });
/** The short reference to a licence. */
export const LicenceRef = z.object({ id: z.string(), name: z.string() }).meta({ id: 'LicenceRef' });

/** A licence record as the API shows it. */
export const Licence = z
  .object({
    id: z.string(),
    name: z.string(),
    title: SoftwareTitleRef,
    metric: LicenceMetric,
    quantity: z.number().int().describe('Units bought: devices, users, core licences, seats; ignored for site licences'),
    minCoresPerDevice: z.number().int().nullable().describe('per_core: cores counted at least per device'),
    coreMultiplier: z.number().nullable().describe('per_core: core factor (e.g. 0.5)'),
    unitCost: z.number().int().nullable().describe('Price of one unit in minor units of currency; for a subscription, per seat for its term'),
    currency: z.string().nullable(),
    termStart: day.nullable(),
    termEnd: day.nullable(),
    status: z.enum(['in_force', 'expired', 'not_started']).describe('Today, by the term'),
    assignments: z.number().int().describe('People or devices it is assigned to'),
    vendor: z.string(),
    contractRef: z.string(),
    notes: z.string(),
    createdAt: isoTime,
    updatedAt: isoTime,
    version: z.number().int(),
  })
  .meta({ id: 'Licence' });
export type Licence = z.infer<typeof Licence>;
/** A page of licences. */
export const LicencePage = pageOf(Licence);

const list = <T extends z.ZodType>(item: T) =>
  z
    .string()
    .max(500)
    .transform((s, ctx) => {
      const out: z.infer<T>[] = [];
      for (const part of s.split(',').map((p) => p.trim()).filter(Boolean)) {
        const parsed = item.safeParse(part);
        if (!parsed.success) {
          ctx.addIssue({ code: 'custom', message: `"${part}" is not allowed` });
          return z.NEVER;
        }
        out.push(parsed.data);
      }
      return out;
    });

/** Filters and sort of the licence list. */
export const LicenceQuery = z.strictObject({
  q: text(200).optional().describe('Search in name, vendor and contract reference'),
  titleId: uuid.optional().describe('Licences of one software title'),
  metric: list(LicenceMetric).optional().describe('Comma-separated metrics'),
  sort: z.enum(['name', '-name', 'createdAt', '-createdAt']).optional().describe('Default name'),
  ...pageQuery,
});
export type LicenceQuery = z.infer<typeof LicenceQuery>;

const SoftwareName = z
  .strictObject({
    name: text(300).min(1, 'is required').describe('As an installer names it; normalised into a title'),
    publisher: text(200).nullable().optional(),
  })
  .describe('A title by name, for software not installed yet: found or created by normalisation');

const licenceFields = {
  metric: LicenceMetric,
  quantity: z.number().int().min(0).max(10_000_000),
  minCoresPerDevice: z.number().int().min(1).max(1024).nullable().optional().describe('per_core only'),
  coreMultiplier: z.number().gt(0).max(100).nullable().optional().describe('per_core only: core factor, e.g. 0.5 or 1'),
  unitCost: z.number().int().min(0).max(1_000_000_000).nullable().optional().describe('Minor units of currency per unit; needs currency'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR').nullable().optional(),
  termStart: day.nullable().optional(),
  termEnd: day.nullable().optional().describe('Last day of the term; subscriptions need both ends'),
  vendor: text(200).optional(),
  contractRef: text(200).optional().describe('Contract or order reference'),
  notes: z.string().max(10_000).optional(),
};

/** A new licence; the title by id or by name. */
export const CreateLicenceBody = z.strictObject({
  name: text(200).min(1, 'is required').describe('What the licence is called, e.g. "Office LTSC 2021 volume licence"'),
  titleId: uuid.optional().describe('The software title (or give software)'),
  software: SoftwareName.optional(),
  ...licenceFields,
});
export type CreateLicenceBody = z.infer<typeof CreateLicenceBody>;

/** A change to a licence, with the version read. */
export const UpdateLicenceBody = z.strictObject({
  version,
  name: text(200).min(1, 'must not be empty').optional(),
  titleId: uuid.optional(),
  ...licenceFields,
  metric: LicenceMetric.optional(),
  quantity: licenceFields.quantity.optional(),
});
export type UpdateLicenceBody = z.infer<typeof UpdateLicenceBody>;

/** A licence assigned to a person or an item. */
export const LicenceAssignment = z
  .object({ id: z.string(), licenceId: z.string(), person: PersonRef.nullable(), ci: CiRef.nullable(), createdAt: isoTime })
  .meta({ id: 'LicenceAssignment' });
export type LicenceAssignment = z.infer<typeof LicenceAssignment>;
/** A page of assignments. */
export const LicenceAssignmentPage = pageOf(LicenceAssignment);
/** Paging of the assignments. */
export const AssignmentQuery = z.strictObject({ ...pageQuery });
/** A person (userId) or an item (ciId) to assign. */
export const CreateAssignmentBody = z.strictObject({
  userId: uuid.optional().describe('A person (per_user and subscription licences)'),
  ciId: z.string().trim().min(1).max(60).optional().describe('A configuration item by id or key (per_device licences)'),
});
export type CreateAssignmentBody = z.infer<typeof CreateAssignmentBody>;

const MetricLine = z.object({
  metric: LicenceMetric,
  entitled: z.number().int().nullable().describe('Units in force; null when a site licence makes it unlimited'),
  consumed: z.number().int(),
  shortfall: z.number().int(),
  surplus: z.number().int(),
  trueUpCost: Money.nullable().describe('shortfall × the cheapest unit cost'),
  unusedCost: z.array(Money).describe('Value of the units left over, per currency'),
  named: z.boolean().describe('Its licences in force are assigned: assignees count as consumed'),
  estimated: z.boolean().describe('Some figure is estimated: unknown cores, or no usage peak for a concurrent licence'),
  licences: z.array(LicenceRef).describe('Licences in force'),
  expiredLicences: z.array(LicenceRef),
  notStartedLicences: z.array(LicenceRef),
});

const RemovalCandidate = z.object({
  ci: CiRef,
  person: PersonRef.nullable().describe("The item's owner, counted as its user"),
  metric: LicenceMetric,
  reasons: z.array(z.enum(['stale', 'unassigned'])).describe('stale: the item was not seen for a while; unassigned: a named licence covers it without an assignment'),
  lastSeen: day.nullable().describe('The day (UTC) the item last reported the title'),
  daysSinceSeen: z.number().int().nullable(),
});

const Renewal = z.object({ licence: LicenceRef, title: SoftwareTitleRef, metric: LicenceMetric, termEnd: day, daysLeft: z.number().int(), quantity: z.number().int(), cost: Money.nullable() });

/** A title's compliance position in the organisation's list. */
export const TitleCompliance = z
  .object({
    title: SoftwareTitleRef,
    status: z.enum(['compliant', 'shortfall', 'over_licensed']),
    devices: z.number().int().describe('Items the title is installed on'),
    metrics: z.array(MetricLine),
    trueUpCost: z.array(Money),
    unusedCost: z.array(Money),
    removalCandidates: z.number().int(),
  })
  .meta({ id: 'TitleCompliance' });
export type TitleCompliance = z.infer<typeof TitleCompliance>;

/** One title's position with removal candidates and renewals. */
export const TitleComplianceDetail = z
  .object({
    asOf: day,
    ...TitleCompliance.shape,
    status: z.enum(['compliant', 'shortfall', 'over_licensed', 'unlicensed']).describe('unlicensed: the title has no licence records'),
    removalCandidates: z.array(RemovalCandidate),
    renewals: z.array(Renewal),
  })
  .meta({ id: 'TitleComplianceDetail' });
export type TitleComplianceDetail = z.infer<typeof TitleComplianceDetail>;

/** The organisation's position: summary, renewals and a page of titles. */
export const CompliancePage = z
  .object({
    asOf: day,
    summary: z.object({
      titles: z.number().int(),
      shortfall: z.number().int(),
      overLicensed: z.number().int(),
      compliant: z.number().int(),
      trueUpCost: z.array(Money),
      unusedCost: z.array(Money),
    }).describe('Over every title the filters match, not only this page'),
    renewals: z.array(Renewal).describe('Term licences ending within renewalWithinDays, soonest first'),
    items: z.array(TitleCompliance),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'CompliancePosition' });
export type CompliancePage = z.infer<typeof CompliancePage>;

const complianceOptions = {
  asOf: day.optional().describe('The day the position is taken on (default today, UTC)'),
  staleAfterDays: z.coerce.number().int().min(0).max(3650).optional().describe('Items not seen for longer are removal candidates (default 90)'),
  renewalWithinDays: z.coerce.number().int().min(0).max(3650).optional().describe('Renewals due within this many days (default 90)'),
  peakWindowDays: z.coerce.number().int().min(1).max(3650).optional().describe('Concurrent licences count the highest usage peak of this many days up to asOf (default 90)'),
};
/** Filters, options and paging of the position. */
export const ComplianceQuery = z.strictObject({
  titleId: uuid.optional(),
  status: list(z.enum(['compliant', 'shortfall', 'over_licensed'])).optional().describe('Comma-separated statuses'),
  ...complianceOptions,
  ...pageQuery,
});
export type ComplianceQuery = z.infer<typeof ComplianceQuery>;
/** Options of one title's position. */
export const TitleComplianceQuery = z.strictObject(complianceOptions);
export type TitleComplianceQuery = z.infer<typeof TitleComplianceQuery>;

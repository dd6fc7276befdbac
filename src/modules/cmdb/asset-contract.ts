/**
 * Request and response schemas of the asset register: the purchase and financial facet of an item,
 * lifecycle transitions, check-out and check-in with the custody history.
 */
import { z } from 'zod';
import { pageOf, pageQuery } from '../../platform/http/pagination.ts';
import { assetStates } from './asset-lifecycle.ts';
import { custodyHolderKinds } from './asset-schema.ts';
import { depreciationMethods, MAX_LIFE_MONTHS } from './depreciation.ts';

const text = (max: number) => z.string().trim().max(max);
const isoTime = z.string().describe('ISO 8601 time');
const day = z.iso.date('must be a date YYYY-MM-DD');
const version = z.number().int().min(1).describe('The version you read; a stale one gets 409');
const note = text(2000).optional().describe('Why, or anything worth keeping with the record');
/** Minor units (cents): at most ten thousand billion of them. */
const money = z.number().int('must be a whole number of minor units (cents)').min(0, 'must not be negative').max(1e13);
const knownCurrencies = new Set(Intl.supportedValuesOf('currency'));

/** An ISO 4217 currency code (EUR, USD, CHF, JPY). */
export const Currency = z
  .string()
  .regex(/^[A-Z]{3}$/, { message: 'must be an ISO 4217 code in capitals such as EUR', abort: true })
  .refine((code) => knownCurrencies.has(code), 'is not an ISO 4217 currency code')
  .describe('ISO 4217 code, e.g. EUR');

export const AssetState = z.enum(assetStates);
export const DepreciationMethod = z
  .enum(depreciationMethods)
  .describe('straight_line (default), declining_balance (needs decliningBalanceRate), double_declining_balance or sum_of_years_digits');

/** The financial facet as sent on create and update: on update only the fields sent change, and null clears one. */
export const FinancialInput = z
  .strictObject({
    vendor: text(200).nullable().optional().describe('Who sold it (free text until vendors arrive)'),
    orderNumber: text(100).nullable().optional(),
    invoiceNumber: text(100).nullable().optional(),
    purchaseDate: day.nullable().optional(),
    purchaseCost: money.nullable().optional().describe('Minor units of currency (cents): 129900 is 1,299.00; needs currency'),
    currency: Currency.nullable().optional(),
    warrantyEnd: day.nullable().optional().describe('Last day covered'),
    inServiceDate: day.nullable().optional().describe('First day in service: depreciation and the refresh date count from it (the purchase date when empty)'),
    expectedLifeMonths: z.number().int().min(1).max(MAX_LIFE_MONTHS).nullable().optional().describe("Overrides the class's expected life"),
    salvageValue: money.nullable().optional().describe('Minor units; what it is worth at the end of its life (default 0); at most the purchase cost'),
    depreciationMethod: DepreciationMethod.nullable().optional(),
    decliningBalanceRate: z.number().gt(0, 'must be more than 0').max(1).multipleOf(0.0001).nullable().optional().describe('Annual rate for declining_balance: 0.25 is 25 % a year'),
    costCentre: text(100).nullable().optional(),
  })
  .describe('Asset classes only: purchase data, warranty, life and depreciation terms');
export type FinancialInput = z.infer<typeof FinancialInput>;

export const AssetFinancial = z
  .object({
    vendor: z.string().nullable(),
    orderNumber: z.string().nullable(),
    invoiceNumber: z.string().nullable(),
    purchaseDate: z.string().nullable(),
    purchaseCost: z.number().int().nullable().describe('Minor units of currency'),
    currency: z.string().nullable(),
    warrantyEnd: z.string().nullable(),
    inServiceDate: z.string().nullable(),
    expectedLifeMonths: z.number().int().nullable().describe("The item's own expected life, when it overrides the class's"),
    lifeMonths: z.number().int().nullable().describe('The expected life in force: the item’s, else its class’s'),
    salvageValue: z.number().int().nullable(),
    depreciationMethod: DepreciationMethod.nullable(),
    decliningBalanceRate: z.number().nullable(),
    costCentre: z.string().nullable(),
    refreshDue: z.string().nullable().describe('In-service date (else purchase date) plus the life in force'),
    warrantyStatus: z.enum(['none', 'active', 'expiring', 'expired']).describe('Today; expiring in the last 30 days of cover'),
  })
  .meta({ id: 'AssetFinancial' });
export type AssetFinancial = z.infer<typeof AssetFinancial>;

const PersonRef = z.object({ id: z.string(), name: z.string(), email: z.string() });
const LocationRef = z.object({ id: z.string(), name: z.string() });

export const CurrentCustody = z
  .object({
    holderKind: z.enum(custodyHolderKinds),
    person: PersonRef.nullable(),
    location: LocationRef.nullable(),
    since: isoTime,
    dueBack: z.string().nullable(),
    overdue: z.boolean().describe('Today is past the due-back date'),
  })
  .meta({ id: 'AssetCustodyNow' });
export type CurrentCustody = z.infer<typeof CurrentCustody>;

export const LifecycleBody = z.strictObject({
  version,
  state: AssetState.describe('The state to move to; in_stock → deployed is a check-out and deployed → in_stock a check-in'),
  at: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 time' }).optional().describe('When it happened (default now); not in the future nor before the previous transition'),
  note,
});
export type LifecycleBody = z.infer<typeof LifecycleBody>;

export const CheckOutBody = z.strictObject({
  version,
  userId: z.uuid('must be an id').optional().describe('The person who takes it (or locationId)'),
  locationId: z.uuid('must be an id').optional().describe('The location it goes to (or userId); the item is placed there'),
  dueBack: day.optional().describe('When it should come back'),
  note,
});
export type CheckOutBody = z.infer<typeof CheckOutBody>;

export const CheckInBody = z.strictObject({
  version,
  locationId: z.uuid('must be an id').optional().describe('Where it is put back (e.g. the IT store); unchanged when omitted'),
  note,
});
export type CheckInBody = z.infer<typeof CheckInBody>;

const Actor = z.object({ id: z.string().nullable(), label: z.string().describe("The person's name, or the token or system that acted") });

export const AssetStateChange = z
  .object({ id: z.string(), from: AssetState.nullable().describe('null: the state it was registered in'), to: AssetState, at: isoTime, actor: Actor, note: z.string() })
  .meta({ id: 'AssetStateChange' });
export type AssetStateChange = z.infer<typeof AssetStateChange>;
export const AssetStateChangePage = pageOf(AssetStateChange);

export const CustodyEntry = z
  .object({
    id: z.string(),
    holderKind: z.enum(custodyHolderKinds),
    person: z.object({ id: z.string(), name: z.string() }).nullable(),
    location: z.object({ id: z.string(), name: z.string(), path: z.string() }).nullable().describe('null also when the location has since been deleted (holderName keeps it)'),
    holderName: z.string().describe('As at check-out'),
    checkedOutAt: isoTime,
    checkedOutBy: Actor,
    dueBack: z.string().nullable(),
    checkOutNote: z.string(),
    checkedInAt: isoTime.nullable().describe('null while it is still out'),
    checkedInBy: Actor.nullable(),
    checkInNote: z.string(),
  })
  .meta({ id: 'AssetCustodyEntry' });
export type CustodyEntry = z.infer<typeof CustodyEntry>;
export const CustodyPage = pageOf(CustodyEntry);

export const AssetHistoryQuery = z.strictObject({ ...pageQuery });

/** Request and response schemas of the service-desk KPI report. */
import { z } from 'zod';

const isoInput = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 time with an offset, e.g. 2026-01-01T00:00:00Z' });
const zone = z
  .string()
  .max(100)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return !/^[+-]/.test(tz);
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Europe/Berlin');

export const KpiQuery = z.strictObject({
  from: isoInput.optional().describe('Start of the period (default: 30 days before to)'),
  to: isoInput.optional().describe('End of the period, exclusive (default: now)'),
  timeZone: zone.default('UTC').describe('Zone the months are counted in'),
});
export type KpiQuery = z.infer<typeof KpiQuery>;
export const KpiExportQuery = KpiQuery.extend({
  breakdown: z.enum(['total', 'priority', 'group', 'month']).default('month').describe('Which breakdown the CSV holds'),
}).strict();

const ratio = z.number().nullable().describe('0–1; null when nothing was measured');
export const KpiRow = z
  .object({
    key: z.string(),
    label: z.string(),
    created: z.number().int(),
    resolved: z.number().int(),
    mttaMinutes: z.number().nullable().describe('Mean time to the first public reply'),
    mttrMinutes: z.number().nullable().describe('Mean time from creation to resolution'),
    firstContactResolution: ratio,
    reopenRate: ratio,
    responseCompliance: ratio,
    resolutionCompliance: ratio,
    satisfaction: z.number().nullable().describe('Average rating, 1–5'),
    ratings: z.number().int(),
  })
  .meta({ id: 'KpiRow' });
export type KpiRow = z.infer<typeof KpiRow>;
export const KpiReport = z
  .object({
    from: z.string(),
    to: z.string(),
    timeZone: z.string(),
    total: KpiRow,
    backlog: z.number().int().describe('Tickets open at the end of the period'),
    aging: z.array(z.object({ bucket: z.string(), count: z.number().int() })),
    byPriority: z.array(KpiRow),
    byGroup: z.array(KpiRow),
    byMonth: z.array(KpiRow),
  })
  .meta({ id: 'KpiReport' });
export type KpiReport = z.infer<typeof KpiReport>;

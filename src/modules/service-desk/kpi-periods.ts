/**
 * How the KPI report reads a period: the figures are kept per whole UTC hour (`desk_kpi_hours`), so
 * each month of the report is read from the hours that lie wholly inside it, and only its ragged ends —
 * a period that starts or ends mid-hour, or a month that starts mid-hour in a zone such as Asia/Kolkata
 * — are counted from the ticket rows.
 */

/** Part of a report month, half-open [from, to). */
export interface MonthRange {
  month: string;
  from: Date;
  to: Date;
}

const hour = 3_600_000;

/** Splits each month's part of the period into the whole hours read from the hourly figures and the ends counted from rows. */
export function splitByHour(months: MonthRange[]): { hours: MonthRange[]; rows: MonthRange[] } {
  const hours: MonthRange[] = [];
  const rows: MonthRange[] = [];
  for (const { month, from, to } of months) {
    if (from >= to) continue;
    const firstWhole = new Date(Math.ceil(from.getTime() / hour) * hour);
    const lastWhole = new Date(Math.floor(to.getTime() / hour) * hour);
    if (firstWhole >= lastWhole) {
      rows.push({ month, from, to });
      continue;
    }
    if (from < firstWhole) rows.push({ month, from, to: firstWhole });
    hours.push({ month, from: firstWhole, to: lastWhole });
    if (lastWhole < to) rows.push({ month, from: lastWhole, to });
  }
  return { hours, rows };
}

/**
 * Business calendars of the SLA engine: working hours per weekday in an IANA time zone, holidays, or 24×7.
 *
 * Semantics (the clock in `clock.ts` implements them):
 * - An interval belongs to the weekday it STARTS on. `end <= start` makes it an overnight interval that
 *   runs from that day's `start` to the next day's `end` (22:00–06:00 on Friday ends Saturday 06:00).
 *   `24:00` is allowed as an end only; `00:00–24:00` is the whole day.
 * - A holiday closes the intervals that START on that local date. An overnight interval that started the
 *   evening before still runs into the holiday; one starting on the holiday does not run at all.
 * - Wall times are read in the calendar's zone. A wall time that does not exist (the spring-forward gap)
 *   means the first instant after the gap; an ambiguous one (fall-back) means its first occurrence. So a
 *   09:00–17:00 day with a DST change inside it lasts 7 or 9 real hours: business time is real elapsed time.
 */
import { z } from 'zod';

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export const Weekday = z.enum(weekdays).describe('Day of the week');
export type Weekday = z.infer<typeof Weekday>;

export const TimeOfDay = z
  .string()
  .regex(/^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$/, 'must be a time of day HH:MM (00:00–23:59, or 24:00 as an end)')
  .describe('Local wall time HH:MM in the calendar’s time zone; 24:00 only as an end');

export const WorkingInterval = z
  .strictObject({ start: TimeOfDay, end: TimeOfDay })
  .superRefine((interval, ctx) => {
    if (interval.start === '24:00') {
      ctx.addIssue({ code: 'custom', path: ['start'], message: '24:00 is allowed only as an end' });
    } else if (interval.start === interval.end) {
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'must differ from start (a whole day is 00:00–24:00)' });
    }
  })
  .describe('Open from start to end; an end at or before the start runs overnight into the next day');
export type WorkingInterval = z.infer<typeof WorkingInterval>;

const holidayDatePattern = /^(?:(\d{4})-)?(\d{2})-(\d{2})$/;

export const Holiday = z
  .strictObject({
    date: z
      .string()
      .regex(holidayDatePattern, 'must be YYYY-MM-DD for one day, or MM-DD for the same day every year')
      .refine((date) => !holidayDatePattern.test(date) || isRealDate(date), 'must be a real date (no 2026-02-30 or 13-01)')
      .describe('YYYY-MM-DD for one date, or MM-DD for a date that recurs every year (12-25)'),
    name: z.string().max(200).describe('What the day is, for people reading the calendar'),
  })
  .describe('A local calendar day on which no interval starts');
export type Holiday = z.infer<typeof Holiday>;

export const CalendarSpec = z
  .strictObject({
    timeZone: z.string().max(100).describe('IANA time zone the hours and holidays are read in, such as Europe/Berlin'),
    alwaysOpen: z.boolean().describe('Open 24×7: hours and holidays are ignored'),
    hours: z
      .partialRecord(Weekday, z.array(WorkingInterval).max(6))
      .describe('Working intervals per weekday (at most 6 a day); a missing weekday is closed'),
    holidays: z.array(Holiday).max(1000).describe('Days on which no interval starts'),
  })
  .superRefine((spec, ctx) => {
    if (!isKnownTimeZone(spec.timeZone)) {
      ctx.addIssue({ code: 'custom', path: ['timeZone'], message: `unknown time zone "${spec.timeZone}": use an IANA name such as Europe/Berlin` });
    }
    let open = 0;
    weekdays.forEach((day, i) => {
      const list = spec.hours[day] ?? [];
      open += list.length;
      checkOverlaps(day, list, ctx);
      checkSpill(day, list, weekdays[(i + 1) % 7], spec.hours[weekdays[(i + 1) % 7]] ?? [], ctx);
    });
    if (!spec.alwaysOpen && open === 0) {
      ctx.addIssue({ code: 'custom', path: ['hours'], message: 'a calendar must be open at least one interval a week (or be alwaysOpen)' });
    }
  })
  .meta({ id: 'CalendarSpec', description: 'A business calendar: the hours in which SLA time runs' });
export type CalendarSpec = z.infer<typeof CalendarSpec>;

/** Minutes since local midnight of "HH:MM" (24:00 is 1440). */
function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** The interval as minutes from its own day's midnight; an overnight end is past 1440. */
export function spanOf(interval: WorkingInterval): { start: number; end: number } {
  const start = minutesOf(interval.start);
  const end = minutesOf(interval.end);
  return { start, end: end <= start ? end + 1440 : end };
}

function shape(list: readonly WorkingInterval[]): boolean {
  return list.every((iv) => WorkingInterval.safeParse(iv).success);
}

function checkOverlaps(day: Weekday, list: readonly WorkingInterval[], ctx: z.RefinementCtx): void {
  if (!shape(list)) return;
  const spans = list.map((iv, index) => ({ ...spanOf(iv), index, iv })).sort((a, b) => a.start - b.start);
  for (let i = 1; i < spans.length; i++) {
    for (let j = 0; j < i; j++) {
      if (spans[i].start < spans[j].end) {
        const other = spans[j];
        ctx.addIssue({
          code: 'custom',
          path: ['hours', day, spans[i].index, 'start'],
          message: `overlaps hours.${day}.${other.index} (${other.iv.start}–${other.iv.end})`,
        });
        break;
      }
    }
  }
}

/** An overnight interval must end before the next day's intervals begin. */
function checkSpill(day: Weekday, list: readonly WorkingInterval[], next: Weekday, nextList: readonly WorkingInterval[], ctx: z.RefinementCtx): void {
  if (!shape(list) || !shape(nextList)) return;
  list.forEach((iv, index) => {
    const spill = spanOf(iv).end - 1440;
    if (spill <= 0) return;
    const hit = nextList.findIndex((other) => spanOf(other).start < spill);
    if (hit >= 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['hours', day, index, 'end'],
        message: `runs overnight into hours.${next}.${hit} (${nextList[hit].start}–${nextList[hit].end})`,
      });
    }
  });
}

/** Whether Intl knows the zone as an IANA name (offset strings such as +05:30 are refused). */
export function isKnownTimeZone(zone: string): boolean {
  if (!/^[A-Za-z]/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function isRealDate(date: string): boolean {
  const m = holidayDatePattern.exec(date);
  if (!m) return false;
  const year = m[1] === undefined ? 2000 : Number(m[1]); // a leap year: 02-29 recurs in leap years only
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm, no Date involved). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Month and day of a day number, as month * 100 + day (1225 for 25 December). */
export function monthDayOf(days: number): number {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return month * 100 + day;
}

/** The business calendar editor's working copy; its shape is the API body's, so problems (`spec.hours.mon.1.start`) name its inputs. */
import type { BusinessCalendar } from '../../api/types';

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

export interface IntervalDraft {
  start: string;
  end: string;
}

export interface CalendarDraft {
  name: string;
  spec: {
    timeZone: string;
    alwaysOpen: boolean;
    hours: Record<Weekday, IntervalDraft[]>;
    holidays: { date: string; name: string }[];
  };
}

/** Office hours Monday to Friday, what most desks start from. */
function officeHours(): Record<Weekday, IntervalDraft[]> {
  return Object.fromEntries(weekdays.map((d) => [d, d === 'sat' || d === 'sun' ? [] : [{ start: '09:00', end: '17:00' }]])) as Record<Weekday, IntervalDraft[]>;
}

/** The working copy of a calendar, or of a new one in the browser's time zone. */
export function calendarDraftOf(calendar: BusinessCalendar | null): CalendarDraft {
  if (!calendar) return { name: '', spec: { timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone, alwaysOpen: false, hours: officeHours(), holidays: [] } };
  const { spec } = calendar;
  return {
    name: calendar.name,
    spec: {
      timeZone: spec.timeZone,
      alwaysOpen: spec.alwaysOpen,
      hours: Object.fromEntries(weekdays.map((d) => [d, (spec.hours[d] ?? []).map((i) => ({ ...i }))])) as Record<Weekday, IntervalDraft[]>,
      holidays: spec.holidays.map((h) => ({ ...h })),
    },
  };
}

/** The API body: closed days left out, holidays trimmed. */
export function calendarBodyOf(d: CalendarDraft): CalendarDraft {
  const hours = Object.fromEntries(weekdays.filter((day) => d.spec.hours[day].length > 0).map((day) => [day, d.spec.hours[day]]));
  return {
    name: d.name,
    spec: { ...d.spec, hours: hours as CalendarDraft['spec']['hours'], holidays: d.spec.holidays.map((h) => ({ date: h.date.trim(), name: h.name.trim() })) },
  };
}

/** Whether an interval runs past midnight into the next day (end at or before start, 24:00 aside). */
export function isOvernight(i: IntervalDraft): boolean {
  const wallTime = /^([01]\d|2[0-3]):[0-5]\d$/;
  return wallTime.test(i.start) && wallTime.test(i.end) && i.end <= i.start;
}

/** Every IANA zone the browser knows (the server accepts the same names), UTC first: browsers leave it out of the list. */
export const timeZones: string[] = (() => {
  try {
    return ['UTC', ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC')];
  } catch {
    return ['UTC'];
  }
})();

/** The zone choices for a calendar: the known zones, plus its own when the browser does not list it (an alias). */
export function zoneChoices(current: string): string[] {
  return current && !timeZones.includes(current) ? [current, ...timeZones] : timeZones;
}

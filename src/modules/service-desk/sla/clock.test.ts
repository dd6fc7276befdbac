import { describe, expect, it } from 'vitest';
import { CalendarSpec, type Weekday } from './calendar.ts';
import { alwaysOpen, BusinessClock, dueAt, elapsedBusinessTime } from './clock.ts';

// Every instant below is written with its UTC offset and every expectation is read in an explicit zone,
// so nothing depends on the TZ of the process running the tests.
const H = 3_600_000;
const M = 60_000;

type Hours = Partial<Record<Weekday, Array<{ start: string; end: string }>>>;

function clockOf(timeZone: string, hours: Hours, holidays: Array<{ date: string; name: string }> = []): BusinessClock {
  return new BusinessClock(CalendarSpec.parse({ timeZone, alwaysOpen: false, hours, holidays }));
}

const nineToFive = (days: Weekday[], start = '09:00', end = '17:00'): Hours => Object.fromEntries(days.map((d) => [d, [{ start, end }]]));
const weekdaysOnly: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];
const everyDay: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** "2026-03-27 16:00 +01:00" → the instant. */
function t(text: string): Date {
  const [date, time, offset] = text.split(' ');
  return new Date(`${date}T${time}:00${offset}`);
}

/** The instant as "YYYY-MM-DD HH:MM +hh:mm" in a zone, to compare with hand-written local times. */
function local(at: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'longOffset',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const offset = parts.timeZoneName === 'GMT' ? '+00:00' : parts.timeZoneName.slice(3);
  const seconds = parts.second === '00' ? '' : `:${parts.second}`;
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}${seconds} ${offset}`;
}

describe('Europe/Berlin', () => {
  const zone = 'Europe/Berlin';
  const office = clockOf(zone, nineToFive(weekdaysOnly));
  const allDay = clockOf(zone, nineToFive(everyDay, '00:00', '24:00'));
  const sundayNight = clockOf(zone, { sun: [{ start: '01:00', end: '05:00' }] });

  it('Mon–Fri 09–17 carries over the weekend of the March change, counting office hours only', () => {
    expect(local(office.addBusinessTime(t('2026-03-27 16:00 +01:00'), 2 * H), zone)).toBe('2026-03-30 10:00 +02:00');
    expect(office.businessTimeBetween(t('2026-03-27 16:00 +01:00'), t('2026-03-30 10:00 +02:00'))).toBe(2 * H);
    expect(local(office.addBusinessTime(t('2026-03-23 09:00 +01:00'), 40 * H), zone)).toBe('2026-03-27 17:00 +01:00');
    expect(local(office.addBusinessTime(t('2026-03-23 09:00 +01:00'), 41 * H), zone)).toBe('2026-03-30 10:00 +02:00');
  });

  it('Mon–Fri 09–17 across the October change', () => {
    expect(local(office.addBusinessTime(t('2026-10-23 12:00 +02:00'), 8 * H), zone)).toBe('2026-10-26 12:00 +01:00');
    expect(office.businessTimeBetween(t('2026-10-19 00:00 +02:00'), t('2026-11-02 00:00 +01:00'))).toBe(80 * H);
  });

  it('a 24/7 calendar has a 23-hour day in March and a 25-hour day in October', () => {
    expect(allDay.businessTimeBetween(t('2026-03-29 00:00 +01:00'), t('2026-03-30 00:00 +02:00'))).toBe(23 * H);
    expect(allDay.businessTimeBetween(t('2026-10-25 00:00 +02:00'), t('2026-10-26 00:00 +01:00'))).toBe(25 * H);
    expect(local(allDay.addBusinessTime(t('2026-03-29 01:30 +01:00'), H), zone)).toBe('2026-03-29 03:30 +02:00');
    expect(local(allDay.addBusinessTime(t('2026-10-25 02:30 +02:00'), H), zone)).toBe('2026-10-25 02:30 +01:00');
  });

  it('an interval spanning the gap is 3 hours, spanning the overlap 5 hours', () => {
    expect(sundayNight.businessTimeBetween(t('2026-03-28 00:00 +01:00'), t('2026-03-30 00:00 +02:00'))).toBe(3 * H);
    expect(sundayNight.businessTimeBetween(t('2026-10-24 00:00 +02:00'), t('2026-10-26 00:00 +01:00'))).toBe(5 * H);
    expect(local(sundayNight.addBusinessTime(t('2026-03-29 01:00 +01:00'), 2 * H), zone)).toBe('2026-03-29 04:00 +02:00');
    // The repeated hour: the second 02:00 is one real hour after the first.
    expect(local(sundayNight.addBusinessTime(t('2026-10-25 01:00 +02:00'), 90 * M), zone)).toBe('2026-10-25 02:30 +02:00');
    expect(local(sundayNight.addBusinessTime(t('2026-10-25 01:00 +02:00'), 2 * H), zone)).toBe('2026-10-25 02:00 +01:00');
    expect(local(sundayNight.addBusinessTime(t('2026-10-25 01:00 +02:00'), 5 * H), zone)).toBe('2026-10-25 05:00 +01:00');
  });

  it('a start in the gap is the first instant after it; an ambiguous start is the first occurrence', () => {
    const fromGap = clockOf(zone, { sun: [{ start: '02:30', end: '04:00' }] });
    expect(fromGap.nextOpen(t('2026-03-29 00:00 +01:00'))).toEqual(t('2026-03-29 03:00 +02:00'));
    expect(fromGap.businessTimeBetween(t('2026-03-29 00:00 +01:00'), t('2026-03-30 00:00 +02:00'))).toBe(H);
    expect(fromGap.nextOpen(t('2026-10-25 00:00 +02:00'))).toEqual(t('2026-10-25 02:30 +02:00'));
    expect(fromGap.businessTimeBetween(t('2026-10-25 00:00 +02:00'), t('2026-10-26 00:00 +01:00'))).toBe(150 * M);
  });

  it('an interval wholly inside the gap does not open that day', () => {
    const inGap = clockOf(zone, { sun: [{ start: '02:15', end: '02:45' }] });
    expect(inGap.nextOpen(t('2026-03-29 00:00 +01:00'))).toEqual(t('2026-04-05 02:15 +02:00'));
    expect(inGap.businessTimeBetween(t('2026-10-25 00:00 +02:00'), t('2026-10-26 00:00 +01:00'))).toBe(30 * M);
    expect(inGap.isOpen(t('2026-10-25 02:20 +02:00'))).toBe(true);
    expect(inGap.isOpen(t('2026-10-25 02:20 +01:00'))).toBe(false);
  });
});

describe('America/New_York', () => {
  const zone = 'America/New_York';
  const office = clockOf(zone, nineToFive(weekdaysOnly));
  const allDay = clockOf(zone, nineToFive(everyDay, '00:00', '24:00'));

  it('8 March and 1 November 2026', () => {
    expect(allDay.businessTimeBetween(t('2026-03-08 00:00 -05:00'), t('2026-03-09 00:00 -04:00'))).toBe(23 * H);
    expect(allDay.businessTimeBetween(t('2026-11-01 00:00 -04:00'), t('2026-11-02 00:00 -05:00'))).toBe(25 * H);
    expect(local(allDay.addBusinessTime(t('2026-11-01 00:30 -04:00'), 2 * H), zone)).toBe('2026-11-01 01:30 -05:00');
    expect(local(office.addBusinessTime(t('2026-03-06 16:00 -05:00'), 3 * H), zone)).toBe('2026-03-09 11:00 -04:00');
    expect(local(office.addBusinessTime(t('2026-10-30 15:00 -04:00'), 10 * H), zone)).toBe('2026-11-02 17:00 -05:00');
    expect(local(office.addBusinessTime(t('2026-10-30 15:00 -04:00'), 11 * H), zone)).toBe('2026-11-03 10:00 -05:00');
  });
});

describe('overnight shifts', () => {
  const zone = 'Europe/Berlin';
  const night = nineToFive(weekdaysOnly, '22:00', '06:00');

  it('a shift belongs to the day it starts on and runs into the next', () => {
    const clock = clockOf(zone, night);
    expect(clock.isOpen(t('2026-01-10 05:59 +01:00'))).toBe(true); // Friday's shift, on Saturday
    expect(clock.isOpen(t('2026-01-10 06:00 +01:00'))).toBe(false);
    expect(clock.isOpen(t('2026-01-12 05:00 +01:00'))).toBe(false); // no Sunday shift
    expect(clock.isOpen(t('2026-01-13 05:00 +01:00'))).toBe(true); // Monday's
    expect(local(clock.addBusinessTime(t('2026-01-09 23:00 +01:00'), 10 * H), zone)).toBe('2026-01-13 01:00 +01:00');
    expect(clock.businessTimeBetween(t('2026-01-12 12:00 +01:00'), t('2026-01-15 12:00 +01:00'))).toBe(24 * H);
    expect(clock.nextOpen(t('2026-01-10 07:00 +01:00'))).toEqual(t('2026-01-12 22:00 +01:00'));
  });

  it('a holiday removes the shift starting on it, not the one running into it', () => {
    const clock = clockOf(zone, night, [{ date: '2026-01-13', name: 'Closed Tuesday' }]);
    expect(clock.isOpen(t('2026-01-13 05:00 +01:00'))).toBe(true);
    expect(clock.isOpen(t('2026-01-13 23:00 +01:00'))).toBe(false);
    expect(clock.businessTimeBetween(t('2026-01-12 12:00 +01:00'), t('2026-01-15 12:00 +01:00'))).toBe(16 * H);
  });

  it('a Saturday night shift is 7 hours in March and 9 in October', () => {
    const clock = clockOf(zone, { sat: [{ start: '22:00', end: '06:00' }] });
    expect(clock.businessTimeBetween(t('2026-03-28 12:00 +01:00'), t('2026-03-29 12:00 +02:00'))).toBe(7 * H);
    expect(clock.businessTimeBetween(t('2026-10-24 12:00 +02:00'), t('2026-10-25 12:00 +01:00'))).toBe(9 * H);
    expect(local(clock.addBusinessTime(t('2026-10-24 22:00 +02:00'), 9 * H), zone)).toBe('2026-10-25 06:00 +01:00');
  });

  it('a shift ending at 24:00 and one starting at 00:00 touch without overlapping', () => {
    const clock = clockOf(zone, { mon: [{ start: '20:00', end: '24:00' }], tue: [{ start: '00:00', end: '04:00' }] });
    expect(local(clock.addBusinessTime(t('2026-01-12 20:00 +01:00'), 4 * H), zone)).toBe('2026-01-13 00:00 +01:00');
    expect(local(clock.addBusinessTime(t('2026-01-12 20:00 +01:00'), 5 * H), zone)).toBe('2026-01-13 01:00 +01:00');
  });
});

describe('several intervals a day', () => {
  const zone = 'Europe/Berlin';
  const clock = clockOf(zone, Object.fromEntries(weekdaysOnly.map((d) => [d, [{ start: '13:00', end: '17:00' }, { start: '09:00', end: '12:00' }]])));

  it('skips the lunch break and stops at an interval end rather than the next opening', () => {
    expect(local(clock.addBusinessTime(t('2026-01-12 11:00 +01:00'), 2 * H), zone)).toBe('2026-01-12 14:00 +01:00');
    expect(local(clock.addBusinessTime(t('2026-01-12 09:00 +01:00'), 3 * H), zone)).toBe('2026-01-12 12:00 +01:00');
    expect(local(clock.addBusinessTime(t('2026-01-12 09:00 +01:00'), 7 * H), zone)).toBe('2026-01-12 17:00 +01:00');
    expect(clock.businessTimeBetween(t('2026-01-12 10:00 +01:00'), t('2026-01-12 14:00 +01:00'))).toBe(3 * H);
    expect(clock.isOpen(t('2026-01-12 12:30 +01:00'))).toBe(false);
    expect(clock.nextOpen(t('2026-01-12 12:30 +01:00'))).toEqual(t('2026-01-12 13:00 +01:00'));
    expect(clock.nextOpen(t('2026-01-12 13:30 +01:00'))).toEqual(t('2026-01-12 13:30 +01:00'));
  });

  it('adds nothing for zero, even while closed', () => {
    expect(clock.addBusinessTime(t('2026-01-11 03:00 +01:00'), 0)).toEqual(t('2026-01-11 03:00 +01:00'));
    expect(clock.businessTimeBetween(t('2026-01-12 14:00 +01:00'), t('2026-01-12 10:00 +01:00'))).toBe(0);
  });
});

describe('holidays', () => {
  const zone = 'Europe/Berlin';
  const clock = clockOf(zone, nineToFive(weekdaysOnly), [
    { date: '2026-12-24', name: 'Christmas Eve 2026' },
    { date: '12-25', name: 'Christmas Day' },
    { date: '01-01', name: "New Year's Day" },
  ]);

  it('specific and recurring dates close the whole local day', () => {
    expect(local(clock.addBusinessTime(t('2026-12-23 16:00 +01:00'), 2 * H), zone)).toBe('2026-12-28 10:00 +01:00');
    expect(clock.businessTimeBetween(t('2026-12-21 00:00 +01:00'), t('2027-01-04 00:00 +01:00'))).toBe(7 * 8 * H); // 21–23, 28–31 December
    expect(clock.isOpen(t('2026-12-24 12:00 +01:00'))).toBe(false);
    expect(clock.isOpen(t('2027-12-24 12:00 +01:00'))).toBe(true); // the specific date does not recur
    expect(clock.nextOpen(t('2028-12-25 08:00 +01:00'))).toEqual(t('2028-12-26 09:00 +01:00')); // 12-25 does
  });

  it('gives up with a clear error when holidays cover every open day for five years', () => {
    const mondays = Array.from({ length: 320 }, (_, i) => new Date(Date.UTC(2026, 0, 5 + 7 * i)).toISOString().slice(0, 10));
    const closed = clockOf(zone, { mon: [{ start: '09:00', end: '10:00' }] }, mondays.map((date) => ({ date, name: 'closed' })));
    expect(() => closed.nextOpen(t('2026-01-01 00:00 +01:00'))).toThrow(/not open in the 1830 days after/);
    expect(() => closed.addBusinessTime(t('2026-01-01 00:00 +01:00'), H)).toThrow(/not open/);
    expect(closed.businessTimeBetween(t('2026-01-01 00:00 +01:00'), t('2030-01-01 00:00 +01:00'))).toBe(0);
    expect(closed.nextOpen(t('2025-12-29 09:30 +01:00'))).toEqual(t('2025-12-29 09:30 +01:00'));
  });
});

describe('zones far from the server’s', () => {
  it('Asia/Kolkata (+05:30)', () => {
    const zone = 'Asia/Kolkata';
    const clock = clockOf(zone, nineToFive(weekdaysOnly, '09:00', '18:00'));
    expect(clock.businessTimeBetween(new Date('2026-03-02T00:00:00Z'), new Date('2026-03-03T00:00:00Z'))).toBe(9 * H);
    expect(clock.isOpen(new Date('2026-03-02T03:30:00Z'))).toBe(true);
    expect(clock.isOpen(new Date('2026-03-02T03:29:59.999Z'))).toBe(false);
    expect(local(clock.addBusinessTime(t('2026-03-06 17:00 +05:30'), 2 * H), zone)).toBe('2026-03-09 10:00 +05:30');
  });

  it('Pacific/Chatham (+12:45, +13:45 in summer)', () => {
    const zone = 'Pacific/Chatham';
    const office = clockOf(zone, nineToFive(weekdaysOnly));
    expect(office.isOpen(new Date('2026-03-01T19:15:00Z'))).toBe(true); // Monday 09:00 +13:45
    expect(office.isOpen(new Date('2026-03-01T19:14:59.999Z'))).toBe(false);
    expect(local(office.addBusinessTime(t('2026-04-03 16:00 +13:45'), 2 * H), zone)).toBe('2026-04-06 10:00 +12:45');
    const allDay = clockOf(zone, nineToFive(everyDay, '00:00', '24:00'));
    expect(allDay.businessTimeBetween(t('2026-04-05 00:00 +13:45'), t('2026-04-06 00:00 +12:45'))).toBe(25 * H);
    expect(allDay.businessTimeBetween(t('2026-09-27 00:00 +12:45'), t('2026-09-28 00:00 +13:45'))).toBe(23 * H);
    expect(local(allDay.addBusinessTime(t('2026-09-27 02:00 +12:45'), H), zone)).toBe('2026-09-27 04:00 +13:45');
  });
});

describe('24×7', () => {
  it('business time is elapsed time, whatever hours or holidays say', () => {
    const clock = new BusinessClock(alwaysOpen);
    const ignored = new BusinessClock(CalendarSpec.parse({ ...alwaysOpen, timeZone: 'Europe/Berlin', holidays: [{ date: '12-25', name: 'x' }] }));
    for (const c of [clock, ignored]) {
      expect(c.addBusinessTime(new Date('2026-12-25T10:00:00Z'), 90 * M)).toEqual(new Date('2026-12-25T11:30:00Z'));
      expect(c.businessTimeBetween(new Date('2026-10-24T00:00:00Z'), new Date('2026-10-26T00:00:00Z'))).toBe(48 * H);
      expect(c.isOpen(new Date('2026-12-25T03:00:00Z'))).toBe(true);
      expect(c.nextOpen(new Date('2026-12-25T03:00:00Z'))).toEqual(new Date('2026-12-25T03:00:00Z'));
    }
  });

  it('refuses negative, fractional and invalid inputs', () => {
    const clock = new BusinessClock(alwaysOpen);
    expect(() => clock.addBusinessTime(new Date(0), -1)).toThrow(RangeError);
    expect(() => clock.addBusinessTime(new Date(0), 0.5)).toThrow(RangeError);
    expect(() => clock.addBusinessTime(new Date(Number.NaN), 1)).toThrow(/invalid date/);
  });
});

describe('pauses', () => {
  const zone = 'Europe/Berlin';
  const clock = clockOf(zone, nineToFive(weekdaysOnly));
  const start = t('2026-01-12 09:00 +01:00'); // Monday

  it('a pause consumes no business time; overlapping and outlying pauses count once', () => {
    const pauses = [
      { from: t('2026-01-12 10:00 +01:00'), to: t('2026-01-12 12:00 +01:00') },
      { from: t('2026-01-12 11:00 +01:00'), to: t('2026-01-12 13:00 +01:00') },
      { from: t('2026-01-11 10:00 +01:00'), to: t('2026-01-12 09:30 +01:00') },
    ];
    expect(elapsedBusinessTime(clock, start, t('2026-01-12 17:00 +01:00'), pauses)).toBe(8 * H - 30 * M - 3 * H);
    expect(elapsedBusinessTime(clock, start, t('2026-01-12 12:00 +01:00'), [{ from: t('2026-01-12 11:00 +01:00'), to: null }])).toBe(2 * H);
  });

  it('pushes the due time out by the pauses, and from now while still paused', () => {
    const closed = [{ from: t('2026-01-12 10:00 +01:00'), to: t('2026-01-12 12:00 +01:00') }];
    expect(local(dueAt(clock, start, 4 * H, closed, t('2026-01-12 13:00 +01:00')), zone)).toBe('2026-01-12 15:00 +01:00');
    expect(local(dueAt(clock, start, 4 * H, [], t('2026-01-12 13:00 +01:00')), zone)).toBe('2026-01-12 13:00 +01:00');
    const open = [{ from: t('2026-01-12 10:00 +01:00'), to: null }];
    expect(local(dueAt(clock, start, 4 * H, open, t('2026-01-12 16:00 +01:00')), zone)).toBe('2026-01-13 11:00 +01:00');
    // A pause after the target was reached changes nothing.
    const late = [{ from: t('2026-01-12 14:00 +01:00'), to: t('2026-01-12 16:00 +01:00') }];
    expect(local(dueAt(clock, start, 4 * H, late, t('2026-01-12 17:00 +01:00')), zone)).toBe('2026-01-12 13:00 +01:00');
  });
});

describe('calendar validation', () => {
  const base = { timeZone: 'Europe/Berlin', alwaysOpen: false, hours: nineToFive(weekdaysOnly), holidays: [] };
  const issues = (spec: unknown) => (CalendarSpec.safeParse(spec).error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);

  it('accepts a good calendar, 00:00–24:00, a leap-day recurring holiday and a 24×7 calendar without hours', () => {
    expect(issues({ ...base, hours: { mon: [{ start: '00:00', end: '24:00' }] }, holidays: [{ date: '02-29', name: 'Leap day' }] })).toEqual([]);
    expect(issues({ ...base, alwaysOpen: true, hours: {} })).toEqual([]);
    expect(issues(alwaysOpen)).toEqual([]);
  });

  it('names the field of each problem', () => {
    expect(issues({ ...base, hours: { mon: [{ start: '09:00', end: '12:00' }, { start: '11:00', end: '17:00' }] } })).toEqual([
      'hours.mon.1.start: overlaps hours.mon.0 (09:00–12:00)',
    ]);
    expect(issues({ ...base, hours: { sun: [{ start: '22:00', end: '10:00' }], mon: [{ start: '09:00', end: '17:00' }] } })).toEqual([
      'hours.sun.0.end: runs overnight into hours.mon.0 (09:00–17:00)',
    ]);
    expect(issues({ ...base, hours: { tue: [{ start: '22:00', end: '06:00' }, { start: '03:00', end: '23:00' }] } })).toEqual([
      'hours.tue.0.start: overlaps hours.tue.1 (03:00–23:00)',
    ]);
    expect(issues({ ...base, timeZone: 'Mars/Olympus_Mons' })).toEqual(['timeZone: unknown time zone "Mars/Olympus_Mons": use an IANA name such as Europe/Berlin']);
    expect(issues({ ...base, timeZone: '+05:30' })).toHaveLength(1);
    expect(issues({ ...base, holidays: [{ date: '2026-02-29', name: 'x' }, { date: '13-01', name: 'y' }, { date: '2026-1-1', name: 'z' }] })).toEqual([
      'holidays.0.date: must be a real date (no 2026-02-30 or 13-01)',
      'holidays.1.date: must be a real date (no 2026-02-30 or 13-01)',
      'holidays.2.date: must be YYYY-MM-DD for one day, or MM-DD for the same day every year',
    ]);
    expect(issues({ ...base, hours: {} })).toEqual(['hours: a calendar must be open at least one interval a week (or be alwaysOpen)']);
    expect(issues({ ...base, hours: { wed: [{ start: '10:00', end: '10:00' }, { start: '24:00', end: '02:00' }, { start: '9:00', end: '10:00' }] } })).toEqual([
      'hours.wed.0.end: must differ from start (a whole day is 00:00–24:00)',
      'hours.wed.1.start: 24:00 is allowed only as an end',
      'hours.wed.2.start: must be a time of day HH:MM (00:00–23:59, or 24:00 as an end)',
    ]);
    expect(issues({ ...base, hours: { ...base.hours, someday: [] } })).toEqual(['hours: Unrecognized key: "someday"']);
  });
});

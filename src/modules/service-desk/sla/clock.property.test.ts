import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toolSettings } from '../../../config.ts';
import { CalendarSpec, weekdays, type Weekday } from './calendar.ts';
import { BusinessClock, dueAt, elapsedBusinessTime, type Pause } from './clock.ts';

const runs = toolSettings().fuzzRuns ?? 200;
const MINUTE = 60_000;
const DAY = 86_400_000;
const WEEK = 7 * DAY;
const from = Date.UTC(2024, 0, 1);
const until = Date.UTC(2029, 0, 1);

/** DST in both hemispheres, half- and quarter-hour offsets, a 30-minute DST shift, Ramadan changes. */
const zones = [
  'UTC',
  'Europe/Berlin',
  'Europe/London',
  'America/New_York',
  'America/St_Johns',
  'America/Santiago',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Australia/Adelaide',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Africa/Casablanca',
];

// ---- an independent reading of wall time, for choosing inputs and for the oracle ----

const formats = new Map<string, Intl.DateTimeFormat>();
function wallOf(t: number, zone: string) {
  let format = formats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', weekday: 'short' });
    formats.set(zone, format);
  }
  const p = Object.fromEntries(format.formatToParts(t).map((x) => [x.type, x.value]));
  const date = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day));
  const msOfDay = ((Number(p.hour) * 60 + Number(p.minute)) * 60 + Number(p.second)) * 1000 + (((t % 1000) + 1000) % 1000);
  return { date, msOfDay, weekday: p.weekday.toLowerCase().slice(0, 3) as Weekday, offset: date + msOfDay - t };
}

/** Offset changes of a zone in [from, until), to the second, to aim inputs at them. */
function transitionsOf(zone: string): number[] {
  const found: number[] = [];
  for (let t = from; t < until; t += DAY) {
    if (wallOf(t, zone).offset === wallOf(t + DAY, zone).offset) continue;
    let [lo, hi] = [t, t + DAY];
    while (hi - lo > 1000) {
      const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
      if (wallOf(mid, zone).offset === wallOf(lo, zone).offset) lo = mid;
      else hi = mid;
    }
    found.push(hi);
  }
  return found;
}
const transitions = new Map(zones.map((zone) => [zone, transitionsOf(zone)]));

// ---- arbitraries ----

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Up to three same-day intervals on a 15-minute grid, maybe followed by an overnight one. */
const dayHours = fc
  .record({
    bounds: fc.uniqueArray(fc.integer({ min: 0, max: 96 }), { maxLength: 6 }),
    overnight: fc.option(fc.record({ start: fc.integer({ min: 1, max: 95 }), end: fc.integer({ min: 0, max: 95 }) }), { freq: 4 }),
  })
  .map(({ bounds, overnight }) => {
    const sorted = bounds.map((b) => b * 15).sort((a, b) => a - b);
    const list: Array<{ start: string; end: string }> = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) list.push({ start: hhmm(sorted[i]), end: hhmm(sorted[i + 1]) });
    const lastEnd = sorted.length >= 2 ? sorted[sorted.length - (sorted.length % 2) - 1] : -1;
    if (overnight && overnight.start * 15 > lastEnd && overnight.end < overnight.start) {
      list.push({ start: hhmm(overnight.start * 15), end: hhmm(overnight.end * 15) });
    }
    return list;
  });

const holidayDate = fc.oneof(
  fc.integer({ min: from, max: until }).map((t) => new Date(t).toISOString().slice(0, 10)),
  fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2024, 11, 31) }).map((t) => new Date(t).toISOString().slice(5, 10)),
);

const calendar = fc
  .record({
    timeZone: fc.constantFrom(...zones),
    alwaysOpen: fc.integer({ min: 0, max: 9 }).map((x) => x === 0),
    hours: fc.record(Object.fromEntries(weekdays.map((d) => [d, dayHours])) as Record<Weekday, typeof dayHours>, { requiredKeys: [] }),
    holidays: fc.array(fc.record({ date: holidayDate, name: fc.constant('holiday') }), { maxLength: 8 }),
  })
  .filter((spec) => CalendarSpec.safeParse(spec).success)
  .map((spec) => CalendarSpec.parse(spec));

/** Uniform in five years, near one of the zone's transitions, or on a 15-minute grid (interval edges). */
function instantIn(zone: string): fc.Arbitrary<number> {
  const near = transitions.get(zone)!;
  const uniform = fc.integer({ min: from, max: until });
  const arbitraries = [uniform, uniform.map((t) => t - (t % (15 * MINUTE)))];
  if (near.length > 0) {
    arbitraries.push(fc.tuple(fc.constantFrom(...near), fc.integer({ min: -3 * DAY, max: 3 * DAY })).map(([t, d]) => t + d));
    arbitraries.push(fc.tuple(fc.constantFrom(...near), fc.integer({ min: -12 * 4, max: 12 * 4 })).map(([t, q]) => t + q * 15 * MINUTE));
  }
  return fc.oneof(...arbitraries);
}

function weeklyOpenMs(spec: CalendarSpec): number {
  if (spec.alwaysOpen) return WEEK;
  let minutes = 0;
  for (const list of Object.values(spec.hours)) {
    for (const iv of list ?? []) {
      const [s, e] = [iv.start, iv.end].map((x) => Number(x.slice(0, 2)) * 60 + Number(x.slice(3)));
      minutes += e > s ? e - s : e + 1440 - s;
    }
  }
  return minutes * MINUTE;
}

/** Business time from a millisecond up to about four weeks' worth of this calendar's hours. */
function durationFor(spec: CalendarSpec): fc.Arbitrary<number> {
  const weekly = weeklyOpenMs(spec);
  return fc.oneof(fc.integer({ min: 0, max: 5_000 }), fc.integer({ min: 0, max: 4 * weekly }), fc.integer({ min: 0, max: 16 * 4 * (weekly / (15 * MINUTE)) }).map((q) => Math.floor(q / 4) * 15 * MINUTE));
}

const setup = calendar.chain((spec) =>
  fc.record({
    spec: fc.constant(spec),
    instants: fc.array(instantIn(spec.timeZone), { minLength: 4, maxLength: 4 }),
    durations: fc.array(durationFor(spec), { minLength: 2, maxLength: 2 }),
  }),
);

/** Whether the spec says the calendar is open at t, read from wall time alone (valid away from DST changes). */
function naiveOpen(spec: CalendarSpec, t: number): boolean {
  if (spec.alwaysOpen) return true;
  const wall = wallOf(t, spec.timeZone);
  const isHoliday = (date: number) => spec.holidays.some((h) => h.date === new Date(date).toISOString().slice(h.date.length === 5 ? 5 : 0, 10));
  const minutes = (x: string) => (Number(x.slice(0, 2)) * 60 + Number(x.slice(3))) * MINUTE;
  const today = wall.weekday;
  const yesterday = weekdays[(weekdays.indexOf(today) + 6) % 7];
  const opens = (spec.hours[today] ?? []).some((iv) => {
    const [s, e] = [minutes(iv.start), minutes(iv.end)];
    return wall.msOfDay >= s && (e <= s || wall.msOfDay < e);
  });
  const spills = (spec.hours[yesterday] ?? []).some((iv) => {
    const [s, e] = [minutes(iv.start), minutes(iv.end)];
    return e <= s && wall.msOfDay < e;
  });
  return (opens && !isHoliday(wall.date)) || (spills && !isHoliday(wall.date - DAY));
}

const pause = (zone: string) =>
  fc.record({ from: instantIn(zone), length: fc.integer({ min: 0, max: 5 * DAY }), open: fc.integer({ min: 0, max: 9 }).map((x) => x < 3) });

describe('business clock properties', () => {
  it('measuring back what was added gives the same duration, and the result is the earliest such instant', () => {
    fc.assert(
      fc.property(setup, ({ spec, instants: [start], durations: [d] }) => {
        const clock = new BusinessClock(spec);
        const end = clock.addBusinessTime(new Date(start), d);
        expect(clock.businessTimeBetween(new Date(start), end)).toBe(d);
        if (d > 0) {
          expect(clock.businessTimeBetween(new Date(start), new Date(end.getTime() - 1))).toBe(d - 1);
          expect(clock.isOpen(new Date(end.getTime() - 1))).toBe(true);
        } else {
          expect(end.getTime()).toBe(start);
        }
      }),
      { numRuns: runs },
    );
  });

  it('measuring is additive over split points and adding is monotonic', () => {
    fc.assert(
      fc.property(setup, ({ spec, instants, durations }) => {
        const clock = new BusinessClock(spec);
        const [a, b, c] = instants.slice(0, 3).sort((x, y) => x - y).map((t) => new Date(t));
        expect(clock.businessTimeBetween(a, c)).toBe(clock.businessTimeBetween(a, b) + clock.businessTimeBetween(b, c));
        expect(clock.businessTimeBetween(c, a)).toBe(0);
        const [d1, d2] = [...durations].sort((x, y) => x - y);
        expect(clock.addBusinessTime(a, d1).getTime()).toBeLessThanOrEqual(clock.addBusinessTime(a, d2).getTime());
      }),
      { numRuns: runs },
    );
  });

  it('a calendar whose intervals cover every day, overnight or not, counts real elapsed time through every DST change', () => {
    const coverings = [
      [{ start: '00:00', end: '24:00' }],
      [{ start: '06:00', end: '18:00' }, { start: '18:00', end: '06:00' }],
      [{ start: '00:00', end: '02:30' }, { start: '02:30', end: '00:00' }],
    ];
    const arbitrary = fc.record({ zone: fc.constantFrom(...zones), covering: fc.constantFrom(...coverings) }).chain(({ zone, covering }) =>
      fc.record({ zone: fc.constant(zone), covering: fc.constant(covering), a: instantIn(zone), b: instantIn(zone) }),
    );
    fc.assert(
      fc.property(arbitrary, ({ zone, covering, a, b }) => {
        const clock = new BusinessClock(CalendarSpec.parse({ timeZone: zone, alwaysOpen: false, hours: Object.fromEntries(weekdays.map((d) => [d, covering])), holidays: [] }));
        expect(clock.businessTimeBetween(new Date(Math.min(a, b)), new Date(Math.max(a, b)))).toBe(Math.abs(a - b));
        expect(clock.addBusinessTime(new Date(a), Math.abs(b - a)).getTime()).toBe(a + Math.abs(b - a));
      }),
      { numRuns: runs },
    );
  });

  it('isOpen, nextOpen and measuring agree, and match the wall-clock reading away from DST changes', () => {
    fc.assert(
      fc.property(setup, ({ spec, instants }) => {
        const clock = new BusinessClock(spec);
        for (const t of instants) {
          const open = clock.isOpen(new Date(t));
          expect(clock.businessTimeBetween(new Date(t), new Date(t + 1))).toBe(open ? 1 : 0);
          const next = clock.nextOpen(new Date(t)).getTime();
          expect(next).toBeGreaterThanOrEqual(t);
          expect(next === t).toBe(open);
          expect(clock.isOpen(new Date(next))).toBe(true);
          expect(clock.businessTimeBetween(new Date(t), new Date(next))).toBe(0);
          const offsets = [t - 2 * DAY, t, t + 2 * DAY].map((x) => wallOf(x, spec.timeZone).offset);
          if (offsets[0] === offsets[1] && offsets[1] === offsets[2]) expect(open).toBe(naiveOpen(spec, t));
        }
      }),
      { numRuns: runs },
    );
  });

  it('pauses consume nothing: elapsed time is measured time minus the business time inside the pauses', () => {
    const withPauses = setup.chain((s) => fc.record({ s: fc.constant(s), pauses: fc.array(pause(s.spec.timeZone), { maxLength: 4 }) }));
    fc.assert(
      fc.property(withPauses, ({ s: { spec, instants }, pauses: raw }) => {
        const clock = new BusinessClock(spec);
        const [start, now] = instants.slice(0, 2).sort((x, y) => x - y);
        const pauses: Pause[] = raw.map((p) => ({ from: new Date(p.from), to: p.open ? null : new Date(p.from + p.length) }));
        // Oracle: cut [start, now) at every pause edge and count the pieces no pause covers.
        const ends = pauses.map((p) => (p.to === null ? now : p.to.getTime()));
        const cuts = [...new Set([start, now, ...pauses.flatMap((p, i) => [p.from.getTime(), ends[i]])])].filter((x) => x >= start && x <= now).sort((x, y) => x - y);
        let expected = 0;
        for (let i = 0; i + 1 < cuts.length; i++) {
          const covered = pauses.some((p, j) => p.from.getTime() <= cuts[i] && cuts[i] < ends[j]);
          if (!covered) expected += clock.businessTimeBetween(new Date(cuts[i]), new Date(cuts[i + 1]));
        }
        expect(elapsedBusinessTime(clock, new Date(start), new Date(now), pauses)).toBe(expected);
        expect(elapsedBusinessTime(clock, new Date(start), new Date(now), [])).toBe(clock.businessTimeBetween(new Date(start), new Date(now)));
      }),
      { numRuns: runs },
    );
  });

  it('the due time is reached after exactly the target of unpaused business time', () => {
    const withPauses = setup.chain((s) => fc.record({ s: fc.constant(s), pauses: fc.array(pause(s.spec.timeZone), { maxLength: 4 }) }));
    fc.assert(
      fc.property(withPauses, ({ s: { spec, instants, durations }, pauses: raw }) => {
        const clock = new BusinessClock(spec);
        const [start, now] = instants.slice(0, 2).sort((x, y) => x - y);
        const target = durations[0];
        const pauses: Pause[] = raw.map((p) => ({ from: new Date(p.from), to: p.open ? null : new Date(p.from + p.length) }));
        // An open pause counts until now, as if the clock resumed then.
        const resumed = pauses.map((p) => ({ from: p.from, to: p.to ?? new Date(Math.max(now, p.from.getTime())) }));
        const due = dueAt(clock, new Date(start), target, pauses, new Date(now));
        expect(due).toEqual(dueAt(clock, new Date(start), target, resumed, new Date(now)));
        expect(elapsedBusinessTime(clock, new Date(start), due, resumed)).toBe(target);
        if (target > 0) expect(elapsedBusinessTime(clock, new Date(start), new Date(due.getTime() - 1), resumed)).toBe(target - 1);
        expect(dueAt(clock, new Date(start), target, [], new Date(now))).toEqual(clock.addBusinessTime(new Date(start), target));
        expect(due.getTime()).toBeGreaterThanOrEqual(clock.addBusinessTime(new Date(start), target).getTime());
      }),
      { numRuns: runs },
    );
  });

  it('gives the same answers whatever the TZ of the process', () => {
    const cases = fc.sample(setup, { numRuns: Math.min(runs, 100), seed: 42 });
    const compute = (list: typeof cases) =>
      list.map(({ spec, instants, durations }) => {
        const clock = new BusinessClock(spec);
        const [a, b] = instants.map((t) => new Date(t));
        return [clock.addBusinessTime(a, durations[0]).getTime(), clock.businessTimeBetween(a, b), clock.isOpen(b), clock.nextOpen(b).getTime()];
      });
    const expected = compute(cases);
    // A fresh process per TZ: nothing cached from this one, and the zone really is the process's local zone.
    const script = `
      const { BusinessClock } = await import(${JSON.stringify(pathToFileURL(new URL('./clock.ts', import.meta.url).pathname).href)});
      const cases = JSON.parse(process.env.SLA_CASES);
      const out = cases.map(({ spec, instants, durations }) => {
        const clock = new BusinessClock(spec);
        const [a, b] = instants.map((t) => new Date(t));
        return [clock.addBusinessTime(a, durations[0]).getTime(), clock.businessTimeBetween(a, b), clock.isOpen(b), clock.nextOpen(b).getTime()];
      });
      process.stdout.write(JSON.stringify({ offset: new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset(), out }));`;
    const januaryOffsets = { 'Pacific/Chatham': -825, 'America/St_Johns': 210, 'Asia/Kathmandu': -345 };
    for (const [tz, offset] of Object.entries(januaryOffsets)) {
      const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, TZ: tz, SLA_CASES: JSON.stringify(cases) }, encoding: 'utf8' });
      const result = JSON.parse(stdout) as { offset: number; out: unknown };
      expect(result.offset).toBe(offset);
      expect(result.out).toEqual(expected);
    }
  });
});

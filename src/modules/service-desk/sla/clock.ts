/**
 * The SLA engine's business-time clock: pure arithmetic over a validated `CalendarSpec` (see `calendar.ts`
 * for the semantics of overnight intervals, holidays and DST). No I/O, no local-time `Date` methods: every
 * wall time is read in the calendar's own zone through `Intl`, so results do not depend on the server's TZ.
 *
 * Speed: a zone's UTC offsets are learnt once per process in 32-day chunks (its transitions found to the
 * second), and each calendar caches every local day's open intervals as UTC epoch-ms pairs with their total
 * (shared by all clocks of an identical spec), so a computation over a few weeks is a walk over a few dozen
 * cached days.
 */
import { type CalendarSpec, daysFromCivil, monthDayOf, spanOf, weekdays } from './calendar.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;
const CHUNK_DAYS = 32;
const CHUNK_MS = CHUNK_DAYS * DAY;
/** A search that finds no open time within this many days gives up instead of looping for ever. */
const SEARCH_LIMIT_DAYS = 5 * 366;
/** Cached days per calendar (about 11 years) and calendars per process: bounded memory. */
const DAY_CACHE_LIMIT = 4096;
const CALENDAR_CACHE_LIMIT = 64;

interface Chunk {
  /** Offset (ms to add to UTC for wall time) at the chunk's start. */
  base: number;
  /** Transition instants inside the chunk and the offset from each on. */
  at: number[];
  offset: number[];
}

/** UTC offsets of one IANA zone, learnt from Intl and cached for the process. */
class ZoneRules {
  private readonly format: Intl.DateTimeFormat;
  private readonly chunks = new Map<number, Chunk>();

  constructor(zone: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  offsetAt(t: number): number {
    const k = Math.floor(t / CHUNK_MS);
    const chunk = this.chunks.get(k) ?? this.load(k);
    let offset = chunk.base;
    for (let i = 0; i < chunk.at.length && chunk.at[i] <= t; i++) offset = chunk.offset[i];
    return offset;
  }

  /** The instant of a local wall time (ms since local 1970-01-01 00:00): first occurrence, or the end of a gap. */
  toUtc(wall: number): number {
    const before = this.offsetAt(wall - DAY);
    const after = this.offsetAt(wall + DAY);
    if (before === after) return wall - before;
    const early = wall - before;
    const late = wall - after;
    const earlyOk = this.offsetAt(early) === before;
    const lateOk = this.offsetAt(late) === after;
    if (earlyOk && lateOk) return Math.min(early, late);
    if (earlyOk) return early;
    if (lateOk) return late;
    // In the gap: the wall time lies between the old and the new offset, so the transition is in (late, early].
    return this.transitionIn(late, early) ?? early;
  }

  private transitionIn(lo: number, hi: number): number | undefined {
    for (let k = Math.floor(lo / CHUNK_MS); k <= Math.floor(hi / CHUNK_MS); k++) {
      const chunk = this.chunks.get(k) ?? this.load(k);
      const found = chunk.at.find((at) => at > lo && at <= hi);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** Samples the offset daily and bisects each change to the second (zones change on whole seconds). */
  private load(k: number): Chunk {
    if (this.chunks.size >= 4096) this.chunks.clear();
    const start = k * CHUNK_MS;
    const chunk: Chunk = { base: this.rawOffset(start), at: [], offset: [] };
    let previous = chunk.base;
    for (let i = 1; i <= CHUNK_DAYS; i++) {
      const t = start + i * DAY;
      const offset = this.rawOffset(t);
      if (offset === previous) continue;
      let lo = t - DAY;
      let hi = t;
      while (hi - lo > 1000) {
        const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
        if (this.rawOffset(mid) === previous) lo = mid;
        else hi = mid;
      }
      chunk.at.push(hi);
      chunk.offset.push(offset);
      previous = offset;
    }
    this.chunks.set(k, chunk);
    return chunk;
  }

  private rawOffset(t: number): number {
    const p: Record<string, number> = {};
    for (const part of this.format.formatToParts(t)) if (part.type !== 'literal') p[part.type] = Number(part.value);
    const wall = daysFromCivil(p.year, p.month, p.day) * DAY + p.hour * 3_600_000 + p.minute * MINUTE + p.second * 1000;
    return wall - Math.floor(t / 1000) * 1000;
  }
}

const zones = new Map<string, ZoneRules>();

function zoneRules(zone: string): ZoneRules {
  let rules = zones.get(zone);
  if (!rules) {
    rules = new ZoneRules(zone);
    zones.set(zone, rules);
  }
  return rules;
}

/** One local day's open intervals (those that start on it) as sorted UTC [start, end, start, end…]. */
interface Day {
  iv: number[];
  total: number;
}

const closedDay: Day = { iv: [], total: 0 };

function instant(at: Date, name: string): number {
  const t = at.getTime();
  if (Number.isNaN(t)) throw new RangeError(`${name} is an invalid date`);
  return t;
}

/** What a clock derives from its spec; shared by every clock of an identical spec, with its cache of days. */
interface Compiled {
  always: boolean;
  timeZone: string;
  zone: ZoneRules;
  /** Per weekday (mon = 0): [start, end, …] minutes from that day's midnight, sorted; overnight ends past 1440. */
  template: number[][];
  specificHolidays: Set<number>;
  yearlyHolidays: Set<number>;
  days: Map<number, Day>;
}

const compiledCalendars = new Map<string, Compiled>();

/** What the arithmetic depends on (not holiday names): equal keys give equal answers. */
function keyOf(spec: CalendarSpec): string {
  if (spec.alwaysOpen) return `24x7 ${spec.timeZone}`;
  let key = spec.timeZone;
  for (const day of weekdays) {
    key += ` ${day}`;
    for (const iv of spec.hours[day] ?? []) key += ` ${iv.start}-${iv.end}`;
  }
  key += ' holidays';
  for (const holiday of spec.holidays) key += ` ${holiday.date}`;
  return key;
}

/**
 * Services build a clock per request from a stored spec: this cache, keyed by the spec's content (never by
 * object identity, so a spec edited in place is not mistaken for the old one), keeps that cheap.
 */
function compile(spec: CalendarSpec): Compiled {
  const key = keyOf(spec);
  let compiled = compiledCalendars.get(key);
  if (compiled) return compiled;
  compiled = {
    always: spec.alwaysOpen,
    timeZone: spec.timeZone,
    zone: zoneRules(spec.timeZone),
    template: weekdays.map((day) =>
      (spec.hours[day] ?? [])
        .map(spanOf)
        .sort((a, b) => a.start - b.start)
        .flatMap((span) => [span.start, span.end]),
    ),
    specificHolidays: new Set(),
    yearlyHolidays: new Set(),
    days: new Map(),
  };
  for (const holiday of spec.holidays) {
    const [a, b, c] = holiday.date.split('-').map(Number);
    if (c === undefined) compiled.yearlyHolidays.add(a * 100 + b);
    else compiled.specificHolidays.add(daysFromCivil(a, b, c));
  }
  if (!compiled.always && compiled.template.every((list) => list.length === 0)) {
    throw new Error('a calendar must be open at least one interval a week');
  }
  if (compiledCalendars.size >= CALENDAR_CACHE_LIMIT) compiledCalendars.clear();
  compiledCalendars.set(key, compiled);
  return compiled;
}

/** Business-time arithmetic for one calendar. Cheap to construct: identical specs share their cached days. */
export class BusinessClock {
  private readonly always: boolean;
  private readonly zone: ZoneRules;
  private readonly timeZone: string;
  private readonly template: number[][];
  private readonly specificHolidays: Set<number>;
  private readonly yearlyHolidays: Set<number>;
  private readonly days: Map<number, Day>;

  constructor(spec: CalendarSpec) {
    const compiled = compile(spec);
    this.always = compiled.always;
    this.timeZone = compiled.timeZone;
    this.zone = compiled.zone;
    this.template = compiled.template;
    this.specificHolidays = compiled.specificHolidays;
    this.yearlyHolidays = compiled.yearlyHolidays;
    this.days = compiled.days;
  }

  isOpen(at: Date): boolean {
    const t = instant(at, 'at');
    if (this.always) return true;
    const today = this.dayOf(t);
    for (let d = today - 1; d <= today + 1; d++) {
      const iv = this.day(d).iv;
      for (let i = 0; i < iv.length; i += 2) if (iv[i] <= t && t < iv[i + 1]) return true;
    }
    return false;
  }

  /** The first instant >= at when the calendar is open (at itself when open). Throws if never open within 5 years. */
  nextOpen(at: Date): Date {
    const t = instant(at, 'at');
    if (this.always) return new Date(t);
    const first = this.dayOf(t) - 1;
    for (let d = first; d <= first + SEARCH_LIMIT_DAYS; d++) {
      const iv = this.day(d).iv;
      for (let i = 0; i < iv.length; i += 2) if (iv[i + 1] > t) return new Date(Math.max(iv[i], t));
    }
    throw this.neverOpen(t);
  }

  /** The instant at which `ms` of business time has elapsed counting from `start`. ms=0 returns start unchanged. */
  addBusinessTime(start: Date, ms: number): Date {
    const t = instant(start, 'start');
    if (!Number.isSafeInteger(ms) || ms < 0) throw new RangeError(`business time must be a whole number of ms >= 0, got ${ms}`);
    if (ms === 0 || this.always) return new Date(t + ms);
    let remaining = ms;
    let lastOpen = this.dayOf(t) - 1;
    for (let d = lastOpen; ; d++) {
      const day = this.day(d);
      const iv = day.iv;
      if (iv.length === 0 || iv[iv.length - 1] <= t) {
        if (d - lastOpen > SEARCH_LIMIT_DAYS) throw this.neverOpen(t);
        continue;
      }
      lastOpen = d;
      if (iv[0] >= t && day.total < remaining) {
        remaining -= day.total;
        continue;
      }
      for (let i = 0; i < iv.length; i += 2) {
        const s = iv[i] > t ? iv[i] : t;
        const length = iv[i + 1] - s;
        if (length <= 0) continue;
        if (length >= remaining) return new Date(s + remaining);
        remaining -= length;
      }
    }
  }

  /** Business ms inside [from, to); 0 when to <= from. */
  businessTimeBetween(from: Date, to: Date): number {
    const a = instant(from, 'from');
    const b = instant(to, 'to');
    if (b <= a) return 0;
    if (this.always) return b - a;
    let sum = 0;
    // One day either side: intervals run into the next day, and a midnight may be ambiguous.
    const last = this.dayOf(b) + 1;
    for (let d = this.dayOf(a) - 1; d <= last; d++) {
      const day = this.day(d);
      const iv = day.iv;
      const n = iv.length;
      if (n === 0) continue;
      if (iv[0] >= b) break;
      if (iv[0] >= a && iv[n - 1] <= b) {
        sum += day.total;
        continue;
      }
      for (let i = 0; i < n; i += 2) {
        const s = iv[i] > a ? iv[i] : a;
        const e = iv[i + 1] < b ? iv[i + 1] : b;
        if (e > s) sum += e - s;
      }
    }
    return sum;
  }

  private dayOf(t: number): number {
    return Math.floor((t + this.zone.offsetAt(t)) / DAY);
  }

  private day(d: number): Day {
    let day = this.days.get(d);
    if (day === undefined) {
      day = this.buildDay(d);
      if (this.days.size >= DAY_CACHE_LIMIT) this.days.clear();
      this.days.set(d, day);
    }
    return day;
  }

  private buildDay(d: number): Day {
    const spans = this.template[(((d + 3) % 7) + 7) % 7]; // day 0, 1970-01-01, was a Thursday
    if (spans.length === 0 || this.specificHolidays.has(d) || this.yearlyHolidays.has(monthDayOf(d))) return closedDay;
    const iv: number[] = [];
    let total = 0;
    for (let i = 0; i < spans.length; i += 2) {
      const s = this.zone.toUtc(d * DAY + spans[i] * MINUTE);
      const e = this.zone.toUtc(d * DAY + spans[i + 1] * MINUTE);
      if (e <= s) continue; // wholly inside a spring-forward gap
      iv.push(s, e);
      total += e - s;
    }
    return iv.length === 0 ? closedDay : { iv, total };
  }

  private neverOpen(t: number): Error {
    return new Error(`the calendar (${this.timeZone}) is not open in the ${SEARCH_LIMIT_DAYS} days after ${new Date(t).toISOString()}: every open day is a holiday`);
  }
}

export interface Pause {
  from: Date;
  /** null: still paused (until `now`). */
  to: Date | null;
}

/** Pauses as merged, sorted [start, end) ms spans within [lo, hi); an open pause ends at `now`. */
function pauseSpans(pauses: readonly Pause[], now: number, lo: number, hi: number): number[][] {
  const spans: number[][] = [];
  for (const pause of pauses) {
    const s = Math.max(instant(pause.from, 'pause.from'), lo);
    const e = Math.min(pause.to === null ? now : instant(pause.to, 'pause.to'), hi);
    if (e > s) spans.push([s, e]);
  }
  spans.sort((x, y) => x[0] - y[0]);
  const merged: number[][] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push(span);
  }
  return merged;
}

/** Business ms elapsed in [start, now) excluding pauses (pauses may overlap each other and extend outside). */
export function elapsedBusinessTime(clock: BusinessClock, start: Date, now: Date, pauses: readonly Pause[]): number {
  const a = instant(start, 'start');
  const b = instant(now, 'now');
  let elapsed = clock.businessTimeBetween(start, now);
  for (const [s, e] of pauseSpans(pauses, b, a, b)) elapsed -= clock.businessTimeBetween(new Date(s), new Date(e));
  return elapsed;
}

/**
 * The due instant for a target of `targetMs` business time from start, pushed out by the pauses (closed
 * ones as recorded, the open one until `now`). When currently paused the due time is computed as if the
 * clock resumed at `now`.
 */
export function dueAt(clock: BusinessClock, start: Date, targetMs: number, pauses: readonly Pause[], now: Date): Date {
  const a = instant(start, 'start');
  let cursor = a;
  let remaining = targetMs;
  for (const [s, e] of pauseSpans(pauses, instant(now, 'now'), a, Infinity)) {
    const available = clock.businessTimeBetween(new Date(cursor), new Date(s));
    if (available >= remaining) return clock.addBusinessTime(new Date(cursor), remaining);
    remaining -= available;
    cursor = e;
  }
  return clock.addBusinessTime(new Date(cursor), remaining);
}

/** A 24×7 calendar in UTC: business time is elapsed time. */
export const alwaysOpen: CalendarSpec = { timeZone: 'UTC', alwaysOpen: true, hours: {}, holidays: [] };

/**
 * The inputs of `licence-compliance.ts`: their types, their validation (every problem named, in one
 * RangeError) and their grouping into titles, metric lines and devices in one pass, ready to be counted.
 */

/** How entitlements are counted, in the order a title's default line is chosen; the API's enum is built from this list. */
export const licenceMetrics = ['per_device', 'per_user', 'subscription', 'per_core', 'concurrent', 'site'] as const;
export type LicenceMetric = (typeof licenceMetrics)[number];

/** Licences bought for one title under one metric; money in minor units of `currency`, dates 'YYYY-MM-DD'. */
export interface Entitlement {
  id: string;
  titleKey: string;
  metric: LicenceMetric;
  /** Units bought: devices, users, core licences, concurrent seats or subscription seats; ignored for site. */
  quantity: number;
  /** per_core only: cores counted at least per device (8 under Microsoft's core licensing) and a core factor (0.5…). */
  minCoresPerDevice?: number | null;
  coreMultiplier?: number | null;
  /** Price of one unit in minor units; for a subscription, of one seat for its term. */
  unitCost?: number | null;
  currency?: string | null;
  termStart?: string | null;
  termEnd?: string | null;
  /** Named users (per_user, subscription) and devices (per_device) the licences are assigned to. */
  assignedUsers?: readonly string[] | null;
  assignedDevices?: readonly string[] | null;
}

/** One title found on one device by inventory; `lastSeen` is the device's last sighting (date, or ISO timestamp with zone). */
export interface Installation {
  titleKey: string;
  deviceId: string;
  cores?: number | null;
  userId?: string | null;
  lastSeen?: string | null;
}

/** The highest number of simultaneous users of a title measured over the period (a licence server's peak). */
export interface UsagePeak {
  titleKey: string;
  peak: number;
}

/** Everything the compliance position is computed from; `staleAfterDays` and `renewalWithinDays` default to 90. */
export interface ComplianceInput {
  asOf: string;
  entitlements: readonly Entitlement[];
  installations: readonly Installation[];
  usagePeaks?: readonly UsagePeak[] | null;
  staleAfterDays?: number | null;
  renewalWithinDays?: number | null;
}

/** One metric of one title while it is being counted. */
export interface Line {
  metric: LicenceMetric;
  all: Entitlement[];
  inForce: Entitlement[];
  expired: string[];
  notStarted: string[];
  entitled: number;
  named: boolean;
  users: Set<string>;
  devices: Set<string>;
  minCores: number;
  multiplier: number;
  covered: number;
  extraUsers: Set<string>;
  extraDevices: number;
  userless: number;
  cores: number;
  estimated: boolean;
}

/** What a title's installations on one device amount to. */
export interface DeviceUse {
  userId: string | null;
  cores: number | null;
  lastSeen: string | null;
  lastSeenDay: number | null;
}

/** A title with entitlements, its metric lines and the devices it is installed on. */
export interface Title {
  key: string;
  lines: Map<LicenceMetric, Line>;
  devices: Map<string, DeviceUse>;
}

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;
const CURRENCY = /^[A-Z]{3}$/;
const MAX_PROBLEMS = 20;

/** Days since 1970-01-01 of a calendar date, or of a timestamp's UTC day; null when it is neither. */
export function dayOf(value: unknown, timestamps = false): number | null {
  if (typeof value !== 'string') return null;
  const date = DATE.exec(timestamps && TIMESTAMP.test(value) ? value.slice(0, 10) : value);
  if (!date) return null;
  const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
  const t = new Date(0);
  t.setUTCFullYear(year, month - 1, day);
  if (t.getUTCMonth() !== month - 1 || t.getUTCDate() !== day) return null;
  if (value.length === 10) return t.getTime() / DAY_MS;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? Math.floor(ms / DAY_MS) : null;
}

const isKey = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';
const isCount = (value: unknown, min = 0): value is number => Number.isSafeInteger(value) && (value as number) >= min;
const show = (value: unknown) => JSON.stringify(value) ?? String(value);

function newLine(metric: LicenceMetric): Line {
  return {
    metric, all: [], inForce: [], expired: [], notStarted: [], entitled: 0, named: false, users: new Set(), devices: new Set(),
    minCores: 0, multiplier: 1, covered: 0, extraUsers: new Set(), extraDevices: 0, userless: 0, cores: 0, estimated: false,
  };
}

function checkEntitlement(e: Entitlement, at: string, problem: (message: string) => void): void {
  if (e === null || typeof e !== 'object') return problem(`${at} must be an object`);
  if (!isKey(e.id)) problem(`${at}.id must be a non-empty string, got ${show(e.id)}`);
  if (!isKey(e.titleKey)) problem(`${at}.titleKey must be a non-empty string, got ${show(e.titleKey)}`);
  if (!licenceMetrics.includes(e.metric)) problem(`${at}.metric must be one of ${licenceMetrics.join(', ')}, got ${show(e.metric)}`);
  if (!isCount(e.quantity)) problem(`${at}.quantity must be a whole number >= 0, got ${show(e.quantity)}`);
  if (e.minCoresPerDevice != null && (e.metric !== 'per_core' || !isCount(e.minCoresPerDevice))) problem(`${at}.minCoresPerDevice must be a whole number >= 0 on a per_core entitlement, got ${show(e.minCoresPerDevice)}`);
  const multiplier = e.coreMultiplier;
  if (multiplier != null && (e.metric !== 'per_core' || typeof multiplier !== 'number' || !(multiplier > 0 && multiplier <= 100))) problem(`${at}.coreMultiplier must be a number in (0, 100] on a per_core entitlement, got ${show(multiplier)}`);
  if (e.unitCost != null && !isCount(e.unitCost)) problem(`${at}.unitCost must be a whole number of minor units >= 0, got ${show(e.unitCost)}`);
  if (e.currency != null ? !CURRENCY.test(e.currency) : e.unitCost != null) problem(`${at}.currency must be an ISO 4217 code such as "EUR" when a unit cost is given, got ${show(e.currency)}`);
  const start = e.termStart == null ? null : dayOf(e.termStart);
  const end = e.termEnd == null ? null : dayOf(e.termEnd);
  if (e.termStart != null && start === null) problem(`${at}.termStart must be a calendar date 'YYYY-MM-DD', got ${show(e.termStart)}`);
  if (e.termEnd != null && end === null) problem(`${at}.termEnd must be a calendar date 'YYYY-MM-DD', got ${show(e.termEnd)}`);
  if (start !== null && end !== null && start > end) problem(`${at}.termStart (${e.termStart}) must not be after termEnd (${e.termEnd})`);
  if (e.metric === 'subscription' && (e.termStart == null || e.termEnd == null)) problem(`${at} is a subscription and needs termStart and termEnd`);
  for (const [field, metrics] of [['assignedUsers', ['per_user', 'subscription']], ['assignedDevices', ['per_device']]] as const) {
    const ids = e[field];
    if (ids == null) continue;
    if (!Array.isArray(ids) || !ids.every(isKey)) problem(`${at}.${field} must be a list of non-empty ids`);
    else if (ids.length > 0 && !(metrics as readonly string[]).includes(e.metric)) problem(`${at}.${field} only applies to ${metrics.join(' and ')} entitlements`);
  }
}

function checkInstallation(inst: Installation, at: string, problem: (message: string) => void, lastSeenDays: Map<string, number | null>): number | null {
  if (inst === null || typeof inst !== 'object') return problem(`${at} must be an object`), null;
  if (!isKey(inst.titleKey)) problem(`${at}.titleKey must be a non-empty string, got ${show(inst.titleKey)}`);
  if (!isKey(inst.deviceId)) problem(`${at}.deviceId must be a non-empty string, got ${show(inst.deviceId)}`);
  if (inst.cores != null && !isCount(inst.cores, 1)) problem(`${at}.cores must be a whole number >= 1, got ${show(inst.cores)}`);
  if (inst.userId != null && !isKey(inst.userId)) problem(`${at}.userId must be a non-empty string, got ${show(inst.userId)}`);
  if (inst.lastSeen == null) return null;
  let day = lastSeenDays.get(inst.lastSeen);
  if (day === undefined) lastSeenDays.set(inst.lastSeen, (day = dayOf(inst.lastSeen, true)));
  if (day === null) problem(`${at}.lastSeen must be a date 'YYYY-MM-DD' or an ISO timestamp with a zone, got ${show(inst.lastSeen)}`);
  return day;
}

/** Validates the input and groups it by title, metric line and device; throws a RangeError naming every problem. */
export function checkInput(input: ComplianceInput) {
  const problems: string[] = [];
  let count = 0;
  const problem = (message: string) => {
    count += 1;
    if (problems.length < MAX_PROBLEMS) problems.push(message);
  };
  const fail = () => {
    if (count > 0) throw new RangeError(`invalid compliance input: ${problems.join('; ')}${count > MAX_PROBLEMS ? `; and ${count - MAX_PROBLEMS} more` : ''}`);
  };
  if (input === null || typeof input !== 'object') throw new RangeError('invalid compliance input: it must be an object');
  const asOfDay = dayOf(input.asOf);
  if (asOfDay === null) problem(`asOf must be a calendar date 'YYYY-MM-DD', got ${show(input.asOf)}`);
  const staleAfterDays = input.staleAfterDays ?? 90;
  const renewalWithinDays = input.renewalWithinDays ?? 90;
  if (!isCount(staleAfterDays)) problem(`staleAfterDays must be a whole number >= 0, got ${show(staleAfterDays)}`);
  if (!isCount(renewalWithinDays)) problem(`renewalWithinDays must be a whole number >= 0, got ${show(renewalWithinDays)}`);
  for (const field of ['entitlements', 'installations'] as const) if (!Array.isArray(input[field])) problem(`${field} must be a list`);
  if (input.usagePeaks != null && !Array.isArray(input.usagePeaks)) problem('usagePeaks must be a list when given');
  fail();

  const titles = new Map<string, Title>();
  const ids = new Set<string>();
  input.entitlements.forEach((e, i) => {
    const before = count;
    checkEntitlement(e, `entitlements[${i}]`, problem);
    if (count === before && ids.has(e.id)) problem(`entitlements[${i}].id ${show(e.id)} is used twice`);
    if (count !== before || asOfDay === null) return;
    ids.add(e.id);
    let title = titles.get(e.titleKey);
    if (!title) titles.set(e.titleKey, (title = { key: e.titleKey, lines: new Map(), devices: new Map() }));
    let line = title.lines.get(e.metric);
    if (!line) title.lines.set(e.metric, (line = newLine(e.metric)));
    line.all.push(e);
    if (e.termEnd != null && (dayOf(e.termEnd) as number) < asOfDay) line.expired.push(e.id);
    else if (e.termStart != null && (dayOf(e.termStart) as number) > asOfDay) line.notStarted.push(e.id);
    else {
      line.inForce.push(e);
      line.entitled += e.quantity;
      for (const user of e.assignedUsers ?? []) line.users.add(user);
      for (const device of e.assignedDevices ?? []) line.devices.add(device);
    }
  });
  for (const title of titles.values()) {
    for (const line of title.lines.values()) {
      line.named = line.users.size + line.devices.size > 0;
      const terms = line.inForce.length > 0 ? line.inForce : line.all;
      line.minCores = Math.max(...terms.map((e) => e.minCoresPerDevice ?? 0));
      line.multiplier = Math.max(...terms.map((e) => e.coreMultiplier ?? 1));
    }
  }

  const lastSeenDays = new Map<string, number | null>();
  const installations = input.installations;
  for (let i = 0; i < installations.length; i++) {
    const inst = installations[i];
    const before = count;
    const lastSeenDay = checkInstallation(inst, `installations[${i}]`, problem, lastSeenDays);
    const title = count === before ? titles.get(inst.titleKey) : undefined;
    if (!title) continue;
    const use = title.devices.get(inst.deviceId);
    if (!use) {
      title.devices.set(inst.deviceId, { userId: inst.userId ?? null, cores: inst.cores ?? null, lastSeen: inst.lastSeen ?? null, lastSeenDay });
      continue;
    }
    use.userId ??= inst.userId ?? null;
    if (inst.cores != null && (use.cores === null || inst.cores > use.cores)) use.cores = inst.cores;
    if (lastSeenDay !== null && (use.lastSeenDay === null || lastSeenDay > use.lastSeenDay)) [use.lastSeen, use.lastSeenDay] = [inst.lastSeen ?? null, lastSeenDay];
  }

  const peaks = new Map<string, number>();
  (input.usagePeaks ?? []).forEach((p, i) => {
    if (p === null || typeof p !== 'object' || !isKey(p.titleKey) || !isCount(p.peak)) return problem(`usagePeaks[${i}] needs a titleKey and a whole-number peak >= 0, got ${show(p)}`);
    peaks.set(p.titleKey, Math.max(peaks.get(p.titleKey) ?? 0, p.peak));
  });
  fail();
  return { titles, peaks, asOfDay: asOfDay as number, staleAfterDays, renewalWithinDays };
}

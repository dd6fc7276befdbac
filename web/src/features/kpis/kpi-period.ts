/** The KPI page's period presets and the from/to instants they mean in the viewer's time zone. */
export const periods = ['last30', 'thisMonth', 'lastMonth', 'last90', 'thisYear'] as const;
export type Period = (typeof periods)[number];
export const breakdowns = ['month', 'priority', 'group'] as const;
export type Breakdown = (typeof breakdowns)[number];

export interface KpiSearch {
  period?: Period;
  breakdown?: Breakdown;
}

export function validateKpiSearch(search: Record<string, unknown>): KpiSearch {
  return {
    period: periods.find((p) => p === search.period),
    breakdown: breakdowns.find((b) => b === search.breakdown),
  };
}

/** The period as [from, to) ISO instants; calendar periods start at local midnight. */
export function rangeOf(period: Period, now = new Date()): { from: string; to: string } {
  const day = 86_400_000;
  switch (period) {
    case 'thisMonth':
      return { from: new Date(now.getFullYear(), now.getMonth(), 1).toISOString(), to: now.toISOString() };
    case 'lastMonth':
      return { from: new Date(now.getFullYear(), now.getMonth() - 1, 1).toISOString(), to: new Date(now.getFullYear(), now.getMonth(), 1).toISOString() };
    case 'last90':
      return { from: new Date(now.getTime() - 90 * day).toISOString(), to: now.toISOString() };
    case 'thisYear':
      return { from: new Date(now.getFullYear(), 0, 1).toISOString(), to: now.toISOString() };
    default:
      return { from: new Date(now.getTime() - 30 * day).toISOString(), to: now.toISOString() };
  }
}

/** The viewer's IANA zone, which months are counted in. */
export const viewerTimeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/**
 * Service-desk KPIs for a period: volume, backlog and aging, MTTA, MTTR, first-contact resolution,
 * reopen rate, SLA compliance (response and resolution) and satisfaction — in total and by priority,
 * assignment group and month. The figures are read from `desk_kpi_hours` (kept by triggers, migration
 * 0013) for the whole hours of each month and from the rows for the ragged ends (see kpi-periods.ts);
 * the breakdowns are rolled up from those (priority, group, month) cells.
 *
 * Definitions (also in docs/service-desk.md):
 * - created, MTTA: tickets created in the period; MTTA is the mean wall time to the first public reply.
 * - resolved, MTTR, FCR, reopen rate, satisfaction: tickets resolved in the period (by their resolution
 *   time); MTTR is the mean wall time from creation to resolution; first-contact resolution is a
 *   resolution with at most one public reply from the desk and no reopen; the reopen rate counts
 *   resolved tickets that were ever reopened; satisfaction averages the requesters' 1–5 ratings.
 * - SLA compliance: clocks that stopped in the period (met unless breached), plus running clocks that
 *   breached in it; months are those of the ticket's creation for volume, of the event otherwise.
 * - backlog and aging: tickets open at the end of the period, by age then.
 */
import { stringify } from 'csv-stringify/sync';
import { sql, type SQL } from 'drizzle-orm';
import { resultRows } from '../../db/client.ts';
import { inTransaction, requirePermission, type Ctx } from '../../platform/context.ts';
import { invalid } from '../../platform/errors/catalogue.ts';
import type { KpiQuery, KpiReport, KpiRow } from './kpi-contract.ts';
import { splitByHour, type MonthRange } from './kpi-periods.ts';

type Dimension = 'priority' | 'group' | 'month';

/** Sums per (priority, group, month) from the hourly figures or the rows; the breakdowns are rolled up here. */
interface Cell {
  priority: number | null;
  group: string | null;
  month: string;
  [figure: string]: unknown;
}

interface Sums {
  created: number;
  mttaSum: number;
  mttaN: number;
  resolved: number;
  mttrSum: number;
  fcr: number;
  reopened: number;
  rated: number;
  ratingSum: number;
  responseMet: number;
  responseTotal: number;
  resolutionMet: number;
  resolutionTotal: number;
}

const zero = (): Sums => ({ created: 0, mttaSum: 0, mttaN: 0, resolved: 0, mttrSum: 0, fcr: 0, reopened: 0, rated: 0, ratingSum: 0, responseMet: 0, responseTotal: 0, resolutionMet: 0, resolutionTotal: 0 });


/** Ranges as a VALUES list to join on: r(month, f, t). */
function rangeList(ranges: MonthRange[]): SQL {
  return sql`(VALUES ${sql.join(
    ranges.map((r) => sql`(${r.month}, ${r.from.toISOString()}::timestamptz, ${r.to.toISOString()}::timestamptz)`),
    sql`, `,
  )}) AS r(month, f, t)`;
}

export async function deskKpis(ctx: Ctx, query: KpiQuery): Promise<KpiReport> {
  requirePermission(ctx, 'tickets:read');
  // One transaction: the aggregates see the same data.
  return inTransaction(ctx, (tx) => report(tx, query));
}

async function report(ctx: Ctx, query: KpiQuery): Promise<KpiReport> {
  const to = query.to ? new Date(query.to) : ctx.clock.now();
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - 30 * 86_400_000);
  if (from >= to) throw invalid([{ field: 'from', message: 'must be before to' }]);
  if (to.getTime() - from.getTime() > 3 * 366 * 86_400_000) throw invalid([{ field: 'from', message: 'the period may span at most three years' }]);
  const [f, t, tz, org] = [from.toISOString(), to.toISOString(), query.timeZone, ctx.orgId];

  // The report's months in its zone (the zone is validated as an IANA name), each cut to the period.
  const months = resultRows<{ month: string; from: number; to: number }>(
    await ctx.db.execute(sql`
      SELECT to_char(m, 'YYYY-MM') AS month, (extract(epoch FROM greatest(m AT TIME ZONE ${tz}, ${f}::timestamptz)) * 1000)::float8 AS "from",
        (extract(epoch FROM least((m + interval '1 month') AT TIME ZONE ${tz}, ${t}::timestamptz)) * 1000)::float8 AS "to"
      FROM generate_series(date_trunc('month', ${f}::timestamptz AT TIME ZONE ${tz}), ${t}::timestamptz AT TIME ZONE ${tz}, interval '1 month') AS m`),
  ).map((m) => ({ month: m.month, from: new Date(m.from), to: new Date(m.to) }));
  const { hours, rows } = splitByHour(months);
  const cells: Cell[] = [];
  if (hours.length) {
    cells.push(
      ...resultRows<Cell>(
        await ctx.db.execute(sql`
          SELECT k.priority::int AS priority, k.group_id::text AS "group", r.month,
            sum(k.created)::int AS created, (sum(k.response_seconds) / 60.0)::float8 AS "mttaSum", sum(k.first_responses)::int AS "mttaN",
            sum(k.resolved)::int AS resolved, (sum(k.resolution_seconds) / 60.0)::float8 AS "mttrSum", sum(k.first_contact)::int AS fcr,
            sum(k.reopened)::int AS reopened, sum(k.rated)::int AS rated, sum(k.rating_sum)::int AS "ratingSum",
            sum(k.response_met)::int AS "responseMet", sum(k.response_total)::int AS "responseTotal",
            sum(k.resolution_met)::int AS "resolutionMet", sum(k.resolution_total)::int AS "resolutionTotal"
          FROM ${rangeList(hours)} JOIN desk_kpi_hours k ON k.org_id = ${org} AND k.hour >= r.f AND k.hour < r.t
          GROUP BY 1, 2, 3`),
      ),
    );
  }
  if (rows.length) {
    const ranges = rangeList(rows);
    cells.push(
      ...resultRows<Cell>(
        await ctx.db.execute(sql`
          SELECT t.priority::int AS priority, t.group_id::text AS "group", r.month,
            count(*)::int AS created,
            coalesce(sum(extract(epoch FROM t.first_response_at - t.created_at)) / 60, 0)::float8 AS "mttaSum",
            count(t.first_response_at)::int AS "mttaN"
          FROM ${ranges} JOIN tickets t ON t.org_id = ${org} AND t.created_at >= r.f AND t.created_at < r.t
          GROUP BY 1, 2, 3`),
      ),
      ...resultRows<Cell>(
        await ctx.db.execute(sql`
          SELECT t.priority::int AS priority, t.group_id::text AS "group", r.month,
            count(*)::int AS resolved,
            (sum(extract(epoch FROM t.resolved_at - t.created_at)) / 60)::float8 AS "mttrSum",
            count(*) FILTER (WHERE t.reopen_count = 0 AND t.desk_replies <= 1)::int AS fcr,
            count(*) FILTER (WHERE t.reopen_count > 0)::int AS reopened,
            count(t.rating)::int AS rated,
            coalesce(sum(t.rating), 0)::int AS "ratingSum"
          FROM ${ranges} JOIN tickets t ON t.org_id = ${org} AND t.resolved_at IS NOT NULL AND t.resolved_at >= r.f AND t.resolved_at < r.t
          GROUP BY 1, 2, 3`),
      ),
      ...resultRows<Cell>(
        await ctx.db.execute(sql`
          SELECT s.priority::int AS priority, s.desk_group_id::text AS "group", r.month,
            count(*) FILTER (WHERE s.metric = 'response' AND s.breached_at IS NULL)::int AS "responseMet",
            count(*) FILTER (WHERE s.metric = 'response')::int AS "responseTotal",
            count(*) FILTER (WHERE s.metric = 'resolution' AND s.breached_at IS NULL)::int AS "resolutionMet",
            count(*) FILTER (WHERE s.metric = 'resolution')::int AS "resolutionTotal"
          FROM ${ranges} JOIN ticket_slas s ON s.org_id = ${org} AND s.settled_at IS NOT NULL AND s.settled_at >= r.f AND s.settled_at < r.t
            AND s.metric IN ('response', 'resolution')
          GROUP BY 1, 2, 3`),
      ),
    );
  }

  const [aging] = resultRows<Record<string, number>>(
    await ctx.db.execute(sql`
      SELECT count(*)::int AS backlog,
        count(*) FILTER (WHERE ${t}::timestamptz - t.created_at < interval '1 day')::int AS "under1d",
        count(*) FILTER (WHERE ${t}::timestamptz - t.created_at >= interval '1 day' AND ${t}::timestamptz - t.created_at < interval '3 days')::int AS "d1to3",
        count(*) FILTER (WHERE ${t}::timestamptz - t.created_at >= interval '3 days' AND ${t}::timestamptz - t.created_at < interval '7 days')::int AS "d3to7",
        count(*) FILTER (WHERE ${t}::timestamptz - t.created_at >= interval '7 days' AND ${t}::timestamptz - t.created_at < interval '30 days')::int AS "d7to30",
        count(*) FILTER (WHERE ${t}::timestamptz - t.created_at >= interval '30 days')::int AS "over30d"
      FROM (
        SELECT t.created_at FROM tickets t
        WHERE t.org_id = ${org} AND t.status IN ('new', 'assigned', 'in_progress', 'pending') AND t.created_at < ${t}
        UNION ALL
        SELECT t.created_at FROM tickets t
        WHERE t.org_id = ${org} AND t.status NOT IN ('new', 'assigned', 'in_progress', 'pending') AND coalesce(t.resolved_at, t.closed_at) >= ${t}
          AND t.created_at < ${t}
      ) t`),
  );

  const groupNames = new Map(
    resultRows<{ id: string; name: string }>(await ctx.db.execute(sql`SELECT id::text, name FROM teams WHERE org_id = ${org}`)).map((g) => [g.id, g.name]),
  );
  const sums = new Map<string, { dim: Dimension | 'total'; key: string; sums: Sums }>();
  const add = (cell: Cell) => {
    const targets: [Dimension | 'total', string][] = [['total', ''], ['priority', String(cell.priority ?? '')], ['group', cell.group ?? ''], ['month', cell.month]];
    for (const [dim, key] of targets) {
      const id = `${dim}:${key}`;
      const entry = sums.get(id) ?? { dim, key, sums: zero() };
      for (const figure of Object.keys(entry.sums) as (keyof Sums)[]) entry.sums[figure] += Number(cell[figure] ?? 0);
      sums.set(id, entry);
    }
  };
  for (const cell of cells) add(cell);
  const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);
  const round = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);
  const rowOf = (dim: Dimension | 'total', key: string, s: Sums): KpiRow => ({
    key,
    label: dim === 'total' ? 'Total' : dim === 'priority' ? `P${key}` : dim === 'group' ? (key ? (groupNames.get(key) ?? 'Removed team') : 'No group') : key,
    created: s.created,
    resolved: s.resolved,
    mttaMinutes: round(s.mttaN ? s.mttaSum / s.mttaN : null),
    mttrMinutes: round(s.resolved ? s.mttrSum / s.resolved : null),
    firstContactResolution: ratio(s.fcr, s.resolved),
    reopenRate: ratio(s.reopened, s.resolved),
    responseCompliance: ratio(s.responseMet, s.responseTotal),
    resolutionCompliance: ratio(s.resolutionMet, s.resolutionTotal),
    satisfaction: s.rated ? Math.round((s.ratingSum / s.rated) * 100) / 100 : null,
    ratings: s.rated,
  });
  const of = (dim: Dimension) =>
    [...sums.values()]
      .filter((e) => e.dim === dim)
      .map((e) => rowOf(dim, e.key, e.sums))
      .sort((a, b) => (dim === 'priority' ? Number(a.key) - Number(b.key) : dim === 'month' ? a.key.localeCompare(b.key) : a.label.localeCompare(b.label)));
  return {
    from: f,
    to: t,
    timeZone: tz,
    total: rowOf('total', '', sums.get('total:')?.sums ?? zero()),
    backlog: aging?.backlog ?? 0,
    aging: [
      { bucket: 'under 1 day', count: aging?.under1d ?? 0 },
      { bucket: '1–3 days', count: aging?.d1to3 ?? 0 },
      { bucket: '3–7 days', count: aging?.d3to7 ?? 0 },
      { bucket: '7–30 days', count: aging?.d7to30 ?? 0 },
      { bucket: 'over 30 days', count: aging?.over30d ?? 0 },
    ],
    byPriority: of('priority'),
    byGroup: of('group'),
    byMonth: of('month'),
  };
}

/** One breakdown of the report as CSV (RFC 4180), with a header row; ratios as percentages. */
export function kpiCsv(report: KpiReport, breakdown: 'total' | Dimension): string {
  const rows = breakdown === 'total' ? [report.total] : breakdown === 'priority' ? report.byPriority : breakdown === 'group' ? report.byGroup : report.byMonth;
  const percent = (r: number | null) => (r === null ? '' : (Math.round(r * 1000) / 10).toString());
  return stringify(
    rows.map((r) => [
      r.label,
      r.created,
      r.resolved,
      r.mttaMinutes ?? '',
      r.mttrMinutes ?? '',
      percent(r.firstContactResolution),
      percent(r.reopenRate),
      percent(r.responseCompliance),
      percent(r.resolutionCompliance),
      r.satisfaction ?? '',
      r.ratings,
    ]),
    {
      header: true,
      columns: [breakdown, 'created', 'resolved', 'mtta_minutes', 'mttr_minutes', 'first_contact_resolution_pct', 'reopen_rate_pct', 'response_sla_pct', 'resolution_sla_pct', 'satisfaction', 'ratings'],
      record_delimiter: 'windows',
    },
  );
}

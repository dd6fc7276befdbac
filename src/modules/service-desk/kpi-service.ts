/**
 * Service-desk KPIs for a period: volume, backlog and aging, MTTA, MTTR, first-contact resolution,
 * reopen rate, SLA compliance (response and resolution) and satisfaction — in total and by priority,
 * assignment group and month. Each figure is one SQL aggregate with GROUPING SETS, so a year of data
 * costs four scans, not one per breakdown.
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
import { requirePermission, type Ctx } from '../../platform/context.ts';
import { invalid } from '../../platform/errors/catalogue.ts';
import type { KpiQuery, KpiReport, KpiRow } from './kpi-contract.ts';

type Dimension = 'priority' | 'group' | 'month';

interface Raw {
  dim: Dimension | 'total';
  key: string | null;
  [figure: string]: unknown;
}

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** `GROUPING SETS` over priority, group and the month of `dateColumn` in the report's zone, plus the total. */
function grouped(dateColumn: SQL, timeZone: string) {
  // Inlined (the zone is validated as an IANA name), so the grouping expression is textually the same everywhere.
  const month = sql`to_char(${dateColumn} AT TIME ZONE ${sql.raw(`'${timeZone.replaceAll("'", "''")}'`)}, 'YYYY-MM')`;
  return {
    select: sql`CASE WHEN grouping(t.priority) = 0 THEN 'priority' WHEN grouping(t.group_id) = 0 THEN 'group' WHEN grouping(${month}) = 0 THEN 'month' ELSE 'total' END AS dim,
      coalesce(t.priority::text, t.group_id::text, ${month}) AS key`,
    groupBy: sql`GROUPING SETS ((t.priority), (t.group_id), (${month}), ())`,
  };
}

export async function deskKpis(ctx: Ctx, query: KpiQuery): Promise<KpiReport> {
  requirePermission(ctx, 'tickets:read');
  const to = query.to ? new Date(query.to) : ctx.clock.now();
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - 30 * 86_400_000);
  if (from >= to) throw invalid([{ field: 'from', message: 'must be before to' }]);
  if (to.getTime() - from.getTime() > 3 * 366 * 86_400_000) throw invalid([{ field: 'from', message: 'the period may span at most three years' }]);
  const [f, t, tz, org] = [from.toISOString(), to.toISOString(), query.timeZone, ctx.orgId];

  const created = grouped(sql`t.created_at`, tz);
  const createdRows = rowsOf<Raw & { created: number; mtta: number | null }>(
    await ctx.db.execute(sql`
      SELECT ${created.select}, count(*)::int AS created,
        (avg(extract(epoch FROM t.first_response_at - t.created_at)) / 60)::float8 AS mtta
      FROM tickets t WHERE t.org_id = ${org} AND t.created_at >= ${f} AND t.created_at < ${t}
      GROUP BY ${created.groupBy}`),
  );

  const resolved = grouped(sql`t.resolved_at`, tz);
  const resolvedRows = rowsOf<Raw & { resolved: number; mttr: number | null; fcr: number; reopened: number; rated: number; rating: number | null }>(
    await ctx.db.execute(sql`
      SELECT ${resolved.select}, count(*)::int AS resolved,
        (avg(extract(epoch FROM t.resolved_at - t.created_at)) / 60)::float8 AS mttr,
        count(*) FILTER (WHERE t.reopen_count = 0 AND t.desk_replies <= 1)::int AS fcr,
        count(*) FILTER (WHERE t.reopen_count > 0)::int AS reopened,
        count(t.rating)::int AS rated,
        avg(t.rating)::float8 AS rating
      FROM tickets t WHERE t.org_id = ${org} AND t.resolved_at >= ${f} AND t.resolved_at < ${t}
      GROUP BY ${resolved.groupBy}`),
  );

  const event = sql`coalesce(s.stopped_at, s.breached_at)`;
  const slaGroup = grouped(event, tz);
  const slaRows = rowsOf<Raw & { response_met: number; response_total: number; resolution_met: number; resolution_total: number }>(
    await ctx.db.execute(sql`
      SELECT ${slaGroup.select},
        count(*) FILTER (WHERE s.metric = 'response' AND s.breached_at IS NULL)::int AS response_met,
        count(*) FILTER (WHERE s.metric = 'response')::int AS response_total,
        count(*) FILTER (WHERE s.metric = 'resolution' AND s.breached_at IS NULL)::int AS resolution_met,
        count(*) FILTER (WHERE s.metric = 'resolution')::int AS resolution_total
      FROM ticket_slas s JOIN tickets t ON t.id = s.ticket_id
      WHERE s.org_id = ${org} AND s.metric IN ('response', 'resolution') AND ${event} >= ${f} AND ${event} < ${t}
        AND (s.stopped_at IS NOT NULL OR s.breached_at IS NOT NULL)
      GROUP BY ${slaGroup.groupBy}`),
  );

  const [aging] = rowsOf<Record<string, number>>(
    await ctx.db.execute(sql`
      SELECT count(*)::int AS backlog,
        count(*) FILTER (WHERE ${t}::timestamptz - t.created_at < interval '1 day')::int AS "under1d",
        count(*) FILTER (WHERE ${t}::timestamptz - t.created_at >= interval '1 day' AND ${t}::timestamptz - t.created_at < interval '3 days')::int AS "d1to3",
        count(*) FILTER (WHERE ${t}::timestamptz - t.created_at >= interval '3 days' AND ${t}::timestamptz - t.created_at < interval '7 days')::int AS "d3to7",
        count(*) FILTER (WHERE ${t}::timestamptz - t.created_at >= interval '7 days' AND ${t}::timestamptz - t.created_at < interval '30 days')::int AS "d7to30",
        count(*) FILTER (WHERE ${t}::timestamptz - t.created_at >= interval '30 days')::int AS "over30d"
      FROM tickets t
      WHERE t.org_id = ${org} AND t.created_at < ${t}
        AND (t.status IN ('new', 'assigned', 'in_progress', 'pending') OR coalesce(t.resolved_at, t.closed_at) >= ${t})`),
  );

  const groupNames = new Map(
    rowsOf<{ id: string; name: string }>(await ctx.db.execute(sql`SELECT id::text, name FROM teams WHERE org_id = ${org}`)).map((g) => [g.id, g.name]),
  );
  const rows = new Map<string, KpiRow & { dim: string }>();
  const rowFor = (dim: Raw['dim'], key: string | null): KpiRow & { dim: string } => {
    const id = `${dim}:${key ?? ''}`;
    let row = rows.get(id);
    if (!row) {
      const label =
        dim === 'total' ? 'Total' : dim === 'priority' ? `P${key}` : dim === 'group' ? (key ? (groupNames.get(key) ?? 'Removed team') : 'No group') : (key ?? '');
      row = { dim, key: key ?? '', label, created: 0, resolved: 0, mttaMinutes: null, mttrMinutes: null, firstContactResolution: null, reopenRate: null, responseCompliance: null, resolutionCompliance: null, satisfaction: null, ratings: 0 };
      rows.set(id, row);
    }
    return row;
  };
  const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);
  const round = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);
  for (const r of createdRows) Object.assign(rowFor(r.dim, r.key), { created: r.created, mttaMinutes: round(r.mtta) });
  for (const r of resolvedRows) {
    Object.assign(rowFor(r.dim, r.key), {
      resolved: r.resolved,
      mttrMinutes: round(r.mttr),
      firstContactResolution: ratio(r.fcr, r.resolved),
      reopenRate: ratio(r.reopened, r.resolved),
      satisfaction: r.rating === null ? null : Math.round(r.rating * 100) / 100,
      ratings: r.rated,
    });
  }
  for (const r of slaRows) {
    Object.assign(rowFor(r.dim, r.key), { responseCompliance: ratio(r.response_met, r.response_total), resolutionCompliance: ratio(r.resolution_met, r.resolution_total) });
  }
  rowFor('total', null);
  const strip = ({ dim: _dim, ...row }: KpiRow & { dim: string }): KpiRow => row;
  const of = (dim: Dimension) =>
    [...rows.values()]
      .filter((r) => r.dim === dim)
      .sort((a, b) => (dim === 'priority' ? Number(a.key) - Number(b.key) : dim === 'month' ? a.key.localeCompare(b.key) : a.label.localeCompare(b.label)))
      .map(strip);
  return {
    from: f,
    to: t,
    timeZone: tz,
    total: strip(rowFor('total', null)),
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

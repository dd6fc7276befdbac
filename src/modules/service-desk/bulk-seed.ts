/**
 * Bulk seeding of tickets for load tests and benchmarks: a year of realistic tickets (types, priorities,
 * statuses by age, categories, groups, agents, requesters), two comments each, search vectors and SLA
 * clocks, written by set-based SQL in batches. Texts mix 24 everyday words (each in about a quarter of
 * the tickets) with specific tokens (5,000 host names, 20,000 error codes, 400 applications), as real
 * desks do. Not for production data: seeded rows have no audit
 * trail. Keys continue the organisation's sequences, so tickets created afterwards number on.
 */
import { eq, sql } from 'drizzle-orm';
import { resultRows, type Db } from '../../db/client.ts';
import { memberships } from '../../platform/auth/schema.ts';
import { systemContext, type Clock } from '../../platform/context.ts';
import { builtinRoleId } from '../identity/organisation-service.ts';
import { createPerson } from '../identity/people-service.ts';
import { teamMembers, teams } from '../identity/schema.ts';
import { businessCalendars, slaPolicies, ticketCategories } from './schema.ts';
import { searchConfig } from './ticket-query.ts';

export interface SeedProgress {
  done: number;
  total: number;
}

export interface SeedOptions {
  orgId: string;
  count: number;
  batchSize?: number;
  clock: Clock;
  onProgress?: (p: SeedProgress) => void;
}

const words = [
  'printer', 'vpn', 'laptop', 'email', 'outlook', 'password', 'wifi', 'monitor', 'keyboard', 'teams', 'sharepoint', 'backup',
  'server', 'database', 'licence', 'phone', 'badge', 'account', 'network', 'firewall', 'citrix', 'sap', 'payroll', 'invoice',
];
const verbs = ['not working', 'slow', 'locked', 'broken', 'missing', 'request', 'error', 'crashes', 'cannot connect', 'keeps asking'];


/** People, teams, categories and an SLA policy for the seeded tickets to refer to; created once. */
async function prepare(db: Db, orgId: string, clock: Clock): Promise<{ requesters: string[]; agents: string[]; groups: string[]; categories: string[] }> {
  const ctx = systemContext(db, orgId, 'bulk-seed', clock);
  const existingTeams = await db.select().from(teams).where(eq(teams.orgId, orgId));
  const groups = existingTeams.filter((t) => t.name.startsWith('Seed ')).map((t) => t.id);
  if (groups.length === 0) {
    const agentRole = (await builtinRoleId(db, orgId, 'agent'))!;
    const requesterRole = (await builtinRoleId(db, orgId, 'requester'))!;
    for (const [i, name] of ['Service Desk', 'Network', 'Workplace', 'Applications', 'Identity'].entries()) {
      const [team] = await db.insert(teams).values({ orgId, name: `Seed ${name}` }).returning();
      groups.push(team!.id);
      for (let a = 0; a < 4; a++) {
        const agent = await createPerson(ctx, { name: `Seed Agent ${i * 4 + a + 1}`, email: `seed.agent.${i * 4 + a + 1}@example.test`, roleId: agentRole, kind: 'agent' });
        await db.insert(teamMembers).values({ orgId, teamId: team!.id, userId: agent.id });
      }
    }
    for (let r = 1; r <= 200; r++) {
      await createPerson(ctx, { name: `Seed Requester ${r}`, email: `seed.requester.${r}@example.test`, roleId: requesterRole, kind: 'requester' });
    }
    for (const name of ['Hardware', 'Software', 'Access', 'Network', 'Email']) {
      await db.insert(ticketCategories).values({ orgId, name: `Seed ${name}` });
    }
    const [calendar] = await db
      .insert(businessCalendars)
      .values({
        orgId,
        name: 'Seed office hours',
        spec: { timeZone: 'Europe/Berlin', alwaysOpen: false, hours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ start: '08:00', end: '18:00' }]])), holidays: [] },
      })
      .returning();
    await db.insert(slaPolicies).values({
      orgId,
      name: 'Seed standard',
      position: 1000,
      conditions: {},
      targets: { response: { '1': 15, '2': 30, '3': 60, '4': 240, '5': 480 }, resolution: { '1': 240, '2': 480, '3': 1440, '4': 2880, '5': 4800 }, ola: {} },
      calendarId: calendar!.id,
      pauseStatuses: ['pending'],
      escalations: [],
    });
  }
  const people = await db.select({ userId: memberships.userId, kind: memberships.kind }).from(memberships).where(eq(memberships.orgId, orgId));
  const members = await db.select({ teamId: teamMembers.teamId, userId: teamMembers.userId }).from(teamMembers).where(eq(teamMembers.orgId, orgId));
  const categories = (await db.select({ id: ticketCategories.id }).from(ticketCategories).where(eq(ticketCategories.orgId, orgId))).map((c) => c.id);
  return {
    requesters: people.filter((p) => p.kind === 'requester').map((p) => p.userId),
    agents: groups.map((g) => members.find((m) => m.teamId === g)!.userId),
    groups,
    categories,
  };
}

/** Seeds `count` tickets spread over the year before now; returns how many it wrote. */
export async function seedTickets(db: Db, opts: SeedOptions): Promise<number> {
  const { orgId, count, clock } = opts;
  const batch = Math.max(100, Math.min(50_000, opts.batchSize ?? 10_000));
  const refs = await prepare(db, orgId, clock);
  const [policy] = await db.select({ id: slaPolicies.id }).from(slaPolicies).where(eq(slaPolicies.orgId, orgId)).limit(1);
  const now = clock.now().toISOString();
  const arr = (values: string[]) => sql.raw(`(ARRAY[${values.map((v) => `'${v.replaceAll("'", "''")}'`).join(',')}])`);
  const uuids = (values: string[]) => sql.raw(`ARRAY[${values.map((v) => `'${v}'`).join(',')}]::uuid[]`);
  let done = 0;
  while (done < count) {
    const n = Math.min(batch, count - done);
    const seq = resultRows<{ inc: number; req: number; qst: number }>(
      await db.execute(sql`
        SELECT coalesce(max(last_value) FILTER (WHERE prefix = 'INC'), 0)::int AS inc,
               coalesce(max(last_value) FILTER (WHERE prefix = 'REQ'), 0)::int AS req,
               coalesce(max(last_value) FILTER (WHERE prefix = 'QST'), 0)::int AS qst
        FROM key_sequences WHERE org_id = ${orgId}`),
    )[0]!;
    await db.transaction(async (tx) => {
      // g runs over the whole seed (0 … count-1): older tickets first, ages spread evenly over 365 days.
      const inserted = resultRows<{ id: string }>(
        await tx.execute(sql`
        WITH g AS (
          SELECT i, ${done}::bigint + i AS n,
            CASE WHEN (${done} + i) % 10 < 6 THEN 'incident' WHEN (${done} + i) % 10 < 9 THEN 'request' ELSE 'question' END AS type,
            (${now}::timestamptz - make_interval(secs => (365 * 86400.0) * (1 - (${done} + i)::float8 / ${count}))) AS created
          FROM generate_series(0, ${n - 1}) AS i
        ), keyed AS (
          SELECT g.*, row_number() OVER (PARTITION BY type ORDER BY i) AS k,
            (ARRAY['high','medium','medium','low','low'])[1 + (n * 7) % 5] AS impact,
            (ARRAY['high','medium','low','medium','low'])[1 + (n * 3) % 5] AS urgency
          FROM g
        ), shaped AS (
          SELECT keyed.*,
            -- Past the default auto-close period (7 days) nothing is left resolved, so the auto-close job has no backlog.
            CASE WHEN ${now}::timestamptz - created > interval '7 days' THEN CASE WHEN n % 50 = 0 THEN 'cancelled' ELSE 'closed' END
                 WHEN ${now}::timestamptz - created > interval '3 days' THEN (ARRAY['resolved','resolved','closed','pending','in_progress'])[1 + n % 5]
                 ELSE (ARRAY['new','assigned','in_progress','pending','resolved'])[1 + n % 5] END AS status
          FROM keyed
        )
        INSERT INTO tickets (id, org_id, key, type, title, description, requester_id, category_id, impact, urgency, priority,
          group_id, assignee_id, status, pending_reason, source, tags, resolution_code, first_response_at, resolved_at, closed_at,
          desk_replies, created_at, updated_at)
        SELECT gen_random_uuid(), ${orgId},
          CASE type WHEN 'incident' THEN 'INC-' || (${seq.inc} + k) WHEN 'request' THEN 'REQ-' || (${seq.req} + k) ELSE 'QST-' || (${seq.qst} + k) END,
          type,
          initcap(${arr(words)}[1 + (n * 7) % ${words.length}]) || ' ' || ${arr(verbs)}[1 + (n * 13) % ${verbs.length}] || ' on ' || ${arr(words)}[1 + (n * 11) % ${words.length}]
            || ' (host-' || (n * 7919) % 5000 || ')',
          'Since this morning the ' || ${arr(words)}[1 + (n * 5) % ${words.length}] || ' is ' || ${arr(verbs)}[1 + (n * 3) % ${verbs.length}]
            || '. The log says error E' || (n * 104729) % 20000 || ' from app-' || (n * 31) % 400 || '. Steps tried: restart, reconnect, ' || ${arr(words)}[1 + (n * 17) % ${words.length}] || ' reset.',
          (${uuids(refs.requesters)})[1 + n % ${refs.requesters.length}],
          (${uuids(refs.categories)})[1 + n % ${refs.categories.length}],
          impact, urgency,
          CASE impact WHEN 'high' THEN CASE urgency WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END
                      WHEN 'medium' THEN CASE urgency WHEN 'high' THEN 2 WHEN 'medium' THEN 3 ELSE 4 END
                      ELSE CASE urgency WHEN 'high' THEN 3 WHEN 'medium' THEN 4 ELSE 5 END END,
          CASE WHEN status = 'new' THEN NULL ELSE (${uuids(refs.groups)})[1 + n % ${refs.groups.length}] END,
          CASE WHEN status IN ('new', 'assigned') THEN NULL ELSE (${uuids(refs.agents)})[1 + n % ${refs.agents.length}] END,
          status,
          CASE WHEN status = 'pending' THEN 'awaiting_requester' END,
          (ARRAY['portal','email','api','phone','portal'])[1 + n % 5],
          CASE WHEN n % 7 = 0 THEN ARRAY['vip'] WHEN n % 11 = 0 THEN ARRAY['outage', 'network'] ELSE '{}'::text[] END,
          CASE WHEN status IN ('resolved', 'closed') THEN 'fixed' WHEN status = 'cancelled' THEN 'rejected' END,
          CASE WHEN status = 'new' THEN NULL ELSE created + make_interval(mins => (5 + n % 120)::int) END,
          CASE WHEN status IN ('resolved', 'closed') THEN created + make_interval(mins => (30 + (n * 37) % 4000)::int) END,
          CASE WHEN status IN ('closed', 'cancelled') THEN created + make_interval(mins => (4500 + n % 3000)::int) END,
          1, created, created
        FROM shaped
        RETURNING id`),
      );
      const ids = sql`${`{${inserted.map((r) => r.id).join(',')}}`}::uuid[]`;
      const batchTickets = sql`SELECT id, created_at, first_response_at, resolved_at, closed_at, status, priority, group_id FROM tickets WHERE id = ANY(${ids})`;
      await tx.execute(sql`
        INSERT INTO ticket_comments (id, org_id, ticket_id, author_id, author_label, visibility, body, source, created_at)
        SELECT gen_random_uuid(), ${orgId}, t.id, NULL, 'Seed', c.visibility,
          CASE c.visibility WHEN 'public' THEN 'We are looking into the ' || ${arr(words)}[1 + abs(hashtext(t.id::text)) % ${words.length}] || ' problem.'
                            ELSE 'Checked the logs; looks like a ' || ${arr(words)}[1 + abs(hashtext(t.id::text || 'n')) % ${words.length}] || ' issue.' END,
          'portal', t.created_at + interval '10 minutes'
        FROM (${batchTickets}) t CROSS JOIN (VALUES ('public'), ('internal')) AS c(visibility)`);
      await tx.execute(sql`
        UPDATE tickets t SET search =
          setweight(to_tsvector(${searchConfig}::regconfig, t.title), 'A') || setweight(to_tsvector(${searchConfig}::regconfig, t.description), 'B') ||
          setweight(to_tsvector(${searchConfig}::regconfig, coalesce((SELECT string_agg(body, ' ') FROM ticket_comments c WHERE c.ticket_id = t.id AND c.visibility = 'public'), '')), 'C') ||
          setweight(to_tsvector(${searchConfig}::regconfig, coalesce((SELECT string_agg(body, ' ') FROM ticket_comments c WHERE c.ticket_id = t.id AND c.visibility = 'internal'), '')), 'D')
        WHERE t.id IN (SELECT id FROM (${batchTickets}) b)`);
      if (policy) {
        // SLA clocks on a 24×7 reading of the seeded times: met or breached by the stop time against the target.
        await tx.execute(sql`
          INSERT INTO ticket_slas (org_id, ticket_id, metric, policy_id, calendar_id, target_minutes, started_at, pauses, stopped_at, elapsed_ms,
            paused_since, group_id, priority, desk_group_id, settled_at, warn_at, due_at, warned_at, breached_at, updated_at)
          SELECT ${orgId}, t.id, m.metric, ${policy.id}, NULL, m.target, t.created_at, '[]'::jsonb, m.stopped,
            CASE WHEN m.stopped IS NOT NULL THEN (extract(epoch FROM m.stopped - t.created_at) * 1000)::bigint END,
            NULL, NULL, t.priority, t.group_id,
            coalesce(m.stopped, CASE WHEN ${now}::timestamptz > t.created_at + make_interval(mins => m.target) THEN t.created_at + make_interval(mins => m.target) END),
            t.created_at + make_interval(mins => (m.target * 3) / 4), t.created_at + make_interval(mins => m.target),
            CASE WHEN coalesce(m.stopped, ${now}::timestamptz) > t.created_at + make_interval(mins => (m.target * 3) / 4) THEN t.created_at + make_interval(mins => (m.target * 3) / 4) END,
            CASE WHEN coalesce(m.stopped, ${now}::timestamptz) > t.created_at + make_interval(mins => m.target) THEN t.created_at + make_interval(mins => m.target) END,
            ${now}
          FROM (${batchTickets}) t
          CROSS JOIN LATERAL (VALUES
            ('response', (ARRAY[15, 30, 60, 240, 480])[t.priority], coalesce(t.first_response_at, t.resolved_at, t.closed_at)),
            ('resolution', (ARRAY[240, 480, 1440, 2880, 4800])[t.priority], coalesce(t.resolved_at, t.closed_at))
          ) AS m(metric, target, stopped)
          ON CONFLICT DO NOTHING`);
      }
      await tx.execute(sql`
        INSERT INTO key_sequences (org_id, prefix, last_value)
        SELECT ${orgId}, split_part(key, '-', 1), max(split_part(key, '-', 2)::bigint) FROM tickets WHERE id = ANY(${ids}) GROUP BY split_part(key, '-', 1)
        ON CONFLICT (org_id, prefix) DO UPDATE SET last_value = greatest(key_sequences.last_value, excluded.last_value)`);
    });
    done += n;
    opts.onProgress?.({ done, total: count });
  }
  // As after any bulk load: fresh statistics (the planner must know open tickets are a small share) and
  // the visibility map set, so the KPI report's covering indexes are read without visiting the rows.
  for (const table of ['tickets', 'ticket_comments', 'ticket_slas']) await db.execute(sql.raw(`VACUUM ANALYZE ${table}`));
  return done;
}

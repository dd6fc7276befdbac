-- Hourly service-desk figures per (organisation, UTC hour, priority, assignment group), kept current by
-- statement triggers on tickets and SLA clocks, so the KPI report sums a few thousand rows instead of
-- scanning a year of tickets. Derived data: not declared in the Drizzle schema, so exports leave it out
-- and an import rebuilds it through the same triggers.
CREATE TABLE "desk_kpi_hours" (
  "org_id" uuid NOT NULL REFERENCES "organisations" ("id") ON DELETE CASCADE,
  "hour" timestamp with time zone NOT NULL,
  "priority" smallint,
  "group_id" uuid,
  -- tickets created in the hour
  "created" integer NOT NULL DEFAULT 0,
  "first_responses" integer NOT NULL DEFAULT 0,
  "response_seconds" bigint NOT NULL DEFAULT 0,
  -- tickets resolved in the hour
  "resolved" integer NOT NULL DEFAULT 0,
  "resolution_seconds" bigint NOT NULL DEFAULT 0,
  "first_contact" integer NOT NULL DEFAULT 0,
  "reopened" integer NOT NULL DEFAULT 0,
  "rated" integer NOT NULL DEFAULT 0,
  "rating_sum" integer NOT NULL DEFAULT 0,
  -- SLA clocks settled (stopped, or breached while running) in the hour
  "response_met" integer NOT NULL DEFAULT 0,
  "response_total" integer NOT NULL DEFAULT 0,
  "resolution_met" integer NOT NULL DEFAULT 0,
  "resolution_total" integer NOT NULL DEFAULT 0,
  CONSTRAINT "desk_kpi_hours_cell" UNIQUE NULLS NOT DISTINCT ("org_id", "hour", "priority", "group_id")
);--> statement-breakpoint

-- What one ticket adds to the figures (sign -1 takes it away): a cell for its creation hour and, once
-- resolved, one for its resolution hour.
CREATE FUNCTION desk_kpi_ticket_cells(sign integer, t tickets) RETURNS SETOF desk_kpi_hours LANGUAGE sql STABLE AS $$
  SELECT t.org_id, date_trunc('hour', t.created_at, 'UTC'), t.priority, t.group_id,
    sign, sign * (t.first_response_at IS NOT NULL)::int,
    sign * coalesce(round(extract(epoch FROM t.first_response_at - t.created_at)), 0)::bigint,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0
  UNION ALL
  SELECT t.org_id, date_trunc('hour', t.resolved_at, 'UTC'), t.priority, t.group_id, 0, 0, 0,
    sign, sign * round(extract(epoch FROM t.resolved_at - t.created_at))::bigint,
    sign * (t.reopen_count = 0 AND t.desk_replies <= 1)::int, sign * (t.reopen_count > 0)::int,
    sign * (t.rating IS NOT NULL)::int, sign * coalesce(t.rating, 0), 0, 0, 0, 0
  WHERE t.resolved_at IS NOT NULL
$$;--> statement-breakpoint

-- What one SLA clock adds: a cell for the hour it settled in, if it has.
CREATE FUNCTION desk_kpi_clock_cells(sign integer, s ticket_slas) RETURNS SETOF desk_kpi_hours LANGUAGE sql STABLE AS $$
  SELECT s.org_id, date_trunc('hour', s.settled_at, 'UTC'), s.priority, s.desk_group_id, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    sign * (s.metric = 'response' AND s.breached_at IS NULL)::int, sign * (s.metric = 'response')::int,
    sign * (s.metric = 'resolution' AND s.breached_at IS NULL)::int, sign * (s.metric = 'resolution')::int
  WHERE s.settled_at IS NOT NULL AND s.metric IN ('response', 'resolution')
$$;--> statement-breakpoint

-- Adds cells to the figures. Cells that cancel out write nothing; rows are locked in key order, so
-- concurrent statements cannot deadlock on each other's cells.
CREATE FUNCTION desk_kpi_add(cells desk_kpi_hours[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO desk_kpi_hours AS k
  SELECT org_id, hour, priority, group_id, sum(created), sum(first_responses), sum(response_seconds), sum(resolved),
    sum(resolution_seconds), sum(first_contact), sum(reopened), sum(rated), sum(rating_sum), sum(response_met),
    sum(response_total), sum(resolution_met), sum(resolution_total)
  FROM unnest(cells)
  GROUP BY org_id, hour, priority, group_id
  HAVING (sum(created), sum(first_responses), sum(response_seconds), sum(resolved), sum(resolution_seconds), sum(first_contact),
    sum(reopened), sum(rated), sum(rating_sum), sum(response_met), sum(response_total), sum(resolution_met), sum(resolution_total))
    <> (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
  ORDER BY org_id, hour, priority, group_id
  ON CONFLICT (org_id, hour, priority, group_id) DO UPDATE SET
    created = k.created + excluded.created,
    first_responses = k.first_responses + excluded.first_responses,
    response_seconds = k.response_seconds + excluded.response_seconds,
    resolved = k.resolved + excluded.resolved,
    resolution_seconds = k.resolution_seconds + excluded.resolution_seconds,
    first_contact = k.first_contact + excluded.first_contact,
    reopened = k.reopened + excluded.reopened,
    rated = k.rated + excluded.rated,
    rating_sum = k.rating_sum + excluded.rating_sum,
    response_met = k.response_met + excluded.response_met,
    response_total = k.response_total + excluded.response_total,
    resolution_met = k.resolution_met + excluded.resolution_met,
    resolution_total = k.resolution_total + excluded.resolution_total
$$;--> statement-breakpoint

CREATE FUNCTION desk_kpi_tickets_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM desk_kpi_add(ARRAY(SELECT c FROM new_rows n, desk_kpi_ticket_cells(1, n::tickets) c));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM desk_kpi_add(ARRAY(SELECT c FROM old_rows o, desk_kpi_ticket_cells(-1, o::tickets) c));
  ELSE
    PERFORM desk_kpi_add(ARRAY(
      SELECT c FROM old_rows o JOIN new_rows n ON n.id = o.id,
        LATERAL (VALUES (-1, o::tickets), (1, n::tickets)) AS v(sign, r), desk_kpi_ticket_cells(v.sign, v.r) c
      WHERE (o.org_id, o.created_at, o.priority, o.group_id, o.first_response_at, o.resolved_at, o.reopen_count, o.desk_replies, o.rating)
        IS DISTINCT FROM (n.org_id, n.created_at, n.priority, n.group_id, n.first_response_at, n.resolved_at, n.reopen_count, n.desk_replies, n.rating)));
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint

CREATE FUNCTION desk_kpi_clocks_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM desk_kpi_add(ARRAY(SELECT c FROM new_rows n, desk_kpi_clock_cells(1, n::ticket_slas) c));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM desk_kpi_add(ARRAY(SELECT c FROM old_rows o, desk_kpi_clock_cells(-1, o::ticket_slas) c));
  ELSE
    PERFORM desk_kpi_add(ARRAY(
      SELECT c FROM old_rows o JOIN new_rows n ON n.ticket_id = o.ticket_id AND n.metric = o.metric,
        LATERAL (VALUES (-1, o::ticket_slas), (1, n::ticket_slas)) AS v(sign, r), desk_kpi_clock_cells(v.sign, v.r) c
      WHERE (o.org_id, o.settled_at, o.priority, o.desk_group_id, o.metric, o.breached_at)
        IS DISTINCT FROM (n.org_id, n.settled_at, n.priority, n.desk_group_id, n.metric, n.breached_at)));
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint

CREATE TRIGGER desk_kpi_tickets_inserted AFTER INSERT ON tickets REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION desk_kpi_tickets_changed();--> statement-breakpoint
CREATE TRIGGER desk_kpi_tickets_updated AFTER UPDATE ON tickets REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION desk_kpi_tickets_changed();--> statement-breakpoint
CREATE TRIGGER desk_kpi_tickets_deleted AFTER DELETE ON tickets REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION desk_kpi_tickets_changed();--> statement-breakpoint
CREATE TRIGGER desk_kpi_clocks_inserted AFTER INSERT ON ticket_slas REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION desk_kpi_clocks_changed();--> statement-breakpoint
CREATE TRIGGER desk_kpi_clocks_updated AFTER UPDATE ON ticket_slas REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION desk_kpi_clocks_changed();--> statement-breakpoint
CREATE TRIGGER desk_kpi_clocks_deleted AFTER DELETE ON ticket_slas REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION desk_kpi_clocks_changed();--> statement-breakpoint

-- The figures of the tickets and clocks already there.
INSERT INTO desk_kpi_hours
SELECT org_id, hour, priority, group_id, sum(created), sum(first_responses), sum(response_seconds), sum(resolved),
  sum(resolution_seconds), sum(first_contact), sum(reopened), sum(rated), sum(rating_sum), sum(response_met),
  sum(response_total), sum(resolution_met), sum(resolution_total)
FROM (SELECT c.* FROM tickets t, desk_kpi_ticket_cells(1, t) c UNION ALL SELECT c.* FROM ticket_slas s, desk_kpi_clock_cells(1, s) c) cells
GROUP BY org_id, hour, priority, group_id;;--> statement-breakpoint

-- The backlog at the end of a period: tickets open now, and tickets finished after it, each read from an index.
CREATE INDEX "tickets_kpi_open" ON "tickets" ("org_id", "created_at") WHERE "status" IN ('new', 'assigned', 'in_progress', 'pending');--> statement-breakpoint
CREATE INDEX "tickets_kpi_finished" ON "tickets" ("org_id", (coalesce("resolved_at", "closed_at"))) INCLUDE ("created_at")
  WHERE "status" NOT IN ('new', 'assigned', 'in_progress', 'pending');;--> statement-breakpoint
-- Without it the planner guesses a third of all tickets finish after any instant and scans the table.
CREATE STATISTICS "tickets_finished_at" ON (coalesce("resolved_at", "closed_at")) FROM "tickets";

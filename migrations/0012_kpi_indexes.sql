ALTER TABLE "ticket_slas" ADD COLUMN "priority" smallint;--> statement-breakpoint
ALTER TABLE "ticket_slas" ADD COLUMN "desk_group_id" uuid;--> statement-breakpoint
ALTER TABLE "ticket_slas" ADD COLUMN "settled_at" timestamp with time zone;--> statement-breakpoint
UPDATE "ticket_slas" s SET "priority" = t."priority", "desk_group_id" = t."group_id", "settled_at" = coalesce(s."stopped_at", s."breached_at")
FROM "tickets" t WHERE t."id" = s."ticket_id";--> statement-breakpoint
-- Covering indexes for the KPI report: each period query reads an index, not the wide ticket rows.
CREATE INDEX "tickets_kpi_created" ON "tickets" ("org_id", "created_at") INCLUDE ("priority", "group_id", "first_response_at");--> statement-breakpoint
CREATE INDEX "tickets_kpi_resolved" ON "tickets" ("org_id", "resolved_at") INCLUDE ("priority", "group_id", "created_at", "reopen_count", "desk_replies", "rating") WHERE "resolved_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "ticket_slas_kpi_settled" ON "ticket_slas" ("org_id", "settled_at") INCLUDE ("metric", "priority", "desk_group_id", "breached_at") WHERE "settled_at" IS NOT NULL;

ALTER TABLE "events" ADD COLUMN "tx_id" bigint DEFAULT (pg_current_xact_id()::text)::bigint NOT NULL;--> statement-breakpoint
ALTER TABLE "event_cursors" ADD COLUMN "tx_horizon" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "events_tx_id" ON "events" USING btree ("tx_id");
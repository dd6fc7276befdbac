ALTER TABLE "tickets" ADD COLUMN "desk_replies" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE "tickets" t SET "desk_replies" = (
  SELECT count(*) FROM "ticket_comments" c
  WHERE c."ticket_id" = t."id" AND c."visibility" = 'public'
    AND c."author_id" IS DISTINCT FROM t."requester_id" AND c."author_id" IS DISTINCT FROM t."affected_id"
);

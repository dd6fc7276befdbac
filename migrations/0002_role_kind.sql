ALTER TABLE "roles" ADD COLUMN "kind" text DEFAULT 'agent' NOT NULL;
--> statement-breakpoint
-- Existing roles: the built-in requester role, and custom roles without permissions, are requester roles.
UPDATE "roles" SET "kind" = 'requester' WHERE "key" = 'requester' OR cardinality("permissions") = 0;

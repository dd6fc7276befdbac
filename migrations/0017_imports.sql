CREATE TABLE "imports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'uploaded' NOT NULL,
	"mode" text,
	"file_name" text NOT NULL,
	"file_sha256" text NOT NULL,
	"file_size" bigint NOT NULL,
	"mapping" jsonb,
	"options" jsonb,
	"progress" jsonb,
	"report" jsonb,
	"failure" text,
	"rejected_sha256" text,
	"rejected_size" bigint,
	"cancel_requested" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"started_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"queued_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"heartbeat_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_started_by_users_id_fk" FOREIGN KEY ("started_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "imports_org_created" ON "imports" USING btree ("org_id","created_at","id");--> statement-breakpoint
CREATE INDEX "imports_active" ON "imports" USING btree ("status") WHERE "imports"."status" in ('queued', 'running');
CREATE TABLE "licence_assignments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"licence_id" uuid NOT NULL,
	"user_id" uuid,
	"ci_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "licence_assignments_one_target" CHECK (("licence_assignments"."user_id" is null) <> ("licence_assignments"."ci_id" is null))
);
--> statement-breakpoint
CREATE TABLE "licence_usage_peaks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"title_id" uuid NOT NULL,
	"day" date NOT NULL,
	"peak" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "licence_usage_peaks_peak" CHECK ("licence_usage_peaks"."peak" >= 0)
);
--> statement-breakpoint
CREATE TABLE "licences" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"title_id" uuid NOT NULL,
	"name" text NOT NULL,
	"metric" text NOT NULL,
	"quantity" integer NOT NULL,
	"min_cores_per_device" integer,
	"core_multiplier" numeric(7, 4),
	"unit_cost" bigint,
	"currency" text,
	"term_start" date,
	"term_end" date,
	"vendor" text DEFAULT '' NOT NULL,
	"contract_ref" text DEFAULT '' NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "licences_quantity" CHECK ("licences"."quantity" >= 0),
	CONSTRAINT "licences_term" CHECK ("licences"."term_start" is null or "licences"."term_end" is null or "licences"."term_start" <= "licences"."term_end")
);
--> statement-breakpoint
CREATE TABLE "software_aliases" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"publisher_pattern" text,
	"name_pattern" text,
	"to_publisher" text,
	"to_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "software_aliases_pattern" CHECK ("software_aliases"."publisher_pattern" is not null or "software_aliases"."name_pattern" is not null),
	CONSTRAINT "software_aliases_target" CHECK ("software_aliases"."to_publisher" is not null or "software_aliases"."to_name" is not null)
);
--> statement-breakpoint
CREATE TABLE "software_installations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"ci_id" uuid NOT NULL,
	"title_id" uuid NOT NULL,
	"raw_name" text NOT NULL,
	"raw_publisher" text,
	"raw_version" text,
	"normalised_version" text DEFAULT '' NOT NULL,
	"install_date" date,
	"last_seen_at" timestamp with time zone NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "software_titles" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"key" text NOT NULL,
	"publisher" text NOT NULL,
	"product" text NOT NULL,
	"is_noise" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "licence_assignments" ADD CONSTRAINT "licence_assignments_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licence_assignments" ADD CONSTRAINT "licence_assignments_licence_id_licences_id_fk" FOREIGN KEY ("licence_id") REFERENCES "public"."licences"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licence_assignments" ADD CONSTRAINT "licence_assignments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licence_assignments" ADD CONSTRAINT "licence_assignments_ci_id_configuration_items_id_fk" FOREIGN KEY ("ci_id") REFERENCES "public"."configuration_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licence_usage_peaks" ADD CONSTRAINT "licence_usage_peaks_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licence_usage_peaks" ADD CONSTRAINT "licence_usage_peaks_title_id_software_titles_id_fk" FOREIGN KEY ("title_id") REFERENCES "public"."software_titles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licences" ADD CONSTRAINT "licences_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licences" ADD CONSTRAINT "licences_title_id_software_titles_id_fk" FOREIGN KEY ("title_id") REFERENCES "public"."software_titles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "software_aliases" ADD CONSTRAINT "software_aliases_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "software_installations" ADD CONSTRAINT "software_installations_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "software_installations" ADD CONSTRAINT "software_installations_ci_id_configuration_items_id_fk" FOREIGN KEY ("ci_id") REFERENCES "public"."configuration_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "software_installations" ADD CONSTRAINT "software_installations_title_id_software_titles_id_fk" FOREIGN KEY ("title_id") REFERENCES "public"."software_titles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "software_titles" ADD CONSTRAINT "software_titles_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "licence_assignments_licence_user" ON "licence_assignments" USING btree ("licence_id","user_id") WHERE "licence_assignments"."user_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "licence_assignments_licence_ci" ON "licence_assignments" USING btree ("licence_id","ci_id") WHERE "licence_assignments"."ci_id" is not null;--> statement-breakpoint
CREATE INDEX "licence_assignments_org" ON "licence_assignments" USING btree ("org_id","licence_id");--> statement-breakpoint
CREATE INDEX "licence_assignments_ci" ON "licence_assignments" USING btree ("ci_id");--> statement-breakpoint
CREATE UNIQUE INDEX "licence_usage_peaks_title_day" ON "licence_usage_peaks" USING btree ("title_id","day");--> statement-breakpoint
CREATE INDEX "licence_usage_peaks_org" ON "licence_usage_peaks" USING btree ("org_id","day");--> statement-breakpoint
CREATE INDEX "licences_org_title" ON "licences" USING btree ("org_id","title_id");--> statement-breakpoint
CREATE INDEX "licences_org_term_end" ON "licences" USING btree ("org_id","term_end");--> statement-breakpoint
CREATE INDEX "software_aliases_org_position" ON "software_aliases" USING btree ("org_id","position","id");--> statement-breakpoint
CREATE UNIQUE INDEX "software_installations_ci_title_version" ON "software_installations" USING btree ("ci_id","title_id","normalised_version");--> statement-breakpoint
CREATE INDEX "software_installations_org_title" ON "software_installations" USING btree ("org_id","title_id","ci_id");--> statement-breakpoint
CREATE UNIQUE INDEX "software_titles_org_key" ON "software_titles" USING btree ("org_id","key");--> statement-breakpoint
CREATE INDEX "software_titles_org_name" ON "software_titles" USING btree ("org_id",lower("product"),"id");
CREATE TABLE "ci_classes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"parent_id" uuid,
	"builtin" boolean DEFAULT false NOT NULL,
	"is_asset" boolean DEFAULT false NOT NULL,
	"expected_life_months" integer,
	"attributes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ci_relationships" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"source_id" uuid NOT NULL,
	"type" text NOT NULL,
	"target_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ci_relationships_not_self" CHECK ("ci_relationships"."source_id" <> "ci_relationships"."target_id")
);
--> statement-breakpoint
CREATE TABLE "configuration_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"class_id" uuid NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"environment" text,
	"hosting" text,
	"cloud_provider" text,
	"cloud_account" text,
	"cloud_region" text,
	"location_id" uuid,
	"rack_position" smallint,
	"owner_id" uuid,
	"support_group_id" uuid,
	"criticality" text,
	"description" text DEFAULT '' NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"asset_tag" text,
	"serial_number" text,
	"asset_state" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "locations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"parent_id" uuid,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"rack_units" smallint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_cis" (
	"org_id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"ci_id" uuid NOT NULL,
	"position" smallint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ticket_cis_ticket_id_ci_id_pk" PRIMARY KEY("ticket_id","ci_id")
);
--> statement-breakpoint
ALTER TABLE "ci_classes" ADD CONSTRAINT "ci_classes_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ci_classes" ADD CONSTRAINT "ci_classes_parent_id_ci_classes_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."ci_classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ci_relationships" ADD CONSTRAINT "ci_relationships_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ci_relationships" ADD CONSTRAINT "ci_relationships_source_id_configuration_items_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."configuration_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ci_relationships" ADD CONSTRAINT "ci_relationships_target_id_configuration_items_id_fk" FOREIGN KEY ("target_id") REFERENCES "public"."configuration_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "configuration_items" ADD CONSTRAINT "configuration_items_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "configuration_items" ADD CONSTRAINT "configuration_items_class_id_ci_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."ci_classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "configuration_items" ADD CONSTRAINT "configuration_items_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "configuration_items" ADD CONSTRAINT "configuration_items_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "configuration_items" ADD CONSTRAINT "configuration_items_support_group_id_teams_id_fk" FOREIGN KEY ("support_group_id") REFERENCES "public"."teams"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "locations" ADD CONSTRAINT "locations_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "locations" ADD CONSTRAINT "locations_parent_id_locations_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_cis" ADD CONSTRAINT "ticket_cis_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_cis" ADD CONSTRAINT "ticket_cis_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_cis" ADD CONSTRAINT "ticket_cis_ci_id_configuration_items_id_fk" FOREIGN KEY ("ci_id") REFERENCES "public"."configuration_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ci_classes_org_key" ON "ci_classes" USING btree ("org_id","key");--> statement-breakpoint
CREATE UNIQUE INDEX "ci_classes_org_name" ON "ci_classes" USING btree ("org_id",lower("name"));--> statement-breakpoint
CREATE INDEX "ci_classes_parent" ON "ci_classes" USING btree ("parent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ci_relationships_source_type_target" ON "ci_relationships" USING btree ("source_id","type","target_id");--> statement-breakpoint
CREATE INDEX "ci_relationships_target_type" ON "ci_relationships" USING btree ("target_id","type","source_id");--> statement-breakpoint
CREATE INDEX "ci_relationships_org" ON "ci_relationships" USING btree ("org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "configuration_items_org_key" ON "configuration_items" USING btree ("org_id","key");--> statement-breakpoint
CREATE UNIQUE INDEX "configuration_items_org_asset_tag" ON "configuration_items" USING btree ("org_id",lower("asset_tag")) WHERE "configuration_items"."asset_tag" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "configuration_items_org_serial" ON "configuration_items" USING btree ("org_id",lower("serial_number")) WHERE "configuration_items"."serial_number" is not null;--> statement-breakpoint
CREATE INDEX "configuration_items_org_name" ON "configuration_items" USING btree ("org_id",lower("name"),"id");--> statement-breakpoint
CREATE INDEX "configuration_items_org_created" ON "configuration_items" USING btree ("org_id","created_at","id");--> statement-breakpoint
CREATE INDEX "configuration_items_org_class" ON "configuration_items" USING btree ("org_id","class_id");--> statement-breakpoint
CREATE INDEX "configuration_items_org_location" ON "configuration_items" USING btree ("org_id","location_id");--> statement-breakpoint
CREATE INDEX "configuration_items_org_owner" ON "configuration_items" USING btree ("org_id","owner_id");--> statement-breakpoint
CREATE INDEX "configuration_items_org_group" ON "configuration_items" USING btree ("org_id","support_group_id");--> statement-breakpoint
CREATE INDEX "configuration_items_tags" ON "configuration_items" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "configuration_items_attributes" ON "configuration_items" USING gin ("attributes" jsonb_path_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "locations_org_parent_name" ON "locations" USING btree ("org_id",coalesce("parent_id", '00000000-0000-0000-0000-000000000000'::uuid),lower("name"));--> statement-breakpoint
CREATE INDEX "locations_parent" ON "locations" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "ticket_cis_ci" ON "ticket_cis" USING btree ("ci_id","ticket_id");
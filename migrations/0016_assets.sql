CREATE TABLE "asset_custody" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"ci_id" uuid NOT NULL,
	"holder_kind" text NOT NULL,
	"user_id" uuid,
	"location_id" uuid,
	"holder_name" text NOT NULL,
	"checked_out_at" timestamp with time zone NOT NULL,
	"checked_out_by_id" uuid,
	"checked_out_by_label" text NOT NULL,
	"due_back" date,
	"check_out_note" text DEFAULT '' NOT NULL,
	"checked_in_at" timestamp with time zone,
	"checked_in_by_id" uuid,
	"checked_in_by_label" text,
	"check_in_note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "asset_custody_one_holder" CHECK ("asset_custody"."user_id" is null or "asset_custody"."location_id" is null),
	CONSTRAINT "asset_custody_dates" CHECK ("asset_custody"."checked_in_at" is null or "asset_custody"."checked_in_at" >= "asset_custody"."checked_out_at")
);
--> statement-breakpoint
CREATE TABLE "asset_state_changes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"ci_id" uuid NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"actor_label" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "configuration_items" ADD COLUMN "vendor_name" text;--> statement-breakpoint
ALTER TABLE "configuration_items" ADD COLUMN "order_number" text;--> statement-breakpoint
ALTER TABLE "configuration_items" ADD COLUMN "invoice_number" text;--> statement-breakpoint
ALTER TABLE "configuration_items" ADD COLUMN "purchase_date" date;--> statement-breakpoint
ALTER TABLE "configuration_items" ADD COLUMN "purchase_cost" bigint;--> statement-breakpoint
ALTER TABLE "configuration_items" ADD COLUMN "currency" text;--> statement-breakpoint
ALTER TABLE "configuration_items" ADD COLUMN "warranty_end" date;--> statement-breakpoint
ALTER TABLE "configuration_items" ADD COLUMN "in_service_date" date;--> statement-breakpoint
ALTER TABLE "configuration_items" ADD COLUMN "expected_life_months" integer;--> statement-breakpoint
ALTER TABLE "configuration_items" ADD COLUMN "salvage_value" bigint;--> statement-breakpoint
ALTER TABLE "configuration_items" ADD COLUMN "depreciation_method" text;--> statement-breakpoint
ALTER TABLE "configuration_items" ADD COLUMN "declining_balance_rate" numeric(5, 4);--> statement-breakpoint
ALTER TABLE "configuration_items" ADD COLUMN "cost_centre" text;--> statement-breakpoint
ALTER TABLE "configuration_items" ADD COLUMN "custodian_id" uuid;--> statement-breakpoint
ALTER TABLE "configuration_items" ADD COLUMN "custody_location_id" uuid;--> statement-breakpoint
ALTER TABLE "asset_custody" ADD CONSTRAINT "asset_custody_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "asset_custody" ADD CONSTRAINT "asset_custody_ci_id_configuration_items_id_fk" FOREIGN KEY ("ci_id") REFERENCES "public"."configuration_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "asset_custody" ADD CONSTRAINT "asset_custody_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "asset_custody" ADD CONSTRAINT "asset_custody_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "asset_custody" ADD CONSTRAINT "asset_custody_checked_out_by_id_users_id_fk" FOREIGN KEY ("checked_out_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "asset_custody" ADD CONSTRAINT "asset_custody_checked_in_by_id_users_id_fk" FOREIGN KEY ("checked_in_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "asset_state_changes" ADD CONSTRAINT "asset_state_changes_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "asset_state_changes" ADD CONSTRAINT "asset_state_changes_ci_id_configuration_items_id_fk" FOREIGN KEY ("ci_id") REFERENCES "public"."configuration_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "asset_state_changes" ADD CONSTRAINT "asset_state_changes_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "asset_custody_open" ON "asset_custody" USING btree ("ci_id") WHERE "asset_custody"."checked_in_at" is null;--> statement-breakpoint
CREATE INDEX "asset_custody_ci" ON "asset_custody" USING btree ("ci_id","checked_out_at","id");--> statement-breakpoint
CREATE INDEX "asset_custody_org_user" ON "asset_custody" USING btree ("org_id","user_id");--> statement-breakpoint
CREATE INDEX "asset_state_changes_ci" ON "asset_state_changes" USING btree ("ci_id","at","id");--> statement-breakpoint
CREATE INDEX "asset_state_changes_org" ON "asset_state_changes" USING btree ("org_id","to_state","at");--> statement-breakpoint
ALTER TABLE "configuration_items" ADD CONSTRAINT "configuration_items_custodian_id_users_id_fk" FOREIGN KEY ("custodian_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "configuration_items" ADD CONSTRAINT "configuration_items_custody_location_id_locations_id_fk" FOREIGN KEY ("custody_location_id") REFERENCES "public"."locations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "configuration_items_org_warranty" ON "configuration_items" USING btree ("org_id","warranty_end","id") WHERE "configuration_items"."warranty_end" is not null;--> statement-breakpoint
CREATE INDEX "configuration_items_org_custodian" ON "configuration_items" USING btree ("org_id","custodian_id") WHERE "configuration_items"."custodian_id" is not null;--> statement-breakpoint
ALTER TABLE "configuration_items" ADD CONSTRAINT "configuration_items_currency" CHECK ("configuration_items"."currency" is null or "configuration_items"."currency" ~ '^[A-Z]{3}$');--> statement-breakpoint
ALTER TABLE "configuration_items" ADD CONSTRAINT "configuration_items_money" CHECK (coalesce("configuration_items"."purchase_cost", 0) >= 0 and coalesce("configuration_items"."salvage_value", 0) >= 0 and ("configuration_items"."salvage_value" is null or "configuration_items"."purchase_cost" is null or "configuration_items"."salvage_value" <= "configuration_items"."purchase_cost"));--> statement-breakpoint
ALTER TABLE "configuration_items" ADD CONSTRAINT "configuration_items_life" CHECK ("configuration_items"."expected_life_months" is null or "configuration_items"."expected_life_months" between 1 and 1200);--> statement-breakpoint
ALTER TABLE "configuration_items" ADD CONSTRAINT "configuration_items_rate" CHECK ("configuration_items"."declining_balance_rate" is null or ("configuration_items"."declining_balance_rate" > 0 and "configuration_items"."declining_balance_rate" <= 1));--> statement-breakpoint
ALTER TABLE "configuration_items" ADD CONSTRAINT "configuration_items_one_holder" CHECK ("configuration_items"."custodian_id" is null or "configuration_items"."custody_location_id" is null);--> statement-breakpoint
INSERT INTO "asset_state_changes" ("id", "org_id", "ci_id", "from_state", "to_state", "at", "actor_label", "note")
SELECT gen_random_uuid(), "org_id", "id", NULL, "asset_state", "created_at", 'system', 'Registered before Steward kept asset state history'
FROM "configuration_items" WHERE "asset_state" IS NOT NULL;

CREATE TABLE "key_sequences" (
	"org_id" uuid NOT NULL,
	"prefix" text NOT NULL,
	"last_value" bigint NOT NULL,
	CONSTRAINT "key_sequences_org_id_prefix_pk" PRIMARY KEY("org_id","prefix")
);
--> statement-breakpoint
ALTER TABLE "key_sequences" ADD CONSTRAINT "key_sequences_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;
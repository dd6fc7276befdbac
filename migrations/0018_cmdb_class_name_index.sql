DROP INDEX "configuration_items_org_class";--> statement-breakpoint
CREATE INDEX "configuration_items_org_class_name" ON "configuration_items" USING btree ("org_id","class_id",lower("name"),"id");
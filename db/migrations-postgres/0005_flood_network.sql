ALTER TABLE "comments" ADD COLUMN "network" text;--> statement-breakpoint
CREATE INDEX "comments_network_created_idx" ON "comments" USING btree ("network","created_at");
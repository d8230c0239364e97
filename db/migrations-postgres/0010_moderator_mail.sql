CREATE TABLE "used_moderation_links" (
	"key" text PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"comment_id" integer NOT NULL,
	"used_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "comment_id" integer;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "user_id" integer;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "held_mail" text DEFAULT 'off' NOT NULL;--> statement-breakpoint
ALTER TABLE "used_moderation_links" ADD CONSTRAINT "used_moderation_links_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "used_moderation_links_used_idx" ON "used_moderation_links" USING btree ("used_at");
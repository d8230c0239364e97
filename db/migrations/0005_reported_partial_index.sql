DROP INDEX `comments_flagged_created_idx`;--> statement-breakpoint
CREATE INDEX `comments_reported_created_idx` ON `comments` (`created_at`) WHERE "comments"."flagged" = 1;
CREATE TABLE `used_moderation_links` (
	`key` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`comment_id` integer NOT NULL,
	`used_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `used_moderation_links_used_idx` ON `used_moderation_links` (`used_at`);--> statement-breakpoint
ALTER TABLE `outbox` ADD `comment_id` integer;--> statement-breakpoint
ALTER TABLE `outbox` ADD `user_id` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `held_mail` text DEFAULT 'off' NOT NULL;
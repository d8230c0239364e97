CREATE TABLE `bans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`value` text NOT NULL,
	`prefix_bits` integer,
	`note` text,
	`expires_at` integer,
	`created_by` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`lifted_at` integer,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `bans_kind_value_idx` ON `bans` (`kind`,`value`);--> statement-breakpoint
CREATE TABLE `reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`comment_id` integer NOT NULL,
	`client_key` text NOT NULL,
	`reason` text NOT NULL,
	`note` text,
	`dismissed_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`comment_id`) REFERENCES `comments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reports_comment_client_idx` ON `reports` (`comment_id`,`client_key`);--> statement-breakpoint
CREATE INDEX `reports_client_created_idx` ON `reports` (`client_key`,`created_at`);--> statement-breakpoint
ALTER TABLE `comments` ADD `flagged` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `comments` ADD `report_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `comments` ADD `idempotency_key` text;--> statement-breakpoint
CREATE UNIQUE INDEX `comments_idempotency_key_unique` ON `comments` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `comments_email_created_idx` ON `comments` (`author_email`,`created_at`);--> statement-breakpoint
CREATE INDEX `comments_ip_created_idx` ON `comments` (`ip`,`created_at`);--> statement-breakpoint
CREATE INDEX `comments_flagged_created_idx` ON `comments` (`flagged`,`created_at`);
CREATE TABLE `surges` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`article_id` integer,
	`value` integer,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`ended_by` integer,
	`end_handled_at` integer,
	`created_by` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`ended_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `surges_ends_idx` ON `surges` (`ends_at`);--> statement-breakpoint
CREATE INDEX `surges_article_ends_idx` ON `surges` (`article_id`,`ends_at`);
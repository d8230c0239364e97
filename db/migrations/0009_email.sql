CREATE TABLE `mail_addresses` (
	`key` text PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`kind` text NOT NULL,
	`recipient` text NOT NULL,
	`recipient_key` text NOT NULL,
	`requested_by` text,
	`subject` text NOT NULL,
	`text_body` text NOT NULL,
	`html_body` text NOT NULL,
	`unsubscribe_url` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`file` text,
	`sent_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_key_unique` ON `outbox` (`key`);--> statement-breakpoint
CREATE INDEX `outbox_due_idx` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `outbox_recipient_kind_created_idx` ON `outbox` (`recipient_key`,`kind`,`created_at`);--> statement-breakpoint
CREATE INDEX `outbox_requested_by_created_idx` ON `outbox` (`requested_by`,`created_at`);--> statement-breakpoint
ALTER TABLE `comments` ADD `notify_key` text;--> statement-breakpoint
CREATE INDEX `comments_notify_key_idx` ON `comments` (`notify_key`);
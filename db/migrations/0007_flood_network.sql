ALTER TABLE `comments` ADD `network` text;--> statement-breakpoint
CREATE INDEX `comments_network_created_idx` ON `comments` (`network`,`created_at`);
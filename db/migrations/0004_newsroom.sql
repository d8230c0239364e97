CREATE TABLE `article_autosaves` (
	`article_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`base_version` integer NOT NULL,
	`snapshot` text NOT NULL,
	`saved_at` integer NOT NULL,
	PRIMARY KEY(`article_id`, `user_id`),
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `article_bylines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`article_id` integer NOT NULL,
	`position` integer NOT NULL,
	`user_id` integer,
	`name` text NOT NULL,
	`author_slug` text NOT NULL,
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `article_bylines_article_position_idx` ON `article_bylines` (`article_id`,`position`);--> statement-breakpoint
CREATE INDEX `article_bylines_author_idx` ON `article_bylines` (`author_slug`,`article_id`);--> statement-breakpoint
CREATE TABLE `article_editors` (
	`article_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`seen_at` integer NOT NULL,
	PRIMARY KEY(`article_id`, `user_id`),
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `article_redirects` (
	`old_slug` text PRIMARY KEY NOT NULL,
	`article_id` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `article_revisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`article_id` integer NOT NULL,
	`version` integer NOT NULL,
	`user_id` integer,
	`action` text NOT NULL,
	`snapshot` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `article_revisions_article_idx` ON `article_revisions` (`article_id`,`id`);--> statement-breakpoint
CREATE TABLE `article_tags` (
	`article_id` integer NOT NULL,
	`tag_id` integer NOT NULL,
	PRIMARY KEY(`article_id`, `tag_id`),
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tag_id`) REFERENCES `tags`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `article_tags_tag_idx` ON `article_tags` (`tag_id`,`article_id`);--> statement-breakpoint
CREATE TABLE `images` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`hash` text NOT NULL,
	`format` text NOT NULL,
	`width` integer NOT NULL,
	`height` integer NOT NULL,
	`widths` text NOT NULL,
	`bytes` integer NOT NULL,
	`uploaded_by` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `images_hash_unique` ON `images` (`hash`);--> statement-breakpoint
CREATE TABLE `sections` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`position` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sections_slug_unique` ON `sections` (`slug`);--> statement-breakpoint
CREATE UNIQUE INDEX `sections_name_unique` ON `sections` (`name`);--> statement-breakpoint
CREATE TABLE `tags` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tags_slug_unique` ON `tags` (`slug`);--> statement-breakpoint
ALTER TABLE `articles` ADD `body_source` text;--> statement-breakpoint
ALTER TABLE `articles` ADD `body_text` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `articles` ADD `status` text DEFAULT 'published' NOT NULL;--> statement-breakpoint
ALTER TABLE `articles` ADD `first_published_at` integer;--> statement-breakpoint
ALTER TABLE `articles` ADD `revised_at` integer;--> statement-breakpoint
ALTER TABLE `articles` ADD `correction` text;--> statement-breakpoint
ALTER TABLE `articles` ADD `section_id` integer REFERENCES sections(id) ON DELETE set null;--> statement-breakpoint
ALTER TABLE `articles` ADD `lead_image_id` integer REFERENCES images(id) ON DELETE set null;--> statement-breakpoint
ALTER TABLE `articles` ADD `lead_image_alt` text;--> statement-breakpoint
ALTER TABLE `articles` ADD `lead_image_caption` text;--> statement-breakpoint
ALTER TABLE `articles` ADD `lead_image_credit` text;--> statement-breakpoint
ALTER TABLE `articles` ADD `version` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `articles` ADD `created_by` integer REFERENCES users(id) ON DELETE set null;--> statement-breakpoint
ALTER TABLE `articles` ADD `updated_at` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `articles_status_published_idx` ON `articles` (`status`,`published_at`);--> statement-breakpoint
CREATE INDEX `articles_section_status_published_idx` ON `articles` (`section_id`,`status`,`published_at`);--> statement-breakpoint
CREATE INDEX `articles_status_updated_idx` ON `articles` (`status`,`updated_at`);--> statement-breakpoint
-- Hand-written: what drizzle-kit cannot express. Articles before the newsroom were published.
UPDATE `articles` SET `updated_at` = `created_at`, `first_published_at` = `published_at`;--> statement-breakpoint
UPDATE `articles` SET `body_text` = coalesce((SELECT group_concat(json_extract(`value`, '$.text'), char(10)) FROM json_each(`articles`.`body`)), '');--> statement-breakpoint
-- Search: FTS5 over headline, standfirst and body text, kept by triggers; readers see only
-- published articles, which the search query checks against the articles table.
CREATE VIRTUAL TABLE `articles_fts` USING fts5(headline, standfirst, body_text, content='articles', content_rowid='id', tokenize='unicode61 remove_diacritics 2');--> statement-breakpoint
INSERT INTO `articles_fts` (`rowid`, `headline`, `standfirst`, `body_text`) SELECT `id`, `headline`, `standfirst`, `body_text` FROM `articles`;--> statement-breakpoint
CREATE TRIGGER `articles_fts_insert` AFTER INSERT ON `articles` BEGIN
  INSERT INTO `articles_fts` (`rowid`, `headline`, `standfirst`, `body_text`) VALUES (NEW.`id`, NEW.`headline`, NEW.`standfirst`, NEW.`body_text`);
END;--> statement-breakpoint
CREATE TRIGGER `articles_fts_delete` AFTER DELETE ON `articles` BEGIN
  INSERT INTO `articles_fts` (`articles_fts`, `rowid`, `headline`, `standfirst`, `body_text`) VALUES ('delete', OLD.`id`, OLD.`headline`, OLD.`standfirst`, OLD.`body_text`);
END;--> statement-breakpoint
CREATE TRIGGER `articles_fts_update` AFTER UPDATE OF `headline`, `standfirst`, `body_text` ON `articles` BEGIN
  INSERT INTO `articles_fts` (`articles_fts`, `rowid`, `headline`, `standfirst`, `body_text`) VALUES ('delete', OLD.`id`, OLD.`headline`, OLD.`standfirst`, OLD.`body_text`);
  INSERT INTO `articles_fts` (`rowid`, `headline`, `standfirst`, `body_text`) VALUES (NEW.`id`, NEW.`headline`, NEW.`standfirst`, NEW.`body_text`);
END;

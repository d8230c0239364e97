CREATE TABLE `comment_counts` (
	`tab` text PRIMARY KEY NOT NULL,
	`n` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
INSERT INTO `comment_counts` (`tab`, `n`) SELECT 'pending', 0 UNION ALL SELECT 'approved', 0 UNION ALL SELECT 'spam', 0 UNION ALL SELECT 'trash', 0 UNION ALL SELECT 'reported', 0;--> statement-breakpoint
UPDATE `comment_counts` SET `n` = (SELECT count(*) FROM `comments` WHERE `comments`.`status` = `comment_counts`.`tab`) WHERE `tab` <> 'reported';--> statement-breakpoint
UPDATE `comment_counts` SET `n` = (SELECT count(*) FROM `comments` WHERE `flagged` = 1) WHERE `tab` = 'reported';--> statement-breakpoint
CREATE TRIGGER `comment_counts_insert` AFTER INSERT ON `comments` BEGIN
  UPDATE `comment_counts` SET `n` = `n` + 1 WHERE `tab` = NEW.`status`;
  UPDATE `comment_counts` SET `n` = `n` + 1 WHERE `tab` = 'reported' AND NEW.`flagged` = 1;
END;--> statement-breakpoint
CREATE TRIGGER `comment_counts_delete` AFTER DELETE ON `comments` BEGIN
  UPDATE `comment_counts` SET `n` = `n` - 1 WHERE `tab` = OLD.`status`;
  UPDATE `comment_counts` SET `n` = `n` - 1 WHERE `tab` = 'reported' AND OLD.`flagged` = 1;
END;--> statement-breakpoint
CREATE TRIGGER `comment_counts_status` AFTER UPDATE OF `status` ON `comments` WHEN OLD.`status` <> NEW.`status` BEGIN
  UPDATE `comment_counts` SET `n` = `n` - 1 WHERE `tab` = OLD.`status`;
  UPDATE `comment_counts` SET `n` = `n` + 1 WHERE `tab` = NEW.`status`;
END;--> statement-breakpoint
CREATE TRIGGER `comment_counts_flagged` AFTER UPDATE OF `flagged` ON `comments` WHEN OLD.`flagged` <> NEW.`flagged` BEGIN
  UPDATE `comment_counts` SET `n` = `n` + (CASE WHEN NEW.`flagged` = 1 THEN 1 ELSE -1 END) WHERE `tab` = 'reported';
END;

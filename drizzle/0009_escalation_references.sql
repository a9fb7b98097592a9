CREATE TABLE `escalation_references` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`escalation_id` integer NOT NULL,
	`reference` text NOT NULL,
	`at` integer NOT NULL,
	`actor_id` integer NOT NULL,
	FOREIGN KEY (`escalation_id`) REFERENCES `escalations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `escalation_references_escalation` ON `escalation_references` (`escalation_id`,`id`);--> statement-breakpoint
-- The reference each escalation had becomes its first reference, given by whoever escalated.
INSERT INTO `escalation_references` (`escalation_id`, `reference`, `at`, `actor_id`)
	SELECT `id`, `reference`, `at`, `actor_id` FROM `escalations` WHERE `reference` IS NOT NULL ORDER BY `id`;--> statement-breakpoint
ALTER TABLE `escalations` DROP COLUMN `reference`;--> statement-breakpoint
-- Hand-offs and their references are on the record: never edited or deleted.
CREATE TRIGGER escalations_no_update BEFORE UPDATE ON escalations
BEGIN
	SELECT RAISE(ABORT, 'escalations are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER escalations_no_delete BEFORE DELETE ON escalations
BEGIN
	SELECT RAISE(ABORT, 'escalations are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER escalation_references_no_update BEFORE UPDATE ON escalation_references
BEGIN
	SELECT RAISE(ABORT, 'escalation references are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER escalation_references_no_delete BEFORE DELETE ON escalation_references
BEGIN
	SELECT RAISE(ABORT, 'escalation references are append-only');
END;
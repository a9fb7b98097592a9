CREATE TABLE `police_links` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_id` integer NOT NULL,
	`authority_id` integer NOT NULL,
	`token_hash` text NOT NULL,
	`created_by` integer NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`revoked_at` integer,
	`revoked_by` integer,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`authority_id`) REFERENCES `authorities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`revoked_by`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `police_links_token_hash` ON `police_links` (`token_hash`);--> statement-breakpoint
CREATE INDEX `police_links_incident` ON `police_links` (`incident_id`,`id`);--> statement-breakpoint
-- A link is on the record: never deleted, and changed only once, when it is revoked.
CREATE TRIGGER police_links_no_delete BEFORE DELETE ON police_links
BEGIN
	SELECT RAISE(ABORT, 'police links are kept');
END;
--> statement-breakpoint
CREATE TRIGGER police_links_revoke_only BEFORE UPDATE ON police_links
WHEN OLD.revoked_at IS NOT NULL OR NEW.revoked_at IS NULL OR NEW.revoked_by IS NULL
	OR NEW.id IS NOT OLD.id OR NEW.incident_id IS NOT OLD.incident_id OR NEW.authority_id IS NOT OLD.authority_id
	OR NEW.token_hash IS NOT OLD.token_hash OR NEW.created_by IS NOT OLD.created_by
	OR NEW.created_at IS NOT OLD.created_at OR NEW.expires_at IS NOT OLD.expires_at
BEGIN
	SELECT RAISE(ABORT, 'a police link is only revoked, once');
END;

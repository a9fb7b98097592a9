-- The track and the gateway log are append-only: plain rowids keep their order without AUTOINCREMENT,
-- which costs a sqlite_sequence read and write on every insert. Row ids are kept (the feed names
-- fixes by their row ids).
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_fixes` (
	`id` integer PRIMARY KEY NOT NULL,
	`incident_id` integer NOT NULL,
	`fix_at` integer NOT NULL,
	`received_at` integer NOT NULL,
	`lat` real NOT NULL,
	`lon` real NOT NULL,
	`speed_kmh` real,
	`heading_deg` real,
	`accuracy_m` real,
	`flags` text DEFAULT '[]' NOT NULL,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_fixes`("id", "incident_id", "fix_at", "received_at", "lat", "lon", "speed_kmh", "heading_deg", "accuracy_m", "flags") SELECT "id", "incident_id", "fix_at", "received_at", "lat", "lon", "speed_kmh", "heading_deg", "accuracy_m", "flags" FROM `fixes`;--> statement-breakpoint
DROP TABLE `fixes`;--> statement-breakpoint
ALTER TABLE `__new_fixes` RENAME TO `fixes`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `fixes_incident_fix_at` ON `fixes` (`incident_id`,`fix_at`);--> statement-breakpoint
CREATE TABLE `__new_gateway_log` (
	`id` integer PRIMARY KEY NOT NULL,
	`event_id` text NOT NULL,
	`event` text NOT NULL,
	`payload` text NOT NULL,
	`received_at` integer NOT NULL,
	`gateway` text NOT NULL,
	`incident_id` integer,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_gateway_log`("id", "event_id", "event", "payload", "received_at", "gateway", "incident_id") SELECT "id", "event_id", "event", "payload", "received_at", "gateway", "incident_id" FROM `gateway_log`;--> statement-breakpoint
DROP TABLE `gateway_log`;--> statement-breakpoint
ALTER TABLE `__new_gateway_log` RENAME TO `gateway_log`;--> statement-breakpoint
CREATE UNIQUE INDEX `gateway_log_event_id` ON `gateway_log` (`event_id`);--> statement-breakpoint
DELETE FROM `sqlite_sequence` WHERE `name` IN ('fixes', 'gateway_log');

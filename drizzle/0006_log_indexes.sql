CREATE INDEX `incidents_type_opened` ON `incidents` (`type`,`opened_at`);--> statement-breakpoint
CREATE INDEX `incidents_owner_opened` ON `incidents` (`owner_id`,`opened_at`);--> statement-breakpoint
CREATE INDEX `incidents_open_opened` ON `incidents` (`opened_at`) WHERE status != 'resolved';--> statement-breakpoint
CREATE INDEX `incidents_open_owner` ON `incidents` (`owner_id`) WHERE status != 'resolved';--> statement-breakpoint
-- drizzle-kit splits an expression index at its commas: this one is written by hand. It must stay
-- identical to `plateKeySql` in src/lib/server/stores/log.ts for the Plate filter to use it.
CREATE INDEX `vehicles_plate_key` ON `vehicles` (upper(replace(replace(replace("plate", ' ', ''), '-', ''), '.', '')));

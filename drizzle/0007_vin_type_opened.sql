DROP INDEX `incidents_vin_type_status`;--> statement-breakpoint
CREATE INDEX `incidents_vin_type_opened` ON `incidents` (`vin`,`type`,`opened_at`);
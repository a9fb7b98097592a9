CREATE TABLE `gateway_presence` (
	`node` text PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`seen_at` integer NOT NULL
);

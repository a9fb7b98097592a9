-- Account, token and directory changes are on the record like the timeline: never edited or deleted.
CREATE TRIGGER admin_log_no_update BEFORE UPDATE ON admin_log
BEGIN
	SELECT RAISE(ABORT, 'admin log entries are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER admin_log_no_delete BEFORE DELETE ON admin_log
BEGIN
	SELECT RAISE(ABORT, 'admin log entries are append-only');
END;

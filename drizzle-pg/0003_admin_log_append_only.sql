-- Account, token and directory changes are on the record like the timeline: never edited or deleted.
CREATE TRIGGER admin_log_no_update BEFORE UPDATE ON admin_log
	FOR EACH ROW EXECUTE FUNCTION refuse_change('admin log entries are append-only');
--> statement-breakpoint
CREATE TRIGGER admin_log_no_delete BEFORE DELETE ON admin_log
	FOR EACH ROW EXECUTE FUNCTION refuse_change('admin log entries are append-only');
--> statement-breakpoint
CREATE TRIGGER admin_log_no_truncate BEFORE TRUNCATE ON admin_log
	FOR EACH STATEMENT EXECUTE FUNCTION refuse_change('admin log entries are append-only');

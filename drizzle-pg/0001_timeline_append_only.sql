-- The timeline is the record: nothing on it is ever edited or deleted. The refusing function takes
-- its message as the trigger's argument, so each table's triggers say what SQLite's say.
CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION '%', TG_ARGV[0];
END;
$$;
--> statement-breakpoint
CREATE TRIGGER timeline_no_update BEFORE UPDATE ON timeline
	FOR EACH ROW EXECUTE FUNCTION refuse_change('timeline entries are append-only');
--> statement-breakpoint
CREATE TRIGGER timeline_no_delete BEFORE DELETE ON timeline
	FOR EACH ROW EXECUTE FUNCTION refuse_change('timeline entries are append-only');
--> statement-breakpoint
-- TRUNCATE skips row triggers (SQLite has none): refused too.
CREATE TRIGGER timeline_no_truncate BEFORE TRUNCATE ON timeline
	FOR EACH STATEMENT EXECUTE FUNCTION refuse_change('timeline entries are append-only');

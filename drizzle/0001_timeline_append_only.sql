-- The timeline is the record: nothing on it is ever edited or deleted.
CREATE TRIGGER timeline_no_update BEFORE UPDATE ON timeline
BEGIN
	SELECT RAISE(ABORT, 'timeline entries are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER timeline_no_delete BEFORE DELETE ON timeline
BEGIN
	SELECT RAISE(ABORT, 'timeline entries are append-only');
END;

-- Hand-offs and their references are on the record: never edited or deleted.
CREATE TRIGGER escalations_no_update BEFORE UPDATE ON escalations
	FOR EACH ROW EXECUTE FUNCTION refuse_change('escalations are append-only');
--> statement-breakpoint
CREATE TRIGGER escalations_no_delete BEFORE DELETE ON escalations
	FOR EACH ROW EXECUTE FUNCTION refuse_change('escalations are append-only');
--> statement-breakpoint
CREATE TRIGGER escalations_no_truncate BEFORE TRUNCATE ON escalations
	FOR EACH STATEMENT EXECUTE FUNCTION refuse_change('escalations are append-only');
--> statement-breakpoint
CREATE TRIGGER escalation_references_no_update BEFORE UPDATE ON escalation_references
	FOR EACH ROW EXECUTE FUNCTION refuse_change('escalation references are append-only');
--> statement-breakpoint
CREATE TRIGGER escalation_references_no_delete BEFORE DELETE ON escalation_references
	FOR EACH ROW EXECUTE FUNCTION refuse_change('escalation references are append-only');
--> statement-breakpoint
CREATE TRIGGER escalation_references_no_truncate BEFORE TRUNCATE ON escalation_references
	FOR EACH STATEMENT EXECUTE FUNCTION refuse_change('escalation references are append-only');

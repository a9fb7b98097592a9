-- A link is on the record: never deleted, and changed only once, when it is revoked.
CREATE TRIGGER police_links_no_delete BEFORE DELETE ON police_links
	FOR EACH ROW EXECUTE FUNCTION refuse_change('police links are kept');
--> statement-breakpoint
CREATE TRIGGER police_links_no_truncate BEFORE TRUNCATE ON police_links
	FOR EACH STATEMENT EXECUTE FUNCTION refuse_change('police links are kept');
--> statement-breakpoint
CREATE TRIGGER police_links_revoke_only BEFORE UPDATE ON police_links
	FOR EACH ROW
	WHEN (OLD.revoked_at IS NOT NULL OR NEW.revoked_at IS NULL OR NEW.revoked_by IS NULL
		OR NEW.id IS DISTINCT FROM OLD.id OR NEW.incident_id IS DISTINCT FROM OLD.incident_id
		OR NEW.authority_id IS DISTINCT FROM OLD.authority_id OR NEW.token_hash IS DISTINCT FROM OLD.token_hash
		OR NEW.created_by IS DISTINCT FROM OLD.created_by OR NEW.created_at IS DISTINCT FROM OLD.created_at
		OR NEW.expires_at IS DISTINCT FROM OLD.expires_at)
	EXECUTE FUNCTION refuse_change('a police link is only revoked, once');

// The gateway log: every accepted gateway event as received, unique by eventId (the idempotency
// key, in the database: an event resent to another node is stored once). Rows are written by the
// ingest's transaction (IncidentChanges.logEvent).
import { sql } from 'drizzle-orm';
import { isAnyOf, type Sql } from '../db/sql';

/** Which of `eventIds` are already stored, with the incident each went to (null: none); one query. */
export async function storedEvents(db: Sql, eventIds: readonly string[]): Promise<Map<string, number | null>> {
	const rows = await db.all<{ event_id: string; incident_id: number | null }>(
		sql`select event_id, incident_id from gateway_log where ${isAnyOf(db, sql`event_id`, eventIds)}`
	);
	return new Map(rows.map((r) => [r.event_id, r.incident_id]));
}

/** When any gateway last sent an accepted event, or null. */
export async function lastGatewayEventAt(db: Sql): Promise<number | null> {
	return (await db.get<{ at: number | null }>(sql`select max(received_at) as at from gateway_log`))?.at ?? null;
}

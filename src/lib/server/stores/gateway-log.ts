// The gateway log: every accepted gateway event as received, unique by eventId (the idempotency key).
// `storedEvents` and `logEvent` run inside the ingest's transaction, so they are synchronous.
import type Database from 'better-sqlite3';
import type { Db } from '../db';

function statements(client: Database.Database) {
	return {
		seen: client.prepare(
			`select event_id, incident_id from gateway_log where event_id in (select value from json_each(?))`
		),
		insert: client.prepare(
			`insert into gateway_log (event_id, event, payload, received_at, gateway, incident_id) values (?, ?, ?, ?, ?, ?)`
		),
		lastAt: client.prepare(`select max(received_at) as at from gateway_log`)
	};
}

const cache = new WeakMap<Database.Database, ReturnType<typeof statements>>();
const prepared = (db: Db) => {
	let s = cache.get(db.$client);
	if (!s) cache.set(db.$client, (s = statements(db.$client)));
	return s;
};

/** Which of `eventIds` are already stored, with the incident each went to (null: none); one query. */
export function storedEvents(db: Db, eventIds: string[]): Map<string, number | null> {
	const rows = prepared(db).seen.all(JSON.stringify(eventIds)) as { event_id: string; incident_id: number | null }[];
	return new Map(rows.map((r) => [r.event_id, r.incident_id]));
}

/** Keeps an accepted event as received, with the incident it went to (null: none). */
export function logEvent(
	db: Db,
	event: { event: string; value: { eventId: string }; json: string; receivedAt: number; gateway: string },
	incidentId: number | null
): void {
	prepared(db).insert.run(event.value.eventId, event.event, event.json, event.receivedAt, event.gateway, incidentId);
}

/** When any gateway last sent an accepted event, or null. */
export async function lastGatewayEventAt(db: Db): Promise<number | null> {
	return (prepared(db).lastAt.get() as { at: number | null }).at;
}

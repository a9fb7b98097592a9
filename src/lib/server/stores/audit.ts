// Writing and checking the audit chains (the timeline's and the admin log's).
import type Database from 'better-sqlite3';
import { chainHash, firstBroken, type ChainRow } from '../audit';
import type { Db } from '../db';

function statements(client: Database.Database) {
	return {
		lastTimeline: client.prepare(`select id, hash from timeline order by id desc limit 1`),
		insertTimeline: client.prepare(
			`insert into timeline (id, incident_id, at, kind, actor_id, data, prev_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?)`
		),
		lastAdmin: client.prepare(`select id, hash from admin_log order by id desc limit 1`),
		insertAdmin: client.prepare(`insert into admin_log (id, at, actor, action, data, prev_hash, hash) values (?, ?, ?, ?, ?, ?, ?)`),
		timeline: client.prepare(`select * from timeline order by id`),
		admin: client.prepare(`select * from admin_log order by id`),
		counts: client.prepare(`select (select count(*) from timeline) as timeline, (select count(*) from admin_log) as admin`)
	};
}

const cache = new WeakMap<Database.Database, ReturnType<typeof statements>>();
const prepared = (db: Db) => {
	let s = cache.get(db.$client);
	if (!s) cache.set(db.$client, (s = statements(db.$client)));
	return s;
};

export interface TimelineContent {
	incidentId: number;
	at: number;
	kind: string;
	actorId: number | null;
	data: Record<string, unknown>;
}

const timelineContent = (id: number, e: TimelineContent) => ({ id, incidentId: e.incidentId, at: e.at, kind: e.kind, actorId: e.actorId, data: e.data });

/** Appends a timeline entry to the chain; runs inside the caller's transaction. Returns its id. */
export function appendTimelineEntry(db: Db, entry: TimelineContent): number {
	const s = prepared(db);
	const last = s.lastTimeline.get() as { id: number; hash: string } | undefined;
	const id = (last?.id ?? 0) + 1;
	const prevHash = last?.hash ?? '';
	const hash = chainHash(prevHash, timelineContent(id, entry));
	s.insertTimeline.run(id, entry.incidentId, entry.at, entry.kind, entry.actorId, JSON.stringify(entry.data), prevHash, hash);
	return id;
}

/** Records an account, token or directory change on the admin log; `actor` is an admin or `cli:<user>`. */
export function appendAdminEntry(db: Db, actor: string, action: string, data: Record<string, unknown>, at = Date.now()): void {
	const s = prepared(db);
	db.$client.transaction(() => {
		const last = s.lastAdmin.get() as { id: number; hash: string } | undefined;
		const id = (last?.id ?? 0) + 1;
		const prevHash = last?.hash ?? '';
		const hash = chainHash(prevHash, { id, at, actor, action, data });
		s.insertAdmin.run(id, at, actor, action, JSON.stringify(data), prevHash, hash);
	})();
}

export interface AuditState {
	intact: boolean;
	timelineEntries: number;
	adminEntries: number;
	/** The first entry that does not match its chain. */
	broken: { log: 'timeline' | 'admin_log'; id: number } | null;
}

function* rows(statement: Database.Statement, content: (row: Record<string, unknown>) => Record<string, unknown>): Generator<ChainRow> {
	for (const row of statement.iterate() as Iterable<Record<string, unknown>>) {
		yield { id: row.id as number, prevHash: row.prev_hash as string, hash: row.hash as string, content: content(row) };
	}
}

/** Walks both chains from their first entry. */
export async function verifyAudit(db: Db): Promise<AuditState> {
	const s = prepared(db);
	const counts = s.counts.get() as { timeline: number; admin: number };
	const base = { timelineEntries: counts.timeline, adminEntries: counts.admin };
	const timelineBad = firstBroken(
		rows(s.timeline, (r) =>
			timelineContent(r.id as number, {
				incidentId: r.incident_id as number,
				at: r.at as number,
				kind: r.kind as string,
				actorId: r.actor_id as number | null,
				data: JSON.parse(r.data as string)
			})
		)
	);
	if (timelineBad !== null) return { intact: false, ...base, broken: { log: 'timeline', id: timelineBad } };
	const adminBad = firstBroken(
		rows(s.admin, (r) => ({ id: r.id, at: r.at, actor: r.actor, action: r.action, data: JSON.parse(r.data as string) }))
	);
	if (adminBad !== null) return { intact: false, ...base, broken: { log: 'admin_log', id: adminBad } };
	return { intact: true, ...base, broken: null };
}

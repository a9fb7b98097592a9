// Writing and checking the audit chains (the timeline's and the admin log's).
import { sql, type SQL } from 'drizzle-orm';
import { chainHash, firstBroken, type ChainRow } from '../audit';
import type { Sql } from '../db/sql';

export interface TimelineContent {
	incidentId: number;
	at: number;
	kind: string;
	actorId: number | null;
	data: Record<string, unknown>;
}

/** What a timeline entry's hash covers (IncidentChanges writes the chain, `verifyAudit` walks it). */
export const timelineContent = (id: number, e: TimelineContent) => ({ id, incidentId: e.incidentId, at: e.at, kind: e.kind, actorId: e.actorId, data: e.data });

/**
 * Records an account, token or directory change on the admin log; `actor` is an admin or `cli:<user>`.
 * Call it inside a transaction opened with `{ serial: true }`, beside the change it records: the
 * entry's id is the last one plus one, and only serial transactions keep two nodes from taking the same.
 */
export async function appendAdminEntry(tx: Sql, actor: string, action: string, data: Record<string, unknown>, at = Date.now()): Promise<void> {
	const last = await tx.get<{ id: number; hash: string }>(sql`select id, hash from admin_log order by id desc limit 1`);
	const id = (last?.id ?? 0) + 1;
	const prevHash = last?.hash ?? '';
	const hash = chainHash(prevHash, { id, at, actor, action, data });
	await tx.run(sql`insert into admin_log (id, at, actor, action, data, prev_hash, hash)
		values (${id}, ${at}, ${actor}, ${action}, ${JSON.stringify(data)}, ${prevHash}, ${hash})`);
}

export interface AuditState {
	intact: boolean;
	timelineEntries: number;
	adminEntries: number;
	/** The first entry that does not match its chain. */
	broken: { log: 'timeline' | 'admin_log'; id: number } | null;
}

/** Entries read at a time while walking a chain: each read is short, and the console runs between reads. */
const walkChunk = 1_000;

type Entry = Record<string, unknown> & { id: number; prev_hash: string; hash: string };

/** The id of the first entry of a chain that does not match it, reading `walkChunk` entries after an id at a time. */
async function firstBrokenOf(db: Sql, after: (id: number) => SQL, content: (row: Entry) => Record<string, unknown>): Promise<number | null> {
	let last = { id: Number.MIN_SAFE_INTEGER, hash: '' };
	for (;;) {
		const chain: ChainRow[] = (await db.all<Entry>(after(last.id))).map((r) => ({ id: r.id, prevHash: r.prev_hash, hash: r.hash, content: content(r) }));
		const bad = firstBroken(chain, last.hash);
		if (bad !== null || chain.length < walkChunk) return bad;
		last = chain[chain.length - 1];
		await new Promise<void>((resolve) => setImmediate(resolve));
	}
}

/** Walks both chains from their first entry. */
export async function verifyAudit(db: Sql): Promise<AuditState> {
	const counts = (await db.get<{ timeline: number; admin: number }>(
		sql`select (select count(*) from timeline) as timeline, (select count(*) from admin_log) as admin`
	))!;
	const base = { timelineEntries: counts.timeline, adminEntries: counts.admin };
	const timelineBad = await firstBrokenOf(
		db,
		(id) => sql`select id, incident_id, at, kind, actor_id, data, prev_hash, hash from timeline where id > ${id} order by id limit ${walkChunk}`,
		(r) =>
			timelineContent(r.id, {
				incidentId: r.incident_id as number,
				at: r.at as number,
				kind: r.kind as string,
				actorId: r.actor_id as number | null,
				data: JSON.parse(r.data as string)
			})
	);
	if (timelineBad !== null) return { intact: false, ...base, broken: { log: 'timeline', id: timelineBad } };
	const adminBad = await firstBrokenOf(
		db,
		(id) => sql`select id, at, actor, action, data, prev_hash, hash from admin_log where id > ${id} order by id limit ${walkChunk}`,
		(r) => ({ id: r.id, at: r.at, actor: r.actor, action: r.action, data: JSON.parse(r.data as string) })
	);
	if (adminBad !== null) return { intact: false, ...base, broken: { log: 'admin_log', id: adminBad } };
	return { intact: true, ...base, broken: null };
}

// The incident store: incidents, their timeline, track and escalations, and the live feed. Built
// once per database by the composition root, which gives it the gazetteer (towns and countries).
// Writes go through `change` (changes.ts, the one place that changes an incident); the rest are reads.
import type { FeedEntry, FixView, IncidentView, Snapshot, TimelineEntry, TrackLine } from '../../../domain/incident';
import { trackLine } from '../../../domain/track-line';
import type { Database, Sql } from '../../db/sql';
import { IncidentChanges } from './changes';
import { Committed } from './committed';
import { RecentTracks } from './recent-tracks';
import { q, type FixRow, type IncidentRow } from './statements';
import { fixView, incidentView, toPosition, type Gazetteer } from './views';

export { feedChannel, IncidentChanges, type IncidentPatch, type IncidentState, type LoggedEvent } from './changes';
export type { Gazetteer } from './views';

/** Fixes per track in a snapshot: the latest ones. */
export const snapshotTrack = 1_000;

export class IncidentStore {
	readonly #known = new Committed();
	readonly #recent = new RecentTracks(snapshotTrack);

	constructor(
		readonly db: Database,
		private readonly where: Gazetteer
	) {}

	/** Runs `work` in one serial transaction; returns its result and the feed entries it stored. */
	async change<T>(now: number, work: (changes: IncidentChanges) => Promise<T> | T): Promise<{ result: T; feed: FeedEntry[] }> {
		let changes: IncidentChanges | undefined;
		const done = await this.db.transaction(
			async (tx) => {
				changes = await IncidentChanges.begin(tx, this.#known, this.where, now);
				const result = await work(changes);
				return { result, feed: await changes.finish() };
			},
			{ serial: true }
		);
		changes!.committed();
		return done;
	}

	async get(id: number): Promise<IncidentView | undefined> {
		const row = await this.db.get<IncidentRow>(q.incident(id));
		return row && incidentView(this.db, row, this.where);
	}

	/** Open incidents, without their tracks. */
	async open(): Promise<IncidentView[]> {
		return this.#openViews(this.db);
	}

	async #openViews(db: Sql): Promise<IncidentView[]> {
		const views: IncidentView[] = [];
		for (const row of await db.all<IncidentRow>(q.openIncidents())) views.push(await incidentView(db, row, this.where));
		return views;
	}

	/** Open incidents with their recent tracks, and the feed position they are current to (one read). */
	async snapshot(): Promise<Omit<Snapshot, 'gateways'>> {
		return this.db.transaction(
			async (tx) => {
				const { seq } = (await tx.get<{ seq: number }>(q.lastSeq()))!;
				const incidents = await this.#openViews(tx);
				const tracks: Record<number, TrackLine> = {};
				for (const incident of incidents) {
					if (incident.type !== 'theft') continue;
					const { points, last } = await this.#recent.get(incident.id, seq, async () => {
						const rows = await tx.all<Pick<FixRow, 'fix_at' | 'lat' | 'lon'>>(q.trackPoints(incident.id, snapshotTrack));
						const last = await tx.get<FixRow>(q.track(incident.id, 1));
						return { points: rows.reverse().map(toPosition), last: last ? fixView(last) : null };
					});
					tracks[incident.id] = trackLine(points, last);
				}
				return { seq, incidents, tracks };
			},
			{ readOnly: true }
		);
	}

	/** The incident's track in `fixAt` order (the latest `limit` fixes). */
	async track(incidentId: number, limit = 10_000): Promise<FixView[]> {
		return (await this.db.all<FixRow>(q.track(incidentId, limit))).map(fixView).reverse();
	}

	/** The incident's fixes from `since` on, in `fixAt` order (the latest `limit`). */
	async trackSince(incidentId: number, since: number, limit = 10_000): Promise<FixView[]> {
		return (await this.db.all<FixRow>(q.trackSince(incidentId, since, limit))).map(fixView).reverse();
	}

	/**
	 * The feed entries after `seq`, or null when they can no longer all be given (pruned, or more
	 * than `limit`): the screen then needs a fresh snapshot.
	 */
	async feedAfter(seq: number, limit: number): Promise<FeedEntry[] | null> {
		return this.db.transaction(async (tx) => {
			const last = (await tx.get<{ seq: number }>(q.lastSeq()))!.seq;
			if (seq > last) return null;
			if (last - seq > limit) return null;
			return entriesAfter(tx, seq, limit);
		}, { readOnly: true });
	}

	/** The next `limit` feed entries after `seq` (all nodes' changes, in their order), or null when pruned. */
	async feedPage(seq: number, limit: number): Promise<FeedEntry[] | null> {
		return this.db.transaction((tx) => entriesAfter(tx, seq, limit), { readOnly: true });
	}

	/** The number of the feed's last entry. */
	async lastSeq(): Promise<number> {
		return (await this.db.get<{ seq: number }>(q.lastSeq()))!.seq;
	}

	/** The feed in its order, every node's entries: the recent tracks keep current from it. */
	fed(entries: readonly FeedEntry[]): void {
		this.#recent.feed(entries);
	}

	async timeline(incidentId: number): Promise<TimelineEntry[]> {
		type Row = { id: number; incident_id: number; at: number; kind: string; actor_id: number | null; actor_name: string | null; data: string };
		return (await this.db.all<Row>(q.timeline(incidentId))).map((r) => ({
			id: r.id,
			incidentId: r.incident_id,
			at: r.at,
			kind: r.kind,
			actorId: r.actor_id,
			actorName: r.actor_name,
			data: JSON.parse(r.data)
		}));
	}

	/** Open incidents that have an owner, and whether that owner has a live session. */
	async ownerPresence(): Promise<{ id: number; online: boolean }[]> {
		return (await this.db.all<{ id: number; online: number }>(q.ownerPresence())).map((r) => ({ id: r.id, online: r.online === 1 }));
	}

	/** Keeps the last `keep` feed entries; older screens get a snapshot instead. */
	async pruneFeed(keep: number): Promise<void> {
		const { seq } = (await this.db.get<{ seq: number }>(q.lastSeq()))!;
		if (seq > keep) await this.db.run(q.pruneFeed(seq - keep));
	}
}

/** Entries after `seq`, at most `limit`; null when some were pruned or written before they named their fixes. */
async function entriesAfter(tx: Sql, seq: number, limit: number): Promise<FeedEntry[] | null> {
	const first = (await tx.get<{ seq: number | null }>(q.firstSeq()))!.seq;
	if (first !== null && first > seq + 1) return null;
	type Row = { seq: number; at: number; kind: FeedEntry['kind']; incident_id: number; data: string };
	const rows = await tx.all<Row>(q.feedAfter(seq, limit));
	// Track entries written before they named their fix rows cannot be given: a snapshot then.
	if (rows.some((r) => r.kind === 'track' && !r.data.startsWith('{"fromId"'))) return null;
	const entries: FeedEntry[] = [];
	for (const r of rows) {
		const data = JSON.parse(r.data);
		if (r.kind !== 'track') {
			entries.push({ seq: r.seq, at: r.at, kind: r.kind, incidentId: r.incident_id, data } as FeedEntry);
			continue;
		}
		const fixes = (await tx.all<FixRow>(q.fixRange(data.fromId, data.toId, r.incident_id))).map(fixView);
		entries.push({ seq: r.seq, at: r.at, kind: 'track', incidentId: r.incident_id, data: { fixes, latest: data.latest } });
	}
	return entries;
}

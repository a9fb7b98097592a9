// The incident store: incidents, their timeline, track and escalations, and the live feed. Built
// once per database by the composition root, which gives it the gazetteer (towns and countries).
// Writes go through `change` (changes.ts, the one place that changes an incident); the rest are reads.
import type { FeedEntry, FixView, IncidentView, Snapshot, TimelineEntry, TrackLine } from '../../../domain/incident';
import { trackLine } from '../../../domain/track-line';
import type { Db } from '../../db';
import { IncidentChanges } from './changes';
import { Committed } from './committed';
import { RecentTracks } from './recent-tracks';
import { statements, type FixRow, type IncidentRow, type Statements } from './statements';
import { fixView, incidentView, type Gazetteer } from './views';

export { IncidentChanges, type IncidentPatch, type IncidentState } from './changes';
export type { Gazetteer } from './views';

/** Fixes per track in a snapshot: the latest ones. */
export const snapshotTrack = 1_000;

export class IncidentStore {
	readonly #s: Statements;
	readonly #known = new Committed();
	readonly #recent = new RecentTracks(snapshotTrack);

	constructor(
		readonly db: Db,
		private readonly where: Gazetteer
	) {
		this.#s = statements(db.$client);
	}

	/** Runs `work` in one transaction; returns its result and the feed entries it stored. */
	change<T>(now: number, work: (changes: IncidentChanges) => T): { result: T; feed: FeedEntry[] } {
		const changes = new IncidentChanges(this.db, this.#s, this.#known, this.where, now);
		const done = this.db.$client.transaction(() => {
			const result = work(changes);
			return { result, feed: changes.finish() };
		})();
		changes.committed();
		this.#recent.committed(done.feed);
		return done;
	}

	async get(id: number): Promise<IncidentView | undefined> {
		const row = this.#s.incident.get(id) as IncidentRow | undefined;
		return row && incidentView(this.#s, row, this.where);
	}

	/** Open incidents, without their tracks. */
	async open(): Promise<IncidentView[]> {
		return this.#openViews();
	}

	#openViews(): IncidentView[] {
		return (this.#s.openIncidents.all() as IncidentRow[]).map((row) => incidentView(this.#s, row, this.where));
	}

	/** Open incidents with their recent tracks, and the feed position they are current to (one read). */
	async snapshot(): Promise<Omit<Snapshot, 'gateways'>> {
		const s = this.#s;
		return this.db.$client.transaction(() => {
			const seq = (s.lastSeq.get() as { seq: number }).seq;
			const incidents = this.#openViews();
			const tracks: Record<number, TrackLine> = {};
			for (const incident of incidents) {
				if (incident.type !== 'theft') continue;
				const { points, last } = this.#recent.get(incident.id, () => {
					const rows = s.trackPoints.all(incident.id, snapshotTrack) as [number, number, number][];
					const last = s.track.get(incident.id, 1) as FixRow | undefined;
					return { points: rows.reverse().map(([fixAt, lat, lon]) => ({ fixAt, lat, lon })), last: last ? fixView(last) : null };
				});
				tracks[incident.id] = trackLine(points, last);
			}
			return { seq, incidents, tracks };
		})();
	}

	/** The incident's track in `fixAt` order (the latest `limit` fixes). */
	async track(incidentId: number, limit = 10_000): Promise<FixView[]> {
		return (this.#s.track.all(incidentId, limit) as FixRow[]).map(fixView).reverse();
	}

	/** The incident's fixes from `since` on, in `fixAt` order (the latest `limit`). */
	async trackSince(incidentId: number, since: number, limit = 10_000): Promise<FixView[]> {
		return (this.#s.trackSince.all(incidentId, since, limit) as FixRow[]).map(fixView).reverse();
	}

	/**
	 * The feed entries after `seq`, or null when they can no longer all be given (pruned, or more
	 * than `limit`): the screen then needs a fresh snapshot.
	 */
	async feedAfter(seq: number, limit: number): Promise<FeedEntry[] | null> {
		const s = this.#s;
		const first = (s.firstSeq.get() as { seq: number | null }).seq;
		const last = (s.lastSeq.get() as { seq: number }).seq;
		if (seq > last) return null;
		if (seq === last) return [];
		if (first === null || first > seq + 1 || last - seq > limit) return null;
		const rows = s.feedAfter.all(seq, limit) as { seq: number; at: number; kind: FeedEntry['kind']; incident_id: number; data: string }[];
		// Track entries written before they named their fix rows cannot be given: a snapshot then.
		if (rows.some((r) => r.kind === 'track' && !r.data.startsWith('{"fromId"'))) return null;
		return rows.map((r) => {
			const data = JSON.parse(r.data);
			if (r.kind !== 'track') return { seq: r.seq, at: r.at, kind: r.kind, incidentId: r.incident_id, data } as FeedEntry;
			const fixes = (s.fixRange.all(data.fromId, data.toId, r.incident_id) as FixRow[]).map(fixView);
			return { seq: r.seq, at: r.at, kind: 'track', incidentId: r.incident_id, data: { fixes, latest: data.latest } };
		});
	}

	async timeline(incidentId: number): Promise<TimelineEntry[]> {
		type Row = { id: number; incident_id: number; at: number; kind: string; actor_id: number | null; actor_name: string | null; data: string };
		return (this.#s.timeline.all(incidentId) as Row[]).map((r) => ({
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
		return (this.#s.ownerPresence.all() as { id: number; online: number }[]).map((r) => ({ id: r.id, online: r.online === 1 }));
	}

	/** Keeps the last `keep` feed entries; older screens get a snapshot instead. */
	async pruneFeed(keep: number): Promise<void> {
		const last = (this.#s.lastSeq.get() as { seq: number }).seq;
		if (last > keep) this.#s.pruneFeed.run(last - keep);
	}
}

// The latest fixes of each open theft, in this process's memory, for the snapshot a screen gets on
// opening: reading 1,000 fixes of each of 500 tracks back from the database takes half a second,
// this takes none. Filled from the database the first time a track is asked for, then kept
// current from each commit's feed entries (this process is the only writer of fixes), and let go
// when the incident is resolved.
import type { FeedEntry, FixView, TrackPoint } from '../../../domain/incident';
import { insertByTime } from '../../../domain/sorted';

interface Tail {
	points: TrackPoint[];
	last: FixView | null;
}

/** Tracks held at most: past it, the one asked for longest ago is let go (it is read again when needed). */
const maxTracks = 5_000;

export class RecentTracks {
	readonly #tails = new Map<number, Tail>();

	constructor(readonly limit: number) {}

	/** The incident's latest `limit` points in fixAt order, and its last fix; `load` reads them when not held. */
	get(incidentId: number, load: () => Tail): Tail {
		let tail = this.#tails.get(incidentId);
		if (!tail) {
			tail = load();
			if (this.#tails.size >= maxTracks) this.#tails.delete(this.#tails.keys().next().value!);
			this.#tails.set(incidentId, tail);
		}
		return tail;
	}

	/** What a commit changed: new fixes join the tracks held, resolved incidents are let go. */
	committed(feed: readonly FeedEntry[]): void {
		for (const entry of feed) {
			if (entry.kind === 'incident' && entry.data.status === 'resolved') this.#tails.delete(entry.incidentId);
			if (entry.kind !== 'track') continue;
			const tail = this.#tails.get(entry.incidentId);
			if (tail) for (const fix of entry.data.fixes) this.#add(tail, fix);
		}
	}

	#add(tail: Tail, fix: FixView): void {
		const point = { fixAt: fix.fixAt, lat: fix.lat, lon: fix.lon };
		insertByTime(tail.points, point);
		if (tail.points.at(-1) === point) tail.last = fix;
		if (tail.points.length > this.limit) tail.points.splice(0, tail.points.length - this.limit);
	}
}

// The latest fixes of each open theft, in this process's memory, for the snapshot a screen gets on
// opening: reading 1,000 fixes of each of 500 tracks back from the database takes half a second,
// this takes none. Filled from the database the first time a track is asked for, then kept
// current from the feed, in its order (every node's changes), and let go when the incident is
// resolved. A snapshot uses what is held only when it is current to the snapshot's feed number.
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
	/** The feed number the tails held are current to (-1: not fed yet). */
	#seq = -1;

	constructor(readonly limit: number) {}

	/**
	 * The incident's latest `limit` points in fixAt order, and its last fix, as of feed number
	 * `seq`; `load` reads them from the database at that number when they are not held.
	 */
	async get(incidentId: number, seq: number, load: () => Promise<Tail>): Promise<Tail> {
		// Nothing held yet: the first snapshot's number is where the feed starts for the tails.
		if (this.#seq === -1) this.#seq = seq;
		const held = this.#tails.get(incidentId);
		if (held && this.#seq === seq) return held;
		const tail = await load();
		// Kept only if no feed entry came meanwhile: it would be missing from what was read.
		if (this.#seq === seq) {
			if (this.#tails.size >= maxTracks) this.#tails.delete(this.#tails.keys().next().value!);
			this.#tails.set(incidentId, tail);
		}
		return tail;
	}

	/** Feed entries in their order: new fixes join the tracks held, resolved incidents are let go. */
	feed(entries: readonly FeedEntry[]): void {
		const fresh = entries.filter((e) => e.seq > this.#seq);
		if (fresh.length === 0) return;
		// A gap (entries this process never saw): what is held may lack them.
		if (this.#seq !== -1 && fresh[0].seq !== this.#seq + 1) this.#tails.clear();
		for (const entry of fresh) {
			if (entry.kind === 'incident' && entry.data.status === 'resolved') this.#tails.delete(entry.incidentId);
			if (entry.kind !== 'track') continue;
			const tail = this.#tails.get(entry.incidentId);
			if (tail) for (const fix of entry.data.fixes) this.#add(tail, fix);
		}
		this.#seq = fresh.at(-1)!.seq;
	}

	#add(tail: Tail, fix: FixView): void {
		const point = { fixAt: fix.fixAt, lat: fix.lat, lon: fix.lon };
		insertByTime(tail.points, point);
		if (tail.points.at(-1) === point) tail.last = fix;
		if (tail.points.length > this.limit) tail.points.splice(0, tail.points.length - this.limit);
	}
}

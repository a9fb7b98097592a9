// The one order of the feed on this node (docs/nodes.md, promise 4). Every entry, committed here
// or by another node, is handed on once, in feed order, without gaps: this node's commits go on at
// once when they follow the last entry handed on; anything else (another node's commits between,
// a notification, the periodic check) reads the feed table from the last entry on. The feed
// table carries everything; notifications only wake the reader.
import type { FeedEntry } from '../../domain/incident';
import type { IncidentStore } from '../stores/incidents';

/**
 * Entries kept in memory for screens that resume: what came while their catch-up was read. Few:
 * entries carry whole incident views, and older ones are read from the table.
 */
const keptForResumes = 1_000;
/** Entries read from the table at a time. */
const page = 2_000;

export class FeedReader {
	#last: number;
	/** This node's commits that came before the entries preceding them. */
	readonly #waiting = new Map<number, FeedEntry[]>();
	readonly #recent: FeedEntry[] = [];
	#reading = false;
	#again = false;

	constructor(
		private readonly incidents: Pick<IncidentStore, 'feedPage' | 'lastSeq'>,
		private readonly handOn: (entries: FeedEntry[]) => void,
		/** The feed number this node starts from: entries after it are handed on. */
		start: number,
		private readonly log: Pick<Console, 'error'> = console
	) {
		this.#last = start;
	}

	/** The number of the last entry handed on. */
	get last(): number {
		return this.#last;
	}

	/** Entries this node committed. */
	committed(entries: FeedEntry[]): void {
		if (entries.length === 0 || entries.at(-1)!.seq <= this.#last) return;
		this.#waiting.set(entries[0].seq, entries);
		this.#handOnWaiting();
		if (this.#waiting.size > 0) this.wake();
	}

	/** Something may have been added to the feed (a notification, a timer): reads what follows the last entry. */
	wake(): void {
		if (this.#reading) {
			this.#again = true;
			return;
		}
		this.#reading = true;
		void this.#read().finally(() => (this.#reading = false));
	}

	/** The entries after `seq` handed on so far, if all are still kept; [] when `seq` is not behind. */
	after(seq: number): FeedEntry[] | null {
		if (seq >= this.#last) return [];
		const first = this.#recent[0]?.seq;
		if (first === undefined || first > seq + 1) return null;
		return this.#recent.slice(seq + 1 - first);
	}

	async #read(): Promise<void> {
		try {
			do {
				this.#again = false;
				for (;;) {
					const entries = await this.incidents.feedPage(this.#last, page);
					if (entries === null) {
						// Pruned past this node (it was cut off for long): screens see the gap and take a snapshot.
						this.log.error('feed: entries after', this.#last, 'were pruned before this node read them');
						this.#last = await this.incidents.lastSeq();
						this.#recent.length = 0;
						break;
					}
					if (entries.length === 0) break;
					this.#handOn(entries);
					this.#handOnWaiting();
				}
			} while (this.#again);
		} catch (error) {
			// The database is away: the next notification or check reads again.
			this.log.error('feed: could not read the feed:', (error as Error).message);
		}
	}

	#handOnWaiting(): void {
		for (let next = this.#waiting.get(this.#last + 1); next; next = this.#waiting.get(this.#last + 1)) {
			this.#waiting.delete(next[0].seq);
			this.#handOn(next);
		}
		for (const [seq, entries] of this.#waiting) if (entries.at(-1)!.seq <= this.#last) this.#waiting.delete(seq);
	}

	#handOn(entries: FeedEntry[]): void {
		const fresh = entries[0].seq > this.#last ? entries : entries.filter((e) => e.seq > this.#last);
		if (fresh.length === 0) return;
		this.#last = fresh.at(-1)!.seq;
		this.#recent.push(...fresh);
		if (this.#recent.length > keptForResumes * 1.5) this.#recent.splice(0, this.#recent.length - keptForResumes);
		try {
			this.handOn(fresh);
		} catch (error) {
			this.log.error('feed: could not hand entries on:', (error as Error).message);
		}
	}
}

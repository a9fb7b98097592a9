// Group commit: events that arrive while the previous transaction is being written are stored
// together in the next one, durably (SQLite's synchronous=FULL, PostgreSQL's synchronous_commit),
// and each is acked only after that commit.
import type { AcceptedAck, RefusedAck } from '../../domain/gateway/schemas';
import type { FeedEntry } from '../../domain/incident';
import { storedEvents } from '../stores/gateway-log';
import type { IncidentStore } from '../stores/incidents';
import { applyEvent, type IngestItem, type IngestRules } from './rules';

type Answer = (acks: AcceptedAck[] | RefusedAck) => void;

interface Submission {
	items: IngestItem[];
	answer: Answer;
}

export const unavailable = (message: string): RefusedAck => ({ ok: false, error: { code: 'unavailable', message } });

export interface CommitterOptions {
	rules: IngestRules;
	/** Receives the feed entries of each committed transaction. */
	publish: (feed: FeedEntry[]) => void;
	/** Most events in one transaction; the rest wait for the next. */
	maxGroup?: number;
	/** Most events waiting; past it, events are refused as `unavailable` until the backlog clears. */
	maxBacklog?: number;
}

export class GroupCommitter {
	#queue: Submission[] = [];
	#queued = 0;
	#scheduled = false;
	/** A group is being stored: the next waits for it, so acks and feed keep the commits' order. */
	#flushing = false;
	#idle: (() => void)[] = [];
	readonly #maxGroup: number;
	readonly #maxBacklog: number;

	constructor(
		private readonly incidents: IncidentStore,
		private readonly options: CommitterOptions
	) {
		this.#maxGroup = options.maxGroup ?? 20_000;
		this.#maxBacklog = options.maxBacklog ?? 200_000;
	}

	/**
	 * Stores the items (in one transaction) and answers with one ack each, after the commit. A
	 * callback, not a promise: at tens of thousands of events a second, each promise costs.
	 */
	submit(items: IngestItem[], answer: Answer): void {
		if (this.#queued + items.length > this.#maxBacklog) {
			return answer(unavailable('the console is busy storing earlier events; retry shortly'));
		}
		this.#queue.push({ items, answer });
		this.#queued += items.length;
		this.#schedule();
	}

	/** Resolves once everything submitted so far is committed and acked. */
	drain(): Promise<void> {
		if (this.#queue.length === 0 && !this.#flushing) return Promise.resolve();
		return new Promise((resolve) => this.#idle.push(resolve));
	}

	#schedule() {
		if (this.#scheduled || this.#flushing) return;
		this.#scheduled = true;
		// setImmediate lets every event already read from the sockets join this group.
		setImmediate(() => this.#flush());
	}

	#take(): Submission[] {
		let count = 0;
		let n = 0;
		while (n < this.#queue.length && (n === 0 || count + this.#queue[n].items.length <= this.#maxGroup)) {
			count += this.#queue[n].items.length;
			n++;
		}
		this.#queued -= count;
		return this.#queue.splice(0, n);
	}

	async #flush() {
		this.#scheduled = false;
		this.#flushing = true;
		const group = this.#take();
		const feed: FeedEntry[] = [];
		try {
			feed.push(...(await this.#commit(group)));
		} catch (error) {
			// One bad submission must not cost the others: store each alone.
			if (group.length === 1) this.#refuse(group[0], error);
			else
				for (const submission of group) {
					try {
						feed.push(...(await this.#commit([submission])));
					} catch (error) {
						this.#refuse(submission, error);
					}
				}
		}
		this.#flushing = false;
		if (feed.length > 0) this.options.publish(feed);
		if (this.#queue.length > 0) this.#schedule();
		else this.#idle.splice(0).forEach((resolve) => resolve());
	}

	#refuse(submission: Submission, error: unknown) {
		console.error('ingest: could not store events:', (error as Error).message);
		deliver(submission, unavailable('the console could not store the event now; retry later'));
	}

	async #commit(group: Submission[]): Promise<FeedEntry[]> {
		const now = Date.now();
		const { result, feed } = await this.incidents.change(now, async (changes) => {
			const items = group.flatMap((s) => s.items);
			const stored = await storedEvents(changes.tx, items.map((item) => item.value.eventId));
			await changes.preload(items.flatMap((item) => ('vin' in item.value ? [item.value.vin] : [])));
			const acks: AcceptedAck[][] = [];
			for (const s of group) {
				const list: AcceptedAck[] = [];
				for (const item of s.items) list.push(await applyEvent(changes, item, this.options.rules, stored));
				acks.push(list);
			}
			return acks;
		});
		// Committed: now, and only now, the gateways hear of it.
		group.forEach((s, i) => deliver(s, result[i]));
		return feed;
	}
}

/** A failing answer (a socket gone wrong) must not cost the other answers, nor look like a failed commit. */
function deliver(submission: Submission, acks: AcceptedAck[] | RefusedAck) {
	try {
		submission.answer(acks);
	} catch (error) {
		console.error('ingest: could not answer a gateway:', (error as Error).message);
	}
}

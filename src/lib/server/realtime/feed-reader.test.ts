import { describe, expect, it, vi } from 'vitest';
import type { FeedEntry } from '../../domain/incident';
import { FeedReader } from './feed-reader';

const entry = (seq: number) => ({ seq, at: seq, kind: 'timeline', incidentId: 1, data: {} }) as unknown as FeedEntry;
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => entry(from + i));

/** A reader over a feed table holding entries 1..`table.length`; records what it hands on. */
function reader(table: FeedEntry[], start = 0) {
	const handed: number[] = [];
	const store = {
		pages: 0,
		async feedPage(seq: number, limit: number) {
			store.pages++;
			return table.filter((e) => e.seq > seq).slice(0, limit);
		},
		async lastSeq() {
			return table.length;
		}
	};
	const log = { error: vi.fn() };
	const feed = new FeedReader(store, (entries) => handed.push(...entries.map((e) => e.seq)), start, log);
	return { feed, handed, store, log };
}

describe('the feed reader', () => {
	it("hands this node's commits on at once when they follow the last entry, without reading the table", () => {
		const { feed, handed, store } = reader([]);
		feed.committed(range(1, 3));
		feed.committed(range(4, 4));
		expect(handed).toEqual([1, 2, 3, 4]);
		expect(store.pages).toBe(0);
	});

	it("reads another node's entries between, and hands everything on in the feed's order, once", async () => {
		const table = range(1, 6);
		const { feed, handed } = reader(table);
		feed.committed(range(1, 2));
		// Entries 3 and 4 are another node's; 5 and 6 this node's.
		feed.committed(range(5, 6));
		expect(handed).toEqual([1, 2]);
		await vi.waitFor(() => expect(handed).toEqual([1, 2, 3, 4, 5, 6]));
	});

	it('reads what follows when woken (a notification), and again when woken while reading', async () => {
		const table = range(1, 2);
		const { feed, handed } = reader(table);
		feed.wake();
		table.push(entry(3));
		feed.wake();
		await vi.waitFor(() => expect(handed).toEqual([1, 2, 3]));
	});

	it('gives a resuming screen the entries handed on after its number, or null when they are no longer kept', () => {
		const { feed } = reader([], 10);
		feed.committed(range(11, 15));
		expect(feed.after(12)!.map((e) => e.seq)).toEqual([13, 14, 15]);
		expect(feed.after(15)).toEqual([]);
		expect(feed.after(20)).toEqual([]);
		expect(feed.after(5)).toBeNull();
	});

	it('goes on from the last entry when the entries it missed were pruned, and logs it', async () => {
		const { feed, handed, store, log } = reader(range(1, 9), 0);
		store.feedPage = async () => null as unknown as FeedEntry[];
		feed.wake();
		await vi.waitFor(() => expect(feed.last).toBe(9));
		expect(handed).toEqual([]);
		expect(log.error).toHaveBeenCalled();
	});

	it('survives a failed read, and reads again on the next wake', async () => {
		const table = range(1, 2);
		const { feed, handed, store, log } = reader(table);
		const feedPage = store.feedPage;
		store.feedPage = async () => {
			throw new Error('connection refused');
		};
		feed.wake();
		await vi.waitFor(() => expect(log.error).toHaveBeenCalled());
		store.feedPage = feedPage;
		await new Promise((r) => setTimeout(r, 0));
		feed.wake();
		await vi.waitFor(() => expect(handed).toEqual([1, 2]));
	});
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LookupQueue } from './queue';

beforeEach(() => {
	vi.useFakeTimers();
});
afterEach(() => {
	vi.useRealTimers();
});

/** A queue whose jobs take `tookMs` each and record when they started. */
function queue(options: { perSecond?: number; maxWaiting?: number; tookMs?: number; cached?: (job: string) => boolean } = {}) {
	const started: { key: number; job: string; at: number }[] = [];
	const q = new LookupQueue<number, string>(
		async (key, job) => {
			started.push({ key, job, at: Date.now() });
			if (options.cached?.(job)) return false;
			await new Promise((r) => setTimeout(r, options.tookMs ?? 10));
			return true;
		},
		{ perSecond: options.perSecond ?? 4, maxWaiting: options.maxWaiting ?? 100 }
	);
	return { q, started };
}

describe('LookupQueue', () => {
	it('starts at most `perSecond` requests a second, one after another, in the order they came', async () => {
		const { q, started } = queue({ perSecond: 4 });
		for (let key = 1; key <= 20; key++) q.add(key, `job ${key}`);
		await vi.advanceTimersByTimeAsync(1_900);
		expect(started.map((s) => s.key)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
		for (let i = 1; i < started.length; i++) expect(started[i].at - started[i - 1].at).toBeGreaterThanOrEqual(250);
		// Every window of one second holds at most four starts.
		for (const s of started) expect(started.filter((t) => t.at >= s.at && t.at < s.at + 1000).length).toBeLessThanOrEqual(4);
		await vi.advanceTimersByTimeAsync(5_000);
		expect(started).toHaveLength(20);
		expect(q.waiting).toBe(0);
	});

	it('runs one job at a time, even a slow one', async () => {
		const { q, started } = queue({ tookMs: 2_000 });
		q.add(1, 'a');
		q.add(2, 'b');
		await vi.advanceTimersByTimeAsync(1_999);
		expect(started.map((s) => s.key)).toEqual([1]);
		await vi.advanceTimersByTimeAsync(1);
		expect(started.map((s) => s.key)).toEqual([1, 2]);
	});

	it("puts a key's newer job in place of the one it had waiting, keeping its place in line", async () => {
		const { q, started } = queue({ tookMs: 100 });
		q.add(1, 'theft fix 1');
		q.add(2, 'crash');
		q.add(3, 'other theft fix 1');
		q.add(3, 'other theft fix 2');
		q.add(3, 'other theft fix 3');
		q.add(1, 'theft fix 2');
		q.add(4, 'dropped');
		q.drop(4);
		await vi.advanceTimersByTimeAsync(5_000);
		expect(started.map((s) => s.job)).toEqual(['theft fix 1', 'crash', 'other theft fix 3', 'theft fix 2']);
	});

	it('lets an answer from the cache take no turn', async () => {
		const { q, started } = queue({ perSecond: 1, cached: (job) => job.startsWith('cached') });
		q.add(1, 'asked');
		q.add(2, 'cached a');
		q.add(3, 'cached b');
		q.add(4, 'asked again');
		await vi.advanceTimersByTimeAsync(999);
		expect(started.map((s) => s.job)).toEqual(['asked']);
		await vi.advanceTimersByTimeAsync(1);
		expect(started.map((s) => s.job)).toEqual(['asked', 'cached a', 'cached b', 'asked again']);
	});

	it('counts a failed job as a request, and carries on', async () => {
		const started: number[] = [];
		const q = new LookupQueue<number, string>(
			async (key) => {
				started.push(Date.now());
				if (key === 1) throw new Error('down');
				return true;
			},
			{ perSecond: 2, maxWaiting: 10 }
		);
		q.add(1, 'a');
		q.add(2, 'b');
		await vi.advanceTimersByTimeAsync(1_000);
		expect(started).toHaveLength(2);
		expect(started[1] - started[0]).toBe(500);
	});

	it('turns new keys away past its bound, and stops', async () => {
		const { q, started } = queue({ maxWaiting: 2, tookMs: 1_000 });
		q.add(1, 'running');
		q.add(2, 'waits');
		q.add(3, 'waits too');
		q.add(4, 'turned away');
		q.add(2, 'replaced');
		expect(q.waiting).toBe(2);
		await vi.advanceTimersByTimeAsync(5_000);
		expect(started.map((s) => s.job)).toEqual(['running', 'replaced', 'waits too']);
		q.add(5, 'after');
		q.stop();
		q.add(6, 'stopped');
		await vi.advanceTimersByTimeAsync(5_000);
		expect(started.map((s) => s.job)).toEqual(['running', 'replaced', 'waits too', 'after']);
	});
});

import { describe, expect, it } from 'vitest';
import { noCounts, percentile, progressLine, rateLine, totalsLine } from './stats';

describe('the report lines', () => {
	it('takes percentiles by nearest rank', () => {
		const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
		expect(percentile(sorted, 50)).toBe(50);
		expect(percentile(sorted, 99)).toBe(99);
		expect(percentile([7], 99)).toBe(7);
		expect(percentile([], 50)).toBe(0);
	});

	it('prints per-second progress, the achieved rate with ack latency, and the totals', () => {
		const before = noCounts();
		const now = { ...before, sent: 12, acked: 10, retried: 2, refused: 1, duplicates: 1, ackedFixes: 8, messages: 5 };
		expect(progressLine(now, before, 3.2, 4, '1/1')).toBe('3s  sent 12/s  acked 10/s  retried 2/s  refused 1/s  queued 4  connected 1/1');
		expect(rateLine(now, 2, [4, 1, 3, 2])).toBe('rate 5.0 events/s 4.0 fixes/s 2.5 messages/s over 2.0 s; ack latency p50 2.0 ms p99 4.0 ms');
		expect(totalsLine(now, 3)).toBe('sent 12 acked 10 retried 2 refused 1 duplicates 1 warnings 0 dropped 0 unacked 3');
	});
});

import { describe, expect, it } from 'vitest';
import { TokenBucket } from './rate';

describe('TokenBucket', () => {
	it('allows its rate in a second, then refuses with the wait until enough tokens are back', () => {
		const bucket = new TokenBucket(10, 0);
		for (let i = 0; i < 10; i++) expect(bucket.take(1, 0).ok).toBe(true);
		expect(bucket.take(1, 0)).toEqual({ ok: false, retryAfterMs: 100 });
		expect(bucket.take(1, 100).ok).toBe(true);
	});

	it('counts a batch by its size', () => {
		const bucket = new TokenBucket(100, 0);
		expect(bucket.take(60, 0).ok).toBe(true);
		expect(bucket.take(60, 0)).toEqual({ ok: false, retryAfterMs: 200 });
		expect(bucket.take(60, 200).ok).toBe(true);
	});

	it('lets a batch larger than the rate through on a full bucket, then makes the sender wait', () => {
		const bucket = new TokenBucket(100, 0);
		expect(bucket.take(1000, 0).ok).toBe(true);
		const refused = bucket.take(1, 0);
		expect(refused.ok).toBe(false);
		expect(bucket.take(1, 9_010).ok).toBe(true);
	});
});

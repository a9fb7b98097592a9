import { describe, expect, it } from 'vitest';
import { FailureLog, lockedUntil, throttleWindowMs } from './throttle';

const minute = 60_000;

describe('lockedUntil', () => {
	it('stays open below five failures', () => {
		expect(lockedUntil([4, 3, 2, 1].map((m) => m * minute), 5 * minute)).toBeNull();
	});

	it('locks for 15 minutes after the fifth failure within 15 minutes', () => {
		const failures = [10, 8, 6, 4, 2].map((m) => m * minute);
		expect(lockedUntil(failures, 11 * minute)).toBe(10 * minute + throttleWindowMs);
		expect(lockedUntil(failures, 10 * minute + throttleWindowMs - 1)).not.toBeNull();
	});

	it('opens again once the 15 minutes are over', () => {
		const failures = [10, 8, 6, 4, 2].map((m) => m * minute);
		expect(lockedUntil(failures, 10 * minute + throttleWindowMs)).toBeNull();
	});

	it('does not lock when the five failures are spread over more than 15 minutes', () => {
		const failures = [30, 20, 12, 8, 2].map((m) => m * minute);
		expect(lockedUntil(failures, 31 * minute)).toBeNull();
	});
});

describe('FailureLog', () => {
	it('locks a key after its tenth failure within a minute, for a minute after the last', () => {
		const log = new FailureLog(10, minute);
		for (let i = 0; i < 9; i++) log.fail('10.0.0.1', i * 1000);
		expect(log.lockedUntil('10.0.0.1', 9_000)).toBeNull();
		log.fail('10.0.0.1', 9_000);
		expect(log.lockedUntil('10.0.0.1', 9_001)).toBe(9_000 + minute);
		expect(log.lockedUntil('10.0.0.2', 9_001)).toBeNull();
		expect(log.lockedUntil('10.0.0.1', 9_000 + minute)).toBeNull();
	});

	it('does not lock failures spread wider than the window', () => {
		const log = new FailureLog(10, minute);
		for (let i = 0; i < 30; i++) log.fail('10.0.0.1', i * 7_000);
		expect(log.lockedUntil('10.0.0.1', 30 * 7_000)).toBeNull();
	});

	it('forgets the key that failed longest ago past its bound', () => {
		const log = new FailureLog(2, minute, 3);
		for (const key of ['a', 'b', 'c', 'd']) {
			log.fail(key, 0);
			log.fail(key, 1);
		}
		expect(log.lockedUntil('a', 2)).toBeNull();
		for (const key of ['b', 'c', 'd']) expect(log.lockedUntil(key, 2), key).toBe(1 + minute);
	});
});

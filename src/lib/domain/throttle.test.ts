import { describe, expect, it } from 'vitest';
import { lockedUntil, throttleWindowMs } from './throttle';

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

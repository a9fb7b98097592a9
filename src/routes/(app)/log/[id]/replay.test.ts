import { describe, expect, it } from 'vitest';
import { passedIndex, positionAt, replaySpan } from './replay';

const fixes = [
	{ fixAt: 1000, lat: 48, lon: 2 },
	{ fixAt: 2000, lat: 49, lon: 4 },
	{ fixAt: 4000, lat: 49, lon: 0 }
];

describe('track replay', () => {
	it('finds the last fix passed', () => {
		expect(passedIndex(fixes, 999)).toBe(-1);
		expect(passedIndex(fixes, 1000)).toBe(0);
		expect(passedIndex(fixes, 1999)).toBe(0);
		expect(passedIndex(fixes, 2000)).toBe(1);
		expect(passedIndex(fixes, 9000)).toBe(2);
	});

	it('places the vehicle on the straight line between fixes, and at the ends outside the track', () => {
		expect(positionAt(fixes, 0)).toEqual({ lat: 48, lon: 2 });
		expect(positionAt(fixes, 1500)).toEqual({ lat: 48.5, lon: 3 });
		expect(positionAt(fixes, 3000)).toEqual({ lat: 49, lon: 2 });
		expect(positionAt(fixes, 5000)).toEqual({ lat: 49, lon: 0 });
		expect(positionAt([], 5000)).toBeNull();
	});

	it('stretches the span to timeline entries near the track, not to those far from it', () => {
		expect(replaySpan(fixes, [500, 6000])).toEqual({ start: 500, end: 6000 });
		expect(replaySpan(fixes, [1000 - 25 * 3_600_000, 4000 + 25 * 3_600_000])).toEqual({ start: 1000, end: 4000 });
		expect(replaySpan([fixes[0]], [])).toEqual({ start: 1000, end: 2000 });
	});
});

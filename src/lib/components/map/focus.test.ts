import { describe, expect, it } from 'vitest';
import { focusOf, mapKeys } from './focus';

const zurich = { lat: 47.3769, lon: 8.5417 };

describe('focusOf', () => {
	it('is nothing without a valid point', () => {
		expect(focusOf([])).toBeNull();
		expect(focusOf([{ lat: Number.NaN, lon: 8 }, { lat: 47, lon: Number.POSITIVE_INFINITY }])).toBeNull();
	});
	it('centres on a single place', () => {
		expect(focusOf([zurich])).toEqual({ center: zurich });
	});
	it('takes points within a metre of each other for one place', () => {
		const focus = focusOf([zurich, { lat: zurich.lat + 0.000004, lon: zurich.lon - 0.000004 }]);
		expect(focus).toHaveProperty('center');
		if (!focus || !('center' in focus)) return;
		expect(focus.center.lat).toBeCloseTo(zurich.lat + 0.000002, 9);
		expect(focus.center.lon).toBeCloseTo(zurich.lon - 0.000002, 9);
	});
	it('fits the bounds of several places, whatever their order', () => {
		const msd = { lat: 47.388, lon: 8.53 };
		const track = [zurich, msd, { lat: 47.37, lon: 8.55 }];
		const expected = { bounds: [{ lat: 47.37, lon: 8.53 }, { lat: 47.388, lon: 8.55 }] };
		expect(focusOf(track)).toEqual(expected);
		expect(focusOf([...track].reverse())).toEqual(expected);
	});
	it('takes a track of a day at one fix a second', () => {
		const track = Array.from({ length: 200_000 }, (_, i) => ({ lat: 47 + i * 1e-6, lon: 8 }));
		expect(focusOf(track)).toEqual({ bounds: [{ lat: 47, lon: 8 }, { lat: 47 + 199_999 * 1e-6, lon: 8 }] });
	});
	it('leaves out invalid points', () => {
		expect(focusOf([zurich, { lat: Number.NaN, lon: 0 }])).toEqual({ center: zurich });
	});
});

describe('mapKeys', () => {
	it('holds the arrows and the zoom keys, not the console shortcuts', () => {
		for (const key of ['ArrowLeft', 'ArrowUp', '+', '-']) expect(mapKeys.has(key)).toBe(true);
		for (const key of ['j', 'k', 'f', 'a', 'Enter', ' ']) expect(mapKeys.has(key)).toBe(false);
	});
});

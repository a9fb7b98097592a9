import { describe, expect, it } from 'vitest';
import { placeOf } from './places';

describe('placeOf', () => {
	it('names the nearest town and its country', () => {
		expect(placeOf({ lat: 47.2184, lon: -1.5536 })).toEqual({ name: 'Nantes', country: 'FR' });
		expect(placeOf({ lat: 48.1374, lon: 11.5755 })).toEqual({ name: 'Munich', country: 'DE' });
	});

	it('gives the same answer again, and for another position of the same 100 m cell', () => {
		const first = placeOf({ lat: 48.1374, lon: 11.5752 });
		expect(placeOf({ lat: 48.1374, lon: 11.5752 })).toBe(first);
		expect(placeOf({ lat: 48.13741, lon: 11.57519 })).toBe(first);
	});

	it('finds no town far out at sea, or beyond the distance asked', () => {
		expect(placeOf({ lat: 0, lon: -30 })).toBeNull();
		expect(placeOf({ lat: 47.2184, lon: -1.5536 }, 0.001)).toBeNull();
	});
});

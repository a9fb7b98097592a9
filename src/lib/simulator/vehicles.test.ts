import { beforeAll, describe, expect, it } from 'vitest';
import { countries, type Country } from './places';
import { loadVehicleMaker, type VehicleMaker } from './vehicles';

/** What a real plate of each country looks like, written from the countries' formats (not from the generator's patterns). */
const realPlates: Record<Country, RegExp> = {
	FR: /^[A-HJ-NP-TV-Z]{2}-\d{3}-[A-HJ-NP-TV-Z]{2}$/,
	DE: /^[A-Z]{1,3}-[A-Z]{1,2} [1-9]\d{0,3}$/,
	IT: /^[A-HJ-NPR-TV-Z]{2} \d{3}[A-HJ-NPR-TV-Z]{2}$/,
	ES: /^\d{4} [BCDFGHJKLMNPRSTVWXYZ]{3}$/,
	NL: /^[A-Z]{2}-\d{3}-[A-Z]$/,
	BE: /^1-[A-Z]{3}-\d{3}$/,
	AT: /^[A-Z]{1,2}-\d{3,5}[A-Z]$/,
	CH: /^(ZH|BE|GE|VD|BS) [1-9]\d{4,5}$/,
	PL: /^(WA|KR|PO|GD|WR) \d{4,5}$/,
	CZ: /^[1-9][A-Z]\d \d{4}$/,
	SE: /^[A-HJ-PR-UW-Z]{3} \d{2}[A-HJ-PR-UW-Z0-9]$/,
	DK: /^[A-Z]{2} \d{2} \d{3}$/,
	PT: /^[A-Z]{2}-\d{2}-[A-Z]{2}$/,
	GB: /^[A-Z]{2}\d{2} [A-Z]{3}$/
};

let vehicles: VehicleMaker;
beforeAll(async () => {
	vehicles = await loadVehicleMaker();
});

describe('simulated vehicles', () => {
	it('carry plates that read like the real ones of their country, never a pattern', () => {
		for (const country of Object.keys(countries) as Country[]) {
			for (let seed = 1; seed <= 200; seed++) {
				const { plate } = vehicles(seed, country).vehicle;
				expect(plate, `${country} seed ${seed}`).toMatch(realPlates[country]);
				expect(plate).not.toMatch(/[()|[\]{}]/);
			}
		}
	});
	it('are the same for the same seed', () => {
		expect(vehicles(7, 'CH')).toEqual(vehicles(7, 'CH'));
	});
});

import type { Feature, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { bordersIndex, countryAt } from './borders';
import { alpha2ByNumeric, alpha2Of } from './country-codes';

// Small made-up countries on a plain grid of degrees; the real borders are tested in
// src/lib/server/borders.test.ts.
const box = (w: number, s: number, e: number, n: number): Position[] => [
	[w, s],
	[e, s],
	[e, n],
	[w, n],
	[w, s]
];

function country(id: string | number | undefined, name: string | undefined, ...polygons: Position[][][]): Feature {
	return {
		type: 'Feature',
		id,
		properties: name === undefined ? null : { name },
		geometry:
			polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0] } : { type: 'MultiPolygon', coordinates: polygons }
	};
}

const index = (...features: Feature[]) => bordersIndex({ type: 'FeatureCollection', features });

const kmPerDegree = (6371.0088 * Math.PI) / 180;

describe('countryAt', () => {
	// A large country with two holes: one filled by an enclave, one (a lake) by nobody.
	const enclaves = index(
		country('380', 'Italy', [box(0, 0, 4, 4), box(1, 1, 2, 2), box(3, 0.5, 3.2, 0.6)]),
		country('674', 'San Marino', [box(1, 1, 2, 2)]),
		// Drawn over by its neighbour, which has no hole for it.
		country('426', 'Lesotho', [box(11, 1, 12, 2)]),
		country('710', 'South Africa', [box(10, 0, 14, 4)])
	);

	it('finds the country a position is in, with its alpha-2 code', () => {
		expect(countryAt(enclaves, { lat: 3, lon: 3 })).toEqual({ code: 'IT', name: 'Italy', how: 'inside', distanceKm: 0 });
	});

	it('puts an enclave in the enclave, whether the surrounding country has a hole for it or not', () => {
		expect(countryAt(enclaves, { lat: 1.5, lon: 1.5 })).toMatchObject({ code: 'SM', how: 'inside' });
		expect(countryAt(enclaves, { lat: 1.5, lon: 11.5 })).toMatchObject({ code: 'LS', how: 'inside' });
		expect(countryAt(enclaves, { lat: 3, lon: 13 })).toMatchObject({ code: 'ZA', how: 'inside' });
	});

	it('does not put a position in a hole that no country fills inside the country around it', () => {
		// The lake's nearest shores are 0.05° of latitude away.
		const at = countryAt(enclaves, { lat: 0.55, lon: 3.1 });
		expect(at).toMatchObject({ code: 'IT', how: 'near' });
		expect(at?.distanceKm).toBeCloseTo(0.05 * kmPerDegree, 1);
	});

	const coast = index(country('250', 'France', [box(0, 40, 1, 41)]), country('380', 'Italy', [box(1.3, 40, 2, 41)]));

	it('gives the nearest country within 20 km for a position just off a coast, and how far it is', () => {
		const at = countryAt(coast, { lat: 39.95, lon: 0.5 });
		expect(at).toMatchObject({ code: 'FR', name: 'France', how: 'near' });
		expect(at?.distanceKm).toBeCloseTo(0.05 * kmPerDegree, 1);
	});

	it('takes the nearer of two countries across a strait', () => {
		expect(countryAt(coast, { lat: 40.5, lon: 1.1 })).toMatchObject({ code: 'FR', how: 'near' });
		expect(countryAt(coast, { lat: 40.5, lon: 1.2 })).toMatchObject({ code: 'IT', how: 'near' });
	});

	it('finds no country in the sea farther than that, or than the distance asked', () => {
		expect(countryAt(coast, { lat: 39.7, lon: 0.5 })).toBeNull();
		expect(countryAt(coast, { lat: 39.95, lon: 0.5 }, 5)).toBeNull();
		expect(countryAt(coast, { lat: 39.7, lon: 0.5 }, 50)).toMatchObject({ code: 'FR', how: 'near' });
		expect(countryAt(coast, { lat: 39.95, lon: 0.5 }, 0)).toBeNull();
	});

	// An island across the antimeridian as topojson-client stitches it: its edges jump from 179° to −179°.
	const fiji = index(
		country('242', 'Fiji', [
			[
				[179, -17],
				[-179, -17],
				[-179, -16],
				[179, -16],
				[179, -17]
			]
		])
	);

	it('finds a position on either side of the antimeridian in an island across it', () => {
		expect(countryAt(fiji, { lat: -16.5, lon: 179.5 })).toMatchObject({ code: 'FJ', how: 'inside' });
		expect(countryAt(fiji, { lat: -16.5, lon: -179.5 })).toMatchObject({ code: 'FJ', how: 'inside' });
	});

	it('does not take the edges across the antimeridian for edges around the world', () => {
		for (const lon of [-178, -100, 0, 100, 178]) expect(countryAt(fiji, { lat: -16.5, lon })).toBeNull();
	});

	it('measures the distance to an island the short way round, across the antimeridian', () => {
		const at = countryAt(fiji, { lat: -16.5, lon: -178.9 });
		expect(at).toMatchObject({ code: 'FJ', how: 'near' });
		expect(at?.distanceKm).toBeCloseTo(0.1 * kmPerDegree * Math.cos((16.5 * Math.PI) / 180), 1);
		const eastOf180 = index(country('242', 'Fiji', [box(-180, -17, -179.5, -16)]));
		expect(countryAt(eastOf180, { lat: -16.5, lon: 179.9 })).toMatchObject({ code: 'FJ', how: 'near' });
	});

	// Antarctica as world-atlas has it: a coast ring around the pole from −180° to 180°, beside a
	// ring of no area along −89.999°.
	const antarctica = index(
		country('010', 'Antarctica', [
			[
				[-180, -89.999],
				[0, -89.999],
				[179, -89.999],
				[-180, -89.999]
			],
			[
				[-180, -70],
				[-90, -72],
				[0, -70],
				[90, -72],
				[179, -70],
				[-180, -70]
			]
		])
	);

	it('closes a ring around a pole over the pole', () => {
		for (const lat of [-71.5, -80, -89]) {
			expect(countryAt(antarctica, { lat, lon: 45 })).toMatchObject({ code: 'AQ', how: 'inside' });
		}
		expect(countryAt(antarctica, { lat: -60, lon: 45 })).toBeNull();
	});

	it('names territories without an id or alpha-2 code by name, Kosovo as XK', () => {
		const territories = index(
			country(undefined, 'Kosovo', [box(0, 0, 1, 1)]),
			country(undefined, 'N. Cyprus', [box(2, 0, 3, 1)]),
			country(40, undefined, [box(4, 0, 5, 1)])
		);
		expect(countryAt(territories, { lat: 0.5, lon: 0.5 })).toMatchObject({ code: 'XK', name: 'Kosovo' });
		expect(countryAt(territories, { lat: 0.5, lon: 2.5 })).toMatchObject({ code: null, name: 'N. Cyprus', how: 'inside' });
		expect(countryAt(territories, { lat: 0.5, lon: 4.5 })).toMatchObject({ code: 'AT', name: '40' });
	});

	it('ignores features other than polygons', () => {
		const point: Feature = { type: 'Feature', id: '756', properties: { name: 'Switzerland' }, geometry: { type: 'Point', coordinates: [0.5, 0.5] } };
		const points = index(point);
		expect(countryAt(points, { lat: 0.5, lon: 0.5 })).toBeNull();
	});
});

describe('alpha2Of', () => {
	it('maps every officially assigned ISO 3166-1 numeric code, each to its own alpha-2 code', () => {
		const entries = Object.entries(alpha2ByNumeric);
		expect(entries).toHaveLength(249);
		for (const [numeric, alpha2] of entries) {
			expect(numeric).toMatch(/^\d{3}$/);
			expect(alpha2).toMatch(/^[A-Z]{2}$/);
		}
		expect(new Set(entries.map(([, alpha2]) => alpha2)).size).toBe(249);
	});

	it('reads Natural Earth ids, with or without leading zeros', () => {
		expect(alpha2Of('756', 'Switzerland')).toBe('CH');
		expect(alpha2Of('040', 'Austria')).toBe('AT');
		expect(alpha2Of(40, 'Austria')).toBe('AT');
		expect(alpha2Of('578', 'Norway')).toBe('NO');
		expect(alpha2Of('826', 'United Kingdom')).toBe('GB');
		expect(alpha2Of('999', 'Nowhere')).toBeNull();
		expect(alpha2Of(undefined, 'Somaliland')).toBeNull();
	});
});

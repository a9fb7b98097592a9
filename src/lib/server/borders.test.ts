import { createRequire } from 'node:module';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { describe, expect, it } from 'vitest';
import { alpha2ByNumeric, alpha2Of, namesWithoutCode } from '../domain/country-codes';
import { countryOf, loadBorders } from './borders';

// Positions are real places; those near a border were checked against the 1:50m polygons, which
// are generalised by up to a kilometre or two (at 1:50m Ferney-Voltaire, in France, is in
// Switzerland), so each lies 1–3 km inside its country as drawn.
const inside: [string, number, number, string][] = [
	['Bern', 46.948, 7.4474, 'CH'],
	['Lyon', 45.764, 4.8357, 'FR'],
	['Warsaw', 52.2297, 21.0122, 'PL'],
	['Madrid', 40.4168, -3.7038, 'ES'],
	// Basel, where Switzerland, France and Germany meet.
	['Basel Minster', 47.5565, 7.5927, 'CH'],
	['Allschwil', 47.551, 7.536, 'CH'],
	['Saint-Louis', 47.59, 7.56, 'FR'],
	['Weil am Rhein-Haltingen', 47.61, 7.615, 'DE'],
	['Weil am Rhein-Altweil', 47.607, 7.628, 'DE'],
	// Geneva and the French towns around it.
	['Carouge', 46.181, 6.139, 'CH'],
	['Annemasse', 46.1934, 6.2342, 'FR'],
	// Enclaves: Italy and South Africa have holes for them.
	['San Marino', 43.9356, 12.4473, 'SM'],
	['Maseru', -29.31, 27.48, 'LS'],
	['Thaba-Tseka', -29.52, 28.61, 'LS'],
	['Rome, the Colosseum', 41.8902, 12.4922, 'IT'],
	// At 1:50m the Vatican is a square about a kilometre west of St Peter's.
	['the Vatican as drawn at 1:50m', 41.902, 12.434, 'VA'],
	['Pristina', 42.66, 21.16, 'XK'],
	// Across the antimeridian.
	['Taveuni, Fiji', -16.85, -179.97, 'FJ'],
	['Provideniya, Chukotka', 64.42, -173.23, 'RU'],
	['Wrangel Island, west of 180°', 71.3, 179.5, 'RU'],
	['Wrangel Island, east of 180°', 71.2, -179.5, 'RU'],
	['Antarctica, near the pole', -85, 0, 'AQ']
];

describe('countryOf', () => {
	it.each(inside)('puts %s in its country', (_, lat, lon, code) => {
		expect(countryOf({ lat, lon })).toMatchObject({ code, how: 'inside', distanceKm: 0 });
	});

	it('names a territory without an ISO code, with code null', () => {
		expect(countryOf({ lat: 35.2, lon: 33.6 })).toEqual({ code: null, name: 'N. Cyprus', how: 'inside', distanceKm: 0 });
		expect(countryOf({ lat: 9.56, lon: 44.06 })).toMatchObject({ code: null, name: 'Somaliland' });
	});

	it('gives the nearest country for a position just off a coast', () => {
		const offNice = countryOf({ lat: 43.65, lon: 7.28 });
		expect(offNice).toMatchObject({ code: 'FR', name: 'France', how: 'near' });
		expect(offNice?.distanceKm).toBeGreaterThan(3);
		expect(offNice?.distanceKm).toBeLessThan(8);
		// 8 km off Zandvoort.
		const offZandvoort = countryOf({ lat: 52.38, lon: 4.4 });
		expect(offZandvoort).toMatchObject({ code: 'NL', how: 'near' });
		expect(offZandvoort?.distanceKm).toBeGreaterThan(6);
		expect(offZandvoort?.distanceKm).toBeLessThan(10);
	});

	const atSea: [string, number, number][] = [
		['the middle of the Bay of Biscay', 45.5, -5],
		['the Mediterranean between Sardinia and Tunisia', 38.5, 9.5],
		['the middle of the Atlantic', 30, -40],
		// Along the latitudes where Chukotka's and Fiji's rings cross the antimeridian.
		['the Norwegian Sea', 67, -5],
		['the Greenland Sea', 71.3, 0],
		['the Pacific east of Fiji', -16.52, -100],
		['the Bering Sea', 60, -178]
	];

	it.each(atSea)('finds no country in %s', (_, lat, lon) => {
		expect(countryOf({ lat, lon })).toBeNull();
	});
});

describe('loadBorders', () => {
	it('builds the index once', () => {
		expect(loadBorders()).toBe(loadBorders());
	});
});

describe('the codes of the world-atlas countries', () => {
	const topology = createRequire(import.meta.url)('world-atlas/countries-50m.json') as Topology;
	const features = feature(topology, topology.objects.countries as GeometryCollection<{ name: string }>).features;

	it('has an alpha-2 code for every feature with an id', () => {
		const unknown = features.filter((f) => f.id !== undefined && !alpha2ByNumeric[String(f.id)]);
		expect(unknown.map((f) => `${f.id} ${f.properties.name}`)).toEqual([]);
	});

	it('knows every feature without an id: Kosovo, or one listed as without a code', () => {
		const withoutId = features.filter((f) => f.id === undefined).map((f) => f.properties.name);
		expect(withoutId.filter((name) => alpha2Of(undefined, name) === null).sort()).toEqual([...namesWithoutCode].sort());
		expect(withoutId).toContain('Kosovo');
	});
});

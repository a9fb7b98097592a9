// The country of a position, from the Natural Earth 1:50m countries that the basemap ships
// (`world-atlas`), read from the package on the server: nothing is downloaded at run time.
import { createRequire } from 'node:module';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { bordersIndex, countryAt, type BordersIndex, type CountryAt } from '../domain/borders';
import { CellMemo } from './cells';

export type { CountryAt };

let index: BordersIndex | undefined;
const countries = new CellMemo<CountryAt | null>();

function load(): BordersIndex {
	const topology = createRequire(import.meta.url)('world-atlas/countries-50m.json') as Topology;
	return bordersIndex(feature(topology, topology.objects.countries as GeometryCollection<{ name: string }>));
}

/** Builds the index (well under a second) at start-up, so that the first alarm does not wait for it. */
export function loadBorders(): BordersIndex {
	index ??= load();
	return index;
}

/**
 * The country the position is in, or the nearest within 20 km (just off a coast); null in the sea
 * farther from land.
 */
export function countryOf(position: { lat: number; lon: number }): CountryAt | null {
	return countries.get(position, (lat, lon) => countryAt(loadBorders(), { lat, lon }));
}

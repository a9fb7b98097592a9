// The offline basemap: Natural Earth's countries at 1:50m from `world-atlas`, shipped with the
// console as a static asset (about 740 kB, 230 kB gzipped), so the map works in an air-gapped room.
// 1:50m rather than 1:110m: at the zooms where a theft is followed (a town, a motorway), 110m
// coastlines are off by kilometres and small countries (Luxembourg, Monaco, Andorra) are missing;
// 1:10m (3.6 MB) is too heavy for a wall display's first load. Browser only (fetch).
import type { FeatureCollection } from 'geojson';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { feature } from 'topojson-client';
import countriesUrl from 'world-atlas/countries-50m.json?url';

export const basemapStyle = {
	/** The sea is the map container's background (var(--bg)); land is a shade lighter. */
	landFill: '#1b2430',
	border: '#4a5668'
} as const;

let cached: Promise<FeatureCollection> | null = null;

/** The countries as GeoJSON; fetched and converted once per page, shared by every map. */
export function loadCountries(fetchImpl: typeof fetch = fetch): Promise<FeatureCollection> {
	cached ??= (async () => {
		const response = await fetchImpl(countriesUrl);
		if (!response.ok) throw new Error(`basemap: HTTP ${response.status}`);
		const topology = (await response.json()) as Topology;
		return feature(topology, topology.objects.countries as GeometryCollection);
	})().catch((error: unknown) => {
		cached = null; // let a later map try again
		throw error;
	});
	return cached;
}

/**
 * Draws the offline countries under everything else once they are loaded; on failure markers and
 * tracks still work on the plain dark background. `gone` says the map was removed meanwhile.
 */
export async function addBasemap(lf: typeof import('leaflet'), map: import('leaflet').Map, pane: string, gone: () => boolean): Promise<void> {
	try {
		const countries = await loadCountries();
		if (gone()) return;
		lf.geoJSON(countries, {
			pane,
			interactive: false,
			attribution: 'Natural Earth',
			style: { color: basemapStyle.border, weight: 1, opacity: 1, fillColor: basemapStyle.landFill, fillOpacity: 1 }
		}).addTo(map);
	} catch (error) {
		console.error('The offline basemap could not be loaded', error);
	}
}

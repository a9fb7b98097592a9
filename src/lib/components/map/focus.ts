// Where the map goes when an incident is selected, as pure functions (no Leaflet): one place is
// shown at a street zoom, several (a crash's MSD and gateway positions, a theft's track) fitted together.
import type { LatLon } from './model';

/** Leaflet zoom 15: a few streets around, enough to tell a motorway from a side road. */
export const focusZoom = 15;

export type Focus = { center: LatLon } | { bounds: [southWest: LatLon, northEast: LatLon] };

/** Points closer than this (degrees, about a metre) are one place: fitting them would zoom to the maximum. */
const samePlaceDeg = 1e-5;

export function focusOf(points: Iterable<LatLon>): Focus | null {
	// A loop, not Math.min(...): a long theft's track holds more points than a call takes arguments.
	let south = Infinity;
	let north = -Infinity;
	let west = Infinity;
	let east = -Infinity;
	for (const { lat, lon } of points) {
		if (!Number.isFinite(lat) || !Number.isFinite(lon)) continue;
		south = Math.min(south, lat);
		north = Math.max(north, lat);
		west = Math.min(west, lon);
		east = Math.max(east, lon);
	}
	if (south > north) return null;
	if (north - south < samePlaceDeg && east - west < samePlaceDeg) return { center: { lat: (south + north) / 2, lon: (west + east) / 2 } };
	return { bounds: [{ lat: south, lon: west }, { lat: north, lon: east }] };
}

/** The keys with which Leaflet's keyboard handler pans and zooms a focused map. */
export const mapKeys: ReadonlySet<string> = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', '+', '=', '-', '_']);

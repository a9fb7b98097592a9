// The country of a position, from country borders as GeoJSON (Natural Earth's): the country the
// position is in, or else the nearest one within a few kilometres, for a position just off a coast
// (a coast road, a quay, a bridge) that coarse coastlines put in the sea. Borders at 1:50m are off by
// up to a kilometre or two, so next to a border the answer is a first guess for the operator.
import type { FeatureCollection, Geometry, Position } from 'geojson';
import { alpha2Of } from './country-codes';

export interface CountryAt {
	/** ISO 3166-1 alpha-2 ('CH'), or null for a territory without one (Northern Cyprus, Somaliland). */
	code: string | null;
	/** The name in the borders data (Natural Earth's short English name). */
	name: string;
	how: 'inside' | 'near';
	/** 0 inside; else to the country's nearest border or coast point, in km. */
	distanceKm: number;
}

/** Countries as GeoJSON: Polygon and MultiPolygon features with an ISO numeric id and a name. */
export type CountryFeatures = FeatureCollection<Geometry | null, { name?: string } | null>;

/** West, south, east, north in degrees; east may pass 180 for a ring across the antimeridian. */
type Box = [number, number, number, number];

interface Ring {
	box: Box;
	/** Longitude, latitude pairs, closed, with longitudes unwrapped so that no edge jumps 360°. */
	xy: Float64Array;
}

/** One polygon; a point is in it when it is in an odd number of its rings (holes included). */
interface Shape {
	box: Box;
	rings: Ring[];
	/** Of its largest ring, in square degrees: the smaller of two shapes that both hold a point is the enclave. */
	size: number;
}

interface Country {
	code: string | null;
	name: string;
	box: Box;
	shapes: Shape[];
}

export interface BordersIndex {
	readonly countries: readonly Country[];
}

const kmPerDegree = (6371.0088 * Math.PI) / 180;
// A ring unwrapped across the antimeridian holds a position at its longitude or 360° off it.
const shifts = [0, 360, -360];

export function bordersIndex(features: CountryFeatures): BordersIndex {
	const countries: Country[] = [];
	for (const f of features.features) {
		const g = f.geometry;
		if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) continue;
		const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
		const shapes = polygons.map(shape).filter((s) => s.rings.length > 0);
		if (shapes.length === 0) continue;
		const name = f.properties?.name ?? String(f.id ?? '');
		countries.push({ code: alpha2Of(f.id, name), name, box: union(shapes.map((s) => s.box)), shapes });
	}
	return { countries };
}

function shape(polygon: Position[][]): Shape {
	const rings = polygon.filter((r) => r.length >= 4).map(ring);
	return { box: union(rings.map((r) => r.box)), rings, size: Math.max(0, ...rings.map((r) => Math.abs(area(r.xy)))) };
}

function ring(positions: Position[]): Ring {
	const xy: number[] = [];
	let shift = 0;
	let previous = positions[0][0];
	let latSum = 0;
	for (const [lon, lat] of positions) {
		// An edge of more than 180° is one across the antimeridian (Fiji, Chukotka), not around the world.
		if (lon - previous > 180) shift -= 360;
		else if (previous - lon > 180) shift += 360;
		previous = lon;
		xy.push(lon + shift, lat);
		latSum += lat;
	}
	// A ring around a pole (Antarctica's coast) ends 360° from where it starts: close it over the pole.
	const start = xy[0];
	const end = xy[xy.length - 2];
	if (Math.abs(end - start) > 180) {
		const pole = latSum < 0 ? -90 : 90;
		xy.push(end, pole, start, pole, start, xy[1]);
	}
	const box: Box = [Infinity, Infinity, -Infinity, -Infinity];
	for (let i = 0; i < xy.length; i += 2) {
		box[0] = Math.min(box[0], xy[i]);
		box[1] = Math.min(box[1], xy[i + 1]);
		box[2] = Math.max(box[2], xy[i]);
		box[3] = Math.max(box[3], xy[i + 1]);
	}
	return { box, xy: Float64Array.from(xy) };
}

function union(boxes: Box[]): Box {
	const box: Box = [Infinity, Infinity, -Infinity, -Infinity];
	for (const b of boxes) {
		box[0] = Math.min(box[0], b[0]);
		box[1] = Math.min(box[1], b[1]);
		box[2] = Math.max(box[2], b[2]);
		box[3] = Math.max(box[3], b[3]);
	}
	return box;
}

function area(xy: Float64Array): number {
	let sum = 0;
	for (let i = 0; i + 3 < xy.length; i += 2) sum += xy[i] * xy[i + 3] - xy[i + 2] * xy[i + 1];
	return sum / 2;
}

/** Whether the box, widened by the margins, holds the point at one of its longitudes. */
function boxHolds(box: Box, lon: number, lat: number, marginLon = 0, marginLat = 0): boolean {
	if (lat < box[1] - marginLat || lat > box[3] + marginLat) return false;
	for (const shift of shifts) {
		const x = lon + shift;
		if (x >= box[0] - marginLon && x <= box[2] + marginLon) return true;
	}
	return false;
}

function ringHolds(ring: Ring, lon: number, lat: number): boolean {
	for (const shift of shifts) {
		const x = lon + shift;
		if (x < ring.box[0] || x > ring.box[2] || lat < ring.box[1] || lat > ring.box[3]) continue;
		if (rayCast(ring.xy, x, lat)) return true;
	}
	return false;
}

/** Even-odd ray casting towards the east. */
function rayCast(xy: Float64Array, x: number, y: number): boolean {
	let inside = false;
	for (let i = 0, j = xy.length - 2; i < xy.length; j = i, i += 2) {
		const xi = xy[i];
		const yi = xy[i + 1];
		const xj = xy[j];
		const yj = xy[j + 1];
		if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
	}
	return inside;
}

function shapeHolds(shape: Shape, lon: number, lat: number): boolean {
	if (!boxHolds(shape.box, lon, lat)) return false;
	let inside = false;
	for (const ring of shape.rings) if (ringHolds(ring, lon, lat)) inside = !inside;
	return inside;
}

/**
 * The country a position is in or, failing that, the nearest country within `nearKm` (the nearest
 * border or coast point, on a local flat projection: exact enough at that range). Null for a
 * position in the sea farther than that from any land.
 */
export function countryAt(index: BordersIndex, position: { lat: number; lon: number }, nearKm = 20): CountryAt | null {
	const { lat, lon } = position;
	let found: Country | undefined;
	let foundSize = Infinity;
	for (const country of index.countries) {
		if (!boxHolds(country.box, lon, lat)) continue;
		for (const s of country.shapes) {
			// Where two countries overlap (an enclave drawn without its hole), the smaller one wins.
			if (s.size < foundSize && shapeHolds(s, lon, lat)) {
				found = country;
				foundSize = s.size;
			}
		}
	}
	if (found) return { code: found.code, name: found.name, how: 'inside', distanceKm: 0 };
	return nearest(index, lat, lon, nearKm);
}

function nearest(index: BordersIndex, lat: number, lon: number, nearKm: number): CountryAt | null {
	if (!(nearKm > 0)) return null;
	const kmPerDegreeLon = kmPerDegree * Math.cos((lat * Math.PI) / 180);
	const marginLat = nearKm / kmPerDegree;
	// Near a pole a few km span every longitude.
	const marginLon = kmPerDegreeLon * 360 > nearKm ? Math.min(360, nearKm / kmPerDegreeLon) : 360;
	let best = nearKm;
	let found: Country | undefined;
	for (const country of index.countries) {
		if (!boxHolds(country.box, lon, lat, marginLon, marginLat)) continue;
		for (const s of country.shapes) {
			if (!boxHolds(s.box, lon, lat, marginLon, marginLat)) continue;
			for (const r of s.rings) {
				if (!boxHolds(r.box, lon, lat, marginLon, marginLat)) continue;
				const d = distanceToRingKm(r.xy, lon, lat, kmPerDegreeLon, best);
				if (d <= best) {
					best = d;
					found = country;
				}
			}
		}
	}
	return found ? { code: found.code, name: found.name, how: 'near', distanceKm: best } : null;
}

/** Distance from the point to the ring's edges, or Infinity when none is within `within` km. */
function distanceToRingKm(xy: Float64Array, lon: number, lat: number, kmPerDegreeLon: number, within: number): number {
	let best = Infinity;
	let r = within;
	let ax = wrap(xy[0] - lon) * kmPerDegreeLon;
	let ay = (xy[1] - lat) * kmPerDegree;
	for (let i = 2; i < xy.length; i += 2) {
		const bx = wrap(xy[i] - lon) * kmPerDegreeLon;
		const by = (xy[i + 1] - lat) * kmPerDegree;
		// Most edges lie wholly to one side, beyond the best distance so far: skip them cheaply.
		if (!((ax > r && bx > r) || (ax < -r && bx < -r) || (ay > r && by > r) || (ay < -r && by < -r))) {
			const d = distanceToSegment(ax, ay, bx, by);
			if (d < best) {
				best = d;
				r = Math.min(r, d);
			}
		}
		ax = bx;
		ay = by;
	}
	return best;
}

/** Longitude difference into −180..180, so that distances are taken the short way round. */
function wrap(d: number): number {
	return d - 360 * Math.round(d / 360);
}

/** Distance from the origin to the segment a–b on the plane. */
function distanceToSegment(ax: number, ay: number, bx: number, by: number): number {
	const dx = bx - ax;
	const dy = by - ay;
	const length2 = dx * dx + dy * dy;
	const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / length2));
	return Math.hypot(ax + t * dx, ay + t * dy);
}

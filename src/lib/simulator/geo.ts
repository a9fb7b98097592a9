// Flat-earth offsets in metres: exact enough over the few kilometres a city or a drive spans.
import type { Position } from './events';

const earthRadiusM = 6_371_000;
const radians = Math.PI / 180;

/** `p` moved `northM` metres north and `eastM` metres east. */
export function moved(p: Position, northM: number, eastM: number): Position {
	const lat = p.lat + northM / earthRadiusM / radians;
	const lon = p.lon + eastM / (earthRadiusM * Math.cos(p.lat * radians)) / radians;
	return { lat: round6(lat), lon: round6(lon) };
}

/** Metres north and east of `origin` to `p`. */
export function offset(origin: Position, p: Position): { northM: number; eastM: number } {
	return {
		northM: (p.lat - origin.lat) * radians * earthRadiusM,
		eastM: (p.lon - origin.lon) * radians * earthRadiusM * Math.cos(origin.lat * radians)
	};
}

/** `p` moved `distanceM` metres towards `headingDeg` (0 is north, 90 east). */
export function travelled(p: Position, headingDeg: number, distanceM: number): Position {
	return moved(p, distanceM * Math.cos(headingDeg * radians), distanceM * Math.sin(headingDeg * radians));
}

/** Six decimals are about 10 cm: as precise as a GNSS fix, and short on the wire. */
export const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

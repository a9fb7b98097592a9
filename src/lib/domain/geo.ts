// Geodesy helpers for track plausibility and maps.
const earthRadiusM = 6_371_008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine). */
export function distanceM(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
	const dLat = rad(b.lat - a.lat);
	const dLon = rad(b.lon - a.lon);
	const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
	return 2 * earthRadiusM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Speed in km/h needed to go from one fix to another. Two fixes at the same instant in different
 * places need an infinite speed; in the same place, none.
 */
export function impliedSpeedKmh(
	a: { lat: number; lon: number; fixAt: number },
	b: { lat: number; lon: number; fixAt: number }
): number {
	const metres = distanceM(a, b);
	const seconds = Math.abs(b.fixAt - a.fixAt) / 1000;
	if (seconds === 0) return metres < 1 ? 0 : Infinity;
	return (metres / seconds) * 3.6;
}

/** One coordinate in degrees, minutes and seconds to a tenth of a second: 46°56′53.2″N. */
function dms(value: number, positive: string, negative: string): string {
	const tenths = Math.round(Math.abs(value) * 36_000);
	const degrees = Math.floor(tenths / 36_000);
	const minutes = Math.floor((tenths % 36_000) / 600);
	const seconds = ((tenths % 600) / 10).toFixed(1).padStart(4, '0');
	return `${degrees}°${String(minutes).padStart(2, '0')}′${seconds}″${value < 0 ? negative : positive}`;
}

/** A position as emergency services' forms ask for it besides decimal degrees: 46°56′53.2″N 7°26′40.6″E. */
export function toDms(p: { lat: number; lon: number }): string {
	return `${dms(p.lat, 'N', 'S')} ${dms(p.lon, 'E', 'W')}`;
}

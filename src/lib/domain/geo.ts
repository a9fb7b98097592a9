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

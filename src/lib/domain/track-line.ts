// A theft's track as a screen's first picture needs it: the points that draw its line, in three
// columns, and the last fix whole. A line drawn through 1,000 fixes a second apart looks the same
// through a few dozen of them: points that lie within `toleranceM` of the line kept are left out
// (Douglas–Peucker), well inside a fix's own error (GPS: about 5 m). The selected incident's
// full track is one request away; this is what keeps the first load of a busy night small.
import type { FixView, TrackLine, TrackPoint } from './incident';

export const lineToleranceM = 3;

const metresPerDegree = 111_320;

/** The indices of the points to keep, first and last always among them. */
export function keptPoints(points: readonly TrackPoint[], toleranceM = lineToleranceM): number[] {
	const n = points.length;
	if (n <= 2) return points.map((_, i) => i);
	// Local flat metres around the first point: exact enough over a car's track for this purpose.
	const cosLat = Math.cos((points[0].lat * Math.PI) / 180);
	const x = (i: number) => points[i].lon * metresPerDegree * cosLat;
	const y = (i: number) => points[i].lat * metresPerDegree;
	const keep = new Uint8Array(n);
	keep[0] = keep[n - 1] = 1;
	// An explicit stack: a track of thousands of points must not recurse as deep.
	const stack: [number, number][] = [[0, n - 1]];
	const tolerance2 = toleranceM * toleranceM;
	while (stack.length > 0) {
		const [a, b] = stack.pop()!;
		const ax = x(a), ay = y(a);
		const dx = x(b) - ax, dy = y(b) - ay;
		const length2 = dx * dx + dy * dy;
		let worst = -1;
		let worstD2 = tolerance2;
		for (let i = a + 1; i < b; i++) {
			const px = x(i) - ax, py = y(i) - ay;
			const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, (px * dx + py * dy) / length2));
			const ex = px - t * dx, ey = py - t * dy;
			const d2 = ex * ex + ey * ey;
			if (d2 > worstD2) {
				worstD2 = d2;
				worst = i;
			}
		}
		if (worst === -1) continue;
		keep[worst] = 1;
		stack.push([a, worst], [worst, b]);
	}
	const kept: number[] = [];
	for (let i = 0; i < n; i++) if (keep[i]) kept.push(i);
	return kept;
}

/** The line of a track (points in fixAt order), with its last fix whole. */
export function trackLine(points: readonly TrackPoint[], last: FixView | null, toleranceM = lineToleranceM): TrackLine {
	const kept = keptPoints(points, toleranceM);
	return {
		fixAt: kept.map((i) => points[i].fixAt),
		lat: kept.map((i) => points[i].lat),
		lon: kept.map((i) => points[i].lon),
		last
	};
}

/** The line's points again, as a screen draws them; the last one is the whole last fix. */
export function linePoints(line: TrackLine): TrackPoint[] {
	const points: TrackPoint[] = line.fixAt.map((fixAt, i) => ({ fixAt, lat: line.lat[i], lon: line.lon[i] }));
	if (line.last && points.length > 0) points[points.length - 1] = line.last;
	return points;
}

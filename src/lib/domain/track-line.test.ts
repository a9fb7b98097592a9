import { describe, expect, it } from 'vitest';
import type { FixView } from './incident';
import { distanceM } from './geo';
import { keptPoints, lineToleranceM, linePoints, trackLine } from './track-line';

const fix = (i: number, lat: number, lon: number): FixView => ({
	fixAt: 1_000_000 + i * 1000,
	receivedAt: 1_000_400 + i * 1000,
	lat,
	lon,
	speedKmh: 50,
	headingDeg: 90,
	accuracyM: 6,
	flags: []
});

/** A car turning on a circle of about 660 m at 50 km/h, a fix a second (the bench's cars). */
function circle(n: number): FixView[] {
	const r = 660;
	const step = 13.9 / r;
	return Array.from({ length: n }, (_, i) => fix(i, 48.14 + (r * Math.sin(i * step)) / 111_320, 11.58 + (r * (1 - Math.cos(i * step))) / (111_320 * Math.cos((48.14 * Math.PI) / 180))));
}

/** Distance (m) from a point to the segment a–b, in the same flat metres as the simplification. */
function offLine(p: FixView, a: FixView, b: FixView): number {
	const k = Math.cos((a.lat * Math.PI) / 180) * 111_320;
	const [px, py, ax, ay, bx, by] = [p.lon * k, p.lat * 111_320, a.lon * k, a.lat * 111_320, b.lon * k, b.lat * 111_320];
	const dx = bx - ax, dy = by - ay;
	const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy || 1)));
	return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

describe('keptPoints', () => {
	it('keeps a track of two points or fewer whole', () => {
		expect(keptPoints([])).toEqual([]);
		expect(keptPoints([fix(0, 48, 11)])).toEqual([0]);
		expect(keptPoints([fix(0, 48, 11), fix(1, 48, 11)])).toEqual([0, 1]);
	});

	it('draws a straight drive with its two ends', () => {
		const straight = Array.from({ length: 500 }, (_, i) => fix(i, 48 + i * 0.0001, 11));
		expect(keptPoints(straight)).toEqual([0, 499]);
	});

	it('keeps every corner of a zigzag wider than the tolerance', () => {
		const zigzag = Array.from({ length: 20 }, (_, i) => fix(i, 48 + i * 0.0001, 11 + (i % 2) * 0.0005));
		expect(keptPoints(zigzag)).toHaveLength(20);
	});

	it('leaves out of a curve only points within the tolerance of the line kept, and many of them', () => {
		const fixes = circle(1000);
		const kept = keptPoints(fixes);
		expect(kept[0]).toBe(0);
		expect(kept.at(-1)).toBe(999);
		expect(kept.length).toBeLessThan(300);
		for (let k = 0; k + 1 < kept.length; k++) {
			for (let i = kept[k] + 1; i < kept[k + 1]; i++) {
				expect(offLine(fixes[i], fixes[kept[k]], fixes[kept[k + 1]])).toBeLessThanOrEqual(lineToleranceM + 1e-6);
			}
		}
	});

	it('keeps a car standing still as its first and last fix', () => {
		const still = Array.from({ length: 50 }, (_, i) => fix(i, 48.1, 11.5));
		expect(keptPoints(still)).toEqual([0, 49]);
	});
});

describe('trackLine and linePoints', () => {
	it('gives columns of the kept points and the last fix whole, and back the points in order', () => {
		const fixes = circle(400);
		const line = trackLine(fixes, fixes[399]);
		expect(line.fixAt.length).toBe(line.lat.length);
		expect(line.lon.length).toBe(line.lat.length);
		expect(line.last).toEqual(fixes[399]);
		const points = linePoints(line);
		expect(points.map((p) => p.fixAt)).toEqual(line.fixAt);
		expect(points.at(-1)).toBe(line.last);
		expect(distanceM(points[0], fixes[0])).toBe(0);
	});

	it('is empty for an empty track', () => {
		expect(trackLine([], null)).toEqual({ fixAt: [], lat: [], lon: [], last: null });
		expect(linePoints(trackLine([], null))).toEqual([]);
	});

	it('is far smaller in JSON than the fixes it draws', () => {
		const fixes = circle(1000);
		const ratio = JSON.stringify(trackLine(fixes, fixes[999])).length / JSON.stringify(fixes).length;
		expect(ratio).toBeLessThan(0.1);
	});
});

import { describe, expect, it } from 'vitest';
import { exampleIncident as incident } from '$lib/domain/examples';
import {
	colours,
	englishMapText,
	fixAgeMs,
	incidentPosition,
	markerKind,
	markerStyle,
	metresPerPixel,
	ringNeedsUpdate,
	tooltipLines,
	trackRanges,
	approachPath,
	trackStyle,
	uncertaintyRadiusM
} from './model';

const min = 60_000;

describe('uncertaintyRadiusM', () => {
	it('is the fix accuracy for a fresh fix', () => {
		expect(uncertaintyRadiusM(12, 0)).toBe(12);
	});
	it('uses 25 m when the fix gives no accuracy', () => {
		expect(uncertaintyRadiusM(null, 0)).toBe(25);
		expect(uncertaintyRadiusM(undefined, 0)).toBe(25);
		expect(uncertaintyRadiusM(0, 0)).toBe(25);
		expect(uncertaintyRadiusM(Number.NaN, 0)).toBe(25);
	});
	it('grows at 50 km/h with the age of the fix', () => {
		// 50 km/h for 72 s = 1000 m
		expect(uncertaintyRadiusM(25, 72_000)).toBeCloseTo(1025, 6);
		expect(uncertaintyRadiusM(10, 3 * min)).toBeCloseTo(10 + 2500, 6);
	});
	it('is capped at 20 km', () => {
		expect(uncertaintyRadiusM(25, 60 * min)).toBe(20_000);
		expect(uncertaintyRadiusM(25, 1e12)).toBe(20_000);
	});
	it('never shrinks below the accuracy, nor for a fix from the future', () => {
		expect(uncertaintyRadiusM(30_000, 10 * min)).toBe(30_000);
		expect(uncertaintyRadiusM(40, -5000)).toBe(40);
	});
	it('takes other assumptions', () => {
		expect(uncertaintyRadiusM(null, 36_000, { defaultAccuracyM: 50, maxSpeedKmh: 100, capM: 500 })).toBe(500);
	});
});

describe('fixAgeMs', () => {
	const now = 1_000_000;
	it('counts from the fix time of a fix sent late', () => {
		expect(fixAgeMs({ fixAt: now - 10 * min, receivedAt: now - 1 * min, flags: [] }, now)).toBe(10 * min);
	});
	it('counts from the receive time when the vehicle clock is ahead', () => {
		expect(fixAgeMs({ fixAt: now + 5 * min, receivedAt: now - 2000, flags: [] }, now)).toBe(2000);
	});
	it('counts from the receive time of a fix flagged clock_skew', () => {
		expect(fixAgeMs({ fixAt: now - 90 * min, receivedAt: now - 3000, flags: ['clock_skew'] }, now)).toBe(3000);
	});
	it('is never negative', () => {
		expect(fixAgeMs({ fixAt: now + 1, receivedAt: now + 1, flags: [] }, now)).toBe(0);
	});
});

describe('trackRanges', () => {
	const at = (times: number[]) => (i: number) => times[i];
	it('draws nothing under two fixes', () => {
		expect(trackRanges(0, at([]))).toEqual([null, null, null, null]);
		expect(trackRanges(1, at([0]))).toEqual([null, null, null, null]);
	});
	it('puts a short fresh track in the newest bucket only', () => {
		const t = [0, 10_000, 20_000];
		expect(trackRanges(3, at(t))).toEqual([null, null, null, [0, 2]]);
	});
	it('splits by age from the newest fix, neighbours sharing their boundary fix', () => {
		// ages from the newest: 40, 20, 5, 1, 0 min
		const newest = 100 * min;
		const t = [newest - 40 * min, newest - 20 * min, newest - 5 * min, newest - 1 * min, newest];
		expect(trackRanges(t.length, at(t))).toEqual([
			[0, 1], // 40 min, then to the first fix under 30 min
			[1, 2], // 20 min, then to the first under 10 min
			[2, 3], // 5 min, then to the first under 2 min
			[3, 4] // 1 min and the newest
		]);
	});
	it('moves the older lines only when the newest fix crosses a 30 s step: in between, only the newest line grows', () => {
		// A fix a second for 40 minutes, starting on a step.
		const t = Array.from({ length: 2400 }, (_, i) => 60 * min + i * 1000);
		const before = trackRanges(2000, at(t));
		const after = trackRanges(2001, at(t));
		const anchored = Math.floor(t[1999] / 30_000) === Math.floor(t[2000] / 30_000);
		expect(anchored).toBe(true);
		expect(after.slice(0, 3)).toEqual(before.slice(0, 3));
		expect(after[3]).toEqual([before[3]![0], 2000]);
		// Across a step, the boundaries move with it.
		const crossed = trackRanges(2011, at(t));
		expect(crossed[2]![0]).toBeGreaterThan(before[2]![0]);
	});
	it('leaves a bucket empty when no fix falls in it', () => {
		const newest = 100 * min;
		const t = [newest - 50 * min, newest - 45 * min, newest - 1 * min, newest];
		expect(trackRanges(t.length, at(t))).toEqual([[0, 2], null, null, [2, 3]]);
	});
	it('covers every fix once with contiguous ranges on a long track', () => {
		const t = Array.from({ length: 1000 }, (_, i) => i * 10_000); // one fix every 10 s
		const ranges = trackRanges(t.length, at(t)).filter((r): r is [number, number] => r !== null);
		expect(ranges[0][0]).toBe(0);
		expect(ranges[ranges.length - 1][1]).toBe(999);
		for (let k = 1; k < ranges.length; k++) expect(ranges[k][0]).toBe(ranges[k - 1][1]);
	});
	it('only moves when a new fix arrives (it does not depend on the clock)', () => {
		const t = [0, 60_000, 120_000];
		expect(trackRanges(3, at(t))).toEqual(trackRanges(3, at(t)));
	});
});

describe('styles', () => {
	it('draws airbags red and large, test calls grey and dashed, thefts amber', () => {
		const airbag = markerStyle('airbag', false, false);
		const test = markerStyle('testCall', false, false);
		const theft = markerStyle('theft', false, false);
		expect(airbag.fillColor).toBe(colours.airbag);
		expect(airbag.radius).toBeGreaterThan(theft.radius!);
		expect(airbag.weight).toBeGreaterThanOrEqual(4);
		expect(test.fillColor).toBe(colours.grey);
		expect(test.dashArray).toBeTruthy();
		expect(theft.fillColor).toBe(colours.theft);
		expect(theft.dashArray).toBeUndefined();
	});
	it('highlights the selected marker: light outline, thicker, larger', () => {
		const plain = markerStyle('theft', false, false);
		const selected = markerStyle('theft', true, false);
		expect(selected.color).toBe(colours.selected);
		expect(selected.weight).toBeGreaterThan(plain.weight);
		expect(selected.radius).toBeGreaterThan(plain.radius!);
	});
	it('draws a stale track grey and dashed, older parts fainter', () => {
		expect(trackStyle(3, true, false)).toMatchObject({ color: colours.grey, dashArray: '6 6' });
		expect(trackStyle(3, false, false)).toMatchObject({ color: colours.theft, dashArray: undefined });
		const opacities = [0, 1, 2, 3].map((k) => trackStyle(k, false, false).opacity);
		expect([...opacities].sort((a, b) => a - b)).toEqual(opacities);
		expect(opacities[0]).toBeLessThan(opacities[3]);
	});
	it('marks a stale theft marker with a grey dashed outline', () => {
		expect(markerStyle('theft', false, true)).toMatchObject({ color: colours.grey, fillColor: colours.theft });
	});
});

describe('metresPerPixel and ringNeedsUpdate', () => {
	it('is about 156 km per pixel at zoom 0 on the equator', () => {
		expect(metresPerPixel(0, 0)).toBeCloseTo(156_543, 0);
		expect(metresPerPixel(60, 10)).toBeCloseTo(156_543 / 1024 / 2, 0);
	});
	it('redraws a ring only when it changes by a pixel or more', () => {
		expect(ringNeedsUpdate(Number.NaN, 25, 10)).toBe(true);
		expect(ringNeedsUpdate(100, 105, 10)).toBe(false);
		expect(ringNeedsUpdate(100, 110, 10)).toBe(true);
	});
});

describe('markerKind and incidentPosition', () => {
	it('tells a test call from a real deployment', () => {
		expect(markerKind(incident({ details: { testCall: true } }))).toBe('testCall');
		expect(markerKind(incident({ details: { testCall: false } }))).toBe('airbag');
		expect(markerKind(incident({ type: 'theft' }))).toBe('theft');
	});
	it('draws at the last position, else the last fix, else nowhere', () => {
		expect(incidentPosition(incident({ lastPosition: { lat: 48, lon: 2, fixAt: 0 } }))).toEqual({ lat: 48, lon: 2 });
		const fix = { fixAt: 0, receivedAt: 0, lat: 45, lon: 5, speedKmh: null, headingDeg: null, accuracyM: null, flags: [] };
		expect(incidentPosition(incident({ type: 'theft' }), fix)).toEqual({ lat: 45, lon: 5 });
		expect(incidentPosition(incident({}))).toBeNull();
	});
});

describe('tooltipLines', () => {
	it('gives type, vehicle and VIN', () => {
		const lines = tooltipLines(
			incident({
				vehicle: {
					vin: 'VF1AAAAA123456789',
					model: 'Clio',
					modelYear: 2022,
					colour: 'blue',
					plate: 'AB-123-CD',
					ownerName: null,
					ownerPhone: null,
					ownerLanguage: null
				}
			}),
			englishMapText,
			0
		);
		expect(lines).toEqual(['Airbag deployment', 'AB-123-CD · Clio · blue', 'VF1AAAAA123456789']);
	});
	it('adds the age of a theft’s last fix', () => {
		const text = { ...englishMapText, age: (ms: number) => `${ms / 1000} seconds` };
		const lines = tooltipLines(incident({ type: 'theft', lastFixReceivedAt: 0 }), text, 192_000);
		expect(lines).toEqual(['Theft', 'Unknown vehicle', 'VF1AAAAA123456789', 'last fix 192 seconds ago']);
	});
	it('says a stale theft is stale', () => {
		const text = { ...englishMapText, age: (ms: number) => `${ms / 1000} seconds` };
		const lines = tooltipLines(incident({ type: 'theft', lastFixReceivedAt: 0 }), text, 192_000, true);
		expect(lines[3]).toBe('stale 192 seconds');
	});
});

describe('approachPath', () => {
	it('joins the recent positions, oldest first, to the crash', () => {
		const details = { recentPositions: [{ lat: 47.05, lon: 8.292 }, { lat: 47.05, lon: 8.284 }] };
		expect(approachPath(details, { lat: 47.05, lon: 8.3 })).toEqual([
			{ lat: 47.05, lon: 8.284 },
			{ lat: 47.05, lon: 8.292 },
			{ lat: 47.05, lon: 8.3 }
		]);
		// The incident's own list is left as it was.
		expect(details.recentPositions[0].lon).toBe(8.292);
	});
	it('is empty without recent positions', () => {
		expect(approachPath({}, { lat: 1, lon: 2 })).toEqual([]);
		expect(approachPath({ recentPositions: [] }, { lat: 1, lon: 2 })).toEqual([]);
	});
});

import { describe, expect, it } from 'vitest';
import { distanceM, impliedSpeedKmh, toDms } from './geo';

describe('distanceM', () => {
	it('measures Paris to Berlin as about 878 km', () => {
		expect(distanceM({ lat: 48.8566, lon: 2.3522 }, { lat: 52.52, lon: 13.405 }) / 1000).toBeCloseTo(878, -1);
	});
	it('is zero between a point and itself', () => {
		expect(distanceM({ lat: 48.1, lon: 11.5 }, { lat: 48.1, lon: 11.5 })).toBe(0);
	});
});

describe('impliedSpeedKmh', () => {
	it('gives 36 km/h for 10 m in one second', () => {
		const a = { lat: 48, lon: 11, fixAt: 0 };
		const b = { lat: 48 + 10 / 111_195, lon: 11, fixAt: 1000 };
		expect(impliedSpeedKmh(a, b)).toBeCloseTo(36, 0);
	});
	it('does not depend on the order of the fixes', () => {
		const a = { lat: 48, lon: 11, fixAt: 0 };
		const b = { lat: 48.01, lon: 11.01, fixAt: 60_000 };
		expect(impliedSpeedKmh(a, b)).toBe(impliedSpeedKmh(b, a));
	});
	it('is infinite for two places at the same instant, zero for one place', () => {
		expect(impliedSpeedKmh({ lat: 48, lon: 11, fixAt: 5 }, { lat: 48.1, lon: 11, fixAt: 5 })).toBe(Infinity);
		expect(impliedSpeedKmh({ lat: 48, lon: 11, fixAt: 5 }, { lat: 48, lon: 11, fixAt: 5 })).toBe(0);
	});
});

describe('toDms', () => {
	it('writes degrees, minutes and seconds with the hemisphere', () => {
		expect(toDms({ lat: 46.948056, lon: 7.447778 })).toBe('46°56′53.0″N 7°26′52.0″E');
		expect(toDms({ lat: -33.8688, lon: -70.6693 })).toBe('33°52′07.7″S 70°40′09.5″W');
	});
	it('carries rounded seconds into the minutes and degrees', () => {
		expect(toDms({ lat: 47.99999999, lon: 0 })).toBe('48°00′00.0″N 0°00′00.0″E');
	});
});

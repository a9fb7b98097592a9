import { describe, expect, it } from 'vitest';
import { decodeMsd } from './decode';
import { encodeMsd } from './encode';
import { msdFacts, msdFromFacts, type MsdFacts } from './facts';
import type { EcallMessage, MsdResult } from './types';
import { EN15722_2011_V1, LEGATO_V2, WELTOND_V2 } from './vectors';

function value(result: MsdResult): EcallMessage {
	if (!result.ok) throw new Error(result.fault.message);
	return result.value;
}

const MAS = 3_600_000;

describe('msdFacts', () => {
	it('reads the Legato example in plain terms, recent positions made absolute and chained', () => {
		const f = msdFacts(value(decodeMsd(LEGATO_V2)));
		const lat = 18859320 / MAS;
		const lon = 187996428 / MAS;
		expect(f).toEqual({
			version: 2,
			vin: 'ECALLEXAMPLE02013',
			automatic: true,
			testCall: false,
			positionTrusted: true,
			vehicleType: 'passengerVehicleClassM1',
			propulsion: ['gasoline'],
			timestamp: 1367878452000,
			position: { lat, lon },
			headingDeg: 90,
			// N1 is 10 × 100 mas east of the position, N2 30 × 100 mas east of N1
			recentPositions: [
				{ lat, lon: (187996428 + 1000) / MAS },
				{ lat, lon: (187996428 + 4000) / MAS }
			],
			passengers: 2,
			additionalData: null
		});
	});

	it('reads the weltond vehicle MSD: time in ms, no recent positions, the count as sent', () => {
		const f = msdFacts(value(decodeMsd(WELTOND_V2)));
		expect(f.timestamp).toBe(Date.UTC(2018, 4, 9, 15, 21, 59));
		expect(f.position?.lat).toBeCloseTo(42.293964, 6);
		expect(f.position?.lon).toBeCloseTo(-83.202449, 6);
		expect(f).toMatchObject({ vin: 'NM0LS7E74H1296908', automatic: false, headingDeg: 6, recentPositions: [], passengers: 255 });
	});

	it('keeps the storage types in order and gives additional data as OID and hex', () => {
		const f = msdFacts(value(decodeMsd(EN15722_2011_V1)));
		expect(f.propulsion).toEqual(['gasoline', 'electric']);
		expect(f.additionalData).toEqual({ oid: '1.2.125', data: '30304646' });
		expect(f.version).toBe(1);
	});

	it('gives null for the unknown heading and absent passengers, stops the chain at a missing N1', () => {
		const v = value(decodeMsd(LEGATO_V2));
		v.msd.msdStructure.vehicleDirection = 255;
		delete v.msd.msdStructure.numberOfPassengers;
		delete v.msd.msdStructure.recentVehicleLocationN1;
		const f = msdFacts(v);
		expect(f.headingDeg).toBeNull();
		expect(f.passengers).toBeNull();
		expect(f.recentPositions).toEqual([]);
	});

	it('gives no position, and so no recent positions, when the MSD marks either coordinate unknown', () => {
		const v = value(decodeMsd(LEGATO_V2));
		v.msd.msdStructure.vehicleLocation.positionLongitude = 2147483647;
		const f = msdFacts(value(decodeMsd(encodeMsd(v))));
		expect(f.position).toBeNull();
		expect(f.recentPositions).toEqual([]);
		expect(f.positionTrusted).toBe(true);
	});

	it('wraps a recent position across the antimeridian', () => {
		const v = value(decodeMsd(LEGATO_V2));
		v.msd.msdStructure.vehicleLocation.positionLongitude = 648_000_000 - 500;
		expect(msdFacts(v).recentPositions[0].lon).toBeCloseTo(-180 + 500 / MAS, 9);
	});
});

const crash: MsdFacts = {
	version: 2,
	vin: 'WVWZZZ1JZXW000001',
	automatic: true,
	testCall: false,
	positionTrusted: true,
	vehicleType: 'passengerVehicleClassM1',
	propulsion: ['diesel', 'electric'],
	timestamp: 1700000000123,
	position: { lat: 46.948, lon: 7.4474 },
	headingDeg: 91,
	recentPositions: [
		{ lat: 46.9479, lon: 7.4464 },
		{ lat: 46.9478, lon: 7.4454 }
	],
	passengers: 2,
	additionalData: { oid: '8.1', data: '0a0b' }
};

describe('msdFromFacts', () => {
	it('builds a version 2 MSD that reads back to the facts at the encoding resolution', () => {
		const v = msdFromFacts({ ...crash, messageIdentifier: 3 });
		expect(v.id).toBe(2);
		expect(v.msd.msdStructure.messageIdentifier).toBe(3);
		expect(v.msd.msdStructure.vehicleDirection).toBe(46);
		expect(v.msd.msdStructure.recentVehicleLocationN1).toEqual({ latitudeDelta: -4, longitudeDelta: -36 });
		const back = msdFacts(value(decodeMsd(encodeMsd(v))));
		expect(back.timestamp).toBe(1700000000000);
		expect(back.headingDeg).toBe(92);
		expect(back.position?.lat).toBeCloseTo(46.948, 6);
		expect(back.recentPositions[1].lon).toBeCloseTo(7.4454, 4);
		expect(back).toMatchObject({ vin: crash.vin, propulsion: crash.propulsion, passengers: 2, additionalData: crash.additionalData });
	});

	it('marks an unknown position with 2147483647 and refuses recent positions without one', () => {
		const v = msdFromFacts({ ...crash, position: null, recentPositions: [] });
		expect(v.msd.msdStructure.vehicleLocation).toEqual({ positionLatitude: 2147483647, positionLongitude: 2147483647 });
		expect(msdFacts(value(decodeMsd(encodeMsd(v)))).position).toBeNull();
		expect(() => msdFromFacts({ ...crash, position: null })).toThrow(RangeError);
	});

	it('leaves out what the facts do not know', () => {
		const s = msdFromFacts({ ...crash, headingDeg: null, passengers: null, recentPositions: [], additionalData: null, messageIdentifier: undefined });
		expect(s.msd.optionalAdditionalData).toBeUndefined();
		expect(s.msd.msdStructure).toMatchObject({ messageIdentifier: 1, vehicleDirection: 255 });
		expect(Object.keys(s.msd.msdStructure)).not.toContain('numberOfPassengers');
		expect(Object.keys(s.msd.msdStructure)).not.toContain('recentVehicleLocationN1');
	});

	it('throws a RangeError rather than clamp', () => {
		const bad: Partial<MsdFacts>[] = [
			{ version: 3 },
			{ vin: 'WVWZZZ1JZXW00000I' },
			{ vin: 'WVWZZZ1JZXW00001' },
			{ vehicleType: 'trailersClassO' },
			{ propulsion: ['steam' as 'other'] },
			{ position: { lat: 90.5, lon: 0 } },
			{ position: { lat: 0, lon: Number.NaN } },
			{ timestamp: -1000 },
			{ passengers: 256 },
			// 0.02° is 720 steps of 100 mas, a delta holds 511
			{ recentPositions: [{ lat: 46.968, lon: 7.4474 }] },
			{ recentPositions: [crash.recentPositions[0], { lat: 46.9478, lon: 7.47 }] },
			{ recentPositions: [...crash.recentPositions, crash.recentPositions[1]] },
			{ additionalData: { oid: 'x', data: '00' } },
			{ additionalData: { oid: '1', data: 'ABC' } }
		];
		for (const change of bad) expect(() => msdFromFacts({ ...crash, ...change })).toThrow(RangeError);
	});
});

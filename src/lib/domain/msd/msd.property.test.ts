import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from './bits';
import { decodeMsd } from './decode';
import { encodeMsd } from './encode';
import type { Propulsion } from '../gateway/schemas';
import { msdFacts, msdFromFacts, type LatLon, type MsdFacts } from './facts';
import {
	VEHICLE_TYPES_V2,
	VIN_ALPHABET,
	vehicleTypesOf,
	type EcallMessage,
	type MsdFaultKind,
	type MsdResult,
	type MsdVersion
} from './types';

const KINDS: MsdFaultKind[] = ['not_hex', 'odd_hex', 'truncated', 'bad_length', 'unknown_version', 'out_of_range', 'extension'];

/** Either a value that encodes back to itself, or one well-formed fault. */
function checkResult(result: MsdResult): void {
	if (result.ok) {
		expect(decodeMsd(encodeMsd(result.value))).toEqual(result);
	} else {
		expect(Object.keys(result).sort()).toEqual(['fault', 'ok']);
		expect(KINDS).toContain(result.fault.kind);
		expect(Number.isInteger(result.fault.bit) && result.fault.bit >= 0).toBe(true);
		expect(result.fault.field).not.toBe('');
		expect(result.fault.message).toContain(`at bit ${result.fault.bit}`);
	}
}

describe('decodeMsd on anything', () => {
	it('never throws on random octets', () => {
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: 160 }), (bytes) => checkResult(decodeMsd(toHex(bytes)))),
			{ numRuns: 2000 }
		);
	});

	it('never throws on random octets behind a known version and a length that fits', () => {
		// Gets past the header, so the structure itself meets the noise.
		const framed = fc.tuple(fc.constantFrom(1, 2, 3), fc.uint8Array({ minLength: 0, maxLength: 60 })).map(([id, body]) =>
			id === 1 ? Uint8Array.from([id, ...body]) : Uint8Array.from([id, body.length, ...body])
		);
		fc.assert(fc.property(framed, (bytes) => checkResult(decodeMsd(toHex(bytes)))), { numRuns: 3000 });
	});

	it('never throws on random text', () => {
		const hexish = fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF \nxg-') });
		fc.assert(fc.property(fc.oneof(fc.string(), hexish), (text) => checkResult(decodeMsd(text))), { numRuns: 1000 });
	});
});

const vinPart = (size: number) => fc.array(fc.constantFrom(...VIN_ALPHABET), { minLength: size, maxLength: size }).map((cs) => cs.join(''));
const delta = fc.record({ latitudeDelta: fc.integer({ min: -512, max: 511 }), longitudeDelta: fc.integer({ min: -512, max: 511 }) });
const oid = fc
	.array(fc.oneof(fc.integer({ min: 0, max: 127 }), fc.integer({ min: 0, max: 2 ** 40 })), { minLength: 1, maxLength: 4 })
	.map((arcs) => arcs.join('.'));
const additional = fc.record({ oid, data: fc.uint8Array({ maxLength: 24 }).map(toHex) });

function message(version: MsdVersion): fc.Arbitrary<EcallMessage> {
	const flags = {
		gasolineTankPresent: fc.boolean(),
		dieselTankPresent: fc.boolean(),
		compressedNaturalGas: fc.boolean(),
		liquidPropaneGas: fc.boolean(),
		electricEnergyStorage: fc.boolean(),
		hydrogenStorage: fc.boolean()
	};
	const structure = fc.record(
		{
			messageIdentifier: fc.integer({ min: 0, max: 255 }),
			control: fc.record({
				automaticActivation: fc.boolean(),
				testCall: fc.boolean(),
				positionCanBeTrusted: fc.boolean(),
				vehicleType: fc.constantFrom(...vehicleTypesOf(version))
			}),
			vehicleIdentificationNumber: fc.record({ isowmi: vinPart(3), isovds: vinPart(6), isovisModelyear: vinPart(1), isovisSeqPlant: vinPart(7) }),
			vehiclePropulsionStorageType: version === 1 ? fc.record(flags) : fc.record({ ...flags, otherStorage: fc.boolean() }),
			timestamp: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
			vehicleLocation: fc.record({
				positionLatitude: fc.oneof(fc.integer({ min: -324_000_000, max: 324_000_000 }), fc.constant(2147483647)),
				positionLongitude: fc.oneof(fc.integer({ min: -648_000_000, max: 648_000_000 }), fc.constant(2147483647))
			}),
			vehicleDirection: fc.oneof(fc.integer({ min: 0, max: 179 }), fc.constant(255)),
			recentVehicleLocationN1: delta,
			recentVehicleLocationN2: delta,
			numberOfPassengers: fc.integer({ min: 0, max: 255 })
		},
		{
			requiredKeys: [
				'messageIdentifier',
				'control',
				'vehicleIdentificationNumber',
				'vehiclePropulsionStorageType',
				'timestamp',
				'vehicleLocation',
				'vehicleDirection',
				...(version === 3 ? (['recentVehicleLocationN1', 'recentVehicleLocationN2'] as const) : [])
			]
		}
	);
	return fc
		.record({ msdStructure: structure, optionalAdditionalData: additional }, { requiredKeys: ['msdStructure'] })
		.map((msd) => ({ id: version, msd }));
}

describe('round trips', () => {
	it('decode(encode(v)) is v for every version 2 message', () => {
		fc.assert(
			fc.property(message(2), (v) => {
				expect(decodeMsd(encodeMsd(v))).toEqual({ ok: true, value: v });
			}),
			{ numRuns: 500 }
		);
	});

	it('decode(encode(v)) is v for versions 1 and 3 as well', () => {
		fc.assert(
			fc.property(fc.oneof(message(1), message(3)), (v) => {
				expect(decodeMsd(encodeMsd(v))).toEqual({ ok: true, value: v });
			}),
			{ numRuns: 300 }
		);
	});

	const PROPULSION: Propulsion[] = ['gasoline', 'diesel', 'cng', 'lpg', 'electric', 'hydrogen', 'other'];
	const wrap = (lon: number) => (lon > 180 ? lon - 360 : lon < -180 ? lon + 360 : lon);
	const near = (a: number, b: number, tolerance: number) => Math.abs(a - b) <= tolerance;
	const nearLon = (a: number, b: number, tolerance: number) => near(Math.abs(wrap(a - b)), 0, tolerance);

	const facts: fc.Arbitrary<MsdFacts> = fc
		.record({
			vin: vinPart(17),
			automatic: fc.boolean(),
			testCall: fc.boolean(),
			positionTrusted: fc.boolean(),
			vehicleType: fc.constantFrom(...VEHICLE_TYPES_V2),
			propulsion: fc.subarray(PROPULSION),
			timestamp: fc.integer({ min: 0, max: (2 ** 32 - 1) * 1000 }),
			position: fc.option(
				fc.record({
					lat: fc.double({ min: -89, max: 89, noNaN: true }),
					lon: fc.double({ min: -180, max: 180, noNaN: true })
				}),
				{ nil: null, freq: 10 }
			),
			headingDeg: fc.option(fc.double({ min: 0, max: 359.999, noNaN: true }), { nil: null }),
			// each recent position within 500 steps of 100 mas of the one before
			steps: fc.array(fc.tuple(fc.integer({ min: -50_000, max: 50_000 }), fc.integer({ min: -50_000, max: 50_000 })), { maxLength: 2 }),
			passengers: fc.option(fc.integer({ min: 0, max: 255 }), { nil: null }),
			additionalData: fc.option(additional, { nil: null })
		})
		.map(({ steps, ...f }) => {
			const recentPositions: LatLon[] = [];
			let at = f.position;
			for (const [dLat, dLon] of steps) {
				if (!at) break;
				at = { lat: at.lat + dLat / 3_600_000, lon: wrap(at.lon + dLon / 3_600_000) };
				recentPositions.push(at);
			}
			return { version: 2, ...f, recentPositions };
		});

	it('msdFacts(msdFromFacts(f)) matches f to the resolution of the encoding', () => {
		fc.assert(
			fc.property(facts, (f) => {
				const back = msdFacts(value(encodeMsd(msdFromFacts(f))));
				expect({ ...back, timestamp: 0, position: null, headingDeg: 0, recentPositions: [] }).toEqual({
					...f,
					timestamp: 0,
					position: null,
					headingDeg: 0,
					recentPositions: []
				});
				expect(f.timestamp - back.timestamp).toBeGreaterThanOrEqual(0);
				expect(f.timestamp - back.timestamp).toBeLessThan(1000);
				const mas = 1 / 3_600_000;
				if (f.position === null || back.position === null) {
					expect(back.position).toBe(f.position);
				} else {
					expect(near(back.position.lat, f.position.lat, 0.5 * mas + 1e-9)).toBe(true);
					expect(nearLon(back.position.lon, f.position.lon, 0.5 * mas + 1e-9)).toBe(true);
				}
				if (f.headingDeg === null) expect(back.headingDeg).toBeNull();
				else expect(near(Math.abs(((back.headingDeg ?? NaN) - f.headingDeg + 540) % 360 - 180), 0, 1 + 1e-9)).toBe(true);
				expect(back.recentPositions).toHaveLength(f.recentPositions.length);
				back.recentPositions.forEach((p, i) => {
					// 100 mas steps, each relative to the one before as encoded, so the error does not add up
					expect(near(p.lat, f.recentPositions[i].lat, 51 * mas)).toBe(true);
					expect(nearLon(p.lon, f.recentPositions[i].lon, 51 * mas)).toBe(true);
				});
			}),
			{ numRuns: 500 }
		);
	});
});

function value(hex: string): EcallMessage {
	const result = decodeMsd(hex);
	if (!result.ok) throw new Error(result.fault.message);
	return result.value;
}

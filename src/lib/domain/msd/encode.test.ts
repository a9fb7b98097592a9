import { describe, expect, it } from 'vitest';
import { decodeMsd } from './decode';
import { encodeMsd } from './encode';
import type { EcallMessage, MsdResult } from './types';
import { EN15722_2011_V1, LEGATO_V2, TELAF_V2, WELTOND_V2 } from './vectors';

function value(result: MsdResult): EcallMessage {
	if (!result.ok) throw new Error(result.fault.message);
	return result.value;
}

/** A fresh copy of a decoded vector, to change one thing in. */
const sample = (hex = WELTOND_V2) => structuredClone(value(decodeMsd(hex)));

describe('encodeMsd', () => {
	it('gives back the very octets of the vectors that leave DEFAULT flags out', () => {
		expect(encodeMsd(value(decodeMsd(WELTOND_V2)))).toBe(WELTOND_V2);
		expect(encodeMsd(value(decodeMsd(EN15722_2011_V1)))).toBe(EN15722_2011_V1.toLowerCase());
	});

	it('writes the vectors that spell out every flag more shortly, to the same value', () => {
		for (const hex of [LEGATO_V2, TELAF_V2]) {
			const v = value(decodeMsd(hex));
			const again = encodeMsd(v);
			expect(again.length).toBeLessThan(hex.length);
			expect(again.slice(0, 4)).toBe('0224');
			expect(value(decodeMsd(again))).toEqual(v);
		}
	});

	it('uses the two-octet length when the message passes 127 octets', () => {
		const v = sample();
		v.msd.optionalAdditionalData = { oid: '8.1', data: 'ab'.repeat(100) };
		const hex = encodeMsd(v);
		// 245 bits of the vehicle's MSD + 24 of OID + 808 of data: 135 octets, 10 then 14 bits of length
		expect(hex.slice(2, 6)).toBe('8087');
		expect(value(decodeMsd(hex))).toEqual(v);
	});

	it('refuses what the decoder would refuse, with a RangeError', () => {
		const cases: ((v: EcallMessage) => void)[] = [
			(v) => ((v as { id: number }).id = 4),
			(v) => (v.msd.msdStructure.vehicleLocation.positionLatitude = 324_000_001),
			(v) => (v.msd.msdStructure.vehicleLocation.positionLongitude = -648_000_001),
			(v) => (v.msd.msdStructure.vehicleDirection = 180),
			(v) => (v.msd.msdStructure.messageIdentifier = 256),
			(v) => (v.msd.msdStructure.timestamp = -1),
			(v) => (v.msd.msdStructure.vehicleIdentificationNumber.isowmi = 'NMI'),
			(v) => (v.msd.msdStructure.vehicleIdentificationNumber.isovds = 'LS7E7'),
			(v) => (v.msd.msdStructure.control.vehicleType = 'trailersClassO'),
			(v) => (v.msd.msdStructure.recentVehicleLocationN1 = { latitudeDelta: 512, longitudeDelta: 0 }),
			(v) => (v.msd.optionalAdditionalData = { oid: '8.', data: '00' }),
			(v) => (v.msd.optionalAdditionalData = { oid: '8.1', data: 'abc' }),
			(v) => (v.msd.optionalAdditionalData = { oid: '8.1', data: '00'.repeat(120) }),
			(v) => {
				v.id = 3;
				delete v.msd.msdStructure.recentVehicleLocationN1;
			},
			(v) => {
				v.id = 1;
				v.msd.msdStructure.vehiclePropulsionStorageType.otherStorage = true;
			}
		];
		for (const change of cases) {
			const v = sample();
			change(v);
			expect(() => encodeMsd(v)).toThrow(RangeError);
		}
	});

	it('writes version 3 vehicle types in 5 bits', () => {
		const v = sample(TELAF_V2);
		v.id = 3;
		v.msd.msdStructure.control.vehicleType = 'otherVehicleClass';
		expect(value(decodeMsd(encodeMsd(v)))).toEqual(v);
	});
});

/**
 * Decoder of the eCall Minimum Set of Data (EN 15722) from ASN.1 unaligned PER (UPER).
 *
 * Reads versions 1 (EN 15722:2011), 2 (EN 15722:2015) and 3 (EN 15722:2020) of the MSD and
 * returns the value in the ASN.1 JSON Encoding Rules form (ITU-T X.697) with the module's field
 * names, or a fault naming what went wrong and at which bit. It never throws, whatever the input.
 *
 * Hand-written because there is no maintained JavaScript UPER decoder, and the MSD is a fixed
 * structure of a few dozen fields: a bounds-checked bit reader (bits.ts) is all it needs.
 *
 * The versions differ in:
 * - v1: ECallMessage ::= SEQUENCE { id, msd MSDMessage } — the message follows the id directly;
 *   six propulsion flags.
 * - v2: msd is an OCTET STRING (CONTAINING MSDMessage), so a length in octets comes first; the
 *   propulsion flags gain otherStorage.
 * - v3: as v2, but recentVehicleLocationN1 and N2 are mandatory and VehicleType has 23 root values
 *   (5 bits instead of 4).
 * The later modules name the first field msdVersion; the value keeps the name `id` for every
 * version, as the 2011 module and the console's JSON do.
 *
 * Range rules beyond the UPER constraints, from EN 15722: latitude within ±324000000 mas (90°),
 * longitude within ±648000000 mas (180°), 2147483647 meaning unknown; vehicleDirection 0..179
 * (2° steps) or 255 for unknown. Anything else is `out_of_range`.
 *
 * Length and padding rules:
 * - Inside a v2/v3 msd octet string the MSDMessage must end in its last octet: at most 7 unused
 *   bits, all zero. More unused bits, or set ones, mean the length does not add up: `bad_length`.
 *   Running out of the octet string before the message ends is `bad_length` too.
 * - A declared octet string longer than the input is `truncated`.
 * - After the message, the input may go on with zero bits only: UPER pads to a whole octet, and
 *   in-band modems hand over the MSD in a zero-filled 140-octet frame. A set bit there, or an input
 *   over 140 octets, is `bad_length`.
 * - A fault leaves nothing of the partial value: the result is the fault alone.
 */

import { BitReader, parseHex, toHex } from './bits';
import {
	DIRECTION_UNKNOWN,
	MAX_DELTA,
	MAX_DIRECTION,
	MAX_LATITUDE_MAS,
	MAX_LONGITUDE_MAS,
	MAX_MSD_OCTETS,
	MIN_DELTA,
	POSITION_UNKNOWN,
	VIN_ALPHABET,
	vehicleTypesOf,
	type AdditionalData,
	type MsdMessage,
	type MsdResult,
	type MsdStructure,
	type MsdVersion,
	type VehicleLocationDelta,
	type VehiclePropulsionStorageType
} from './types';

export type { MsdFault, MsdResult, EcallMessage } from './types';

export function decodeMsd(hex: string): MsdResult {
	const parsed = parseHex(hex);
	if (!parsed.ok) return parsed;
	const bytes = parsed.bytes;
	const r = BitReader.over(bytes);

	const id = r.bits(8, 'id');
	if (r.fault) return { ok: false, fault: r.fault };
	if (id !== 1 && id !== 2 && id !== 3) {
		return {
			ok: false,
			fault: { kind: 'unknown_version', bit: 0, field: 'id', message: `unknown MSD version ${id} at bit 0 reading id` }
		};
	}
	const version: MsdVersion = id;

	let msd: MsdMessage;
	if (version === 1) {
		msd = readMessage(r, version);
	} else {
		const lengthAt = r.position;
		const octets = r.length('msd');
		if (!r.fault && octets * 8 > r.remaining) {
			const end = bytes.length * 8;
			r.fail(
				'truncated',
				end,
				'msd',
				`truncated at bit ${end} reading msd: the length at bit ${lengthAt} declares ${octets} octets, ${Math.floor(r.remaining / 8)} remain`
			);
		}
		const inner = r.contained(octets * 8, `the msd octet string (${octets} octets)`);
		msd = readMessage(inner, version);
		if (!inner.fault) {
			const unused = inner.remaining;
			if (unused >= 8) {
				inner.fail(
					'bad_length',
					inner.position,
					'msd',
					`bad length at bit ${inner.position}: the msd octet string declares ${octets} octets but the message ends ${Math.floor(unused / 8)} octets early`
				);
			} else if (inner.firstSetBit() >= 0) {
				const at = inner.firstSetBit();
				inner.fail('bad_length', at, 'msd', `bad length at bit ${at}: the padding at the end of the msd octet string is not zero`);
			}
		}
	}

	if (!r.fault) {
		const stray = r.firstSetBit();
		if (stray >= 0) {
			r.fail('bad_length', stray, 'padding', `bad length at bit ${stray}: the message ends at bit ${r.position}, but what follows is not zero padding`);
		} else if (bytes.length > MAX_MSD_OCTETS) {
			r.fail('bad_length', MAX_MSD_OCTETS * 8, 'padding', `bad length at bit ${MAX_MSD_OCTETS * 8}: ${bytes.length} octets, more than the ${MAX_MSD_OCTETS} of an MSD`);
		}
	}

	if (r.fault) return { ok: false, fault: r.fault };
	return { ok: true, value: { id: version, msd } };
}

/** MSDMessage ::= SEQUENCE { msdStructure, optionalAdditionalData OPTIONAL, ... } */
function readMessage(r: BitReader, version: MsdVersion): MsdMessage {
	r.extension('msd');
	const hasAdditional = r.bool('optionalAdditionalData');
	const msdStructure = readStructure(r, version);
	const message: MsdMessage = { msdStructure };
	if (hasAdditional) message.optionalAdditionalData = readAdditional(r);
	return message;
}

function readStructure(r: BitReader, version: MsdVersion): MsdStructure {
	r.extension('msdStructure');
	// Version 3 made both recent locations mandatory, leaving one OPTIONAL component.
	const [hasN1, hasN2, hasPassengers] =
		version === 3
			? [true, true, ...r.presence(['numberOfPassengers'])]
			: r.presence(['recentVehicleLocationN1', 'recentVehicleLocationN2', 'numberOfPassengers']);

	const messageIdentifier = r.bits(8, 'messageIdentifier');
	const automaticActivation = r.bool('control.automaticActivation');
	const testCall = r.bool('control.testCall');
	const positionCanBeTrusted = r.bool('control.positionCanBeTrusted');
	const vehicleType = r.enumerated(vehicleTypesOf(version), true, 'control.vehicleType');

	const vehicleIdentificationNumber = {
		isowmi: r.restricted(VIN_ALPHABET, 3, 'vehicleIdentificationNumber.isowmi'),
		isovds: r.restricted(VIN_ALPHABET, 6, 'vehicleIdentificationNumber.isovds'),
		isovisModelyear: r.restricted(VIN_ALPHABET, 1, 'vehicleIdentificationNumber.isovisModelyear'),
		isovisSeqPlant: r.restricted(VIN_ALPHABET, 7, 'vehicleIdentificationNumber.isovisSeqPlant')
	};

	const vehiclePropulsionStorageType = readPropulsion(r, version);
	const timestamp = r.bits(32, 'timestamp');
	const positionLatitude = readCoordinate(r, MAX_LATITUDE_MAS, 'vehicleLocation.positionLatitude');
	const positionLongitude = readCoordinate(r, MAX_LONGITUDE_MAS, 'vehicleLocation.positionLongitude');

	const directionAt = r.position;
	const vehicleDirection = r.bits(8, 'vehicleDirection');
	if (vehicleDirection > MAX_DIRECTION && vehicleDirection !== DIRECTION_UNKNOWN) {
		r.fail(
			'out_of_range',
			directionAt,
			'vehicleDirection',
			`vehicleDirection out of range at bit ${directionAt}: ${vehicleDirection} is neither 0..${MAX_DIRECTION} nor ${DIRECTION_UNKNOWN}`
		);
	}

	const structure: MsdStructure = {
		messageIdentifier,
		control: { automaticActivation, testCall, positionCanBeTrusted, vehicleType },
		vehicleIdentificationNumber,
		vehiclePropulsionStorageType,
		timestamp,
		vehicleLocation: { positionLatitude, positionLongitude },
		vehicleDirection
	};
	if (hasN1) structure.recentVehicleLocationN1 = readDelta(r, 'recentVehicleLocationN1');
	if (hasN2) structure.recentVehicleLocationN2 = readDelta(r, 'recentVehicleLocationN2');
	if (hasPassengers) structure.numberOfPassengers = r.bits(8, 'numberOfPassengers');
	return structure;
}

const PROPULSION_FLAGS = [
	'gasolineTankPresent',
	'dieselTankPresent',
	'compressedNaturalGas',
	'liquidPropaneGas',
	'electricEnergyStorage',
	'hydrogenStorage',
	'otherStorage'
] as const;

/** An extensible SEQUENCE of BOOLEAN DEFAULT FALSE: presence bits, then the values present. */
function readPropulsion(r: BitReader, version: MsdVersion): VehiclePropulsionStorageType {
	const names = version === 1 ? PROPULSION_FLAGS.slice(0, 6) : PROPULSION_FLAGS;
	r.extension('vehiclePropulsionStorageType');
	const present = r.presence(names.map((name) => `vehiclePropulsionStorageType.${name}`));
	const flags: VehiclePropulsionStorageType = {
		gasolineTankPresent: false,
		dieselTankPresent: false,
		compressedNaturalGas: false,
		liquidPropaneGas: false,
		electricEnergyStorage: false,
		hydrogenStorage: false
	};
	names.forEach((name, i) => {
		flags[name] = present[i] ? r.bool(`vehiclePropulsionStorageType.${name}`) : false;
	});
	return flags;
}

/** INTEGER (-2147483648..2147483647), meaningful within ±max or as the unknown marker. */
function readCoordinate(r: BitReader, max: number, field: string): number {
	const at = r.position;
	const value = r.bits(32, field) - 2 ** 31;
	if (Math.abs(value) > max && value !== POSITION_UNKNOWN) {
		r.fail('out_of_range', at, field, `${field} out of range at bit ${at}: ${value} mas is beyond ±${max} and not ${POSITION_UNKNOWN} (unknown)`);
	}
	return value;
}

function readDelta(r: BitReader, field: string): VehicleLocationDelta {
	return {
		latitudeDelta: r.constrained(MIN_DELTA, MAX_DELTA, `${field}.latitudeDelta`),
		longitudeDelta: r.constrained(MIN_DELTA, MAX_DELTA, `${field}.longitudeDelta`)
	};
}

/** AdditionalData ::= SEQUENCE { oid RELATIVE-OID, data OCTET STRING } */
function readAdditional(r: BitReader): AdditionalData {
	const oid = r.relativeOid('optionalAdditionalData.oid');
	const data = toHex(r.octets('optionalAdditionalData.data'));
	return { oid, data };
}

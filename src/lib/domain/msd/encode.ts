// Encoder of the MSD into UPER hex, the mirror of decode.ts. Its input is the program's own, so a
// value the decoder would refuse throws a RangeError instead of producing a bad MSD.

import { BitWriter, toHex } from './bits';
import {
	DIRECTION_UNKNOWN,
	MAX_DELTA,
	MAX_DIRECTION,
	MAX_LATITUDE_MAS,
	MAX_LONGITUDE_MAS,
	MAX_MSD_OCTETS,
	MIN_DELTA,
	MSD_VERSIONS,
	POSITION_UNKNOWN,
	VIN_ALPHABET,
	vehicleTypesOf,
	type EcallMessage,
	type MsdMessage,
	type MsdVersion,
	type VehicleLocationDelta,
	type VehiclePropulsionStorageType
} from './types';

export function encodeMsd(value: EcallMessage): string {
	const version = value.id;
	if (!MSD_VERSIONS.includes(version)) throw new RangeError(`id: unknown MSD version ${version}`);
	const w = new BitWriter();
	w.bits(version, 8, 'id');
	if (version === 1) {
		writeMessage(w, value.msd, version);
	} else {
		const inner = new BitWriter();
		writeMessage(inner, value.msd, version);
		w.octets(inner.toBytes(), 'msd');
	}
	const bytes = w.toBytes();
	if (bytes.length > MAX_MSD_OCTETS) {
		throw new RangeError(`msd: ${bytes.length} octets, more than the ${MAX_MSD_OCTETS} of an MSD`);
	}
	return toHex(bytes);
}

function writeMessage(w: BitWriter, msd: MsdMessage, version: MsdVersion): void {
	const s = msd.msdStructure;
	const additional = msd.optionalAdditionalData;
	w.extension();
	w.bool(additional !== undefined);

	w.extension();
	if (version === 3) {
		if (!s.recentVehicleLocationN1 || !s.recentVehicleLocationN2) {
			throw new RangeError('recentVehicleLocationN1 and N2 are mandatory in MSD version 3');
		}
	} else {
		w.bool(s.recentVehicleLocationN1 !== undefined);
		w.bool(s.recentVehicleLocationN2 !== undefined);
	}
	w.bool(s.numberOfPassengers !== undefined);

	w.constrained(s.messageIdentifier, 0, 255, 'messageIdentifier');
	w.bool(s.control.automaticActivation);
	w.bool(s.control.testCall);
	w.bool(s.control.positionCanBeTrusted);
	w.enumerated(s.control.vehicleType, vehicleTypesOf(version), true, 'control.vehicleType');

	const vin = s.vehicleIdentificationNumber;
	w.restricted(vin.isowmi, VIN_ALPHABET, 3, 'vehicleIdentificationNumber.isowmi');
	w.restricted(vin.isovds, VIN_ALPHABET, 6, 'vehicleIdentificationNumber.isovds');
	w.restricted(vin.isovisModelyear, VIN_ALPHABET, 1, 'vehicleIdentificationNumber.isovisModelyear');
	w.restricted(vin.isovisSeqPlant, VIN_ALPHABET, 7, 'vehicleIdentificationNumber.isovisSeqPlant');

	writePropulsion(w, s.vehiclePropulsionStorageType, version);
	w.constrained(s.timestamp, 0, 2 ** 32 - 1, 'timestamp');
	writeCoordinate(w, s.vehicleLocation.positionLatitude, MAX_LATITUDE_MAS, 'vehicleLocation.positionLatitude');
	writeCoordinate(w, s.vehicleLocation.positionLongitude, MAX_LONGITUDE_MAS, 'vehicleLocation.positionLongitude');

	const direction = s.vehicleDirection;
	if (!(Number.isInteger(direction) && ((direction >= 0 && direction <= MAX_DIRECTION) || direction === DIRECTION_UNKNOWN))) {
		throw new RangeError(`vehicleDirection: ${direction} is neither 0..${MAX_DIRECTION} nor ${DIRECTION_UNKNOWN}`);
	}
	w.bits(direction, 8, 'vehicleDirection');

	if (s.recentVehicleLocationN1) writeDelta(w, s.recentVehicleLocationN1, 'recentVehicleLocationN1');
	if (s.recentVehicleLocationN2) writeDelta(w, s.recentVehicleLocationN2, 'recentVehicleLocationN2');
	if (s.numberOfPassengers !== undefined) w.constrained(s.numberOfPassengers, 0, 255, 'numberOfPassengers');

	if (additional) {
		if (!/^([0-9a-fA-F]{2})*$/.test(additional.data)) {
			throw new RangeError(`optionalAdditionalData.data: "${additional.data}" is not hex octets`);
		}
		w.relativeOid(additional.oid, 'optionalAdditionalData.oid');
		const data = Uint8Array.from(additional.data.match(/../g) ?? [], (pair) => parseInt(pair, 16));
		w.octets(data, 'optionalAdditionalData.data');
	}
}

/** DEFAULT FALSE flags are left out when false, as canonical PER does. */
function writePropulsion(w: BitWriter, flags: VehiclePropulsionStorageType, version: MsdVersion): void {
	const values = [
		flags.gasolineTankPresent,
		flags.dieselTankPresent,
		flags.compressedNaturalGas,
		flags.liquidPropaneGas,
		flags.electricEnergyStorage,
		flags.hydrogenStorage
	];
	if (version === 1) {
		if (flags.otherStorage) throw new RangeError('vehiclePropulsionStorageType.otherStorage does not exist in MSD version 1');
	} else {
		values.push(flags.otherStorage ?? false);
	}
	w.extension();
	for (const v of values) w.bool(v);
	for (const v of values) if (v) w.bool(true);
}

function writeCoordinate(w: BitWriter, mas: number, max: number, field: string): void {
	if (!Number.isInteger(mas) || (Math.abs(mas) > max && mas !== POSITION_UNKNOWN)) {
		throw new RangeError(`${field}: ${mas} mas is beyond ±${max} and not ${POSITION_UNKNOWN} (unknown)`);
	}
	w.bits(mas + 2 ** 31, 32, field);
}

function writeDelta(w: BitWriter, delta: VehicleLocationDelta, field: string): void {
	w.constrained(delta.latitudeDelta, MIN_DELTA, MAX_DELTA, `${field}.latitudeDelta`);
	w.constrained(delta.longitudeDelta, MIN_DELTA, MAX_DELTA, `${field}.longitudeDelta`);
}

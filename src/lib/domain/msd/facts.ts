// The console's plain reading of a decoded MSD, and its inverse for the simulator.
import type { Propulsion } from '../gateway/schemas';
import {
	DELTA_UNIT_MAS,
	DIRECTION_UNKNOWN,
	MAX_DELTA,
	MAX_MSD_OCTETS,
	MIN_DELTA,
	POSITION_UNKNOWN,
	VEHICLE_TYPES_V2,
	VIN_ALPHABET,
	type EcallMessage,
	type MsdStructure,
	type VehicleLocationDelta,
	type VehiclePropulsionStorageType,
	type VehicleType
} from './types';

export interface LatLon {
	lat: number;
	lon: number;
}

export interface MsdFacts {
	version: number;
	/** The 17 characters joined. */
	vin: string;
	automatic: boolean;
	testCall: boolean;
	positionTrusted: boolean;
	/** The enumeration name. */
	vehicleType: string;
	/** In this order, from the storage type flags. */
	propulsion: Propulsion[];
	/** Milliseconds since the epoch (the MSD counts seconds, UTC). */
	timestamp: number;
	/** Degrees from milliarcseconds; null when the MSD marks it unknown (2147483647). */
	position: LatLon | null;
	/** Degrees from north in 2° steps; null for the "unknown" value. */
	headingDeg: number | null;
	/** Absolute, newest first: N1 relative to the current position, N2 relative to N1. */
	recentPositions: LatLon[];
	passengers: number | null;
	additionalData: { oid: string; data: string } | null;
}

const MAS_PER_DEGREE = 3_600_000;
const FULL_TURN_MAS = 360 * MAS_PER_DEGREE;

const PROPULSION: [keyof VehiclePropulsionStorageType, Propulsion][] = [
	['gasolineTankPresent', 'gasoline'],
	['dieselTankPresent', 'diesel'],
	['compressedNaturalGas', 'cng'],
	['liquidPropaneGas', 'lpg'],
	['electricEnergyStorage', 'electric'],
	['hydrogenStorage', 'hydrogen'],
	['otherStorage', 'other']
];

/** Longitude back into -180°..180° after a delta crosses the antimeridian. */
function wrapLonMas(mas: number): number {
	if (mas > FULL_TURN_MAS / 2) return mas - FULL_TURN_MAS;
	if (mas < -FULL_TURN_MAS / 2) return mas + FULL_TURN_MAS;
	return mas;
}

function toDegrees(latMas: number, lonMas: number): LatLon {
	return { lat: latMas / MAS_PER_DEGREE, lon: lonMas / MAS_PER_DEGREE };
}

export function msdFacts(value: EcallMessage): MsdFacts {
	const s = value.msd.msdStructure;
	const vin = s.vehicleIdentificationNumber;
	const { positionLatitude: lat, positionLongitude: lon } = s.vehicleLocation;
	const known = lat !== POSITION_UNKNOWN && lon !== POSITION_UNKNOWN;

	// Each recent position builds on the one before: without a position, or without N1, there is no base.
	const recentPositions: LatLon[] = [];
	let baseLat = lat;
	let baseLon = lon;
	for (const delta of known ? [s.recentVehicleLocationN1, s.recentVehicleLocationN2] : []) {
		if (!delta) break;
		baseLat += delta.latitudeDelta * DELTA_UNIT_MAS;
		baseLon = wrapLonMas(baseLon + delta.longitudeDelta * DELTA_UNIT_MAS);
		recentPositions.push(toDegrees(baseLat, baseLon));
	}

	const additional = value.msd.optionalAdditionalData;
	return {
		version: value.id,
		vin: vin.isowmi + vin.isovds + vin.isovisModelyear + vin.isovisSeqPlant,
		automatic: s.control.automaticActivation,
		testCall: s.control.testCall,
		positionTrusted: s.control.positionCanBeTrusted,
		vehicleType: s.control.vehicleType,
		propulsion: PROPULSION.filter(([flag]) => s.vehiclePropulsionStorageType[flag] === true).map(([, name]) => name),
		timestamp: s.timestamp * 1000,
		position: known ? toDegrees(lat, lon) : null,
		headingDeg: s.vehicleDirection === DIRECTION_UNKNOWN ? null : s.vehicleDirection * 2,
		recentPositions,
		passengers: s.numberOfPassengers ?? null,
		additionalData: additional ? { oid: additional.oid, data: additional.data } : null
	};
}

function checkFinite(value: number, field: string): void {
	if (!Number.isFinite(value)) throw new RangeError(`${field}: ${value} is not a number`);
}

/** Delta of one recent position from its base, in 100 mas units; too far is an error, never clamped. */
function deltaFrom(baseLat: number, baseLon: number, point: LatLon, field: string): VehicleLocationDelta {
	checkFinite(point.lat, `${field}.lat`);
	checkFinite(point.lon, `${field}.lon`);
	const latitudeDelta = Math.round((point.lat * MAS_PER_DEGREE - baseLat) / DELTA_UNIT_MAS);
	const longitudeDelta = Math.round(wrapLonMas(point.lon * MAS_PER_DEGREE - baseLon) / DELTA_UNIT_MAS);
	for (const [name, d] of [
		['latitude', latitudeDelta],
		['longitude', longitudeDelta]
	] as const) {
		if (d < MIN_DELTA || d > MAX_DELTA) {
			throw new RangeError(
				`${field}: ${name} is ${d * DELTA_UNIT_MAS} mas from the position before, beyond the ${MIN_DELTA * DELTA_UNIT_MAS}..${MAX_DELTA * DELTA_UNIT_MAS} a delta can carry`
			);
		}
	}
	return { latitudeDelta, longitudeDelta };
}

/**
 * An MSD version 2 saying these facts, rounded to the encoding's resolution (1 mas, 100 mas for
 * recent positions, 2° of heading, 1 s). Values it cannot say throw a RangeError.
 */
export function msdFromFacts(facts: MsdFacts & { messageIdentifier?: number }): EcallMessage {
	if (facts.version !== 2) throw new RangeError(`version: ${facts.version}, only MSD version 2 is built`);

	const vin = facts.vin;
	if (vin.length !== 17 || [...vin].some((ch) => !VIN_ALPHABET.includes(ch))) {
		throw new RangeError(`vin: "${vin}" is not 17 characters of ${VIN_ALPHABET}`);
	}
	if (!(VEHICLE_TYPES_V2 as readonly string[]).includes(facts.vehicleType)) {
		throw new RangeError(`vehicleType: ${facts.vehicleType} is not a version 2 vehicle type`);
	}

	for (const name of facts.propulsion) {
		if (!PROPULSION.some(([, known]) => known === name)) throw new RangeError(`propulsion: ${name} is unknown`);
	}
	const has = (name: Propulsion) => facts.propulsion.includes(name);
	const propulsion: VehiclePropulsionStorageType = {
		gasolineTankPresent: has('gasoline'),
		dieselTankPresent: has('diesel'),
		compressedNaturalGas: has('cng'),
		liquidPropaneGas: has('lpg'),
		electricEnergyStorage: has('electric'),
		hydrogenStorage: has('hydrogen'),
		otherStorage: has('other')
	};

	checkFinite(facts.timestamp, 'timestamp');
	const timestamp = Math.floor(facts.timestamp / 1000);
	if (timestamp < 0 || timestamp > 2 ** 32 - 1) throw new RangeError(`timestamp: ${facts.timestamp} is outside what the MSD counts`);

	let latMas = POSITION_UNKNOWN;
	let lonMas = POSITION_UNKNOWN;
	if (facts.position) {
		const { lat, lon } = facts.position;
		checkFinite(lat, 'position.lat');
		checkFinite(lon, 'position.lon');
		if (Math.abs(lat) > 90) throw new RangeError(`position.lat: ${lat} is beyond ±90°`);
		if (Math.abs(lon) > 180) throw new RangeError(`position.lon: ${lon} is beyond ±180°`);
		latMas = Math.round(lat * MAS_PER_DEGREE);
		lonMas = Math.round(lon * MAS_PER_DEGREE);
	}

	let vehicleDirection = DIRECTION_UNKNOWN;
	if (facts.headingDeg !== null) {
		checkFinite(facts.headingDeg, 'headingDeg');
		const turned = ((facts.headingDeg % 360) + 360) % 360;
		vehicleDirection = Math.round(turned / 2) % 180;
	}

	const structure: MsdStructure = {
		messageIdentifier: facts.messageIdentifier ?? 1,
		control: {
			automaticActivation: facts.automatic,
			testCall: facts.testCall,
			positionCanBeTrusted: facts.positionTrusted,
			vehicleType: facts.vehicleType as VehicleType
		},
		vehicleIdentificationNumber: {
			isowmi: vin.slice(0, 3),
			isovds: vin.slice(3, 9),
			isovisModelyear: vin.slice(9, 10),
			isovisSeqPlant: vin.slice(10, 17)
		},
		vehiclePropulsionStorageType: propulsion,
		timestamp,
		vehicleLocation: { positionLatitude: latMas, positionLongitude: lonMas },
		vehicleDirection
	};
	if (!Number.isInteger(structure.messageIdentifier) || structure.messageIdentifier < 0 || structure.messageIdentifier > 255) {
		throw new RangeError(`messageIdentifier: ${structure.messageIdentifier} is outside 0..255`);
	}

	if (facts.recentPositions.length > 2) throw new RangeError('recentPositions: an MSD carries two at most');
	if (facts.recentPositions.length > 0 && !facts.position) {
		throw new RangeError('recentPositions: they need a known position to be relative to');
	}
	// N2 is relative to N1 as encoded, so rounding does not add up along the track.
	let baseLat = latMas;
	let baseLon = lonMas;
	const deltas = facts.recentPositions.map((point, i) => {
		const delta = deltaFrom(baseLat, baseLon, point, `recentPositions[${i}]`);
		baseLat += delta.latitudeDelta * DELTA_UNIT_MAS;
		baseLon = wrapLonMas(baseLon + delta.longitudeDelta * DELTA_UNIT_MAS);
		return delta;
	});
	if (deltas[0]) structure.recentVehicleLocationN1 = deltas[0];
	if (deltas[1]) structure.recentVehicleLocationN2 = deltas[1];

	if (facts.passengers !== null) {
		if (!Number.isInteger(facts.passengers) || facts.passengers < 0 || facts.passengers > 255) {
			throw new RangeError(`passengers: ${facts.passengers} is outside 0..255`);
		}
		structure.numberOfPassengers = facts.passengers;
	}

	const message: EcallMessage = { id: 2, msd: { msdStructure: structure } };
	if (facts.additionalData) {
		const { oid, data } = facts.additionalData;
		if (!/^\d+(\.\d+)*$/.test(oid)) throw new RangeError(`additionalData.oid: "${oid}" is not a RELATIVE-OID`);
		if (!/^([0-9a-f]{2})*$/.test(data) || data.length / 2 > MAX_MSD_OCTETS) {
			throw new RangeError(`additionalData.data: "${data}" is not lowercase hex octets`);
		}
		message.msd.optionalAdditionalData = { oid, data };
	}
	return message;
}

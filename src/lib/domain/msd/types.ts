// The eCall Minimum Set of Data (EN 15722) as values in the ASN.1 JSON Encoding Rules form
// (ITU-T X.697): the module's field names, integers as encoded, enumerations by name,
// octet strings as lowercase hex, RELATIVE-OID as dotted arcs, absent OPTIONAL fields omitted.

/** The three published MSD formats: EN 15722:2011 (1), :2015 (2), :2020 (3). */
export type MsdVersion = 1 | 2 | 3;

export const MSD_VERSIONS: readonly MsdVersion[] = [1, 2, 3];

/** VehicleType of versions 1 and 2, in the order of the enumeration (the UPER index). */
export const VEHICLE_TYPES_V2 = [
	'passengerVehicleClassM1',
	'busesAndCoachesClassM2',
	'busesAndCoachesClassM3',
	'lightCommercialVehiclesClassN1',
	'heavyDutyVehiclesClassN2',
	'heavyDutyVehiclesClassN3',
	'motorcyclesClassL1e',
	'motorcyclesClassL2e',
	'motorcyclesClassL3e',
	'motorcyclesClassL4e',
	'motorcyclesClassL5e',
	'motorcyclesClassL6e',
	'motorcyclesClassL7e'
] as const;

/**
 * Version 3 appends ten classes to the root of the enumeration, so its index takes 5 bits. The
 * identifiers follow the classes of EN 15722:2020 as Qualcomm's telux lists them (ECallVehicleType).
 */
export const VEHICLE_TYPES_V3 = [
	...VEHICLE_TYPES_V2,
	'trailersClassO',
	'agriVehiclesClassR',
	'agriVehiclesClassS',
	'agriVehiclesClassT',
	'offRoadVehiclesG',
	'specialPurposeMotorCaravanClassSA',
	'specialPurposeArmouredVehicleClassSB',
	'specialPurposeAmbulanceClassSC',
	'specialPurposeHearseClassSD',
	'otherVehicleClass'
] as const;

export type VehicleType = (typeof VEHICLE_TYPES_V3)[number];

export function vehicleTypesOf(version: MsdVersion): readonly VehicleType[] {
	return version === 3 ? VEHICLE_TYPES_V3 : VEHICLE_TYPES_V2;
}

/** PermittedAlphabet of every VIN part: ISO 3779 characters, without I, O and Q. */
export const VIN_ALPHABET = '0123456789ABCDEFGHJKLMNPRSTUVWXYZ';

/** EN 15722's "invalid or unknown" value of either coordinate. */
export const POSITION_UNKNOWN = 2147483647;
/** Largest meaningful latitude and longitude, in milliarcseconds (90° and 180°). */
export const MAX_LATITUDE_MAS = 324_000_000;
export const MAX_LONGITUDE_MAS = 648_000_000;
/** vehicleDirection counts 2° steps: 0..179 are headings, 255 is unknown. */
export const DIRECTION_UNKNOWN = 255;
export const MAX_DIRECTION = 179;
/** One unit of latitudeDelta / longitudeDelta, in milliarcseconds. */
export const DELTA_UNIT_MAS = 100;
export const MIN_DELTA = -512;
export const MAX_DELTA = 511;
/** The in-band modem carries at most 140 octets. */
export const MAX_MSD_OCTETS = 140;

export interface ControlType {
	automaticActivation: boolean;
	testCall: boolean;
	positionCanBeTrusted: boolean;
	vehicleType: VehicleType;
}

export interface VehicleIdentificationNumber {
	isowmi: string;
	isovds: string;
	isovisModelyear: string;
	isovisSeqPlant: string;
}

/** Every flag is DEFAULT FALSE; the decoder always spells them out. otherStorage exists from version 2. */
export interface VehiclePropulsionStorageType {
	gasolineTankPresent: boolean;
	dieselTankPresent: boolean;
	compressedNaturalGas: boolean;
	liquidPropaneGas: boolean;
	electricEnergyStorage: boolean;
	hydrogenStorage: boolean;
	otherStorage?: boolean;
}

/** Milliarcseconds, or POSITION_UNKNOWN. */
export interface VehicleLocation {
	positionLatitude: number;
	positionLongitude: number;
}

/** Units of 100 milliarcseconds. */
export interface VehicleLocationDelta {
	latitudeDelta: number;
	longitudeDelta: number;
}

export interface AdditionalData {
	/** RELATIVE-OID, dotted arcs such as "8.1". */
	oid: string;
	/** OCTET STRING as lowercase hex. */
	data: string;
}

export interface MsdStructure {
	messageIdentifier: number;
	control: ControlType;
	vehicleIdentificationNumber: VehicleIdentificationNumber;
	vehiclePropulsionStorageType: VehiclePropulsionStorageType;
	/** Seconds since 1970-01-01 UTC. */
	timestamp: number;
	vehicleLocation: VehicleLocation;
	vehicleDirection: number;
	/** OPTIONAL in versions 1 and 2, mandatory in version 3. */
	recentVehicleLocationN1?: VehicleLocationDelta;
	recentVehicleLocationN2?: VehicleLocationDelta;
	numberOfPassengers?: number;
}

export interface MsdMessage {
	msdStructure: MsdStructure;
	optionalAdditionalData?: AdditionalData;
}

/**
 * The top level. In version 1 `msd` is the MSDMessage itself; from version 2 it is an
 * OCTET STRING (CONTAINING MSDMessage), which JER writes as the contained value.
 */
export interface EcallMessage {
	id: MsdVersion;
	msd: MsdMessage;
}

export type MsdFaultKind =
	| 'not_hex'
	| 'odd_hex'
	| 'truncated'
	| 'bad_length'
	| 'unknown_version'
	| 'out_of_range'
	| 'extension';

export interface MsdFault {
	kind: MsdFaultKind;
	/** Bit offset from the start of the message where the fault was found. */
	bit: number;
	/** Field path, relative to msdStructure for its members ("vehicleLocation.positionLongitude"). */
	field: string;
	/** English, naming what and at which bit. */
	message: string;
}

export type MsdResult = { ok: true; value: EcallMessage } | { ok: false; fault: MsdFault };

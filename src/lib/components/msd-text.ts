// The eCall MSD in words (docs/ecall.md, "Using it"), in the reader's language: one list of
// label and value, shown on the incident, the log's incident page and the hand-off sheet, and
// copied as text from the sheet.
import type { Propulsion } from '$lib/domain/gateway/schemas';
import type { MsdFacts } from '$lib/domain/msd/facts';
import type { VehicleType } from '$lib/domain/msd/types';
import { m } from '$lib/paraglide/messages';

export const propulsionText: Record<Propulsion, () => string> = {
	gasoline: m.prop_gasoline,
	diesel: m.prop_diesel,
	cng: m.prop_cng,
	lpg: m.prop_lpg,
	electric: m.prop_electric,
	hydrogen: m.prop_hydrogen,
	other: m.prop_other
};

/** Energy stores in words; "none" for an empty list. */
export const propulsionWords = (stores: readonly Propulsion[]): string => stores.map((p) => propulsionText[p]()).join(', ') || m.none();

type Words = (inputs: { class: string }) => string;
/** EN 15722's vehicle classes in words, with the UN ECE class the emergency services know them by. */
const vehicleTypes: Record<VehicleType, [Words, string]> = {
	passengerVehicleClassM1: [m.vt_passenger, 'M1'],
	busesAndCoachesClassM2: [m.vt_bus, 'M2'],
	busesAndCoachesClassM3: [m.vt_bus, 'M3'],
	lightCommercialVehiclesClassN1: [m.vt_light_commercial, 'N1'],
	heavyDutyVehiclesClassN2: [m.vt_heavy, 'N2'],
	heavyDutyVehiclesClassN3: [m.vt_heavy, 'N3'],
	motorcyclesClassL1e: [m.vt_motorcycle, 'L1e'],
	motorcyclesClassL2e: [m.vt_motorcycle, 'L2e'],
	motorcyclesClassL3e: [m.vt_motorcycle, 'L3e'],
	motorcyclesClassL4e: [m.vt_motorcycle, 'L4e'],
	motorcyclesClassL5e: [m.vt_motorcycle, 'L5e'],
	motorcyclesClassL6e: [m.vt_motorcycle, 'L6e'],
	motorcyclesClassL7e: [m.vt_motorcycle, 'L7e'],
	trailersClassO: [m.vt_trailer, 'O'],
	agriVehiclesClassR: [m.vt_agricultural, 'R'],
	agriVehiclesClassS: [m.vt_agricultural, 'S'],
	agriVehiclesClassT: [m.vt_agricultural, 'T'],
	offRoadVehiclesG: [m.vt_off_road, 'G'],
	specialPurposeMotorCaravanClassSA: [m.vt_motor_caravan, 'SA'],
	specialPurposeArmouredVehicleClassSB: [m.vt_armoured, 'SB'],
	specialPurposeAmbulanceClassSC: [m.vt_ambulance, 'SC'],
	specialPurposeHearseClassSD: [m.vt_hearse, 'SD'],
	otherVehicleClass: [m.vt_other, '']
};

export function vehicleTypeWords(name: string): string {
	if (!Object.hasOwn(vehicleTypes, name)) return m.vt_other();
	const [words, code] = vehicleTypes[name as VehicleType];
	return words({ class: code });
}

/** The heading of the MSD's section: "eCall data (MSD) · MSD version 2". */
export const msdHeading = (msd: MsdFacts) => `${m.msd_title()} · ${m.msd_version({ version: msd.version })}`;

export const positionText = (p: { lat: number; lon: number }) => `${p.lat.toFixed(5)}, ${p.lon.toFixed(5)}`;

/** The MSD as label and value pairs; `time` writes the vehicle's time in the SOC's zone. */
export function msdRows(msd: MsdFacts, time: (ms: number) => string): [string, string][] {
	const rows: [string, string][] = [
		[m.msd_call(), msd.testCall ? m.test_call() : m.msd_emergency_call()],
		[m.msd_activation(), msd.automatic ? m.automatic() : m.manual()],
		[m.msd_vehicle_type(), vehicleTypeWords(msd.vehicleType)],
		['VIN', msd.vin],
		[m.energy(), propulsionWords(msd.propulsion)],
		[m.msd_time(), time(msd.timestamp)],
		[
			m.msd_position(),
			msd.position ? `${positionText(msd.position)} · ${msd.positionTrusted ? m.msd_trusted() : m.msd_not_trusted()}` : m.unknown_place()
		],
		[m.msd_direction(), msd.headingDeg === null ? m.unknown() : m.msd_direction_value({ degrees: msd.headingDeg })]
	];
	const [n1, n2] = msd.recentPositions;
	if (n1) rows.push([m.msd_recent_1(), positionText(n1)]);
	if (n2) rows.push([m.msd_recent_2(), positionText(n2)]);
	rows.push([m.msd_occupants(), msd.passengers === null ? m.unknown() : String(msd.passengers)]);
	if (msd.additionalData) rows.push([m.msd_additional(), m.msd_additional_value(msd.additionalData)]);
	return rows;
}

// The eCall MSD in words (docs/ecall.md, "Using it"), in the reader's language: one list of
// label and value, shown on the incident, the log's incident page and the hand-off sheet, and
// copied as text from the sheet.
import type { Propulsion } from '$lib/domain/gateway/schemas';
import type { MsdFacts } from '$lib/domain/msd/facts';
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

/**
 * EN 15722's vehicle classes ("passengerVehicleClassM1", "motorcyclesClassL3e") in words, with the
 * UN ECE class the emergency services know them by.
 */
export function vehicleTypeWords(name: string): string {
	const match = /^(.*)Class([A-Za-z0-9]+)$/.exec(name);
	const [kind, code] = match ? [match[1], match[2]] : [name, '?'];
	const words: Record<string, (p: { class: string }) => string> = {
		passengerVehicle: m.vt_passenger,
		busesAndCoaches: m.vt_bus,
		lightCommercialVehicles: m.vt_light_commercial,
		heavyDutyVehicles: m.vt_heavy,
		motorcycles: m.vt_motorcycle
	};
	return (Object.hasOwn(words, kind) ? words[kind] : m.vt_other)({ class: code });
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

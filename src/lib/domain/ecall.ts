// An airbag event's own fields and its eCall MSD, read together (docs/ecall.md, "Using it"): the
// MSD fills what the JSON leaves out, and where both speak and disagree the incident says so,
// naming both values. A bad MSD is a data problem, never a reason to refuse or delay the alarm.
// Pure: no I/O, safe in the browser.
import type { AirbagDeployed } from './gateway/schemas';
import { distanceM } from './geo';
import type { IncidentDetails } from './incident';
import type { Problem } from './problems';
import { decodeMsd } from './msd/decode';
import { msdFacts, type MsdFacts } from './msd/facts';

/** Positions further apart than this disagree (the MSD's "trusted" bound is 150 m). */
export const positionToleranceM = 150;

export interface EcallReading {
	/** The event's details with what only the MSD gave filled in, and the MSD as read. */
	details: IncidentDetails;
	/** The vehicle's time of the crash: the event's, else the MSD's. */
	occurredAt: number | undefined;
	problems: Problem[];
}

type AirbagFields = Omit<AirbagDeployed, 'eventId' | 'vin' | 'occurredAt' | 'vehicle'>;

const yesNo = (value: boolean) => (value ? 'yes' : 'no');
const how = (automatic: boolean) => (automatic ? 'automatic' : 'manual');
const at = (p: { lat: number; lon: number }) => `${p.lat.toFixed(5)}, ${p.lon.toFixed(5)}`;

/** Reads the MSD of an airbag event, if it has one, against the event's own fields. */
export function readEcall(vin: string, occurredAt: number | undefined, fields: AirbagFields): EcallReading {
	if (fields.msd === undefined) return { details: fields, occurredAt, problems: [] };
	const decoded = decodeMsd(fields.msd);
	if (!decoded.ok) {
		const msdFault = decoded.fault.message;
		return { details: { ...fields, msdFault }, occurredAt, problems: [{ path: 'msd', message: `MSD could not be decoded: ${msdFault}`, code: 'msd_undecodable', params: { fault: msdFault } }] };
	}
	const msd = msdFacts(decoded.value);
	return {
		details: { ...filled(fields, msd), msdDecoded: msd },
		occurredAt: occurredAt ?? msd.timestamp,
		problems: disagreements(vin, fields, msd)
	};
}

function filled(fields: AirbagFields, msd: MsdFacts): IncidentDetails {
	return {
		...fields,
		position: fields.position ?? msd.position ?? undefined,
		// The MSD's own trust flag speaks for the event's position only where the two agree.
		positionTrusted: fields.positionTrusted ?? (msd.position === null || (fields.position && apart(fields.position, msd)) ? undefined : msd.positionTrusted),
		headingDeg: fields.headingDeg ?? msd.headingDeg ?? undefined,
		recentPositions: fields.recentPositions ?? (msd.recentPositions.length > 0 ? msd.recentPositions : undefined),
		automatic: fields.automatic ?? msd.automatic,
		testCall: fields.testCall ?? msd.testCall,
		passengers: fields.passengers ?? msd.passengers ?? undefined,
		propulsion: fields.propulsion ?? (msd.propulsion.length > 0 ? msd.propulsion : undefined)
	};
}

/** Whether the MSD puts the vehicle elsewhere than `position`: false when it knows no position. */
const apart = (position: { lat: number; lon: number }, msd: MsdFacts) => msd.position !== null && distanceM(position, msd.position) > positionToleranceM;

function disagreements(vin: string, fields: AirbagFields, msd: MsdFacts): Problem[] {
	const problems: Problem[] = [];
	if (msd.vin !== vin) {
		problems.push({ path: 'msd', message: `the MSD's VIN is ${msd.vin}, the event's is ${vin}`, code: 'msd_vin_differs', params: { msd: msd.vin, event: vin } });
	}
	if (fields.position && msd.position && apart(fields.position, msd)) {
		const metres = Math.round(distanceM(fields.position, msd.position));
		const message = `the MSD's position (${at(msd.position)}) is ${metres} m from the event's (${at(fields.position)})`;
		problems.push({ path: 'msd', message, code: 'msd_position_apart', params: { metres } });
	}
	if (fields.testCall !== undefined && fields.testCall !== msd.testCall) {
		const message = `test call: the MSD says ${yesNo(msd.testCall)}, the event ${yesNo(fields.testCall)}`;
		problems.push({ path: 'msd', message, code: 'msd_test_call_differs', params: { msd: msd.testCall, event: fields.testCall } });
	}
	if (fields.automatic !== undefined && fields.automatic !== msd.automatic) {
		const message = `the MSD says ${how(msd.automatic)}, the event ${how(fields.automatic)}`;
		problems.push({ path: 'msd', message, code: 'msd_automatic_differs', params: { msd: msd.automatic, event: fields.automatic } });
	}
	if (fields.passengers !== undefined && msd.passengers !== null && fields.passengers !== msd.passengers) {
		const message = `occupants: the MSD says ${msd.passengers}, the event ${fields.passengers}`;
		problems.push({ path: 'msd', message, code: 'msd_passengers_differ', params: { msd: msd.passengers, event: fields.passengers } });
	}
	return problems;
}

/** The MSD's position when it is not where the event put the crash: the map shows both. */
export function msdPositionApart(details: IncidentDetails): { lat: number; lon: number } | null {
	const msd = details.msdDecoded;
	return msd && details.position && apart(details.position, msd) ? msd.position : null;
}

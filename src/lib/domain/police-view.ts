// What the police see behind a link (/track/<token>, docs/police.md): the vehicle, the incident's number,
// the live position with its age, speed and heading, the last hour's trail and the street address.
// Everything the page and its socket get is built here, field by field from the console's own
// views, so nothing else (owner, contacts, operators, other incidents) can reach them.
import type { StreetAddress } from './address';
import type { FixView, IncidentView, Place, TrackChange, TrackPoint, VehicleView } from './incident';
import { isStale } from './rules';

/** The trail drawn: the last hour. */
export const trailMs = 3_600_000;

/** The vehicle without its owner. */
export type PoliceVehicle = Pick<VehicleView, 'vin' | 'model' | 'modelYear' | 'colour' | 'plate'>;

/** A fix without its accuracy and flags. */
export type PoliceFix = Pick<FixView, 'fixAt' | 'receivedAt' | 'lat' | 'lon' | 'speedKmh' | 'headingDeg'>;

export interface PoliceView {
	incidentId: number;
	vehicle: PoliceVehicle;
	openedAt: number;
	lastFixReceivedAt: number | null;
	place: Place | null;
	/** ISO code of the country the last position is in. */
	country: string | null;
	address: StreetAddress | null;
	/** When the link ends at the latest. */
	expiresAt: number;
}

/** What a page gets on opening and on every (re)connection. */
export interface PoliceState {
	view: PoliceView;
	/** The last hour's fixes in fixAt order, and the last fix even when older. */
	fixes: PoliceFix[];
}

/** New fixes of the incident, with where the last one is. */
export interface PoliceFixes {
	fixes: PoliceFix[];
	lastFixReceivedAt: number | null;
	place: Place | null;
	country: string | null;
}

export function policeView(incident: IncidentView, expiresAt: number): PoliceView {
	const v = incident.vehicle;
	return {
		incidentId: incident.id,
		vehicle: { vin: incident.vin, model: v?.model ?? null, modelYear: v?.modelYear ?? null, colour: v?.colour ?? null, plate: v?.plate ?? null },
		openedAt: incident.openedAt,
		lastFixReceivedAt: incident.lastFixReceivedAt,
		place: incident.place && { name: incident.place.name, country: incident.place.country },
		country: incident.country?.code ?? null,
		address: incident.address,
		expiresAt
	};
}

export const policeFix = (f: FixView): PoliceFix => ({
	fixAt: f.fixAt,
	receivedAt: f.receivedAt,
	lat: f.lat,
	lon: f.lon,
	speedKmh: f.speedKmh,
	headingDeg: f.headingDeg
});

export function policeFixes(change: TrackChange): PoliceFixes {
	const { latest } = change;
	return {
		fixes: change.fixes.map(policeFix),
		lastFixReceivedAt: latest.lastFixReceivedAt,
		place: latest.place && { name: latest.place.name, country: latest.place.country },
		country: latest.country?.code ?? null
	};
}

/** The trail to draw at `now`: the fixes of the last hour. */
export const trailAt = (fixes: readonly TrackPoint[], now: number): TrackPoint[] => fixes.filter((f) => now - f.fixAt <= trailMs);

/** No fix received for the stale time: the console's rule (rules.ts); a link is only ever active on an open theft. */
export const isPoliceStale = (view: PoliceView, now: number, staleAfterMs: number): boolean =>
	isStale({ type: 'theft', status: 'acknowledged', lastFixReceivedAt: view.lastFixReceivedAt, openedAt: view.openedAt }, now, { staleAfterMs });

// The street address of an incident's position, from the reverse geocoder (docs/police.md, "Street
// address"), and when a screen may show it: an address belongs to the position it was looked up
// for, and a theft's latest fix moves on.
import { distanceM } from './geo';

export interface StreetAddress {
	road: string | null;
	houseNumber: string | null;
	postcode: string | null;
	town: string | null;
	/** The position it describes (the centre of its lookup cell). */
	at: { lat: number; lon: number };
}

/** An address is the position's own within this: the lookup cell's half-diagonal is under 20 m. */
export const addressNearM = 25;

/**
 * What a screen shows beside the offline town: the street address, "looking up street…" while
 * the lookup for the latest position may still come, or the town alone.
 */
export type StreetLine = { show: 'address'; address: StreetAddress } | { show: 'looking' } | { show: 'town' };

/**
 * `waitMs`: how long after a position arrived its lookup may still come (0: no geocoder). Past
 * it the lookup failed or found nothing, and the town alone is shown.
 */
export function streetLine(
	incident: {
		address: StreetAddress | null;
		lastPosition: { lat: number; lon: number } | null;
		lastFixReceivedAt: number | null;
		openedAt: number;
	},
	now: number,
	waitMs: number
): StreetLine {
	const position = incident.lastPosition;
	if (!position) return { show: 'town' };
	const { address } = incident;
	if (address && distanceM(address.at, position) <= addressNearM) {
		const found = address.road ?? address.houseNumber ?? address.postcode ?? address.town;
		return found === null ? { show: 'town' } : { show: 'address', address };
	}
	const arrivedAt = incident.lastFixReceivedAt ?? incident.openedAt;
	return now - arrivedAt < waitMs ? { show: 'looking' } : { show: 'town' };
}

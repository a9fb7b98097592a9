// Nominatim's reverse geocoding API (https://nominatim.org/release-docs/latest/api/Reverse/): the
// question for a position, and the reading of its jsonv2 answer. No I/O here.
import { z } from 'zod';
import type { StreetAddress } from '../../domain/address';

export type AddressParts = Omit<StreetAddress, 'at'>;

/** `<base>/reverse?format=jsonv2&lat=…&lon=…&zoom=18&addressdetails=1`, keeping the base's own path and query. */
export function reverseUrl(base: string, at: { lat: number; lon: number }): string {
	const url = new URL(base);
	url.pathname = `${url.pathname.replace(/\/+$/, '')}/reverse`;
	for (const [name, value] of Object.entries({ format: 'jsonv2', lat: String(at.lat), lon: String(at.lon), zoom: '18', addressdetails: '1' })) {
		url.searchParams.set(name, value);
	}
	return url.href;
}

const part = z.string().max(300).optional();

/** Only what the console reads; the rest of the answer (place_id, lat, display_name, …) may be anything. */
const found = z.looseObject({
	address: z.looseObject({
		road: part,
		house_number: part,
		postcode: part,
		city: part,
		town: part,
		village: part,
		hamlet: part,
		municipality: part
	})
});

/** Nominatim's answer, with status 200, where it has no data (at sea, or outside the imported countries). */
const nothingThere = z.object({ error: z.literal('Unable to geocode') });

const clean = (s: string | undefined) => s?.trim() || null;

export type ReverseReading = { ok: true; parts: AddressParts | null } | { ok: false; problem: string };

/** The answer's address (null: nothing there), or why it is not an answer. */
export function readReverse(body: unknown): ReverseReading {
	if (nothingThere.safeParse(body).success) return { ok: true, parts: null };
	const result = found.safeParse(body);
	if (!result.success) {
		const issue = result.error.issues[0];
		return { ok: false, problem: `not a jsonv2 reverse answer (${issue.path.join('.') || 'body'}: ${issue.message})` };
	}
	const a = result.data.address;
	return {
		ok: true,
		parts: {
			road: clean(a.road),
			houseNumber: clean(a.house_number),
			postcode: clean(a.postcode),
			town: clean(a.city) ?? clean(a.town) ?? clean(a.village) ?? clean(a.hamlet) ?? clean(a.municipality)
		}
	};
}

// A street address as the police of its country write it: "12 Rue de Rivoli, 75001 Paris",
// "Leopoldstraße 12, 80802 München".
import type { StreetAddress } from '$lib/domain/address';

/** Countries that put the house number before the road. */
const numberFirst = new Set(['FR', 'LU', 'MC', 'GB', 'IE', 'US', 'CA', 'AU', 'NZ']);

/** `fallbackTown`: the offline gazetteer's, when the geocoder named none. `country`: ISO code of the position's country. */
export function streetText(address: StreetAddress, fallbackTown: string | null, country: string | null): string {
	const { road, houseNumber, postcode } = address;
	const street = road && houseNumber ? (numberFirst.has(country ?? '') ? `${houseNumber} ${road}` : `${road} ${houseNumber}`) : road;
	const town = [postcode, address.town ?? fallbackTown].filter(Boolean).join(' ');
	return [street, town].filter(Boolean).join(', ');
}

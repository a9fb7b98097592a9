import { describe, expect, it } from 'vitest';
import type { StreetAddress } from '$lib/domain/address';
import { streetText } from './street-text';

const at = { lat: 0, lon: 0 };
const address = (over: Partial<StreetAddress>): StreetAddress => ({ road: null, houseNumber: null, postcode: null, town: null, at, ...over });

describe('streetText', () => {
	it('writes the house number where the country puts it', () => {
		expect(streetText(address({ road: 'Leopoldstraße', houseNumber: '12', postcode: '80802', town: 'München' }), 'Munich', 'DE')).toBe(
			'Leopoldstraße 12, 80802 München'
		);
		expect(streetText(address({ road: 'Rue de Rivoli', houseNumber: '12', postcode: '75001', town: 'Paris' }), 'Paris', 'FR')).toBe(
			'12 Rue de Rivoli, 75001 Paris'
		);
	});

	it('leaves out what the geocoder did not give, and takes the offline town when it named none', () => {
		expect(streetText(address({ road: 'A 9' }), 'Garching', 'DE')).toBe('A 9, Garching');
		expect(streetText(address({ houseNumber: '3', postcode: '82031', town: 'Grünwald' }), null, 'DE')).toBe('82031 Grünwald');
		expect(streetText(address({}), null, null)).toBe('');
	});
});

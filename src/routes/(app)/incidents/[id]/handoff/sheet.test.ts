import { describe, expect, it } from 'vitest';
import type { StreetAddress } from '$lib/domain/address';
import { exampleIncident } from '$lib/domain/examples';
import { handoffSheet } from './sheet';

const address: StreetAddress = { road: 'Marienplatz', houseNumber: '8', postcode: '80331', town: 'München', at: { lat: 48.1374, lon: 11.5755 } };
const crash = exampleIncident({ lastPosition: { lat: 48.1374, lon: 11.5755, fixAt: 0 }, place: { name: 'Munich', country: 'DE' }, address });
const positionRows = (street: Parameters<typeof handoffSheet>[3]) =>
	new Map(handoffSheet(crash, [], 'olga', street).sections.find((s) => s.title === 'Position')!.rows);

describe('the hand-off sheet’s position', () => {
	it('gives the street address first, and the nearest town still', () => {
		const rows = positionRows({ show: 'address', address });
		expect([...rows.keys()][0]).toBe('Street address');
		expect(rows.get('Street address')).toBe('Marienplatz 8, 80331 München');
		expect(rows.get('Nearest town')).toBe('Munich');
	});

	it('says when the street is still being looked up, and has no street row without one', () => {
		expect(positionRows({ show: 'looking' }).get('Street address')).toBe('still being looked up — open the sheet again in a moment');
		expect(positionRows({ show: 'town' }).has('Street address')).toBe(false);
	});
});

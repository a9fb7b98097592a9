import { afterEach, describe, expect, it } from 'vitest';
import { propulsions } from '$lib/domain/gateway/schemas';
import type { MsdFacts } from '$lib/domain/msd/facts';
import { VEHICLE_TYPES_V3 } from '$lib/domain/msd/types';
import { overwriteGetLocale } from '$lib/paraglide/runtime';
import { msdRows, propulsionWords, vehicleTypeWords } from './msd-text';

const facts: MsdFacts = {
	version: 2,
	vin: 'WP0ZZZ99ZTS392124',
	automatic: false,
	testCall: true,
	positionTrusted: false,
	vehicleType: 'lightCommercialVehiclesClassN1',
	propulsion: ['diesel', 'hydrogen'],
	timestamp: 1_764_000_000_000,
	position: { lat: 48.8342, lon: 9.1523 },
	headingDeg: 270,
	recentPositions: [
		{ lat: 48.8341, lon: 9.1526 },
		{ lat: 48.834, lon: 9.153 }
	],
	passengers: 2,
	additionalData: { oid: '1.2.3', data: '0a1b' }
};
const time = () => '26/11/2025, 16:00:00';

afterEach(() => overwriteGetLocale(() => 'en'));

describe('the MSD in words', () => {
	it('reads every field in English, test call first', () => {
		overwriteGetLocale(() => 'en');
		expect(msdRows(facts, time)).toEqual([
			['Call', 'TEST CALL'],
			['Activation', 'manual (SOS button)'],
			['Vehicle type', 'light commercial vehicle (N1)'],
			['VIN', 'WP0ZZZ99ZTS392124'],
			['Energy stores', 'diesel, hydrogen'],
			['Vehicle time', '26/11/2025, 16:00:00'],
			['Position', '48.83420, 9.15230 · NOT TRUSTED'],
			['Direction of travel', '270° from north'],
			['Position before the crash', '48.83410, 9.15260'],
			['Position before that', '48.83400, 9.15300'],
			['Occupants belted', '2'],
			['Additional data', 'OID 1.2.3: 0a1b']
		]);
	});

	it('reads in French with no English word or raw identifier left', () => {
		overwriteGetLocale(() => 'fr');
		const rows = msdRows(facts, time);
		expect(rows[0]).toEqual(['Appel', 'APPEL TEST']);
		const text = rows.flat().join(' | ');
		expect(text).toContain('véhicule utilitaire léger (N1)');
		expect(text).toContain('gazole, hydrogène');
		expect(text).not.toMatch(/[a-z][A-Z]|Class|manual|Position before|trusted/);
	});

	it('has words for every vehicle class of versions 1 to 3 and every energy store, in both languages', () => {
		for (const locale of ['en', 'fr'] as const) {
			overwriteGetLocale(() => locale);
			for (const name of VEHICLE_TYPES_V3) {
				const words = vehicleTypeWords(name);
				expect(words, name).not.toMatch(/[a-z][A-Z]|Class/);
				if (name !== 'otherVehicleClass') expect(words, name).not.toBe(vehicleTypeWords('otherVehicleClass'));
			}
			expect(propulsionWords([...propulsions])).not.toMatch(/gasoline|\bcng\b|\blpg\b/);
			expect(propulsionWords(['other'])).not.toBe('other');
			expect(propulsionWords([])).toBe(locale === 'en' ? 'none' : 'aucun');
		}
	});

	it('says an unknown position, direction and occupants', () => {
		overwriteGetLocale(() => 'en');
		const rows = new Map(msdRows({ ...facts, position: null, recentPositions: [], headingDeg: null, passengers: null, additionalData: null }, time));
		expect(rows.get('Position')).toBe('position unknown');
		expect(rows.get('Direction of travel')).toBe('unknown');
		expect(rows.get('Occupants belted')).toBe('unknown');
		expect(rows.has('Position before the crash')).toBe(false);
		expect(rows.has('Additional data')).toBe(false);
	});
});

import { describe, expect, it } from 'vitest';
import { authorityOffer } from './escalation';

const directory = [
	{ name: 'Police Austria', kind: 'police', country: 'AT' },
	{ name: 'Emergency services Switzerland', kind: 'emergency', country: 'CH' },
	{ name: 'Police Switzerland', kind: 'police', country: 'CH' },
	{ name: 'Emergency services Austria', kind: 'emergency', country: 'AT' },
	{ name: 'Towing Switzerland', kind: 'other', country: 'CH' }
] as const;

const names = (type: 'airbag' | 'theft', country: string | null) => authorityOffer(directory, type, country).authorities.map((a) => a.name);

describe('authorityOffer', () => {
	it("offers a crash the country's emergency services first, then the country's others, then other countries' emergency services", () => {
		expect(names('airbag', 'CH')).toEqual([
			'Emergency services Switzerland',
			'Police Switzerland',
			'Towing Switzerland',
			'Emergency services Austria',
			'Police Austria'
		]);
		expect(authorityOffer(directory, 'airbag', 'CH').matched).toBe(1);
	});
	it("offers a theft the country's police first", () => {
		expect(names('theft', 'AT')[0]).toBe('Police Austria');
	});
	it('says when the country has none of the right kind, and without a country orders by kind', () => {
		expect(authorityOffer(directory, 'theft', 'FR').matched).toBe(0);
		expect(names('theft', null).slice(0, 2)).toEqual(['Police Austria', 'Police Switzerland']);
	});
});

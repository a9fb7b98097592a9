import { describe, expect, it } from 'vitest';
import { exampleIncident } from './examples';
import { isPoliceStale, policeFixes, policeView, trailAt, trailMs } from './police-view';

const theft = exampleIncident({
	id: 42,
	type: 'theft',
	status: 'escalated',
	vin: 'WP0ZZZ99ZTS392124',
	vehicle: { vin: 'WP0ZZZ99ZTS392124', model: '911', modelYear: 2018, colour: 'Guards Red', plate: 'M-PC 911', ownerName: 'Anna Huber', ownerPhone: '+49 89 7654321', ownerLanguage: 'de' },
	ownerId: 7,
	ownerName: 'olivier',
	openedAt: 1_000,
	lastFixReceivedAt: 5_000,
	lastPosition: { lat: 48.1, lon: 11.5, fixAt: 4_900 },
	place: { name: 'München', country: 'DE' },
	country: { code: 'DE', name: 'Germany', how: 'inside', distanceKm: 0 },
	details: { trigger: 'tow_away', source: 'Traccar' },
	escalations: [{ id: 1, authorityId: 3, authorityName: 'Polizei', authorityKind: 'police', references: [{ reference: 'P-1', at: 2_000, actorName: 'olivier' }], at: 2_000, actorName: 'olivier' }],
	checklist: ['call_owner']
});

describe('what the police see', () => {
	it('is the vehicle, the number, the place and the times, and nothing of owner, operators or escalations', () => {
		const view = policeView(theft, 99_000);
		expect(view).toEqual({
			incidentId: 42,
			vehicle: { vin: 'WP0ZZZ99ZTS392124', model: '911', modelYear: 2018, colour: 'Guards Red', plate: 'M-PC 911' },
			openedAt: 1_000,
			lastFixReceivedAt: 5_000,
			place: { name: 'München', country: 'DE' },
			country: 'DE',
			address: null,
			expiresAt: 99_000
		});
		const text = JSON.stringify(view);
		for (const secret of ['Anna', '7654321', 'olivier', 'Polizei', 'P-1', 'tow_away', 'call_owner', 'Traccar']) expect(text).not.toContain(secret);
	});

	it('takes of new fixes their time, position, speed and heading alone', () => {
		const fixes = policeFixes({
			fixes: [{ fixAt: 1, receivedAt: 2, lat: 48, lon: 11, speedKmh: 50, headingDeg: 90, accuracyM: 5, flags: ['clock_skew'] }],
			latest: { lastFixAt: 1, lastFixReceivedAt: 2, lastPosition: { lat: 48, lon: 11, fixAt: 1 }, place: { name: 'Dachau', country: 'DE' }, country: null }
		});
		expect(fixes).toEqual({ fixes: [{ fixAt: 1, receivedAt: 2, lat: 48, lon: 11, speedKmh: 50, headingDeg: 90 }], lastFixReceivedAt: 2, place: { name: 'Dachau', country: 'DE' }, country: null });
	});

	it('draws the trail of the last hour', () => {
		const points = [0, 1, 2].map((h) => ({ fixAt: h * trailMs, lat: 48, lon: 11 }));
		expect(trailAt(points, 2 * trailMs).map((p) => p.fixAt)).toEqual([trailMs, 2 * trailMs]);
	});

	it('is stale by the console’s rule, from the last fix received', () => {
		const view = policeView(theft, 99_000);
		expect(isPoliceStale(view, 5_000 + 120_000, 120_000)).toBe(false);
		expect(isPoliceStale(view, 5_001 + 120_000, 120_000)).toBe(true);
		expect(isPoliceStale({ ...view, lastFixReceivedAt: null }, 1_000 + 120_001, 120_000)).toBe(true);
	});
});

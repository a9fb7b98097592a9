import { describe, expect, it } from 'vitest';
import { msdPositionApart, readEcall } from './ecall';
import { encodeMsd } from './msd/encode';
import { msdFromFacts, type MsdFacts } from './msd/facts';

const vin = 'WP0ZZZ99ZTS392124';
const facts: MsdFacts = {
	version: 2,
	vin,
	automatic: true,
	testCall: false,
	positionTrusted: true,
	vehicleType: 'passengerVehicleClassM1',
	propulsion: ['gasoline', 'electric'],
	timestamp: 1_764_000_000_000,
	position: { lat: 48.8342, lon: 9.1523 },
	headingDeg: 270,
	recentPositions: [{ lat: 48.8341, lon: 9.1526 }],
	passengers: 2,
	additionalData: null
};
const msd = (over: Partial<MsdFacts> = {}) => encodeMsd(msdFromFacts({ ...facts, ...over }));

describe('readEcall', () => {
	it('leaves an event without an MSD as it is', () => {
		expect(readEcall(vin, 5, { testCall: true })).toEqual({ details: { testCall: true }, occurredAt: 5, problems: [] });
	});

	it('fills every field the event leaves out from the MSD, the time included', () => {
		const reading = readEcall(vin, undefined, { msd: msd() });
		expect(reading.problems).toEqual([]);
		expect(reading.occurredAt).toBe(facts.timestamp);
		expect(reading.details).toMatchObject({
			automatic: true,
			testCall: false,
			positionTrusted: true,
			headingDeg: 270,
			passengers: 2,
			propulsion: ['gasoline', 'electric'],
			msdDecoded: { vin, version: 2 }
		});
		expect(reading.details.position?.lat).toBeCloseTo(48.8342, 6);
		expect(reading.details.recentPositions?.[0].lon).toBeCloseTo(9.1526, 4);
	});

	it("keeps the event's own fields and says nothing where the two agree", () => {
		const reading = readEcall(vin, 7, { msd: msd(), position: { lat: 48.8345, lon: 9.1523 }, passengers: 2, testCall: false, automatic: true });
		expect(reading.problems).toEqual([]);
		expect(reading.occurredAt).toBe(7);
		expect(reading.details.position).toEqual({ lat: 48.8345, lon: 9.1523 });
		expect(msdPositionApart(reading.details)).toBeNull();
	});

	it('names both values of every disagreement', () => {
		const reading = readEcall('WDB11111111111111', undefined, {
			msd: msd({ testCall: true, automatic: false, passengers: 4 }),
			position: { lat: 48.85, lon: 9.1523 },
			testCall: false,
			automatic: true,
			passengers: 1
		});
		expect(reading.problems.map((p) => p.message)).toEqual([
			`the MSD's VIN is ${vin}, the event's is WDB11111111111111`,
			"the MSD's position (48.83420, 9.15230) is 1757 m from the event's (48.85000, 9.15230)",
			'test call: the MSD says yes, the event no',
			'the MSD says manual, the event automatic',
			'occupants: the MSD says 4, the event 1'
		]);
		expect(reading.problems).toMatchObject([
			{ code: 'msd_vin_differs', params: { msd: vin, event: 'WDB11111111111111' } },
			{ code: 'msd_position_apart', params: { metres: 1757 } },
			{ code: 'msd_test_call_differs', params: { msd: true, event: false } },
			{ code: 'msd_automatic_differs', params: { msd: false, event: true } },
			{ code: 'msd_passengers_differ', params: { msd: 4, event: 1 } }
		]);
		expect(reading.problems.every((p) => p.path === 'msd')).toBe(true);
		// The MSD's trust speaks for its own position only.
		expect(reading.details.positionTrusted).toBeUndefined();
		expect(msdPositionApart(reading.details)).toEqual(reading.details.msdDecoded?.position);
	});

	it('turns a broken MSD into a data problem naming the fault, and uses nothing of it', () => {
		const reading = readEcall(vin, undefined, { msd: msd().slice(0, 16), passengers: 1 });
		expect(reading.problems).toHaveLength(1);
		expect(reading.problems[0]).toMatchObject({ path: 'msd', message: expect.stringMatching(/^MSD could not be decoded: .*bit \d+/), code: 'msd_undecodable' });
		expect(reading.problems[0]).toMatchObject({ params: { fault: reading.details.msdFault } });
		expect(reading.problems[0].message).toBe(`MSD could not be decoded: ${reading.details.msdFault}`);
		expect(reading.details).toEqual({ msd: msd().slice(0, 16), passengers: 1, msdFault: expect.any(String) });
		expect(reading.occurredAt).toBeUndefined();
	});

	it('fills no position from an MSD that knows none', () => {
		const reading = readEcall(vin, undefined, { msd: msd({ position: null, recentPositions: [] }) });
		expect(reading.details.position).toBeUndefined();
		expect(reading.details.positionTrusted).toBeUndefined();
	});
});

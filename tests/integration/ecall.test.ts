// The eCall MSD at ingest and on the command line (docs/ecall.md), through a real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AcceptedAck } from '../../src/lib/domain/gateway/schemas';
import type { IncidentDetails } from '../../src/lib/domain/incident';
import { encodeMsd } from '../../src/lib/domain/msd/encode';
import { msdFromFacts, type MsdFacts } from '../../src/lib/domain/msd/facts';
import { connectGateway, eventId, iso, vin, type TestGateway } from '../helpers/gateway';
import { openTestDatabase, type TestDatabase } from '../helpers/databases';
import { soc, startConsole, type RunningConsole } from '../helpers/server';

const token = 'ecall-test-token';
let app: RunningConsole;
let gw: TestGateway;
let db: TestDatabase;

beforeAll(async () => {
	app = await startConsole({ SOC_GATEWAY_TOKENS: token });
	gw = await connectGateway(app.url, token);
	db = await openTestDatabase(app.db);
});
afterAll(async () => {
	gw.close();
	await db.close();
	await app.dispose();
});

/** A crash in Bern, two occupants, an electric car, as its MSD would say (seconds: the MSD's resolution). */
function crash(v: string, over: Partial<MsdFacts> = {}): MsdFacts {
	return {
		version: 2,
		vin: v,
		automatic: true,
		testCall: false,
		positionTrusted: true,
		vehicleType: 'passengerVehicleClassM1',
		propulsion: ['electric'],
		timestamp: Math.floor(Date.now() / 1000) * 1000,
		position: { lat: 46.948, lon: 7.4474 },
		headingDeg: 90,
		recentPositions: [
			{ lat: 46.9479, lon: 7.4464 },
			{ lat: 46.9478, lon: 7.4454 }
		],
		passengers: 2,
		additionalData: null,
		...over
	};
}
const hexOf = (facts: MsdFacts) => encodeMsd(msdFromFacts(facts));

async function deployed(payload: Record<string, unknown>): Promise<AcceptedAck> {
	const ack = (await gw.send('airbag.deployed', { eventId: eventId('msd'), ...payload })) as AcceptedAck;
	expect(ack).toMatchObject({ ok: true });
	expect(ack.incidentId).not.toBeNull();
	return ack;
}
const row = async (id: string | null) => (await db.get<{ occurred_at: number | null; details: string }>('select occurred_at, details from incidents where id = ?', Number(id)))!;
const detailsOf = async (id: string | null) => JSON.parse((await row(id)).details) as IncidentDetails;
const problemsOf = async (id: string | null) =>
	(await db.query<{ data: string }>("select data from timeline where incident_id = ? and kind = 'data_problem'", Number(id))).flatMap(
		(r) => (JSON.parse(r.data) as { problems: { path: string; message: string }[] }).problems
	);

describe('an airbag event with an MSD', () => {
	it('opens an incident from the MSD alone: its position, test call, occupants, energy stores and time', async () => {
		const v = vin();
		const facts = crash(v, { testCall: true, automatic: false, passengers: 3 });
		const ack = await deployed({ vin: v, msd: hexOf(facts) });
		expect(ack.warnings).toEqual([]);
		const details = await detailsOf(ack.incidentId);
		expect(details.position?.lat).toBeCloseTo(46.948, 5);
		expect(details.position?.lon).toBeCloseTo(7.4474, 5);
		expect(details).toMatchObject({ testCall: true, automatic: false, passengers: 3, propulsion: ['electric'], headingDeg: 90, positionTrusted: true });
		expect(details.recentPositions).toHaveLength(2);
		expect(details.msdDecoded).toMatchObject({ version: 2, vin: v, vehicleType: 'passengerVehicleClassM1' });
		expect((await row(ack.incidentId)).occurred_at).toBe(facts.timestamp);
		expect(await problemsOf(ack.incidentId)).toEqual([]);
	});

	it('names both values where the MSD and the event disagree, and keeps the event', async () => {
		const v = vin();
		const ack = await deployed({
			vin: v,
			position: { lat: 46.958, lon: 7.4474 },
			testCall: false,
			automatic: true,
			passengers: 1,
			msd: hexOf(crash(vin(), { testCall: true, automatic: false, passengers: 2 }))
		});
		const messages = (await problemsOf(ack.incidentId)).map((p) => p.message);
		expect(messages).toEqual(
			expect.arrayContaining([
				expect.stringMatching(new RegExp(`the MSD's VIN is [A-Z0-9]{17}, the event's is ${v}`)),
				expect.stringMatching(/^the MSD's position \(46\.94800, 7\.44740\) is 11\d\d m from the event's \(46\.95800, 7\.44740\)$/),
				'test call: the MSD says yes, the event no',
				'the MSD says manual, the event automatic',
				'occupants: the MSD says 2, the event 1'
			])
		);
		expect(ack.warnings.map((w) => w.message)).toEqual(messages);
		// The event's own fields stand; the MSD is kept beside them.
		expect(await detailsOf(ack.incidentId)).toMatchObject({ position: { lat: 46.958, lon: 7.4474 }, testCall: false, passengers: 1, msdDecoded: { testCall: true } });
	});

	it('opens the alarm with a broken MSD, saying it could not be decoded and where', async () => {
		const v = vin();
		const good = hexOf(crash(v));
		const ack = await deployed({ vin: v, position: { lat: 46.948, lon: 7.4474 }, occurredAt: iso(Date.now()), msd: good.slice(0, 20) });
		const [problem] = await problemsOf(ack.incidentId);
		expect(problem.message).toMatch(/^MSD could not be decoded: .*bit \d+/);
		const details = await detailsOf(ack.incidentId);
		expect(details.msdFault).toMatch(/bit \d+/);
		expect(details.msdDecoded).toBeUndefined();
		expect(details.msd).toBe(good.slice(0, 20));
	});
});

describe('soc msd decode', () => {
	it('prints the MSD as JSON in the ASN.1 JSON encoding rules and exits 0', () => {
		const v = vin();
		const result = soc(app.db, ['msd', 'decode', hexOf(crash(v))]);
		expect(result.code).toBe(0);
		const value = JSON.parse(result.stdout);
		expect(value).toMatchObject({
			id: 2,
			msd: {
				msdStructure: {
					control: { automaticActivation: true, testCall: false, positionCanBeTrusted: true, vehicleType: 'passengerVehicleClassM1' },
					vehicleIdentificationNumber: { isowmi: v.slice(0, 3), isovds: v.slice(3, 9), isovisModelyear: v.slice(9, 10), isovisSeqPlant: v.slice(10) },
					vehicleLocation: { positionLatitude: Math.round(46.948 * 3_600_000), positionLongitude: Math.round(7.4474 * 3_600_000) },
					vehicleDirection: 45,
					numberOfPassengers: 2
				}
			}
		});
	});
	it('exits 1 naming the fault for a bad MSD, and 2 without an argument', () => {
		const bad = soc(app.db, ['msd', 'decode', 'abc']);
		expect(bad.code).toBe(1);
		expect(bad.stderr).toMatch(/MSD could not be decoded: .*odd/i);
		expect(bad.stdout).toBe('');
		const none = soc(app.db, ['msd', 'decode']);
		expect(none.code).toBe(2);
		expect(none.stderr).toMatch(/msd decode needs HEX/);
	});
});

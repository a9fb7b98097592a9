// Every rule of docs/gateway-protocol.md, driven through a real server by socket.io-client as a gateway.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AcceptedAck, BatchAck, RefusedAck } from '../../src/lib/domain/gateway/schemas';
import type { FeedEntry } from '../../src/lib/domain/incident';
import { connectGateway, eventId, iso, vin, type TestGateway } from '../helpers/gateway';
import { openScreen, operatorCookie, until } from '../helpers/ops';
import { openTestDatabase, type TestDatabase } from '../helpers/databases';
import { root, startConsole, type RunningConsole } from '../helpers/server';

const token = 'ingest-test-token';
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

const accepted = (ack: unknown) => {
	expect(ack).toMatchObject({ ok: true });
	return ack as AcceptedAck;
};
const refused = (ack: unknown) => {
	expect(ack).toMatchObject({ ok: false });
	return ack as RefusedAck;
};
const incident = async (id: string | null) => (await db.get<Record<string, unknown>>('select * from incidents where id = ?', Number(id)))!;
const timelineOf = (id: string | null) => db.query<{ kind: string; data: string }>('select kind, data from timeline where incident_id = ? order by id', Number(id));
const fixesOf = (id: string | null) =>
	db.query<{ fix_at: number; lat: number; lon: number; flags: string }>('select fix_at, lat, lon, flags from fixes where incident_id = ? order by fix_at', Number(id));
const logged = async (id: string) => (await db.get<{ n: number }>('select count(*) as n from gateway_log where event_id = ?', id))!.n;

const now = () => Date.now();
const fix = (v: string, at: number, lat = 48.137, lon = 11.575) => ({ eventId: eventId('fix'), vin: v, fixAt: iso(at), lat, lon });

describe('every event type is accepted', () => {
	it('airbag.deployed with the whole eCall data set opens a critical airbag incident', async () => {
		const v = vin();
		const id = eventId();
		const ack = accepted(
			await gw.send('airbag.deployed', {
				eventId: id,
				vin: v,
				occurredAt: iso(now()),
				position: { lat: 48.137, lon: 11.575 },
				positionTrusted: true,
				headingDeg: 270,
				recentPositions: [
					{ lat: 48.1371, lon: 11.5752 },
					{ lat: 48.1372, lon: 11.5754 }
				],
				automatic: true,
				testCall: false,
				passengers: 2,
				propulsion: ['electric'],
				vehicle: { model: 'Taycan', modelYear: 2024, colour: 'Frozen Blue', plate: 'M-EV 1', owner: { name: 'Ana', phone: '+49 89 1234', language: 'de' } }
			})
		);
		expect(ack).toMatchObject({ duplicate: false, warnings: [] });
		const row = await incident(ack.incidentId);
		expect(row).toMatchObject({ type: 'airbag', status: 'new', vin: v });
		expect(JSON.parse(row.details as string)).toMatchObject({ passengers: 2, propulsion: ['electric'], automatic: true, headingDeg: 270 });
		expect((await timelineOf(ack.incidentId)).map((e) => e.kind)).toEqual(['alert']);
		expect(await logged(id)).toBe(1);
		expect(await db.get('select model, plate, owner_phone from vehicles where vin = ?', v)).toEqual({ model: 'Taycan', plate: 'M-EV 1', owner_phone: '+49 89 1234' });
	});

	it('theft.started opens a theft incident with its trigger', async () => {
		const v = vin();
		const ack = accepted(await gw.send('theft.started', { eventId: eventId(), vin: v, occurredAt: iso(now()), trigger: 'tow_away', position: { lat: 52.52, lon: 13.405 } }));
		const row = await incident(ack.incidentId);
		expect(row).toMatchObject({ type: 'theft', status: 'new' });
		expect(JSON.parse(row.details as string)).toMatchObject({ trigger: 'tow_away' });
		// A second start for the same VIN returns the open incident.
		const again = accepted(await gw.send('theft.started', { eventId: eventId(), vin: v, occurredAt: iso(now()), trigger: 'tamper' }));
		expect(again.incidentId).toBe(ack.incidentId);
	});

	it('theft.position joins the open theft incident', async () => {
		const v = vin();
		const started = accepted(await gw.send('theft.started', { eventId: eventId(), vin: v, occurredAt: iso(now()), trigger: 'unauthorised_movement' }));
		const ack = accepted(await gw.send('theft.position', { ...fix(v, now()), speedKmh: 42, headingDeg: 90, accuracyM: 5 }));
		expect(ack.incidentId).toBe(started.incidentId);
		expect(await fixesOf(ack.incidentId)).toHaveLength(1);
	});

	it('theft.positions stores a batch in one go and acks each fix in order', async () => {
		const v = vin();
		const t = now();
		const fixes = Array.from({ length: 20 }, (_, i) => fix(v, t + i * 1000, 48.137 + i * 0.0001));
		const ack = (await gw.send('theft.positions', { fixes })) as BatchAck;
		expect(ack.ok).toBe(true);
		expect(ack.results).toHaveLength(20);
		const ids = new Set(ack.results.map((r) => (r as AcceptedAck).incidentId));
		expect(ids.size).toBe(1);
		expect(await fixesOf([...ids][0])).toHaveLength(20);
	});

	it('theft.ended marks the incident cleared at the vehicle without closing it', async () => {
		const v = vin();
		const started = accepted(await gw.send('theft.started', { eventId: eventId(), vin: v, occurredAt: iso(now()), trigger: 'ignition_without_card' }));
		const ack = accepted(await gw.send('theft.ended', { eventId: eventId(), vin: v, occurredAt: iso(now()), reason: 'driver_card_recognised' }));
		expect(ack.incidentId).toBe(started.incidentId);
		const row = await incident(ack.incidentId);
		expect(row.status).toBe('new');
		expect(row.cleared_at_vehicle_at).toBeTypeOf('number');
		expect((await timelineOf(ack.incidentId)).map((e) => JSON.parse(e.data).event)).toEqual(['theft.started', 'theft.ended']);
	});

	it('theft.ended for a VIN with no theft incident is acked with incidentId null and kept in the log', async () => {
		const id = eventId();
		const ack = accepted(await gw.send('theft.ended', { eventId: id, vin: vin(), occurredAt: iso(now()), reason: 'owner_cleared' }));
		expect(ack.incidentId).toBeNull();
		expect(await logged(id)).toBe(1);
	});
});

describe('gateway log', () => {
	const loggedPayload = async (id: string) => JSON.parse((await db.get<{ payload: string }>('select payload from gateway_log where event_id = ?', id))!.payload) as unknown;

	it('keeps each accepted event as received: fields it does not know and fields it dropped included', async () => {
		const single = { eventId: eventId(), vin: vin(), passengers: -3, note: 'sent by a newer gateway', position: { lat: 48.1, lon: 11.5 } };
		expect(accepted(await gw.send('airbag.deployed', single)).warnings.map((w) => w.path)).toEqual(['passengers']);
		expect(await loggedPayload(single.eventId)).toEqual(single);

		const v = vin();
		const kept = { ...fix(v, now()), accuracyM: -1, source: 'gnss' };
		const refusedFix = { ...fix(v, now() + 1000), lat: 91 };
		const ack = (await gw.send('theft.positions', { fixes: [kept, refusedFix] })) as BatchAck;
		expect(ack.results.map((r) => r.ok)).toEqual([true, false]);
		expect(await loggedPayload(kept.eventId)).toEqual(kept);
		expect(await logged(refusedFix.eventId)).toBe(0);
	});
});

describe('idempotency', () => {
	it('acks the same eventId twice as a duplicate of the first incident, stored once', async () => {
		const id = eventId();
		const payload = { eventId: id, vin: vin(), position: { lat: 45.46, lon: 9.19 } };
		const first = accepted(await gw.send('airbag.deployed', payload));
		const second = accepted(await gw.send('airbag.deployed', { ...payload, vin: vin() }));
		expect(second).toEqual({ ok: true, incidentId: first.incidentId, duplicate: true, warnings: [] });
		expect(await logged(id)).toBe(1);
		expect(await timelineOf(first.incidentId)).toHaveLength(1);
	});

	it('stores a fix sent twice in one batch once', async () => {
		const f = fix(vin(), now());
		const ack = (await gw.send('theft.positions', { fixes: [f, f] })) as BatchAck;
		expect(ack.results.map((r) => (r as AcceptedAck).duplicate)).toEqual([false, true]);
		expect(await fixesOf((ack.results[0] as AcceptedAck).incidentId)).toHaveLength(1);
	});
});

describe('tracks', () => {
	it('keeps fixes sent out of order in fixAt order, late ones slotted in', async () => {
		const v = vin();
		const t = now() - 60_000;
		const order = [3, 1, 4, 0, 2];
		let incidentId: string | null = null;
		// A zigzag, so that the screen's line keeps every point (track-line.ts leaves out points on a straight line).
		for (const i of order) incidentId = accepted(await gw.send('theft.position', fix(v, t + i * 1000, 48.137 + i * 0.0001, 11.575 + (i % 2) * 0.001))).incidentId;
		expect((await fixesOf(incidentId)).map((f) => f.fix_at)).toEqual([0, 1, 2, 3, 4].map((i) => t + i * 1000));
		const screen = await openScreen(app.url, await operatorCookie(app.url, app.db));
		const { snapshot } = await screen.resume(null);
		screen.close();
		const line = snapshot!.tracks[Number(incidentId)];
		expect(line.fixAt).toEqual([0, 1, 2, 3, 4].map((i) => t + i * 1000));
		expect(line.last).toMatchObject({ fixAt: t + 4000, lat: 48.1374, lon: 11.575 });
	});

	it('puts each group of new fixes on the feed as one track entry with the last fix, without re-sending the incident', async () => {
		const v = vin();
		const t = now() - 60_000;
		const opened = accepted(await gw.send('theft.position', fix(v, t + 10_000, 48.1, 11.575)));
		const screen = await openScreen(app.url, await operatorCookie(app.url, app.db));
		await screen.resume(null);
		const fixes = [fix(v, t + 20_000, 48.101, 11.576), fix(v, t + 30_000, 48.102, 11.577), fix(v, t + 15_000, 48.1005)];
		const ack = (await gw.send('theft.positions', { fixes })) as BatchAck;
		expect(ack.ok).toBe(true);
		await until(() => screen.entries.some((e) => e.kind === 'track'));
		screen.close();
		const mine = screen.entries.filter((e) => e.incidentId === Number(opened.incidentId));
		expect(mine.map((e) => e.kind)).toEqual(['track']);
		const track = mine[0] as Extract<FeedEntry, { kind: 'track' }>;
		expect(track.data.fixes.map((f) => f.fixAt)).toEqual([t + 15_000, t + 20_000, t + 30_000]);
		const row = await incident(opened.incidentId);
		expect(track.data.latest).toMatchObject({
			lastFixAt: t + 30_000,
			lastFixReceivedAt: row.last_fix_received_at,
			lastPosition: { lat: 48.102, lon: 11.577, fixAt: t + 30_000 }
		});
		expect(track.data.latest.place?.name).toBeTruthy();
		// A late fix alone keeps the latest position.
		const again = await openScreen(app.url, await operatorCookie(app.url, app.db));
		await again.resume(null);
		accepted(await gw.send('theft.position', fix(v, t + 12_000, 48.1002)));
		await until(() => again.entries.some((e) => e.kind === 'track'));
		again.close();
		expect((again.entries.find((e) => e.kind === 'track') as typeof track).data.latest.lastPosition).toEqual({ lat: 48.102, lon: 11.577, fixAt: t + 30_000 });
	});

	it('opens a theft incident for a fix of an unknown VIN, noting that the start event was not received', async () => {
		const ack = accepted(await gw.send('theft.position', fix(vin(), now())));
		const row = await incident(ack.incidentId);
		expect(row).toMatchObject({ type: 'theft', status: 'new' });
		expect(JSON.parse(row.details as string)).toMatchObject({ trigger: 'other', startEventMissing: true });
		expect((await timelineOf(ack.incidentId)).map((e) => [e.kind, JSON.parse(e.data).message])).toContainEqual(['system', 'start_event_missing']);
	});

	it('sets the trigger of an incident opened by fixes from the theft.started that follows', async () => {
		const v = vin();
		const byFix = accepted(await gw.send('theft.position', fix(v, now())));
		const started = accepted(await gw.send('theft.started', { eventId: eventId(), vin: v, occurredAt: iso(now()), trigger: 'battery_disconnected' }));
		expect(started.incidentId).toBe(byFix.incidentId);
		expect(JSON.parse((await incident(started.incidentId)).details as string)).toMatchObject({ trigger: 'battery_disconnected', startEventMissing: false });
	});

	it('lets a late fix join the resolved incident it belongs to; a fix after the resolution opens a new one', async () => {
		const v = vin();
		const t = now() - 120_000;
		const first = accepted(await gw.send('theft.position', fix(v, t)));
		// An operator resolves it now, after the console has followed the car.
		const screen = await openScreen(app.url, await operatorCookie(app.url, app.db));
		const act = (action: Record<string, unknown>) => screen.send('act', { ...action, incidentId: Number(first.incidentId) });
		expect(await act({ action: 'acknowledge' })).toMatchObject({ ok: true });
		expect(await act({ action: 'resolve', outcome: 'vehicle_recovered' })).toMatchObject({ ok: true, incident: { status: 'resolved' } });
		screen.close();
		const late = accepted(await gw.send('theft.position', fix(v, t + 30_000, 48.138)));
		expect(late.incidentId).toBe(first.incidentId);
		expect(await fixesOf(first.incidentId)).toHaveLength(2);
		const after = accepted(await gw.send('theft.position', fix(v, now() + 1_000, 48.139)));
		expect(after.incidentId).not.toBe(first.incidentId);
	});

	it('stores exactly the good fixes of a mixed batch, with a result per fix in order', async () => {
		const v = vin();
		const t = now();
		const badLat = { ...fix(v, t + 1000), lat: 123 };
		const fixes = [fix(v, t), badLat, fix(v, t + 2000, 48.1372), { ...fix(v, t + 3000), fixAt: 'yesterday' }, { vin: v }];
		const ack = (await gw.send('theft.positions', { fixes })) as BatchAck;
		expect(ack.results.map((r) => r.ok)).toEqual([true, false, true, false, false]);
		expect((ack.results[1] as RefusedAck).error.issues).toContainEqual(expect.objectContaining({ path: 'fixes.1.lat' }));
		expect((ack.results[3] as RefusedAck).error.issues).toContainEqual(expect.objectContaining({ path: 'fixes.3.fixAt' }));
		expect((ack.results[4] as RefusedAck).error.issues).toContainEqual(expect.objectContaining({ path: 'fixes.4.eventId' }));
		const id = (ack.results[0] as AcceptedAck).incidentId;
		expect((await fixesOf(id)).map((f) => f.fix_at)).toEqual([t, t + 2000]);
		expect(await logged(badLat.eventId)).toBe(0);
	});

	it('flags, never drops, a fix implying an impossible speed (the real GNSS jump of the 2014 Munich drive)', async () => {
		const drive = JSON.parse(readFileSync(join(root, 'data/tracks/munich-2014-1hz.json'), 'utf8')) as { point: string; time: string }[];
		const v = vin();
		const shift = now() - Date.parse(drive[0].time.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
		const fixes = drive.map((p) => {
			const [lon, lat] = p.point.slice(6, -1).split(' ').map(Number);
			const at = Date.parse(p.time.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) + shift;
			return { eventId: eventId('munich'), vin: v, fixAt: iso(at), lat, lon };
		});
		let incidentId: string | null = null;
		for (let i = 0; i < fixes.length; i += 500) {
			const ack = (await gw.send('theft.positions', { fixes: fixes.slice(i, i + 500) })) as BatchAck;
			expect(ack.results.every((r) => r.ok)).toBe(true);
			incidentId = (ack.results[0] as AcceptedAck).incidentId;
		}
		const stored = await fixesOf(incidentId);
		expect(stored).toHaveLength(drive.length);
		const flagged = stored.filter((f) => JSON.parse(f.flags).includes('implausible_speed'));
		expect(flagged.length).toBeGreaterThan(0);
		expect(flagged.length).toBeLessThanOrEqual(2);
		expect(new Date(flagged[0].fix_at - shift).toISOString()).toMatch(/T05:04:2[5-7]/);
	});

	it('judges each fix against its neighbours stored by earlier commits, in order or late', async () => {
		const v = vin();
		const t = now();
		const flagsOf = async (f: ReturnType<typeof fix>) => {
			const ack = accepted(await gw.send('theft.position', f));
			return JSON.parse((await fixesOf(ack.incidentId)).find((r) => r.fix_at === Date.parse(f.fixAt))!.flags) as string[];
		};
		// About 11 km north in one second, then late fixes on either side of that jump.
		expect(await flagsOf(fix(v, t, 48.137))).toEqual([]);
		expect(await flagsOf(fix(v, t + 1000, 48.237))).toEqual(['implausible_speed']);
		expect(await flagsOf(fix(v, t + 2000, 48.237))).toEqual([]);
		expect(await flagsOf(fix(v, t + 500, 48.137))).toEqual(['implausible_speed']);
		expect(await flagsOf(fix(v, t + 3000, 48.2371))).toEqual([]);
	});

	it('flags a vehicle clock far from the receive time as a clock problem, and keeps the event', async () => {
		const ack = accepted(await gw.send('theft.position', fix(vin(), now() - 3_600_000)));
		expect(ack.warnings).toContainEqual(expect.objectContaining({ path: 'fixAt' }));
		expect(JSON.parse((await fixesOf(ack.incidentId))[0].flags)).toContain('clock_skew');
		expect((await timelineOf(ack.incidentId)).map((e) => e.kind)).toContain('data_problem');
	});
});

describe('data problems', () => {
	it('drops a malformed optional field with a warning naming it, keeps the event, and shows the problem on the incident', async () => {
		const ack = accepted(
			await gw.send('airbag.deployed', { eventId: eventId(), vin: vin(), passengers: -3, position: { lat: 48.1, lon: 11.5 }, vehicle: { plate: 'B-XY 1', owner: { phone: 'call me' } } })
		);
		expect(ack.warnings.map((w) => w.path)).toEqual(expect.arrayContaining(['passengers', 'vehicle.owner.phone']));
		const details = JSON.parse((await incident(ack.incidentId)).details as string);
		expect(details.passengers).toBeUndefined();
		expect(details.position).toEqual({ lat: 48.1, lon: 11.5 });
		const problem = (await timelineOf(ack.incidentId)).find((e) => e.kind === 'data_problem');
		expect(JSON.parse(problem!.data).problems.map((p: { path: string }) => p.path)).toEqual(expect.arrayContaining(['passengers', 'vehicle.owner.phone']));
	});

	it('accepts a VIN that is not ISO 3779, with a warning', async () => {
		const ack = accepted(await gw.send('airbag.deployed', { eventId: eventId(), vin: 'FLEET-CAR-0042' }));
		expect(ack.warnings).toContainEqual(expect.objectContaining({ path: 'vin' }));
	});

	it('keeps the latest vehicle details sent for a VIN', async () => {
		const v = vin();
		await gw.send('airbag.deployed', { eventId: eventId(), vin: v, vehicle: { model: 'Golf', colour: 'Blue', plate: 'OLD 1' } });
		await gw.send('theft.started', { eventId: eventId(), vin: v, occurredAt: iso(now()), trigger: 'owner_report', vehicle: { model: 'Golf', colour: 'Red', plate: 'NEW 2' } });
		expect(await db.get('select colour, plate from vehicles where vin = ?', v)).toEqual({ colour: 'Red', plate: 'NEW 2' });
	});
});

describe('refusals', () => {
	it('refuses an unknown event name with invalid_payload', async () => {
		const ack = refused(await gw.send('vehicle.exploded', { eventId: eventId(), vin: vin() }));
		expect(ack.error.code).toBe('invalid_payload');
		expect(ack.error.issues).toEqual([expect.objectContaining({ path: '' })]);
	});

	it('refuses a payload over 64 KiB with payload_too_large', async () => {
		const ack = refused(await gw.send('airbag.deployed', { eventId: eventId(), vin: vin(), filler: 'x'.repeat(70_000) }));
		expect(ack.error.code).toBe('payload_too_large');
	});
});

describe('airbag merge window', () => {
	it('joins a second deployment of the same VIN within the window to the first incident', async () => {
		const v = vin();
		const first = accepted(await gw.send('airbag.deployed', { eventId: eventId(), vin: v }));
		const second = accepted(await gw.send('airbag.deployed', { eventId: eventId(), vin: v, passengers: 1 }));
		expect(second.incidentId).toBe(first.incidentId);
		const alerts = (await timelineOf(first.incidentId)).filter((e) => e.kind === 'alert').map((e) => JSON.parse(e.data).repeated);
		expect(alerts).toEqual([false, true]);
	});

	it('opens a new incident after the window', async () => {
		const short = await startConsole({ SOC_GATEWAY_TOKENS: token, SOC_AIRBAG_MERGE_S: '0.5' });
		const g = await connectGateway(short.url, token);
		try {
			const v = vin();
			const first = accepted(await g.send('airbag.deployed', { eventId: eventId(), vin: v }));
			await new Promise((r) => setTimeout(r, 700));
			const second = accepted(await g.send('airbag.deployed', { eventId: eventId(), vin: v }));
			expect(second.incidentId).not.toBe(first.incidentId);
		} finally {
			g.close();
			await short.dispose();
		}
	});
});

describe('rate limit', () => {
	it('refuses a gateway over SOC_GATEWAY_RATE with rate_limited and retryAfterMs, without slowing another gateway', async () => {
		const limited = await startConsole({ SOC_GATEWAY_TOKENS: `${token},other-token`, SOC_GATEWAY_RATE: '50' });
		const flooder = await connectGateway(limited.url, token);
		const other = await connectGateway(limited.url, 'other-token');
		try {
			const v = vin();
			const t = now();
			const batch = { fixes: Array.from({ length: 50 }, (_, i) => fix(v, t + i * 1000, 48.137 + i * 0.0001)) };
			// Sent together: the rate is judged on arrival, whatever storing takes.
			const [batchAck, single] = await Promise.all([flooder.send('theft.positions', batch), flooder.send('theft.position', fix(v, t + 60_000, 48.2))]);
			expect((batchAck as BatchAck).ok).toBe(true);
			const ack = refused(single);
			expect(ack.error.code).toBe('rate_limited');
			expect(ack.error.retryAfterMs).toBeGreaterThan(0);
			expect(ack.error.retryAfterMs).toBeLessThanOrEqual(1000);
			accepted(await other.send('theft.position', fix(vin(), now())));
			await new Promise((r) => setTimeout(r, ack.error.retryAfterMs));
			accepted(await flooder.send('theft.position', fix(v, t + 60_000, 48.2)));
		} finally {
			flooder.close();
			other.close();
			await limited.dispose();
		}
	});
});

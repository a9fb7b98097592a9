// Traccar's forwarding over real HTTP against the built console (docs/traccar.md): the token before
// the body, size and shape refusals, crashes and thefts with their tracks, idempotence, and 1,000
// positions from 8 clients across a SIGKILL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedEntry, GatewayStatus, IncidentView } from '../../src/lib/domain/incident';
import { traccarDevice, traccarEvent, traccarPosition } from '../../src/lib/domain/traccar/examples';
import { openScreen, operatorCookie, until, type TestScreen } from '../helpers/ops';
import { openTestDatabase } from '../helpers/databases';
import { addToken, startConsole, type RunningConsole } from '../helpers/server';

let app: RunningConsole;
let token: string;
let screen: TestScreen;

beforeAll(async () => {
	app = await startConsole();
	token = addToken(app.db, 'traccar-main');
	screen = await openScreen(app.url, await operatorCookie(app.url, app.db));
	await screen.resume(null);
});
afterAll(async () => {
	screen?.close();
	await app?.dispose();
});

const post = (path: 'events' | 'positions', body: unknown, auth: string | null = `Bearer ${token}`) =>
	fetch(`${app.url}/traccar/${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
		body: typeof body === 'string' ? body : JSON.stringify(body)
	});
const read = async <T>(sql: string, ...params: unknown[]) => {
	const db = await openTestDatabase(app.db);
	try {
		return await db.query<T>(sql, ...params);
	} finally {
		await db.close();
	}
};
let ids = 10_000;
const device = (vin: string) => traccarDevice({ attributes: { vin } });
const vinOf = (n: number) => `WP0ZZZ99ZTS${String(n).padStart(6, '0')}`;

describe('who may post', () => {
	it('answers 401 without a token or with a wrong one, before reading the body', async () => {
		for (const auth of [null, 'Bearer not-a-token', `Basic ${token}`, 'Bearer ']) {
			const response = await post('events', { event: traccarEvent(), device: traccarDevice() }, auth);
			expect(response.status, String(auth)).toBe(401);
			expect(await response.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
		}
		// A body far over the limit gets 401, not 413: the token is judged first.
		const huge = await post('positions', 'x'.repeat(2 * 1024 * 1024), 'Bearer wrong');
		expect(huge.status).toBe(401);
	});

	it('answers a wrong token while the body is still being sent: nothing of it is read', async () => {
		let sending: ReadableStreamDefaultController<Uint8Array> | undefined;
		const body = new ReadableStream<Uint8Array>({ start: (c) => void ((sending = c), c.enqueue(new TextEncoder().encode('{"event":'))) });
		const response = await fetch(`${app.url}/traccar/events`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: 'Bearer wrong-token' },
			body,
			duplex: 'half'
		} as RequestInit);
		expect(response.status).toBe(401);
		sending?.close();
	});
});

describe('what is refused', () => {
	it('answers 413 over 256 KiB and 400 for a body that is not Traccar’s JSON, naming what is wrong', async () => {
		const big = await post('events', { event: traccarEvent(), device: traccarDevice(), padding: 'x'.repeat(300 * 1024) });
		expect(big.status).toBe(413);
		expect((await big.json()).error.message).toContain('256 KiB');
		const notJson = await post('events', '{"event": ');
		expect(notJson.status).toBe(400);
		expect((await notJson.json()).error.message).toMatch(/not JSON/);
		const shape = await post('positions', { position: traccarPosition({ latitude: 'north' }), device: {} });
		expect(shape.status).toBe(400);
		expect((await shape.json()).error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['device.id', 'device.uniqueId', 'position.latitude']);
	});
});

describe('alarms and tracks', () => {
	it('opens a crash incident from an accident, which reaches a screen with its source', async () => {
		const vin = vinOf(1);
		const response = await post('events', { event: traccarEvent({ id: ++ids }), position: traccarPosition({ id: ++ids }), device: device(vin) });
		expect(response.status).toBe(200);
		const body = await response.json();
		expect(body).toMatchObject({ ok: true, results: [{ ok: true, duplicate: false }] });
		await until(() => screen.entries.some((e) => e.kind === 'incident' && (e.data as IncidentView).vin === vin));
		const incident = screen.entries.find((e): e is Extract<FeedEntry, { kind: 'incident' }> => e.kind === 'incident' && e.data.vin === vin)!.data;
		expect(incident).toMatchObject({ type: 'airbag', details: { automatic: true, source: 'Traccar', position: { lat: 48.137154, lon: 11.576124 } } });
	});

	it('gives a theft its track from a tow and then forwarded positions, in km/h', async () => {
		const vin = vinOf(2);
		expect((await post('events', { event: traccarEvent({ id: ++ids, attributes: { alarm: 'tow' } }), position: traccarPosition({ id: ++ids }), device: device(vin) })).status).toBe(200);
		const start = Date.parse('2026-12-03T06:20:00Z');
		for (let i = 1; i <= 5; i++) {
			const fixTime = new Date(start + i * 10_000).toISOString();
			const response = await post('positions', { position: traccarPosition({ id: ++ids, fixTime, latitude: 48.137 + i / 1000, speed: 10 }), device: device(vin) });
			expect(response.status).toBe(200);
		}
		const [incident] = await read<{ id: number; type: string }>('select id, type from incidents where vin = ?', vin);
		expect(incident.type).toBe('theft');
		const fixes = await read<{ lat: number; speed_kmh: number }>('select lat, speed_kmh from fixes where incident_id = ? order by fix_at', incident.id);
		expect(fixes).toHaveLength(5);
		expect(fixes[0]).toEqual({ lat: 48.138, speed_kmh: 18.5 });
	});

	it('drops a position of a vehicle the console does not follow, and keeps an invalid fix as a problem', async () => {
		const stranger = vinOf(3);
		const response = await post('positions', { position: traccarPosition({ id: ++ids }), device: device(stranger) });
		expect(await response.json()).toMatchObject({ ok: true, results: [{ ok: true, incidentId: null }] });
		expect(await read('select id from incidents where vin = ?', stranger)).toEqual([]);

		const vin = vinOf(4);
		await post('events', { event: traccarEvent({ id: ++ids, attributes: { alarm: 'movement' } }), position: traccarPosition({ id: ++ids }), device: device(vin) });
		const invalid = await (await post('positions', { position: traccarPosition({ id: ++ids, valid: false }), device: device(vin) })).json();
		expect(invalid.results[0].warnings).toContainEqual({ path: 'position.valid', message: expect.stringContaining('not valid') });
		const [{ id }] = await read<{ id: number }>('select id from incidents where vin = ?', vin);
		expect(await read('select id from fixes where incident_id = ?', id)).toEqual([]);
		const problems = (await read<{ data: string }>("select data from timeline where incident_id = ? and kind = 'data_problem'", id)).flatMap((r) => JSON.parse(r.data).problems);
		expect(problems).toContainEqual(expect.objectContaining({ path: 'position.valid' }));
	});

	it('stores the same event posted twice once, and keeps other events in the gateway log only', async () => {
		const vin = vinOf(5);
		const body = { event: traccarEvent({ id: ++ids }), device: device(vin) };
		const first = await (await post('events', body)).json();
		const second = await (await post('events', body)).json();
		expect(second.results[0]).toMatchObject({ ok: true, duplicate: true, incidentId: first.results[0].incidentId });
		expect(await read('select id from incidents where vin = ?', vin)).toHaveLength(1);
		const online = { event: traccarEvent({ id: ++ids, type: 'deviceOnline', attributes: {} }), device: device(vin) };
		expect(await (await post('events', online)).json()).toMatchObject({ ok: true, results: [{ incidentId: null }] });
		expect(await read<{ event: string }>('select event from gateway_log where event_id = ?', `traccar-event:${ids}`)).toEqual([{ event: 'traccar.event' }]);
	});

	it('counts Traccar as a connected gateway on every screen', async () => {
		await post('positions', { position: traccarPosition({ id: ++ids }), device: device(vinOf(6)) });
		await until(() => screen.gateways.some((g: GatewayStatus) => g.connected.some((c) => c.gateway === 'traccar-main')));
	});
});

describe('a crash of the console in the middle of a stream of positions', () => {
	it('stores 1,000 positions from 8 clients exactly once, each re-posted until it got its 200', async () => {
		const vin = vinOf(7);
		expect((await post('events', { event: traccarEvent({ id: ++ids, attributes: { alarm: 'tow' } }), device: device(vin) })).status).toBe(200);
		const base = Date.parse('2026-12-03T06:00:00Z');
		const pending = Array.from({ length: 1000 }, (_, i) => ({ position: traccarPosition({ id: 500_000 + i, fixTime: new Date(base + i * 1000).toISOString(), latitude: 48 + i / 10_000 }), device: device(vin) }));
		let acked = 0;
		let killed = false;
		const client = async () => {
			for (;;) {
				const next = pending.shift();
				if (!next) return;
				let done = false;
				while (!done) {
					try {
						const response = await post('positions', next);
						done = response.status === 200;
						if (!done) await new Promise((r) => setTimeout(r, 100));
					} catch {
						await new Promise((r) => setTimeout(r, 100)); // the console is down: post it again
					}
				}
				if (++acked === 300 && !killed) {
					killed = true;
					await app.kill();
					await app.restart();
				}
			}
		};
		await Promise.all(Array.from({ length: 8 }, client));
		expect(killed).toBe(true);
		const [{ id }] = await read<{ id: number }>("select id from incidents where vin = ? and type = 'theft'", vin);
		const [stored] = await read<{ n: number; distinct_times: number }>('select count(*) as n, count(distinct fix_at) as distinct_times from fixes where incident_id = ?', id);
		expect(stored).toEqual({ n: 1000, distinct_times: 1000 });
		expect((await read<{ n: number }>("select count(*) as n from gateway_log where event_id like 'traccar-position:5%'"))[0].n).toBe(1000);
	}, 120_000);
});

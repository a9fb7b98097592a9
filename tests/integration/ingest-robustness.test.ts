// Malformed payloads, a crash right after the acks, and the feed after a reconnect.
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack, AcceptedAck, BatchAck } from '../../src/lib/domain/gateway/schemas';
import { connectGateway, eventId, iso, vin, type TestGateway } from '../helpers/gateway';
import { openScreen, operatorCookie, until } from '../helpers/ops';
import { integrityCheck, openTestDatabase } from '../helpers/databases';
import { startConsole, type RunningConsole } from '../helpers/server';

const token = 'robustness-token';

function nested(depth: number): unknown {
	let value: unknown = { lat: 1, lon: 2 };
	for (let i = 0; i < depth; i++) value = { inner: value };
	return value;
}

const good = () => ({ eventId: eventId(), vin: vin(), fixAt: iso(Date.now()), lat: 48.1, lon: 11.5 });
const goodAirbag = () => ({ eventId: eventId(), vin: vin() });
const goodStart = () => ({ eventId: eventId(), vin: vin(), occurredAt: iso(Date.now()), trigger: 'tamper' });
const goodEnd = () => ({ eventId: eventId(), vin: vin(), occurredAt: iso(Date.now()), reason: 'other' });
const big = 'x'.repeat(100_000);

/** [event, payload, path the refusal must name] */
const malformed: [string, unknown, string][] = [
	['airbag.deployed', { vin: vin() }, 'eventId'],
	['airbag.deployed', { eventId: eventId() }, 'vin'],
	['airbag.deployed', { eventId: 42, vin: vin() }, 'eventId'],
	['airbag.deployed', { eventId: '', vin: vin() }, 'eventId'],
	['airbag.deployed', { eventId: 'has space', vin: vin() }, 'eventId'],
	['airbag.deployed', { eventId: 'e'.repeat(129), vin: vin() }, 'eventId'],
	['airbag.deployed', { eventId: eventId(), vin: '' }, 'vin'],
	['airbag.deployed', { eventId: eventId(), vin: 'V'.repeat(33) }, 'vin'],
	['airbag.deployed', { eventId: eventId(), vin: ['WDB'] }, 'vin'],
	['airbag.deployed', { eventId: eventId(), vin: null }, 'vin'],
	['airbag.deployed', { eventId: eventId(), vin: { toString: 'x' } }, 'vin'],
	['airbag.deployed', [goodAirbag()], ''],
	['airbag.deployed', 'a string', ''],
	['airbag.deployed', 12, ''],
	['airbag.deployed', null, ''],
	['airbag.deployed', Buffer.from('binary payload'), ''],
	['airbag.deployed', new Uint8Array([1, 2, 3]), ''],
	['airbag.deployed', { ...goodAirbag(), filler: big }, ''],
	['airbag.deployed', { ...goodAirbag(), vin: nested(2_000) }, 'vin'],
	['theft.started', { ...goodStart(), position: nested(1_500), trigger: [[[['tamper']]]] }, 'trigger'],
	['airbag.deployed', JSON.parse(`{"__proto__": {"eventId": "${eventId()}", "vin": "WDB12345678901234"}}`), 'eventId'],
	['theft.started', { ...goodStart(), occurredAt: undefined }, 'occurredAt'],
	['theft.started', { ...goodStart(), occurredAt: '27/11/2026 10:00' }, 'occurredAt'],
	['theft.started', { ...goodStart(), occurredAt: '2026-13-01T00:00:00Z' }, 'occurredAt'],
	['theft.started', { ...goodStart(), occurredAt: 1795750000000 }, 'occurredAt'],
	['theft.started', { ...goodStart(), trigger: 'aliens' }, 'trigger'],
	['theft.started', { ...goodStart(), trigger: undefined }, 'trigger'],
	['theft.position', { ...good(), lat: 90.5 }, 'lat'],
	['theft.position', { ...good(), lat: -91 }, 'lat'],
	['theft.position', { ...good(), lon: 180.01 }, 'lon'],
	['theft.position', { ...good(), lon: -200 }, 'lon'],
	['theft.position', { ...good(), lat: '48.1' }, 'lat'],
	['theft.position', { ...good(), lat: null }, 'lat'],
	['theft.position', { ...good(), lat: undefined }, 'lat'],
	['theft.position', { ...good(), fixAt: undefined }, 'fixAt'],
	['theft.position', { ...good(), fixAt: 'now' }, 'fixAt'],
	['theft.position', { ...good(), lat: [48.1] }, 'lat'],
	['theft.position', { ...good(), lat: { value: 48.1 } }, 'lat'],
	['theft.position', { ...good(), vin: big }, ''],
	['theft.positions', { fixes: [] }, 'fixes'],
	['theft.positions', { fixes: 'all of them' }, 'fixes'],
	['theft.positions', { fixes: Array.from({ length: 1001 }, good) }, 'fixes'],
	['theft.positions', { fix: [good()] }, 'fixes'],
	['theft.positions', [good()], ''],
	['theft.positions', { fixes: Array.from({ length: 1000 }, () => ({ ...good(), note: 'y'.repeat(1100) })) }, ''],
	['theft.ended', { ...goodEnd(), reason: 'because' }, 'reason'],
	['theft.ended', { ...goodEnd(), reason: undefined }, 'reason'],
	['theft.ended', { ...goodEnd(), occurredAt: '' }, 'occurredAt'],
	['theft.ended', { ...goodEnd(), eventId: undefined }, 'eventId'],
	['ping', goodAirbag(), ''],
	['', goodAirbag(), '']
];

describe('malformed payloads over a real socket', () => {
	let app: RunningConsole;
	let gw: TestGateway;
	beforeAll(async () => {
		app = await startConsole({ SOC_GATEWAY_TOKENS: token });
		gw = await connectGateway(app.url, token);
	});
	afterAll(async () => {
		gw.close();
		await app.dispose();
	});

	it(`has at least 40 cases`, () => expect(malformed.length).toBeGreaterThanOrEqual(40));

	it.each(malformed.map(([event, payload, path], i) => ({ name: `${i}: ${event || '(empty)'} refused at "${path}"`, event, payload, path })))('case $name', async ({ event, payload, path }) => {
		const ack = (await gw.send(event, payload)) as Ack;
		expect(ack.ok).toBe(false);
		if (ack.ok) return;
		expect(['invalid_payload', 'payload_too_large']).toContain(ack.error.code);
		expect(ack.error.message.length).toBeGreaterThan(0);
		expect(ack.error.issues?.map((issue) => issue.path)).toContain(path);
	});

	it('keeps serving after all of them', async () => {
		expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
		expect(gw.socket.connected).toBe(true);
		expect(await gw.send('airbag.deployed', goodAirbag())).toMatchObject({ ok: true, duplicate: false });
		const db = await openTestDatabase(app.db);
		expect((await db.get<{ n: number }>('select count(*) as n from gateway_log'))!.n).toBe(1);
		await db.close();
	});

	it('survives a raw packet nested 100,000 deep', async () => {
		const raw = await connectGateway(app.url, token);
		const deep = '['.repeat(100_000) + ']'.repeat(100_000);
		const answer = new Promise<string>((resolve) =>
			raw.socket.io.engine.on('packet', (p: { type: string; data?: unknown }) => {
				if (p.type === 'message' && typeof p.data === 'string' && p.data.startsWith('3/gateway,7')) resolve(p.data);
			})
		);
		// engine.write adds the engine.io message type (4): this is a socket.io event packet (2) with ack id 7.
		raw.socket.io.engine.write(`2/gateway,7["airbag.deployed",${deep}]`);
		expect(JSON.parse((await answer).slice('3/gateway,7'.length))[0]).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
		raw.close();
		expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
		expect(await gw.send('airbag.deployed', goodAirbag())).toMatchObject({ ok: true });
	});

	it('closes the connection of a message over the socket limit of 2 MiB, as Socket.IO does, and keeps serving others', async () => {
		const victim = await connectGateway(app.url, token);
		const closed = new Promise((resolve) => victim.socket.once('disconnect', resolve));
		// Over the socket's own limit on purpose: sent through an untyped view of the socket.
		(victim.socket as Socket).emit('theft.positions', { fixes: [{ ...good(), note: 'z'.repeat(3 * 1024 * 1024) }] }, () => {});
		await closed;
		expect(await gw.send('airbag.deployed', goodAirbag())).toMatchObject({ ok: true });
	});
});

describe('crash right after the acks', () => {
	it('keeps every acked event, exactly once, after SIGKILL and a restart', async () => {
		const app = await startConsole({ SOC_GATEWAY_TOKENS: token });
		try {
			const gw = await connectGateway(app.url, token);
			const acked: string[] = [];
			const pending: Promise<void>[] = [];
			// 1,000 single events and 1,000 fixes in batches of 100, all in flight together.
			for (let i = 0; i < 1000; i++) {
				const payload = i % 2 ? { eventId: eventId('crash'), vin: vin() } : good();
				const event = i % 2 ? 'airbag.deployed' : 'theft.position';
				pending.push(gw.send(event, payload).then((ack) => void (ack.ok && acked.push(payload.eventId))));
			}
			for (let b = 0; b < 10; b++) {
				const fixes = Array.from({ length: 100 }, good);
				pending.push(
					gw.send('theft.positions', { fixes }).then((ack) => {
						(ack as BatchAck).results.forEach((r, i) => r.ok && acked.push(fixes[i].eventId));
					})
				);
			}
			await Promise.all(pending);
			await app.kill();
			gw.close();
			expect(acked).toHaveLength(2000);
			await app.restart();
			const db = await openTestDatabase(app.db);
			const stored = await db.query<{ event_id: string; n: number }>('select event_id, count(*) as n from gateway_log group by event_id');
			expect(await integrityCheck(db)).toBe('ok');
			await db.close();
			const counts = new Map(stored.map((r) => [r.event_id, r.n]));
			expect(acked.filter((id) => counts.get(id) !== 1)).toEqual([]);
		} finally {
			await app.dispose();
		}
	});
});

describe('the feed after a reconnect', () => {
	it('gives a screen that was away every change it missed, in order, the same as a screen that stayed', async () => {
		const app = await startConsole({ SOC_GATEWAY_TOKENS: token });
		try {
			const cookie = await operatorCookie(app.url, app.db);
			const gw = await connectGateway(app.url, token);
			const stayed = await openScreen(app.url, cookie);
			await stayed.resume(null);
			const away = await openScreen(app.url, cookie);
			await away.resume(null);
			await gw.send('airbag.deployed', goodAirbag());
			await until(() => away.entries.length > 0 && stayed.entries.length === away.entries.length);
			const lastSeen = away.lastSeq;
			away.close();
			// At least 500 changes while it is away: each airbag incident is an incident and a timeline entry.
			const acks = await Promise.all(Array.from({ length: 260 }, () => gw.send('airbag.deployed', goodAirbag())));
			expect(acks.every((a) => a.ok && !(a as AcceptedAck).duplicate)).toBe(true);
			// And track entries: batches that interleave two cars, then a late fix of the first car.
			const cars = [vin(), vin()];
			const start = Date.now() - 60_000;
			const fix = (car: string, i: number) => ({ eventId: eventId(), vin: car, fixAt: iso(start + i * 1000), lat: 48.1 + i / 1e4, lon: 11.5 });
			for (let batch = 0; batch < 3; batch++) {
				const fixes = Array.from({ length: 40 }, (_, i) => fix(cars[i % 2], 10 + batch * 40 + i));
				expect((await gw.send('theft.positions', { fixes })).ok).toBe(true);
			}
			expect((await gw.send('theft.position', fix(cars[0], 1))).ok).toBe(true);
			await until(() => stayed.entries.filter((e) => e.kind === 'track').flatMap((e) => (e.kind === 'track' ? e.data.fixes : [])).length === 121);
			const back = await openScreen(app.url, cookie);
			const { entries } = await back.resume(lastSeen);
			const missed = stayed.entries.filter((e) => e.seq > lastSeen);
			expect(missed.length).toBeGreaterThanOrEqual(500);
			expect(entries!.filter((e) => e.kind === 'track').flatMap((e) => e.data.fixes)).toHaveLength(121);
			expect(entries).toEqual(missed);
			expect(entries!.map((e) => e.seq)).toEqual(missed.map((_, i) => lastSeen + 1 + i));
			// And it carries on live from there.
			await gw.send('airbag.deployed', goodAirbag());
			await until(() => back.entries.length >= 2);
			expect(back.entries[0].seq).toBe(lastSeen + missed.length + 1);
			back.close();
			stayed.close();
			gw.close();
		} finally {
			await app.dispose();
		}
	});

	it('gives a fresh snapshot to a screen too far behind, and to one that asks with no position', async () => {
		const app = await startConsole({ SOC_GATEWAY_TOKENS: token });
		try {
			const cookie = await operatorCookie(app.url, app.db);
			const gw = await connectGateway(app.url, token);
			const ack = (await gw.send('airbag.deployed', goodAirbag())) as AcceptedAck;
			const screen = await openScreen(app.url, cookie);
			const fresh = await screen.resume(null);
			expect(fresh.snapshot!.incidents.map((i) => String(i.id))).toContain(ack.incidentId);
			const ahead = await screen.resume(fresh.snapshot!.seq + 100);
			expect(ahead.snapshot).toBeDefined();
			const bad = await screen.send('resume', { seq: 'yesterday' });
			expect(bad).toMatchObject({ ok: false });
			screen.close();
			gw.close();
		} finally {
			await app.dispose();
		}
	});

	it('tells every screen which gateways are connected and when one was last heard', async () => {
		const app = await startConsole({ SOC_GATEWAY_TOKENS: token });
		try {
			const screen = await openScreen(app.url, await operatorCookie(app.url, app.db));
			const { snapshot } = await screen.resume(null);
			expect(snapshot!.gateways).toEqual({ connected: [], lastEventAt: null });
			const gw = await connectGateway(app.url, token);
			await until(() => screen.gateways.some((g) => g.connected.length === 1));
			await gw.send('airbag.deployed', goodAirbag());
			await until(() => screen.gateways.some((g) => g.lastEventAt !== null));
			gw.close();
			await until(() => screen.gateways.at(-1)!.connected.length === 0);
			expect(screen.gateways.at(-1)!.lastEventAt).toBeTypeOf('number');
			screen.close();
		} finally {
			await app.dispose();
		}
	});
});

// The gateway's delivery rules against a scripted console: a Socket.IO server whose answers
// (no ack, rate_limited, unavailable, invalid_payload, a batch judged fix by fix) are set per event id.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emission } from './events';
import { Gateway } from './gateway';

type Answer = (attempt: number) => unknown;
const ok = (duplicate = false) => ({ ok: true, incidentId: '1', duplicate, warnings: [] });
const refused = (code: string, extra = {}) => ({ ok: false, error: { code, message: code, ...extra } });
/** No ack: the console closes the connection with the event in flight. */
const drop = Symbol('drop');

const answers: Record<string, Answer> = {
	'lost-1': (n) => (n === 1 ? drop : ok(true)),
	'limited-1': (n) => (n === 1 ? refused('rate_limited', { retryAfterMs: 300 }) : ok()),
	'busy-1': (n) => (n === 1 ? refused('unavailable') : ok()),
	'bad-1': () => refused('invalid_payload'),
	'fix-1': () => ok(),
	'fix-2': (n) => (n === 1 ? refused('unavailable') : ok()),
	'fix-3': () => refused('invalid_payload')
};
/** Every message received: its event and the event ids it carried, and when. */
const received: { event: string; ids: string[]; at: number }[] = [];
const attempts = new Map<string, number>();
const answer = (id: string) => {
	const n = (attempts.get(id) ?? 0) + 1;
	attempts.set(id, n);
	return (answers[id] ?? (() => ok()))(n);
};

let io: Server;
let url: string;
beforeAll(async () => {
	const http = createServer();
	io = new Server(http);
	const gateway = io.of('/gateway');
	gateway.use((socket, next) => (socket.handshake.auth.token === 'good' ? next() : next(new Error('unauthorized'))));
	gateway.on('connection', (socket) => {
		socket.onAny((event: string, payload: { eventId?: string; fixes?: { eventId: string }[] }, ack: (a: unknown) => void) => {
			const ids = payload.fixes ? payload.fixes.map((f) => f.eventId) : [payload.eventId!];
			received.push({ event, ids, at: Date.now() });
			const results = ids.map(answer);
			if (results.includes(drop)) socket.disconnect();
			else ack(payload.fixes ? { ok: true, results } : results[0]);
		});
	});
	await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => io.close(() => resolve())));

const airbag = (eventId: string): Emission => ({
	at: 0,
	event: 'airbag.deployed',
	payload: { eventId, vin: 'WP0ZZZ99ZTS392124', occurredAt: '2026-11-27T04:48:08Z', automatic: true, testCall: false }
});
const fix = (eventId: string): Emission => ({
	at: 0,
	event: 'theft.position',
	payload: { eventId, vin: 'WP0ZZZ99ZTS392124', fixAt: '2026-11-27T04:48:08Z', lat: 48.1, lon: 11.5 }
});

/** Delivers `emissions` through a new gateway until each is acked or refused. */
async function deliver(emissions: Emission[]) {
	const acked: string[] = [];
	const refusedIds: string[] = [];
	const gateway = await Gateway.connect({
		url,
		token: 'good',
		sockets: 1,
		batch: 10,
		onAcked: (id) => acked.push(id),
		onRefused: (id) => refusedIds.push(id),
		onFatal: (message) => {
			throw new Error(message);
		}
	});
	gateway.enqueue(emissions);
	await expect.poll(() => gateway.outstanding, { timeout: 10_000, interval: 20 }).toBe(0);
	gateway.close();
	return { acked, refused: refusedIds, counts: gateway.counts };
}

const messagesWith = (id: string) => received.filter((m) => m.ids.includes(id));

describe('the gateway delivers at least once', () => {
	it('sends an event whose ack was lost again, with the same eventId, once it has reconnected', async () => {
		const result = await deliver([airbag('lost-1')]);
		expect(result.acked).toEqual(['lost-1']);
		expect(messagesWith('lost-1').map((m) => m.event)).toEqual(['airbag.deployed', 'airbag.deployed']);
		expect(result.counts).toMatchObject({ sent: 1, retried: 1, acked: 1, duplicates: 1, refused: 0 });
	});

	it('retries rate_limited after retryAfterMs and unavailable after a back-off; refuses invalid_payload for good', async () => {
		const result = await deliver([airbag('limited-1'), airbag('busy-1'), airbag('bad-1')]);
		expect(result.acked.sort()).toEqual(['busy-1', 'limited-1']);
		expect(result.refused).toEqual(['bad-1']);
		const [first, second] = messagesWith('limited-1');
		expect(second.at - first.at).toBeGreaterThanOrEqual(290);
		expect(messagesWith('busy-1')).toHaveLength(2);
		expect(messagesWith('bad-1')).toHaveLength(1);
		expect(result.counts).toMatchObject({ sent: 3, retried: 2, acked: 2, refused: 1 });
	});

	it('sends fixes due together as one batch, and sends again only the fixes refused with a retryable code', async () => {
		const result = await deliver([fix('fix-1'), fix('fix-2'), fix('fix-3')]);
		expect(messagesWith('fix-1')).toEqual([expect.objectContaining({ event: 'theft.positions', ids: ['fix-1', 'fix-2', 'fix-3'] })]);
		expect(messagesWith('fix-2').map((m) => m.event)).toEqual(['theft.positions', 'theft.position']);
		expect(messagesWith('fix-3')).toHaveLength(1);
		expect(result.acked.sort()).toEqual(['fix-1', 'fix-2']);
		expect(result.refused).toEqual(['fix-3']);
		expect(result.counts).toMatchObject({ sent: 3, retried: 1, acked: 2, ackedFixes: 2, refused: 1 });
	});

	it('keeps the newest fixes within its bound, and every alert, until the console takes them', async () => {
		const gateway = await Gateway.connect({ url, token: 'good', sockets: 1, batch: 10, maxQueuedFixes: 100, onRefused: () => {}, onFatal: () => {} });
		try {
			// Not connected yet: everything waits.
			gateway.enqueue([airbag('kept-alert-1'), ...Array.from({ length: 120 }, (_, i) => fix(`queued-${i}`))]);
			gateway.enqueue([...Array.from({ length: 30 }, (_, i) => fix(`queued-${120 + i}`)), airbag('kept-alert-2')]);
			expect(gateway.counts).toMatchObject({ sent: 0, dropped: 50 });
			expect(gateway.outstanding).toBe(102);
			const deadline = Date.now() + 5_000;
			while (gateway.outstanding > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
			const sent = new Set(received.flatMap((m) => m.ids));
			expect(['kept-alert-1', 'kept-alert-2'].every((id) => sent.has(id))).toBe(true);
			expect(Array.from({ length: 150 }, (_, i) => sent.has(`queued-${i}`))).toEqual(Array.from({ length: 150 }, (_, i) => i >= 50));
			expect(gateway.counts).toMatchObject({ acked: 102, dropped: 50 });
		} finally {
			gateway.close();
		}
	});

	it('stops the run when the console refuses the token', async () => {
		let gateway: Gateway | undefined;
		const fatal = await new Promise<string>((resolve) => {
			void Gateway.connect({ url, token: 'wrong', sockets: 1, batch: 10, onRefused: () => {}, onFatal: resolve }).then((g) => (gateway = g));
		});
		gateway?.close();
		expect(fatal).toMatch(/unauthorized/);
	});
});

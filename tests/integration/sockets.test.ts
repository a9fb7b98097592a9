// Who may open the /ops and /gateway namespaces, and how open sockets are cut when rights end.
import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AcceptedAck } from '../../src/lib/domain/gateway/schemas';
import type { FeedEntry, IncidentView, Snapshot } from '../../src/lib/domain/incident';
import { connectGateway, eventId, iso, vin } from '../helpers/gateway';
import { addToken, addUser, signIn, soc, startConsole, type RunningConsole } from '../helpers/server';

const envToken = 'env-gateway-token-for-tests';
let app: RunningConsole;
const open: Socket[] = [];

beforeAll(async () => {
	app = await startConsole({ SOC_GATEWAY_TOKENS: `other-token, ${envToken}` });
});
afterAll(() => app.dispose());
afterEach(() => open.splice(0).forEach((s) => s.close()));

function connect(namespace: string, options: Parameters<typeof io>[1]): Socket {
	const socket = io(`${app.url}${namespace}`, { transports: ['websocket'], reconnection: false, forceNew: true, ...options });
	open.push(socket);
	return socket;
}

/** Resolves 'connected' or the connect_error's message. */
function outcome(socket: Socket): Promise<string> {
	return new Promise((resolve) => {
		socket.once('connect', () => resolve('connected'));
		socket.once('connect_error', (err) => resolve(err.message));
	});
}

function disconnected(socket: Socket, withinMs: number): Promise<boolean> {
	return new Promise((resolve) => {
		if (socket.disconnected) return resolve(true);
		const timer = setTimeout(() => resolve(false), withinMs);
		socket.once('disconnect', () => {
			clearTimeout(timer);
			resolve(true);
		});
	});
}

async function operatorCookie(name: string, role = 'operator'): Promise<string> {
	addUser(app.db, name, role);
	return operatorCookieOf(name);
}

/** A new session of an account made by `operatorCookie`. */
async function operatorCookieOf(name: string): Promise<string> {
	const { cookie } = await signIn(app.url, name, `${name}-password-123`);
	return cookie!;
}

describe('/ops', () => {
	it('accepts a signed-in session with the console Origin', async () => {
		const cookie = await operatorCookie('ops-ok');
		expect(await outcome(connect('/ops', { extraHeaders: { cookie, origin: app.url } }))).toBe('connected');
	});

	it('refuses a socket without a session cookie', async () => {
		expect(await outcome(connect('/ops', { extraHeaders: { origin: app.url } }))).toBe('unauthorized');
	});

	it('refuses an administrator’s screen: the admin role has no console and no wall', async () => {
		const cookie = await operatorCookie('ops-admin-screen', 'admin');
		expect(await outcome(connect('/ops', { extraHeaders: { cookie, origin: app.url } }))).toBe('forbidden');
	});

	it('gives the wall display its feed without owners’ names, phones, notes or references, and nothing to ask or do', async () => {
		const gw = await connectGateway(app.url, envToken);
		const [wallCookie, deskCookie] = [await operatorCookie('ops-wall', 'display'), await operatorCookie('ops-desk')];
		const wall = connect('/ops', { extraHeaders: { cookie: wallCookie, origin: app.url } });
		const desk = connect('/ops', { extraHeaders: { cookie: deskCookie, origin: app.url } });
		expect(await Promise.all([outcome(wall), outcome(desk)])).toEqual(['connected', 'connected']);
		const seen: Record<'wall' | 'desk', FeedEntry[]> = { wall: [], desk: [] };
		wall.on('feed', (entries: FeedEntry[]) => seen.wall.push(...entries));
		desk.on('feed', (entries: FeedEntry[]) => seen.desk.push(...entries));
		await wall.timeout(5_000).emitWithAck('resume', { seq: null });
		await desk.timeout(5_000).emitWithAck('resume', { seq: null });
		const owner = { name: 'Erika Mustermann', phone: '+49 711 555 0101', language: 'de' };
		const ack = (await gw.send('theft.started', { eventId: eventId(), vin: vin(), occurredAt: iso(Date.now()), trigger: 'tow_away', vehicle: { model: 'Taycan', owner } })) as AcceptedAck;
		const incidentId = Number(ack.incidentId);
		const act = (action: Record<string, unknown>) => desk.timeout(5_000).emitWithAck('act', action);
		expect(await act({ action: 'acknowledge', incidentId })).toMatchObject({ ok: true });
		expect(await act({ action: 'note', incidentId, note: 'owner says the car is in the garage' })).toMatchObject({ ok: true });
		const police = (await act({ action: 'escalate', incidentId, authorityId: 1, reference: 'PN-2026-77' })) as { ok: boolean };
		expect(police.ok).toBe(true);
		await new Promise((r) => setTimeout(r, 300));

		const words = /Erika|555 0101|garage|PN-2026-77/;
		expect(JSON.stringify(seen.desk)).toMatch(words);
		expect(seen.wall.map((e) => e.seq)).toEqual(seen.desk.map((e) => e.seq));
		expect(JSON.stringify(seen.wall)).not.toMatch(words);
		const wallIncident = seen.wall.filter((e) => e.kind === 'incident').at(-1)!.data as IncidentView;
		expect(wallIncident.vehicle).toMatchObject({ model: 'Taycan', ownerName: null, ownerPhone: null });
		const snapshot = (await wall.timeout(5_000).emitWithAck('resume', { seq: null })) as { snapshot: Snapshot };
		expect(snapshot.snapshot.incidents.some((i) => i.id === incidentId)).toBe(true);
		expect(JSON.stringify(snapshot)).not.toMatch(words);
		const caughtUp = (await wall.timeout(5_000).emitWithAck('resume', { seq: seen.wall[0].seq - 1 })) as { entries: FeedEntry[] };
		expect(caughtUp.entries.length).toBeGreaterThan(0);
		expect(JSON.stringify(caughtUp)).not.toMatch(words);

		expect(await wall.timeout(5_000).emitWithAck('incident:detail', { incidentId })).toEqual({ ok: false, error: 'not_allowed' });
		expect(await wall.timeout(5_000).emitWithAck('act', { action: 'note', incidentId, note: 'from the wall' })).toEqual({ ok: false, error: 'not_allowed' });
		expect(await desk.timeout(5_000).emitWithAck('incident:detail', { incidentId })).toMatchObject({ ok: true });
		gw.close();
	});

	it('refuses a forged or ended session cookie', async () => {
		expect(await outcome(connect('/ops', { extraHeaders: { cookie: 'soc_session=forged', origin: app.url } }))).toBe('unauthorized');
	});

	it('refuses a missing Origin', async () => {
		const cookie = await operatorCookie('ops-no-origin');
		expect(await outcome(connect('/ops', { extraHeaders: { cookie } }))).toBe('unauthorized');
	});

	it('refuses a foreign Origin', async () => {
		const cookie = await operatorCookie('ops-foreign');
		expect(await outcome(connect('/ops', { extraHeaders: { cookie, origin: 'https://evil.example' } }))).toBe('unauthorized');
	});

	it('refuses more than 16 screens at once for one account, whatever its sessions, and takes one again when another closes', async () => {
		const cookie = await operatorCookie('ops-many');
		const second = await operatorCookieOf('ops-many');
		const screens: Socket[] = [];
		for (let i = 0; i < 16; i++) {
			const socket = connect('/ops', { extraHeaders: { cookie: i % 2 ? cookie : second, origin: app.url } });
			expect(await outcome(socket)).toBe('connected');
			screens.push(socket);
		}
		expect(await outcome(connect('/ops', { extraHeaders: { cookie, origin: app.url } }))).toBe('too_many_screens');
		// A third sign-in of the same account gets no more.
		expect(await outcome(connect('/ops', { extraHeaders: { cookie: await operatorCookieOf('ops-many'), origin: app.url } }))).toBe('too_many_screens');
		// Another account is not affected.
		expect(await outcome(connect('/ops', { extraHeaders: { cookie: await operatorCookie('ops-other'), origin: app.url } }))).toBe('connected');
		screens[0].close();
		await new Promise((r) => setTimeout(r, 200));
		expect(await outcome(connect('/ops', { extraHeaders: { cookie, origin: app.url } }))).toBe('connected');
	});

	it('cuts the open socket when the session is signed out', async () => {
		const cookie = await operatorCookie('ops-signout');
		const socket = connect('/ops', { extraHeaders: { cookie, origin: app.url } });
		expect(await outcome(socket)).toBe('connected');
		const ended = new Promise((resolve) => socket.once('session:ended', () => resolve(true)));
		await fetch(`${app.url}/logout`, { method: 'POST', redirect: 'manual', headers: { cookie, origin: app.url, 'content-type': 'application/x-www-form-urlencoded' } });
		expect(await ended).toBe(true);
		expect(await disconnected(socket, 2_000)).toBe(true);
	});

	it('cuts a disabled account’s open socket, even when disabled from the command line', async () => {
		const cookie = await operatorCookie('ops-disabled');
		const socket = connect('/ops', { extraHeaders: { cookie, origin: app.url } });
		expect(await outcome(socket)).toBe('connected');
		expect(soc(app.db, ['user', 'disable', 'ops-disabled']).code).toBe(0);
		expect(await disconnected(socket, 5_000)).toBe(true);
		const again = connect('/ops', { extraHeaders: { cookie, origin: app.url } });
		expect(await outcome(again)).toBe('unauthorized');
	});

	it('cuts a disabled account’s open socket at once when an admin disables it', async () => {
		const cookie = await operatorCookie('ops-admin-disabled');
		const socket = connect('/ops', { extraHeaders: { cookie, origin: app.url } });
		expect(await outcome(socket)).toBe('connected');
		const adminPassword = addUser(app.db, 'sockets-admin', 'admin');
		const admin = await signIn(app.url, 'sockets-admin', adminPassword);
		const response = await fetch(`${app.url}/admin?/disable`, {
			method: 'POST',
			redirect: 'manual',
			headers: { cookie: admin.cookie!, origin: app.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ username: 'ops-admin-disabled' })
		});
		expect(response.status).toBe(200);
		// Well under the 2 s sweep: the admin action cuts it directly.
		expect(await disconnected(socket, 1_000)).toBe(true);
	});
});

describe('/gateway token guessing', () => {
	it('refuses every handshake from an address after 10 wrong tokens within a minute, and keeps connected gateways', async () => {
		const own = await startConsole({ SOC_GATEWAY_TOKENS: envToken });
		const at = (token: string) => {
			const socket = io(`${own.url}/gateway`, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token } });
			open.push(socket);
			return socket;
		};
		try {
			const connected = at(envToken);
			expect(await outcome(connected)).toBe('connected');
			for (let i = 0; i < 10; i++) expect(await outcome(at(`guess-${i}`))).toBe('unauthorized');
			expect(await outcome(at('guess-10'))).toBe('rate_limited');
			// Not even the right token is looked at now: a guess that succeeds would look no different.
			expect(await outcome(at(envToken))).toBe('rate_limited');
			expect(connected.connected).toBe(true);
		} finally {
			await own.dispose();
		}
	});
});

describe('/gateway', () => {
	it('accepts a token from SOC_GATEWAY_TOKENS', async () => {
		expect(await outcome(connect('/gateway', { auth: { token: envToken } }))).toBe('connected');
	});

	it('accepts a token made with soc token add', async () => {
		const token = addToken(app.db, 'gw-accepted');
		expect(await outcome(connect('/gateway', { auth: { token } }))).toBe('connected');
	});

	it.each([
		['missing', {}],
		['empty', { token: '' }],
		['wrong', { token: 'not-a-token' }],
		['not a string', { token: 12345 }]
	])('refuses a %s token with unauthorized', async (_name, auth) => {
		expect(await outcome(connect('/gateway', { auth }))).toBe('unauthorized');
	});

	it('refuses a revoked token and cuts a gateway connected with it', async () => {
		const token = addToken(app.db, 'gw-revoked');
		const socket = connect('/gateway', { auth: { token } });
		expect(await outcome(socket)).toBe('connected');
		expect(soc(app.db, ['token', 'revoke', 'gw-revoked']).code).toBe(0);
		expect(await disconnected(socket, 5_000)).toBe(true);
		expect(await outcome(connect('/gateway', { auth: { token } }))).toBe('unauthorized');
	});
});

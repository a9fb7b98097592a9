// Who may open the /ops and /gateway namespaces, and how open sockets are cut when rights end.
import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
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

async function operatorCookie(name: string): Promise<string> {
	addUser(app.dbPath, name, 'operator');
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
		expect(soc(app.dbPath, ['user', 'disable', 'ops-disabled']).code).toBe(0);
		expect(await disconnected(socket, 5_000)).toBe(true);
		const again = connect('/ops', { extraHeaders: { cookie, origin: app.url } });
		expect(await outcome(again)).toBe('unauthorized');
	});

	it('cuts a disabled account’s open socket at once when an admin disables it', async () => {
		const cookie = await operatorCookie('ops-admin-disabled');
		const socket = connect('/ops', { extraHeaders: { cookie, origin: app.url } });
		expect(await outcome(socket)).toBe('connected');
		const adminPassword = addUser(app.dbPath, 'sockets-admin', 'admin');
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

describe('/gateway', () => {
	it('accepts a token from SOC_GATEWAY_TOKENS', async () => {
		expect(await outcome(connect('/gateway', { auth: { token: envToken } }))).toBe('connected');
	});

	it('accepts a token made with soc token add', async () => {
		const token = addToken(app.dbPath, 'gw-accepted');
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
		const token = addToken(app.dbPath, 'gw-revoked');
		const socket = connect('/gateway', { auth: { token } });
		expect(await outcome(socket)).toBe('connected');
		expect(soc(app.dbPath, ['token', 'revoke', 'gw-revoked']).code).toBe(0);
		expect(await disconnected(socket, 5_000)).toBe(true);
		expect(await outcome(connect('/gateway', { auth: { token } }))).toBe('unauthorized');
	});
});

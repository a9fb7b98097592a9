// Sign-in, sessions, roles and throttling, through the real server over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openScreen } from '../helpers/ops';
import { addUser, signIn, soc, startConsole, type RunningConsole } from '../helpers/server';

let app: RunningConsole;

beforeAll(async () => {
	app = await startConsole();
});
afterAll(() => app.dispose());

const get = (path: string, cookie?: string, base = app.url) =>
	fetch(`${base}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });

const post = (path: string, body: Record<string, string>, cookie?: string, base = app.url) =>
	fetch(`${base}${path}`, {
		method: 'POST',
		redirect: 'manual',
		headers: { origin: base, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
		body: new URLSearchParams(body)
	});

describe('signing in', () => {
	it.each([
		['display', '/wall'],
		['operator', '/'],
		['supervisor', '/'],
		['admin', '/admin']
	])('a %s lands on %s and can open it', async (role, home) => {
		const password = addUser(app.db, `home-${role}`, role);
		const result = await signIn(app.url, `home-${role}`, password);
		expect(result.status).toBe(303);
		expect(new URL(result.location!, app.url).pathname).toBe(home);
		expect(result.cookie).toMatch(/^soc_session=/);
		expect((await get(home, result.cookie!)).status).toBe(200);
	});

	it('sets the cookie HttpOnly and SameSite, not Secure over http', async () => {
		const password = addUser(app.db, 'cookie-check', 'operator');
		const response = await post('/login', { username: 'cookie-check', password });
		const cookie = response.headers.getSetCookie().find((c) => c.startsWith('soc_session='))!;
		expect(cookie).toMatch(/HttpOnly/i);
		expect(cookie).toMatch(/SameSite=Strict/i);
		expect(cookie).not.toMatch(/Secure/i);
	});

	it('answers a wrong password and an unknown name with the same 400 message', async () => {
		addUser(app.db, 'wrong-pw', 'operator');
		const wrong = await post('/login', { username: 'wrong-pw', password: 'not-the-password' });
		const unknown = await post('/login', { username: 'nobody-here', password: 'not-the-password' });
		expect(wrong.status).toBe(400);
		expect(unknown.status).toBe(400);
		const [a, b] = [await wrong.text(), await unknown.text()];
		expect(a).toContain('Wrong username or password.');
		expect(b).toContain('Wrong username or password.');
		expect(a).not.toMatch(/unknown user|no such|password is wrong/i);
	});

	it('refuses a malformed form with 400', async () => {
		expect((await post('/login', { username: '' })).status).toBe(400);
		expect((await post('/login', { username: 'a'.repeat(500), password: 'x' })).status).toBe(400);
	});

	it('gives a new session id at sign-in and forgets the one the browser came with', async () => {
		const password = addUser(app.db, 'fixation', 'operator');
		const first = await signIn(app.url, 'fixation', password);
		const second = await signIn(app.url, 'fixation', password, first.cookie!);
		expect(second.cookie).not.toBe(first.cookie);
		expect((await get('/', first.cookie!)).status).toBe(303);
		expect((await get('/', second.cookie!)).status).toBe(200);
	});

	it('refuses a made-up session cookie', async () => {
		const response = await get('/', 'soc_session=forged-token-value');
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe('/login?ended=1');
	});

	it('ends the session at sign-out', async () => {
		const password = addUser(app.db, 'leaver', 'operator');
		const { cookie } = await signIn(app.url, 'leaver', password);
		const out = await post('/logout', {}, cookie!);
		expect(out.status).toBe(303);
		expect(out.headers.get('location')).toBe('/login');
		expect((await get('/', cookie!)).status).toBe(303);
	});

	it('clears the cookie at sign-out with the attributes it was set with (no Secure over http)', async () => {
		const password = addUser(app.db, 'leaver-cookie', 'operator');
		const set = (await post('/login', { username: 'leaver-cookie', password })).headers.getSetCookie().find((c) => c.startsWith('soc_session='))!;
		const cookie = set.split(';')[0];
		const cleared = (await post('/logout', {}, cookie)).headers.getSetCookie().find((c) => c.startsWith('soc_session='))!;
		const attributes = (c: string) =>
			c
				.split(';')
				.slice(1)
				.map((a) => a.trim().split('=')[0].toLowerCase())
				.filter((a) => a !== 'expires' && a !== 'max-age')
				.sort();
		expect(cleared).toMatch(/^soc_session=;/);
		expect(cleared).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i);
		expect(cleared).not.toMatch(/Secure/i);
		expect(attributes(cleared)).toEqual(attributes(set));
	});

	it('ends the sessions of a disabled account and refuses its sign-in', async () => {
		const password = addUser(app.db, 'to-disable', 'operator');
		const { cookie } = await signIn(app.url, 'to-disable', password);
		expect(soc(app.db, ['user', 'disable', 'to-disable']).code).toBe(0);
		expect((await get('/', cookie!)).status).toBe(303);
		expect((await signIn(app.url, 'to-disable', password)).status).toBe(400);
	});
});

describe('roles', () => {
	it('redirects a page that needs sign-in to /login with 303', async () => {
		for (const path of ['/', '/wall', '/admin']) {
			const response = await get(path);
			expect(response.status).toBe(303);
			expect(response.headers.get('location')).toBe('/login');
		}
	});

	it('gives an operator 403 on /admin and its actions', async () => {
		const password = addUser(app.db, 'op-admin', 'operator');
		const { cookie } = await signIn(app.url, 'op-admin', password);
		expect((await get('/admin', cookie!)).status).toBe(403);
		const action = await post('/admin?/addAccount', { username: 'sneaky', role: 'admin', password: 'sneaky-password-1' }, cookie!);
		expect(action.status).toBe(403);
		expect(soc(app.db, ['user', 'list']).stdout).not.toContain('sneaky');
	});

	it('lets a display account see the wall and nothing it could act on', async () => {
		const password = addUser(app.db, 'wall-screen', 'display');
		const { cookie } = await signIn(app.url, 'wall-screen', password);
		expect((await get('/wall', cookie!)).status).toBe(200);
		expect((await get('/', cookie!)).status).toBe(403);
		expect((await get('/admin', cookie!)).status).toBe(403);
	});

	it('keeps an admin out of the operator console', async () => {
		const password = addUser(app.db, 'admin-only', 'admin');
		const { cookie } = await signIn(app.url, 'admin-only', password);
		expect((await get('/', cookie!)).status).toBe(403);
	});
});

describe('choosing the language', () => {
	it('goes back only to a path on the console: another site, or a broken path, goes home', async () => {
		const back = async (value: string) => {
			const response = await post('/language', { locale: 'fr', back: value });
			expect(response.status, JSON.stringify(value)).toBe(303);
			return response.headers.get('location');
		};
		expect(await back('/log?type=theft')).toBe('/log?type=theft');
		for (const value of ['/\\evil.example', '//evil.example', '/\t/evil.example', 'https://evil.example']) expect(await back(value), value).toBe('/');
		for (const value of ['/log\r\nSet-Cookie: x=1', '/wall\u2028', '/log\u0000']) expect(await back(value), JSON.stringify(value)).toMatch(/^\/[\x21-\x7e]*$/);
	});
});

describe('throttling', () => {
	it('refuses even the right password with 429 after 5 failures within 15 minutes', async () => {
		const password = addUser(app.db, 'throttled', 'operator');
		for (let i = 0; i < 5; i++) {
			expect((await post('/login', { username: 'throttled', password: `wrong-${i}` })).status).toBe(400);
		}
		const refused = await post('/login', { username: 'throttled', password });
		expect(refused.status).toBe(429);
		expect(await refused.text()).toContain('Try again at');
		// Another account is not affected.
		const other = addUser(app.db, 'not-throttled', 'operator');
		expect((await signIn(app.url, 'not-throttled', other)).status).toBe(303);
	});
});

describe('session lifetimes', () => {
	let short: RunningConsole;
	beforeAll(async () => {
		// 0.02 min idle = 1.2 s; 0.001 h absolute = 3.6 s.
		short = await startConsole({ SOC_SESSION_IDLE_MIN: '0.02', SOC_SESSION_MAX_H: '0.001' });
	});
	afterAll(() => short.dispose());

	it('refuses a session left idle too long', async () => {
		const password = addUser(short.db, 'idle', 'operator');
		const { cookie } = await signIn(short.url, 'idle', password);
		expect((await get('/', cookie!, short.url)).status).toBe(200);
		await new Promise((r) => setTimeout(r, 1_500));
		const response = await get('/', cookie!, short.url);
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe('/login?ended=1');
	});

	it('refuses a session past its absolute lifetime even while in use', async () => {
		const password = addUser(short.db, 'busy', 'operator');
		const { cookie } = await signIn(short.url, 'busy', password);
		const started = Date.now();
		// Stay active (well inside the idle limit) until past the absolute limit.
		while (Date.now() - started < 3_000) {
			expect((await get('/', cookie!, short.url)).status).toBe(200);
			await new Promise((r) => setTimeout(r, 500));
		}
		await new Promise((r) => setTimeout(r, 800));
		expect((await get('/', cookie!, short.url)).status).toBe(303);
	});

	it('cuts an open screen whose session expires, and refuses it back', async () => {
		const password = addUser(short.db, 'screen', 'operator');
		const { cookie } = await signIn(short.url, 'screen', password);
		const screen = await openScreen(short.url, cookie!);
		try {
			const ended = new Promise<boolean>((resolve) => screen.socket.once('session:ended', () => resolve(true)));
			const gone = new Promise<boolean>((resolve) => screen.socket.once('disconnect', () => resolve(true)));
			// A screen left open without an action goes idle after 1.2 s; the sweep that ends sessions runs every 2 s.
			expect(await Promise.race([ended, new Promise((r) => setTimeout(() => r(false), 8_000))])).toBe(true);
			expect(await gone).toBe(true);
		} finally {
			screen.close();
		}
		await expect(openScreen(short.url, cookie!)).rejects.toThrow('unauthorized');
	});
});

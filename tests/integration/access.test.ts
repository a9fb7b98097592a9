// Every route of the route tree, for every role and for no session, in every spelling of its path
// a client can send (encoded letters, encoded slashes, dot segments), against docs/console.md's role
// table: a role without the right never reaches a load, an action or an endpoint.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeAccess } from '../../src/lib/domain/access';
import { nextId, openTestDatabase, type TestDatabase } from '../helpers/databases';
import { addUser, signIn, soc, startConsole, type RunningConsole } from '../helpers/server';
import { pathOf, routeFiles } from '../helpers/routes';

/** docs/console.md, "Roles": the rows each role may do. */
const consoleMd: Record<Role, string[]> = {
	display: ['wall'],
	operator: ['wall', 'console'],
	supervisor: ['wall', 'console', 'log'],
	admin: ['admin']
};
type Role = 'display' | 'operator' | 'supervisor' | 'admin';
const roles = Object.keys(consoleMd) as Role[];

let app: RunningConsole;
let db: TestDatabase;
const cookies = {} as Record<Role, string>;
let params: Record<string, string>;

beforeAll(async () => {
	app = await startConsole();
	for (const role of roles) cookies[role] = (await signIn(app.url, `access-${role}`, addUser(app.db, `access-${role}`, role))).cookie!;
	// Named only on the admin page and in the log's filters: its name in an answer is a leak.
	addUser(app.db, 'access-hidden', 'supervisor');
	db = await openTestDatabase(app.db);
	await db.exec(`insert into vehicles (vin, owner_name, owner_phone, updated_at) values ('ACCESS00000000001', 'Erika Mustermann', '+49 711 555 0101', 0)`);
	const [{ id }] = await db.query<{ id: number }>(`insert into incidents (id, type, status, vin, opened_at, details) values (${nextId('incidents')}, 'theft', 'new', 'ACCESS00000000001', ?, '{}') returning id`, Date.now());
	params = { id: String(id) };
});
afterAll(async () => {
	await db?.close();
	await app?.dispose();
});

/** A request sent with its path exactly as written (fetch would normalise dot segments). */
function raw(path: string, init: { method?: string; cookie?: string; headers?: Record<string, string>; body?: string } = {}) {
	return new Promise<{ status: number; location: string | undefined; body: string }>((resolve, reject) => {
		const req = httpRequest(
			{
				host: '127.0.0.1',
				port: app.port,
				path,
				method: init.method ?? 'GET',
				headers: { accept: 'text/html', ...(init.cookie ? { cookie: init.cookie } : {}), ...init.headers }
			},
			(res) => {
				let body = '';
				res.setEncoding('utf8');
				res.on('data', (d) => (body += d));
				res.on('end', () => resolve({ status: res.statusCode!, location: res.headers.location, body }));
			}
		);
		req.on('error', reject);
		req.end(init.body);
	});
}

const allowed = (id: string, role: Role | null) => {
	const access = routeAccess[id];
	// Token routes are open to the guard: their handler answers 401 without a gateway token.
	if (access === 'public' || access === 'token') return true;
	if (role === null) return false;
	return access === 'signed_in' || consoleMd[role].includes(access);
};

const encodeFirst = (path: string, upper = false) =>
	path.replace(/\/([a-z])/g, (_, c: string) => `/%${c.charCodeAt(0).toString(16)[upper ? 'toUpperCase' : 'toLowerCase']()}`);
const encodeAll = (path: string) => path.replace(/[a-z]/g, (c) => `%${c.charCodeAt(0).toString(16)}`);

/** Spellings that SvelteKit routes to the same route as the plain path. */
const sameRoute = (path: string) => [
	path,
	encodeFirst(path),
	encodeFirst(path, true),
	encodeAll(path),
	`/wall/..${path}`,
	`/nowhere/%2e%2e${path}`,
	`/.${path}`
];
/** Spellings that must reach no route, or the same one. */
const otherRoute = (path: string) => [path.replace(/\/(?=[^/]*$)/, '%2F'), path.replace(/\/(?=[^/]*$)/, '%2f'), `${path}%2F..%2F`];

const people: [string, Role | null][] = [['no session', null], ...roles.map((r): [string, Role] => [r, r])];
const routes = routeFiles();

describe.each(people)('%s', (_name, role) => {
	const cookieOf = () => (role ? cookies[role] : undefined);
	const expectRefused = (res: { status: number; location: string | undefined; body: string }, what: string) => {
		if (role === null) {
			expect(res.status, what).toBe(303);
			expect(res.location, what).toMatch(/^\/login/);
		} else expect(res.status, what).toBe(403);
		expect(res.body, what).not.toContain('Erika');
		expect(res.body, what).not.toContain('access-hidden');
	};

	it.each(routes.map((r) => [r.id, r] as const))('GET %s in every spelling', async (id, route) => {
		const may = allowed(id, role);
		for (const path of sameRoute(pathOf(id, params))) {
			const res = await raw(path, { cookie: cookieOf() });
			const what = `${role} GET ${path}`;
			if (!may) expectRefused(res, what);
			// The console's 403 page itself, which the guard shows for refused pages.
			else if (id === '/refused') expect(res.status, what).toBe(403);
			else {
				expect(res.status, what).not.toBe(403);
				if (res.status === 303) expect(res.location, what).not.toMatch(/^\/login/);
			}
			if (!route.page || id === '/refused') continue;
			const data = await raw(`${path === '/' ? '' : path}/__data.json`, { cookie: cookieOf(), headers: { accept: '*/*' } });
			if (may) expect(data.status, `${what}/__data.json`).toBe(id === '/refused' ? 403 : 200);
			else if (role === null) expect(data.body, `${what}/__data.json`).toContain('"type":"redirect"');
			else {
				expect(data.status, `${what}/__data.json`).toBe(403);
				expect(data.body, `${what}/__data.json`).not.toContain('access-hidden');
			}
		}
		for (const path of otherRoute(pathOf(id, params))) {
			const res = await raw(path, { cookie: cookieOf() });
			if (!may) expect(res.status, `${role} GET ${path}`).not.toBe(200);
			expect(res.body, `${role} GET ${path}`).not.toContain('Erika');
		}
	});

	it.each(routes.map((r) => [r.id, r] as const))('POST %s in every spelling', async (id, route) => {
		if (allowed(id, role)) return;
		for (const path of sameRoute(pathOf(id, params))) {
			const target = route.actions ? `${path}?/anything` : path;
			const res = await raw(target, {
				method: 'POST',
				cookie: cookieOf(),
				headers: { origin: app.url, 'content-type': 'application/x-www-form-urlencoded', 'x-sveltekit-action': 'true' },
				body: 'username=x'
			});
			const what = `${role} POST ${target}`;
			if (role === null) expect([303, 200], what).toContain(res.status);
			else expect(res.status, what).toBe(403);
			expect(res.body, what).not.toContain('"type":"success"');
		}
	});
});

describe('the console’s own 403 page', () => {
	it('shows a refused page in any spelling inside the console (top bar, Sign out), with nothing of the page', async () => {
		for (const path of ['/admin', '/%61dmin', '/wall/../%61dmin']) {
			const res = await raw(path, { cookie: cookies.display });
			expect(res.status, path).toBe(403);
			expect(res.body, path).toContain('You do not have access to this page.');
			expect(res.body, path).toContain('Signed in as access-display');
			expect(res.body, path).not.toContain('Add account');
		}
	});
});

describe('the percent-encoded admin page', () => {
	it('refuses addAccount and addToken from a display or an operator session, and creates nothing', async () => {
		const tokens = async () => (await db.get<{ n: number }>('select count(*) as n from gateway_tokens'))!.n;
		const tokensBefore = await tokens();
		for (const role of ['display', 'operator', 'supervisor'] as const) {
			for (const [action, body] of [
				['addAccount', `username=evil-${role}&role=admin&password=evil-password-123`],
				['addToken', `label=evil-${role}`]
			]) {
				for (const path of ['/%61dmin', '/%61%64%6D%69%6E', '/adm%69n', '/wall/../admin', '/wall/%2E%2E/admin', '/admin']) {
					const res = await raw(`${path}?/${action}`, {
						method: 'POST',
						cookie: cookies[role],
						headers: { origin: app.url, 'content-type': 'application/x-www-form-urlencoded', 'x-sveltekit-action': 'true' },
						body
					});
					expect(res.status, `${role} ${path}?/${action}`).toBe(403);
				}
			}
			expect((await signIn(app.url, `evil-${role}`, 'evil-password-123')).status).toBe(400);
		}
		expect(soc(app.db, ['user', 'list']).stdout).not.toContain('evil');
		expect(await tokens()).toBe(tokensBefore);
	});
});

// Requests a hostile page or a careless link can make, on the built console: form posts from
// another site, bodies that are not forms, filter values full of SQL metacharacters, and the
// security headers of every page and endpoint.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/lib/domain/csv';
import { integrityCheck, nextId, openTestDatabase, tableNames, type TestDatabase } from '../helpers/databases';
import { addUser, signIn, soc, startConsole, type RunningConsole } from '../helpers/server';

const tileUrl = 'https://tiles.example.org/{z}/{x}/{y}.png';
const tileOrigin = 'https://tiles.example.org';
const foreign = 'https://evil.example';

let app: RunningConsole;
let db: TestDatabase;
const cookies: Record<'display' | 'operator' | 'supervisor' | 'admin', string> = { display: '', operator: '', supervisor: '', admin: '' };
let incidentCount = 0;

/** Plates with the characters a LIKE pattern would treat as wildcards, and their neighbours. */
const plates = { percent: 'AB%12', underscore: 'AB_12', plain: 'ABX12', quote: "O'BR 1", unicode: 'ÉTÉ-42', backslash: 'AB\\12' };

beforeAll(async () => {
	app = await startConsole({ SOC_TILE_URL: tileUrl });
	for (const role of Object.keys(cookies) as (keyof typeof cookies)[]) {
		const name = `req-${role}`;
		cookies[role] = (await signIn(app.url, name, addUser(app.db, name, role))).cookie!;
	}
	db = await openTestDatabase(app.db);
	await db.exec('begin');
	for (const [i, plate] of Object.values(plates).entries()) {
		const vin = `REQTEST0000000${String(i).padStart(3, '0')}`;
		await db.query(`insert into vehicles (vin, model, plate, updated_at) values (?, 'Model', ?, 0)`, vin, plate);
		await db.query(
			`insert into incidents (id, type, status, vin, opened_at, details) values (${nextId('incidents')}, 'theft', 'new', ?, ?, '{}')`,
			vin,
			Date.parse('2025-03-01T10:00:00Z') + i * 60_000
		);
	}
	await db.exec('commit');
	incidentCount = (await db.get<{ n: number }>('select count(*) as n from incidents'))!.n;
});
afterAll(async () => {
	await db?.close();
	await app?.dispose();
});

const get = (path: string, cookie?: string) => fetch(`${app.url}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });

/** A POST as a page of `origin` (null: no Origin header) would make it, with the given body type. */
function post(path: string, options: { cookie?: string; origin: string | null; type?: string; body?: string }) {
	const headers: Record<string, string> = { accept: 'text/html', 'content-type': options.type ?? 'application/x-www-form-urlencoded' };
	if (options.origin !== null) headers.origin = options.origin;
	if (options.cookie) headers.cookie = options.cookie;
	return fetch(`${app.url}${path}`, { method: 'POST', redirect: 'manual', headers, body: options.body ?? '' });
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const accounts = () => soc(app.db, ['user', 'list']).stdout;
const tokens = () => db.query<{ label: string; revoked_at: number | null }>('select label, revoked_at from gateway_tokens order by id');
const adminLog = async () => (await db.get<{ n: number }>('select count(*) as n from admin_log'))!.n;
const signedIn = async (cookie: string, home: string) => (await get(home, cookie)).status === 200;

describe('cross-site form posts', () => {
	it('refuses a sign-in posted from another site, from an opaque origin or without Origin, and signs nobody in', async () => {
		const password = addUser(app.db, 'req-victim', 'operator');
		for (const origin of [foreign, null, 'null', `${app.url}.evil.example`, app.url.replace('127.0.0.1', 'localhost')]) {
			const response = await post('/login', { origin, body: form({ username: 'req-victim', password }) });
			expect(response.status, `Origin ${origin}`).toBe(403);
			expect(response.headers.getSetCookie().some((c) => c.startsWith('soc_session=')), `Origin ${origin}`).toBe(false);
		}
		// The same post from the console itself signs in.
		expect((await post('/login', { origin: app.url, body: form({ username: 'req-victim', password }) })).status).toBe(303);
	});

	it('refuses the admin page’s actions posted cross-site or without Origin, and changes nothing', async () => {
		const password = addUser(app.db, 'req-target', 'operator');
		const target = (await signIn(app.url, 'req-target', password)).cookie!;
		const tokenBefore = await tokens();
		const logBefore = await adminLog();
		const attempts: [string, Record<string, string>][] = [
			['/admin?/addAccount', { username: 'req-intruder', role: 'admin', password: 'intruder-password-1' }],
			['/admin?/disable', { username: 'req-target' }],
			['/admin?/resetPassword', { username: 'req-target', password: 'changed-password-1' }],
			['/admin?/addToken', { label: 'req-rogue-gateway' }],
			['/admin?/revokeToken', { label: 'req-rogue-gateway' }],
			['/admin?/addAuthority', { name: 'Rogue', kind: 'police', country: 'FR', phone: '+33 1 00 00 00 00' }],
			['/admin?/retireAuthority', { id: '1', name: 'x' }]
		];
		for (const [path, fields] of attempts) {
			for (const origin of [foreign, null, 'null']) {
				const response = await post(path, { cookie: cookies.admin, origin, body: form(fields) });
				expect(response.status, `${path} from ${origin}`).toBe(403);
			}
		}
		expect(accounts()).not.toContain('req-intruder');
		expect(await tokens()).toEqual(tokenBefore);
		expect(await adminLog()).toBe(logBefore);
		expect(await signedIn(target, '/')).toBe(true);
		expect((await signIn(app.url, 'req-target', password)).status).toBe(303);
		expect(await db.get(`select count(*) as n from authorities where name = 'Rogue' or retired_at is not null`)).toEqual({ n: 0 });
	});

	it('refuses sign-out, language and report actions posted cross-site, and keeps the session and its settings', async () => {
		const password = addUser(app.db, 'req-stay', 'supervisor');
		const cookie = (await signIn(app.url, 'req-stay', password)).cookie!;
		for (const origin of [foreign, null]) {
			expect((await post('/logout', { cookie, origin })).status, `logout from ${origin}`).toBe(403);
			expect((await post('/language', { cookie, origin, body: form({ locale: 'fr', back: '/' }) })).status, `language from ${origin}`).toBe(403);
			expect((await post('/reports?/verifyAudit', { cookie, origin })).status, `verifyAudit from ${origin}`).toBe(403);
		}
		expect(await signedIn(cookie, '/')).toBe(true);
		expect(await db.get(`select locale from accounts where username = 'req-stay'`)).toEqual({ locale: null });
	});

	it('refuses JSON and plain-text bodies to form actions and endpoints, from this site or another, and changes nothing', async () => {
		const password = addUser(app.db, 'req-json', 'operator');
		const cookie = (await signIn(app.url, 'req-json', password)).cookie!;
		const logBefore = await adminLog();
		const targets: { path: string; cookie?: string; body: Record<string, string> }[] = [
			{ path: '/login', body: { username: 'req-json', password } },
			{ path: '/admin?/addAccount', cookie: cookies.admin, body: { username: 'req-json-intruder', role: 'admin', password: 'intruder-password-1' } },
			{ path: '/admin?/addToken', cookie: cookies.admin, body: { label: 'req-json-token' } },
			{ path: '/reports?/verifyAudit', cookie: cookies.supervisor, body: {} },
			{ path: '/language', cookie, body: { locale: 'fr', back: '/' } },
			{ path: '/logout', cookie, body: {} }
		];
		for (const target of targets) {
			for (const type of ['application/json', 'text/plain', 'text/plain;charset=UTF-8', 'application/xml', '']) {
				for (const origin of [app.url, foreign, null]) {
					const body = type.startsWith('text/plain') ? form(target.body) : JSON.stringify(target.body);
					const response = await post(target.path, { cookie: target.cookie, origin, type, body });
					const what = `${target.path} as ${type || 'no type'} from ${origin}`;
					expect([403, 415], what).toContain(response.status);
					expect(response.headers.getSetCookie().filter((c) => /^(soc_session|PARAGLIDE_LOCALE)=[^;]/.test(c)), what).toEqual([]);
				}
			}
		}
		expect(accounts()).not.toContain('req-json-intruder');
		expect((await tokens()).some((t) => t.label === 'req-json-token')).toBe(false);
		expect(await adminLog()).toBe(logBefore);
		expect(await signedIn(cookie, '/')).toBe(true);
		expect(await db.get(`select locale from accounts where username = 'req-json'`)).toEqual({ locale: null });
	});
});

describe('filter values with SQL metacharacters', () => {
	const hostile = [
		"' OR 1=1 --",
		"' OR '1'='1",
		'%',
		'_',
		'%%',
		'"; DROP TABLE incidents; --',
		"'); DELETE FROM incidents; --",
		'\\',
		'\\%',
		'\u0000',
		'AB\u0000%',
		'*',
		'[a-z]',
		'x'.repeat(4_000),
		'é€😀\u202e',
		'1e999',
		'-1',
		'NaN',
		' '
	];
	const params = {
		'/log': ['vin', 'plate', 'operator', 'type', 'status', 'from', 'to', 'sort', 'size', 'after', 'before'],
		'/log/export.csv': ['vin', 'plate', 'operator', 'type', 'status', 'from', 'to', 'sort'],
		'/reports': ['shift', 'from', 'to'],
		'/reports/figures.json': ['shift', 'from', 'to']
	};

	it('answers 200 or a 400 naming the parameter, never a server error, on /log, the export and the reports', async () => {
		for (const [path, names] of Object.entries(params)) {
			for (const name of names) {
				for (const value of hostile) {
					const response = await get(`${path}?${new URLSearchParams({ [name]: value })}`, cookies.supervisor);
					const what = `${path} ${name}=${JSON.stringify(value.slice(0, 40))}`;
					expect([200, 400], what).toContain(response.status);
					const body = await response.text();
					if (response.status === 400) expect(body, what).toContain(name);
					// What an export finds matches its filter exactly: a VIN or plate that begins with the value.
					if (path === '/log/export.csv' && response.status === 200 && (name === 'vin' || name === 'plate')) {
						const [header, ...rows] = parseCsv(body.replace(/^\uFEFF/, '')).filter((r) => r.length > 1);
						const column = header.indexOf(name);
						const key = (v: string) => (name === 'plate' ? v.replace(/[ .-]/g, '') : v.trim()).replace(/[a-z]/g, (c) => c.toUpperCase());
						for (const row of rows) expect(key(row[column]).startsWith(key(value)), what).toBe(true);
					}
				}
			}
		}
		// The admin page has no search; its query string changes nothing either.
		for (const value of hostile) expect((await get(`/admin?${new URLSearchParams({ q: value })}`, cookies.admin)).status).toBe(200);
	});

	it('finds only the rows that contain a literal % or _ (not every row, as a LIKE wildcard would)', async () => {
		const exported = async (query: Record<string, string>) => {
			const response = await get(`/log/export.csv?${new URLSearchParams(query)}`, cookies.supervisor);
			expect(response.status).toBe(200);
			const [header, ...rows] = parseCsv((await response.text()).replace(/^\uFEFF/, ''));
			const plate = header.indexOf('plate');
			return rows.filter((r) => r.length > 1).map((r) => r[plate]).sort();
		};
		expect(await exported({ plate: 'AB%' })).toEqual([plates.percent]);
		expect(await exported({ plate: 'ab_' })).toEqual([plates.underscore]);
		expect(await exported({ plate: 'AB' })).toEqual([plates.percent, plates.underscore, plates.plain, plates.backslash].sort());
		expect(await exported({ plate: '%' })).toEqual([]);
		expect(await exported({ plate: '_' })).toEqual([]);
		expect(await exported({ plate: '%12' })).toEqual([]);
		expect(await exported({ plate: 'AB\\' })).toEqual([plates.backslash]);
		expect(await exported({ plate: "O'BR" })).toEqual([plates.quote]);
		expect(await exported({ plate: "' OR 1=1 --" })).toEqual([]);
		expect(await exported({ plate: 'ÉTÉ' })).toEqual([plates.unicode]);
		expect(await exported({ vin: 'REQTEST0000000' })).toHaveLength(Object.keys(plates).length);
		// The log page counts the same.
		const page = await (await get(`/log?${new URLSearchParams({ plate: 'AB%' })}`, cookies.supervisor)).text();
		expect(page).toContain('Matching incidents: 1 ');
	});

	it('leaves the database whole after all of them', async () => {
		expect(await integrityCheck(db)).toBe('ok');
		expect((await db.get<{ n: number }>('select count(*) as n from incidents'))!.n).toBe(incidentCount);
		const tables = await tableNames(db);
		for (const table of ['incidents', 'vehicles', 'timeline', 'accounts', 'sessions']) expect(tables).toContain(table);
		expect(soc(app.db, ['audit', 'verify']).code).toBe(0);
	});
});

describe('security headers', () => {
	/** Checks the headers every answer carries; `what` names the request in failures. */
	function expectHeaders(response: Response, what: string) {
		const csp = response.headers.get('content-security-policy');
		expect(csp, what).toBeTruthy();
		const directives = new Map(
			csp!
				.split(';')
				.map((d) => d.trim().split(/\s+/))
				.filter((d) => d[0])
				.map(([name, ...sources]) => [name, sources])
		);
		expect(directives.get('default-src'), what).toEqual(["'self'"]);
		expect(directives.get('frame-ancestors'), what).toEqual(["'none'"]);
		expect(directives.get('object-src'), what).toEqual(["'none'"]);
		expect(directives.get('img-src'), what).toContain(tileOrigin);
		// Nothing from anywhere but this console and the configured tile server.
		const allowed = new Set(["'self'", "'none'", "'unsafe-inline'", 'data:', 'blob:', tileOrigin]);
		for (const [name, sources] of directives) {
			for (const source of sources) {
				const nonce = name === 'script-src' && /^'nonce-[A-Za-z0-9+/=]+'$/.test(source);
				expect(allowed.has(source) || nonce, `${what}: ${name} ${source}`).toBe(true);
			}
			if (name !== 'img-src') expect(sources, `${what}: ${name}`).not.toContain(tileOrigin);
		}
		// No inline script runs but the one SvelteKit starts a page with, named by its nonce.
		expect(directives.get('script-src')!.slice(0, 1), what).toEqual(["'self'"]);
		expect(directives.get('script-src'), what).not.toContain("'unsafe-inline'");
		return directives.get('script-src')!.slice(1);
		expect(response.headers.get('x-content-type-options'), what).toBe('nosniff');
		expect(response.headers.get('referrer-policy'), what).toBeTruthy();
		expect(['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin']).toContain(response.headers.get('referrer-policy'));
		expect(response.headers.get('x-frame-options'), what).toBe('DENY');
	}

	it('come with every page, endpoint and error page, for the role that opens it', async () => {
		const id = (await db.get<{ id: number }>('select id from incidents order by id limit 1'))!.id;
		const visits: [string, string | undefined, number][] = [
			['/login', undefined, 200],
			['/healthz', undefined, 200],
			['/', cookies.operator, 200],
			['/', cookies.supervisor, 200],
			['/wall', cookies.display, 200],
			['/admin', cookies.admin, 200],
			['/log', cookies.supervisor, 200],
			[`/log/${id}`, cookies.supervisor, 200],
			['/log/export.csv', cookies.supervisor, 200],
			['/log/export.csv?from=nope', cookies.supervisor, 400],
			['/reports', cookies.supervisor, 200],
			['/reports/figures.json', cookies.supervisor, 200],
			['/reports/figures.json?from=nope', cookies.supervisor, 400],
			// The console's own 403 and 404 pages, and the endpoints' refusals.
			['/admin', cookies.operator, 403],
			['/log', cookies.operator, 403],
			['/', cookies.admin, 403],
			['/log/export.csv', cookies.operator, 403],
			['/reports/figures.json', cookies.display, 403],
			['/log/999999', cookies.supervisor, 404],
			['/no-such-page', cookies.operator, 404],
			['/no-such-page', undefined, 303],
			// Sign-in redirects.
			['/', undefined, 303],
			['/admin', 'soc_session=forged', 303],
			['/login', cookies.operator, 303]
		];
		const nonces = new Set<string>();
		for (const [path, cookie, status] of visits) {
			const response = await get(path, cookie);
			const what = `GET ${path} (${cookie ? Object.entries(cookies).find(([, c]) => c === cookie)?.[0] ?? 'forged' : 'signed out'})`;
			expect(response.status, what).toBe(status);
			const scriptNonces = expectHeaders(response, what);
			const body = await response.text();
			// Every inline script of a page carries the page's own nonce, fresh each time.
			const inline = [...body.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].map((m) => /nonce="([^"]+)"/.exec(m[1])?.[1]);
			for (const nonce of inline) expect(scriptNonces, what).toContain(`'nonce-${nonce}'`);
			if (response.headers.get('content-type')?.startsWith('text/html') && status === 200) {
				expect(inline.length, `${what}: inline scripts`).toBeGreaterThan(0);
				for (const nonce of inline) {
					expect(nonces.has(nonce!), `${what}: a nonce used twice`).toBe(false);
					nonces.add(nonce!);
				}
			}
		}
	});

	it('come with the answers to posts too: refused, redirected or failed', async () => {
		const posts: [string, Parameters<typeof post>[1], number][] = [
			['/login', { origin: app.url, body: form({ username: 'nobody', password: 'wrong-password' }) }, 400],
			['/login', { origin: foreign, body: form({ username: 'nobody', password: 'wrong-password' }) }, 403],
			['/admin?/addAccount', { origin: app.url, cookie: cookies.operator, body: form({ username: 'x' }) }, 403],
			['/admin?/addAccount', { origin: app.url, cookie: cookies.admin, body: form({ username: '' }) }, 400],
			['/admin?/addAccount', { origin: app.url, cookie: cookies.admin, type: 'application/json', body: '{}' }, 415],
			['/language', { origin: app.url, body: form({ locale: 'en', back: '/login' }) }, 303]
		];
		for (const [path, options, status] of posts) {
			const response = await post(path, options);
			const what = `POST ${path} from ${options.origin}`;
			expect(response.status, what).toBe(status);
			expectHeaders(response, what);
			await response.arrayBuffer();
		}
	});
});

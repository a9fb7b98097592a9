// The police link (police.md, "Live-track link for the police"), through a real server: made on a
// theft and shown once, opened without a session, live over /track, ended by resolve, revoke or
// expiry (410, its socket cut), 404 for a token it does not know, and leaking nothing: no owner or
// operator on the page or its socket, no token in the server's log or in any stored row.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MakeLinkReply } from '../../src/lib/contract/ops';
import type { TrackPushes } from '../../src/lib/contract/track';
import type { AcceptedAck } from '../../src/lib/domain/gateway/schemas';
import type { TimelineEntry } from '../../src/lib/domain/incident';
import { failInserts, isPostgres, openTestDatabase, tableNames, type TestDatabase } from '../helpers/databases';
import { connectGateway, eventId, iso, vin, type TestGateway } from '../helpers/gateway';
import { openScreen, until, type TestScreen } from '../helpers/ops';
import { addUser, signIn, startConsole, type RunningConsole } from '../helpers/server';

const gatewayToken = 'police-link-test-token';
const socPhone = '+33 1 23 45 67 89';
const owner = { name: 'Anna Huber', phone: '+49 89 7654321', language: 'de' };
const operatorName = 'olivier-police';
const paris = { lat: 48.8606, lon: 2.3376 };
const firefox = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0';

/** Every token made in this file: none may reach the log or the database. */
const tokens: string[] = [];

interface Console {
	app: RunningConsole;
	gw: TestGateway;
	operator: TestScreen;
	/** The operator's session cookie. */
	cookie: string;
	db: TestDatabase;
	authorityId: number;
}

async function startOne(env: Record<string, string> = {}): Promise<Console> {
	const app = await startConsole({ SOC_GATEWAY_TOKENS: gatewayToken, SOC_PHONE: socPhone, ...env });
	const gw = await connectGateway(app.url, gatewayToken);
	const { cookie } = await signIn(app.url, operatorName, addUser(app.db, operatorName, 'operator'));
	const operator = await openScreen(app.url, cookie!);
	await operator.resume(null);
	const db = await openTestDatabase(app.db);
	const authorityId = (await db.get<{ id: number }>("select id from authorities where kind = 'police' and country = 'FR'"))!.id;
	return { app, gw, operator, cookie: cookie!, db, authorityId };
}

async function stopOne(c: Console | undefined): Promise<void> {
	if (!c) return;
	c.operator.close();
	c.gw.close();
	await c.db.close();
	await c.app.dispose();
}

/** A theft in Paris of a car with an owner, acknowledged by the operator (whose name is then the incident's owner). */
async function theft(c: Console): Promise<{ incidentId: number; vin: string }> {
	const v = vin();
	const ack = (await c.gw.send('theft.started', {
		eventId: eventId('theft'),
		vin: v,
		occurredAt: iso(Date.now()),
		trigger: 'tow_away',
		position: paris,
		vehicle: { model: 'Clio', modelYear: 2021, colour: 'Bleu Iron', plate: 'GH-123-JK', owner }
	})) as AcceptedAck;
	expect(ack).toMatchObject({ ok: true });
	const incidentId = Number(ack.incidentId);
	await fix(c, v, paris, 40);
	expect(await c.operator.send('act', { action: 'acknowledge', incidentId })).toMatchObject({ ok: true });
	return { incidentId, vin: v };
}

async function fix(c: Console, v: string, at: { lat: number; lon: number }, speedKmh: number): Promise<void> {
	const ack = await c.gw.send('theft.position', { eventId: eventId('fix'), vin: v, fixAt: iso(Date.now()), ...at, speedKmh, headingDeg: 45, accuracyM: 5 });
	expect(ack).toMatchObject({ ok: true });
}

async function makeLink(c: Console, incidentId: number): Promise<string> {
	const reply = (await c.operator.send('police-link:make', { incidentId, authorityId: c.authorityId })) as MakeLinkReply;
	if (!reply.ok) throw new Error(`no link: ${reply.error}`);
	tokens.push(reply.token);
	return reply.token;
}

const page = (c: Console, token: string, userAgent = firefox) => fetch(`${c.app.url}/track/${token}`, { headers: { accept: 'text/html', 'user-agent': userAgent } });

/** A police page's socket, recording everything it gets. */
interface TrackClient {
	socket: Socket<TrackPushes>;
	received: { event: string; data: unknown }[];
	ended: string | null;
	disconnected: boolean;
}

async function openTrack(c: Console, token: string): Promise<TrackClient> {
	const socket: Socket<TrackPushes> = io(`${c.app.url}/track`, { transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true });
	const client: TrackClient = { socket, received: [], ended: null, disconnected: false };
	socket.onAny((event: string, data: unknown) => client.received.push({ event, data }));
	socket.on('ended', (why) => (client.ended = why));
	socket.on('disconnect', () => (client.disconnected = true));
	await new Promise<void>((resolve, reject) => {
		socket.once('connect', () => resolve());
		socket.once('connect_error', reject);
	});
	await until(() => client.received.some((r) => r.event === 'state'));
	return client;
}

/** Why the handshake was refused. */
function refusalOf(c: Console, token: unknown): Promise<string> {
	const socket = io(`${c.app.url}/track`, { transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true });
	return new Promise((resolve, reject) => {
		socket.once('connect', () => {
			socket.close();
			reject(new Error('connected'));
		});
		socket.once('connect_error', (error) => {
			socket.close();
			resolve(error.message);
		});
	});
}

const timelineOf = async (c: Console, incidentId: number) =>
	(await c.db.query<{ data: string; actor_id: number | null }>("select * from timeline where incident_id = ? and kind = 'police_link' order by id", incidentId)).map(
		(r): Record<string, unknown> => ({ ...(JSON.parse(r.data) as Record<string, unknown>), actorId: r.actor_id })
	);

let main: Console;

beforeAll(async () => {
	main = await startOne();
});
afterAll(async () => {
	await stopOne(main);
});

describe('making a police link', () => {
	it('gives the token once, on a theft, and stores only its hash, on the timeline', async () => {
		const { incidentId } = await theft(main);
		const reply = (await main.operator.send('police-link:make', { incidentId, authorityId: main.authorityId })) as MakeLinkReply;
		expect(reply).toMatchObject({ ok: true, link: { authorityName: expect.stringContaining('France'), createdBy: operatorName, revokedAt: null } });
		if (!reply.ok) return;
		tokens.push(reply.token);
		expect(reply.token).toMatch(/^pl_[A-Za-z0-9_-]{43}$/);
		const row = (await main.db.get('select * from police_links where id = ?', reply.link.id))!;
		expect(row.token_hash).toBe(createHash('sha256').update(reply.token).digest('hex'));
		expect(Object.values(row)).not.toContain(reply.token);
		expect(Number(row.expires_at) - Number(row.created_at)).toBe(12 * 3_600_000);
		expect(await timelineOf(main, incidentId)).toEqual([
			{ event: 'made', linkId: reply.link.id, authority: reply.link.authorityName, expiresAt: row.expires_at, actorId: expect.any(Number) }
		]);
		// The incident lists it; the token is nowhere in what the console gives back later.
		const detail = await main.operator.send('incident:detail', { incidentId });
		expect(detail).toMatchObject({ ok: true, links: [{ id: reply.link.id, createdBy: operatorName, revokedAt: null }] });
		expect(JSON.stringify(detail)).not.toContain(reply.token);
	});

	it('is refused on the server for a display account and on an airbag incident', async () => {
		const { incidentId } = await theft(main);
		const { cookie } = await signIn(main.app.url, 'wall-police', addUser(main.app.db, 'wall-police', 'display'));
		const wall = await openScreen(main.app.url, cookie!);
		const count = async () => (await main.db.get<{ n: number }>('select count(*) as n from police_links'))!.n;
		const before = await count();
		try {
			expect(await wall.send('police-link:make', { incidentId, authorityId: main.authorityId })).toEqual({ ok: false, error: 'not_allowed' });
			expect(await wall.send('police-link:revoke', { incidentId, linkId: 1 })).toEqual({ ok: false, error: 'not_allowed' });
		} finally {
			wall.close();
		}
		const crash = (await main.gw.send('airbag.deployed', { eventId: eventId('crash'), vin: vin(), position: paris })) as AcceptedAck;
		expect(await main.operator.send('police-link:make', { incidentId: Number(crash.incidentId), authorityId: main.authorityId })).toEqual({
			ok: false,
			error: 'not_theft'
		});
		expect(await main.operator.send('police-link:make', { incidentId, authorityId: 999_999 })).toEqual({ ok: false, error: 'unknown_authority' });
		expect(await count()).toBe(before);
	});
});

describe('the police’s page', () => {
	it('opens without a session: the vehicle, the incident’s number and the SOC’s phone, with its headers', async () => {
		const { incidentId, vin: v } = await theft(main);
		const token = await makeLink(main, incidentId);
		const res = await page(main, token);
		expect(res.status).toBe(200);
		const html = await res.text();
		for (const shown of ['GH-123-JK', v, 'Clio 2021', 'Bleu Iron', `incident ${incidentId}`, socPhone, '48.86060, 2.33760', '40 km/h', '45° (NE)']) expect(html).toContain(shown);
		expect(res.headers.get('referrer-policy')).toBe('no-referrer');
		expect(res.headers.get('x-robots-tag')).toBe('noindex');
		expect(res.headers.get('cache-control')).toBe('no-store');
		expect(res.headers.get('content-security-policy')).toMatch(/^default-src 'self'; script-src 'self' 'nonce-[^']+'; /);
		expect(res.headers.get('x-frame-options')).toBe('DENY');
	});

	it('puts an opening on the timeline once per viewer per 10 minutes: where the car was, and the browser', async () => {
		const { incidentId } = await theft(main);
		const token = await makeLink(main, incidentId);
		for (let i = 0; i < 3; i++) expect((await page(main, token)).status).toBe(200);
		const opened = async () => (await timelineOf(main, incidentId)).filter((e) => e.event === 'opened');
		expect(await opened()).toEqual([
			{ event: 'opened', linkId: expect.any(Number), authority: expect.stringContaining('France'), address: null, town: expect.any(String), country: 'FR', browser: 'Firefox 128 · Windows', actorId: null }
		]);
		// Another browser is another viewer.
		expect((await page(main, token, 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1')).status).toBe(200);
		expect((await opened()).map((e) => e.browser)).toEqual(['Firefox 128 · Windows', 'Safari 17 · iOS']);
		// The operator's screen sees it on the timeline.
		await until(() => main.operator.entries.some((e) => e.kind === 'timeline' && e.incidentId === incidentId && (e.data as TimelineEntry).data.browser === 'Safari 17 · iOS'));
	});

	it('lets one link have 20 pages open at once, and another once one closes', async () => {
		const { incidentId } = await theft(main);
		const token = await makeLink(main, incidentId);
		const pages = await Promise.all(Array.from({ length: 20 }, () => openTrack(main, token)));
		try {
			expect(await refusalOf(main, token)).toBe('too_many_pages');
			pages.pop()!.socket.close();
			// The server notices the closed page within moments: then a new one is let in.
			let outcome = '';
			for (let i = 0; i < 50 && outcome !== 'connected'; i++) {
				outcome = await refusalOf(main, token).catch(() => 'connected');
				if (outcome !== 'connected') await new Promise((resolve) => setTimeout(resolve, 100));
			}
			expect(outcome).toBe('connected');
		} finally {
			for (const p of pages) p.socket.close();
		}
	});

	it('gets the new fixes of its incident alone, live on its socket', async () => {
		const { incidentId, vin: v } = await theft(main);
		const other = await theft(main);
		const police = await openTrack(main, await makeLink(main, incidentId));
		try {
			const state = police.received.find((r) => r.event === 'state')!.data as { view: { incidentId: number }; fixes: { lat: number }[] };
			expect(state.view.incidentId).toBe(incidentId);
			expect(state.fixes.at(-1)).toMatchObject({ lat: paris.lat, lon: paris.lon, speedKmh: 40, headingDeg: 45 });
			await fix(main, other.vin, { lat: 45.76, lon: 4.84 }, 90);
			await fix(main, v, { lat: 48.8611, lon: 2.3385 }, 55);
			await until(() => police.received.some((r) => r.event === 'fixes'));
			const fixes = police.received.filter((r) => r.event === 'fixes').map((r) => r.data as { fixes: { lat: number; speedKmh: number }[] });
			expect(fixes.flatMap((f) => f.fixes)).toEqual([expect.objectContaining({ lat: 48.8611, lon: 2.3385, speedKmh: 55 })]);
		} finally {
			police.socket.close();
		}
	});

	it('holds no owner’s name or phone and no operator’s name, in its HTML, its data or its socket', async () => {
		const { incidentId, vin: v } = await theft(main);
		const token = await makeLink(main, incidentId);
		expect(await main.operator.send('act', { action: 'note', incidentId, note: `Owner ${owner.name} called from ${owner.phone}` })).toMatchObject({ ok: true });
		const police = await openTrack(main, token);
		try {
			await fix(main, v, { lat: 48.862, lon: 2.339 }, 30);
			await until(() => police.received.some((r) => r.event === 'fixes'));
			// An opening puts the incident on the feed again: the page gets its view.
			await page(main, token, 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0');
			await until(() => police.received.some((r) => r.event === 'view'));
			const seen = [
				await (await page(main, token)).text(),
				await (await fetch(`${main.app.url}/track/${token}/__data.json`)).text(),
				JSON.stringify(police.received)
			];
			for (const text of seen) {
				for (const secret of [owner.name, 'Huber', '7654321', owner.phone, operatorName]) expect(text).not.toContain(secret);
			}
		} finally {
			police.socket.close();
		}
	});
});

describe('the end of a link', () => {
	it('is 404 for a token the console does not know, and its socket is refused', async () => {
		for (const unknown of [`pl_${'A'.repeat(43)}`, 'nothing', 'pl_short', '%00']) {
			const res = await page(main, unknown);
			expect(res.status, unknown).toBe(404);
			expect(await res.text()).toContain('This link is not known.');
			expect(res.headers.get('referrer-policy')).toBe('no-referrer');
		}
		expect(await refusalOf(main, `pl_${'A'.repeat(43)}`)).toBe('unknown');
		expect(await refusalOf(main, 42)).toBe('unknown');
	});

	it('comes with the incident resolved: 410, and its socket cut at once', async () => {
		const { incidentId } = await theft(main);
		const token = await makeLink(main, incidentId);
		const police = await openTrack(main, token);
		expect(await main.operator.send('act', { action: 'resolve', incidentId, outcome: 'vehicle_recovered' })).toMatchObject({ ok: true });
		await until(() => police.disconnected, 2_000);
		expect(police.ended).toBe('resolved');
		const res = await page(main, token);
		expect(res.status).toBe(410);
		expect(await res.text()).toContain(`This link has ended: the vehicle is no longer shown here. Call the SOC on ${socPhone}`);
		expect(await refusalOf(main, token)).toBe('ended');
		expect(await main.operator.send('police-link:make', { incidentId, authorityId: main.authorityId })).toEqual({ ok: false, error: 'already_resolved' });
	});

	it('comes when it is revoked: 410, its socket cut at once, on the timeline; another link of the incident goes on', async () => {
		const { incidentId } = await theft(main);
		const token = await makeLink(main, incidentId);
		const kept = await makeLink(main, incidentId);
		const police = await openTrack(main, token);
		const other = await openTrack(main, kept);
		try {
			const { links } = (await main.operator.send('incident:detail', { incidentId })) as { links: { id: number }[] };
			const linkId = links[0].id;
			expect(await main.operator.send('police-link:revoke', { incidentId, linkId })).toEqual({ ok: true });
			await until(() => police.disconnected, 2_000);
			expect(police.ended).toBe('revoked');
			expect((await page(main, token)).status).toBe(410);
			expect(await refusalOf(main, token)).toBe('ended');
			expect(await main.operator.send('police-link:revoke', { incidentId, linkId })).toEqual({ ok: false, error: 'already_ended' });
			expect((await timelineOf(main, incidentId)).filter((e) => e.event === 'revoked')).toEqual([{ event: 'revoked', linkId, authority: expect.any(String), actorId: expect.any(Number) }]);
			expect(await main.operator.send('incident:detail', { incidentId })).toMatchObject({ links: [{ id: linkId, revokedBy: operatorName }, { revokedAt: null }] });
			expect(other.socket.connected).toBe(true);
			expect((await page(main, kept)).status).toBe(200);
		} finally {
			other.socket.close();
		}
	});

	it('comes after SOC_SHARE_HOURS (a decimal): 410, its socket cut within seconds', async () => {
		// 0.001 h: 3.6 s.
		const short = await startOne({ SOC_SHARE_HOURS: '0.001' });
		try {
			const { incidentId } = await theft(short);
			const token = await makeLink(short, incidentId);
			const police = await openTrack(short, token);
			expect((await page(short, token)).status).toBe(200);
			await until(() => police.disconnected, 10_000);
			expect(police.ended).toBe('expired');
			expect((await page(short, token)).status).toBe(410);
			expect(await refusalOf(short, token)).toBe('ended');
			expect(await short.operator.send('incident:detail', { incidentId })).toMatchObject({ links: [{ revokedAt: null }] });
		} finally {
			await stopOne(short);
		}
	}, 30_000);
});

describe('the token', () => {
	it('is in no line of the server’s log, even where a track page fails', async () => {
		const { incidentId } = await theft(main);
		const token = await makeLink(main, incidentId);
		// SvelteKit logs the path of what it does not find, of what it refuses, and of what fails.
		expect((await fetch(`${main.app.url}/track/${token}/more`, { headers: { cookie: main.cookie } })).status).toBe(404);
		const post = await fetch(`${main.app.url}/track/${token}`, { method: 'POST', headers: { origin: main.app.url, 'content-type': 'application/x-www-form-urlencoded' }, body: 'x=1' });
		expect(post.status).toBe(405);
		const undo = await failInserts(main.db, 'timeline', "new.kind = 'police_link'", 'injected failure');
		try {
			expect((await page(main, token)).status).toBe(500);
		} finally {
			await undo();
		}
		await until(() => main.app.output().includes('injected failure'));
		expect(main.app.output()).toContain('[500] GET /track/[token]');
		expect(main.app.output()).toContain('[404] GET /track/…/more');
		expect(main.app.output()).toContain('[405] POST /track/[token]');
		expect(tokens.length).toBeGreaterThan(8);
		for (const t of tokens) expect(main.app.output()).not.toContain(t.slice(3));
	});

	it('is in no stored row, nor anywhere in the database’s files', async () => {
		const tables = await tableNames(main.db);
		expect(tables).toContain('police_links');
		const rows = (await Promise.all(tables.map(async (table) => JSON.stringify(await main.db.query(`select * from "${table}"`))))).join('\n');
		expect(rows).toContain(createHash('sha256').update(tokens[0]).digest('hex'));
		// The files of a SQLite database; PostgreSQL's are the cluster's, shared with every other test.
		const files = isPostgres(main.app.db) ? [] : [main.app.db, `${main.app.db}-wal`].filter(existsSync).map((f) => readFileSync(f).toString('latin1'));
		for (const t of tokens) {
			expect(rows).not.toContain(t.slice(3));
			for (const file of files) expect(file).not.toContain(t.slice(3));
		}
	});
});

// Street addresses from a reverse geocoder (police.md, "Street address"), through a real server and
// a stub geocoder answering Nominatim's jsonv2: on the screens after a crash and after a theft's fix,
// one request per ~25 m cell, and a geocoder that hangs or fails costing nothing but the street.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreetAddress } from '../../src/lib/domain/address';
import { distanceM } from '../../src/lib/domain/geo';
import type { AcceptedAck } from '../../src/lib/domain/gateway/schemas';
import type { FeedEntry, IncidentView } from '../../src/lib/domain/incident';
import { connectGateway, eventId, iso, vin, type TestGateway } from '../helpers/gateway';
import { places, startGeocoder, type GeocoderMode, type StubGeocoder } from '../helpers/geocoder';
import { percentile } from '../helpers/inspector';
import { openScreen, operatorCookie, until, type TestScreen } from '../helpers/ops';
import { loadTrack } from '../helpers/payloads';
import { openTestDatabase, type TestDatabase } from '../helpers/databases';
import { addUser, signIn, startConsole, type RunningConsole } from '../helpers/server';

const token = 'street-test-token';

async function send(gw: TestGateway, event: string, payload: Record<string, unknown>): Promise<AcceptedAck> {
	const ack = (await gw.send(event, { eventId: eventId('street'), ...payload })) as AcceptedAck;
	expect(ack, `ack of ${event}`).toMatchObject({ ok: true });
	return ack;
}

/** The incident as the screen last received it. */
function latestOn(screen: TestScreen, incidentId: number): IncidentView | undefined {
	const entries = screen.entries.filter((e): e is Extract<FeedEntry, { kind: 'incident' }> => e.kind === 'incident' && e.incidentId === incidentId);
	return entries.at(-1)?.data;
}

describe('street addresses from a geocoder', () => {
	let geo: StubGeocoder;
	let app: RunningConsole;
	let gw: TestGateway;
	let screen: TestScreen;
	let db: TestDatabase;

	beforeAll(async () => {
		geo = await startGeocoder();
		app = await startConsole({ SOC_GATEWAY_TOKENS: token, SOC_GEOCODER_URL: geo.url });
		gw = await connectGateway(app.url, token);
		screen = await openScreen(app.url, await operatorCookie(app.url, app.db));
		await screen.resume(null);
		db = await openTestDatabase(app.db);
	});
	afterAll(async () => {
		gw?.close();
		screen?.close();
		await db?.close();
		await app?.dispose();
		await geo?.close();
	});

	const storedAddress = async (id: number) => {
		const row = (await db.get<{ address: string | null }>('select address from incidents where id = ?', id))!;
		return row.address === null ? null : (JSON.parse(row.address) as StreetAddress);
	};

	it("shows a crash's street on the screen, and stores it with the incident", async () => {
		const ack = await send(gw, 'airbag.deployed', { vin: vin(), occurredAt: iso(Date.now()), position: { lat: 48.13738, lon: 11.57548 } });
		const id = Number(ack.incidentId);
		await until(() => Boolean(latestOn(screen, id)?.address));
		const shown = latestOn(screen, id)!.address!;
		expect(shown).toMatchObject({ road: 'Marienplatz', houseNumber: '8', postcode: '80331', town: 'München' });
		expect(distanceM(shown.at, { lat: 48.13738, lon: 11.57548 })).toBeLessThan(25);
		expect(await storedAddress(id)).toEqual(shown);
		const asked = geo.requestsNear(shown.at, 1)[0];
		expect(Object.fromEntries(asked.searchParams)).toMatchObject({ format: 'jsonv2', zoom: '18', addressdetails: '1' });
		// The supervisor's incident page names the street too.
		const name = `street-supervisor-${process.pid}`;
		const { cookie } = await signIn(app.url, name, addUser(app.db, name, 'supervisor'));
		const page = await fetch(`${app.url}/log/${id}`, { headers: { cookie: cookie!, accept: 'text/html' } });
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('Marienplatz 8');
	});

	it("follows a theft's latest fix: the street of each new position", async () => {
		const v = vin();
		const started = await send(gw, 'theft.started', { vin: v, occurredAt: iso(Date.now()), trigger: 'tow_away' });
		const id = Number(started.incidentId);
		await send(gw, 'theft.position', { vin: v, fixAt: iso(Date.now()), lat: places.rivoli.lat, lon: places.rivoli.lon });
		await until(() => latestOn(screen, id)?.address?.road === 'Rue de Rivoli');
		await send(gw, 'theft.position', { vin: v, fixAt: iso(Date.now() + 1_000), lat: places.saintHonore.lat, lon: places.saintHonore.lon });
		await until(() => latestOn(screen, id)?.address?.road === 'Rue Saint-Honoré');
		const last = latestOn(screen, id)!;
		expect(last.address).toMatchObject({ houseNumber: null, postcode: '75001', town: 'Paris' });
		expect(distanceM(last.address!.at, last.lastPosition!)).toBeLessThan(25);
	});

	it('asks the geocoder once for two crashes in the same ~25 m cell', async () => {
		const here = { lat: places.sendlinger.lat, lon: places.sendlinger.lon };
		const first = Number((await send(gw, 'airbag.deployed', { vin: vin(), position: here })).incidentId);
		await until(() => latestOn(screen, first)?.address?.road === 'Sendlinger Straße');
		const second = Number((await send(gw, 'airbag.deployed', { vin: vin(), position: { lat: here.lat + 0.00002, lon: here.lon + 0.00002 } })).incidentId);
		await until(() => latestOn(screen, second)?.address?.road === 'Sendlinger Straße');
		expect(geo.requestsNear(here)).toHaveLength(1);
	});

	it('stores "nothing there" for a crash at sea, where the geocoder is unable to geocode', async () => {
		const id = Number((await send(gw, 'airbag.deployed', { vin: vin(), position: { lat: 45.5, lon: -10 } })).incidentId);
		await until(() => Boolean(latestOn(screen, id)?.address));
		expect(latestOn(screen, id)!.address).toEqual({ road: null, houseNumber: null, postcode: null, town: null, at: { lat: 45.5, lon: -10 } });
		expect(app.output()).not.toMatch(/street lookups/);
	});
});

describe('a geocoder that hangs or fails', () => {
	const crashes = 100;
	const fixes = 300;
	const track = loadTrack();

	/** Sends crashes at distinct places and a theft's track, one event at a time; every ack's latency in ms. */
	async function run(mode: GeocoderMode | 'none') {
		const geo = mode === 'none' ? undefined : await startGeocoder(mode);
		const app = await startConsole({ SOC_GATEWAY_TOKENS: token, ...(geo ? { SOC_GEOCODER_URL: geo.url } : {}) });
		const gw = await connectGateway(app.url, token);
		const latencies: number[] = [];
		const acks: AcceptedAck[] = [];
		const timed = async (event: string, payload: Record<string, unknown>) => {
			const sent = performance.now();
			acks.push((await gw.send(event, { eventId: eventId(mode), ...payload })) as AcceptedAck);
			latencies.push(performance.now() - sent);
		};
		try {
			const thief = vin();
			await timed('theft.started', { vin: thief, occurredAt: iso(Date.now()), trigger: 'tow_away' });
			for (let i = 0; i < Math.max(crashes, fixes); i++) {
				if (i < crashes) await timed('airbag.deployed', { vin: vin(), position: { lat: 47 + i * 0.01, lon: 8 + i * 0.01 } });
				if (i < fixes) await timed('theft.position', { vin: thief, fixAt: iso(Date.now() - (fixes - i) * 900), ...track[i] });
			}
			// Long enough for more than one failed lookup: a hanging one takes its 2 s.
			if (geo) await until(() => geo.requests.length >= 3, 15_000);
			const db = await openTestDatabase(app.db);
			const count = async (sql: string) => (await db.get<{ n: number }>(sql))!.n;
			const stored = {
				crashes: await count(`select count(*) as n from incidents where type = 'airbag'`),
				fixes: await count('select count(*) as n from fixes'),
				addresses: await count('select count(*) as n from incidents where address is not null')
			};
			await db.close();
			const failures = app.output().match(/street lookups: the geocoder at .* failed/g) ?? [];
			return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), acks, stored, failures, requests: geo?.requests.length ?? 0, output: app.output() };
		} finally {
			gw.close();
			await app.dispose();
			await geo?.close();
		}
	}

	it('acks and stores every event as without a geocoder, and says so once in the server log', { timeout: 90_000 }, async () => {
		const without = await run('none');
		const hanging = await run('hang');
		const failing = await run('fail');
		console.log(
			`ack latency over ${without.acks.length} events, one at a time, p99 (p50): without a geocoder ${without.p99.toFixed(1)} ms (${without.p50.toFixed(1)}); ` +
				`geocoder that hangs ${hanging.p99.toFixed(1)} ms (${hanging.p50.toFixed(1)}); geocoder answering 500 ${failing.p99.toFixed(1)} ms (${failing.p50.toFixed(1)})`
		);
		for (const [name, result] of Object.entries({ without, hanging, failing })) {
			expect(result.acks.every((a) => a.ok === true && a.incidentId !== null), name).toBe(true);
			expect(result.acks, name).toHaveLength(1 + crashes + fixes);
			expect(result.stored, name).toEqual({ crashes, fixes, addresses: 0 });
		}
		for (const [name, result] of Object.entries({ hanging, failing })) {
			expect(result.requests, name).toBeGreaterThanOrEqual(3);
			expect(result.failures, `${name}:\n${result.output}`).toHaveLength(1);
		}
		expect(hanging.output).toMatch(/failed \(no answer within the time allowed\)/);
		expect(failing.output).toMatch(/failed \(HTTP 500\)/);
		expect(without.output).not.toMatch(/street lookups/);
	});
});

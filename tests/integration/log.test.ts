// The supervisor's incident log, incident page, CSV export and reports, on the built console:
// who may see them, what the log finds and how it pages, what the export writes, and the reports'
// figures on a fixture of incidents with known times, each figure computed by hand below.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AcceptedAck } from '../../src/lib/domain/gateway/schemas';
import { parseCsv } from '../../src/lib/domain/csv';
import { connectGateway, eventId, vin, type TestGateway } from '../helpers/gateway';
import { openScreen, type TestScreen } from '../helpers/ops';
import { nextId, openTestDatabase, type TestDatabase } from '../helpers/databases';
import { addUser, signIn, startConsole, type RunningConsole } from '../helpers/server';

let app: RunningConsole;
let gw: TestGateway;
let db: TestDatabase;
let supervisor: string;
let operator: string;

beforeAll(async () => {
	app = await startConsole({ SOC_GATEWAY_TOKENS: 'log-token', SOC_TZ: 'Europe/Paris', SOC_SHIFTS: '06:00,14:00,22:00' });
	gw = await connectGateway(app.url, 'log-token');
	db = await openTestDatabase(app.db);
	supervisor = (await signIn(app.url, 'chief', addUser(app.db, 'chief', 'supervisor'))).cookie!;
	operator = (await signIn(app.url, 'olga', addUser(app.db, 'olga', 'operator'))).cookie!;
});
afterAll(async () => {
	gw?.close();
	await db?.close();
	await app?.dispose();
});

const get = (path: string, cookie: string) => fetch(`${app.url}${path}`, { headers: { cookie }, redirect: 'manual' });
const html = async (path: string, cookie = supervisor) => {
	const response = await get(path, cookie);
	expect(response.status, path).toBe(200);
	return response.text();
};
/** Text as the page shows it (Svelte escapes quotes in text or not: both are accepted). */
const unescape = (page: string) => page.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
/** The incident ids of a log page, in table order. */
const idsOf = (page: string) => [...page.matchAll(/<a href="\/log\/(\d+)"/g)].map((m) => Number(m[1]));
/** A link of the log's page navigation (First, Previous, Next, Last), or null when it is disabled. */
const link = (page: string, name: string) => {
	const found = new RegExp(`<a class="button[^"]*" href="([^"]+)">${name}</a>`).exec(page);
	return found ? found[1].replace(/&amp;/g, '&') : null;
};
const accountId = async (name: string) => (await db.get<{ id: number }>('select id from accounts where username = ?', name))!.id;
const airbag = async (v: string, extra: Record<string, unknown> = {}) =>
	Number(((await gw.send('airbag.deployed', { eventId: eventId(), vin: v, ...extra })) as AcceptedAck).incidentId);

describe('who may see the log and the reports', () => {
	it('gives an operator 403 on /log, /log/<id>, /reports and /log/export.csv, and a supervisor 200', async () => {
		const id = await airbag(vin());
		for (const path of ['/log', `/log/${id}`, '/reports', '/log/export.csv', '/reports/figures.json', '/log?vin=WDB', '/log/999999']) {
			expect((await get(path, operator)).status, `operator ${path}`).toBe(403);
		}
		for (const path of ['/log', `/log/${id}`, '/reports', '/log/export.csv', '/reports/figures.json']) {
			expect((await get(path, supervisor)).status, `supervisor ${path}`).toBe(200);
		}
		expect((await get('/log/999999', supervisor)).status).toBe(404);
		expect((await get('/log/abc', supervisor)).status).toBe(404);
	});

	it('sends people who are not signed in to the sign-in page, and refuses the export to display accounts', async () => {
		for (const path of ['/log', '/log/export.csv', '/reports']) {
			const response = await fetch(`${app.url}${path}`, { redirect: 'manual' });
			expect(response.status).toBe(303);
			expect(response.headers.get('location')).toMatch(/^\/login/);
		}
		const wall = (await signIn(app.url, 'wall-1', addUser(app.db, 'wall-1', 'display'))).cookie!;
		const admin = (await signIn(app.url, 'boss', addUser(app.db, 'boss', 'admin'))).cookie!;
		for (const cookie of [wall, admin]) {
			expect((await get('/log/export.csv', cookie)).status).toBe(403);
			expect((await get('/reports', cookie)).status).toBe(403);
		}
	});
});

describe('one incident', () => {
	it('shows the whole timeline with each action and its actor, and the escalation with its reference', async () => {
		const name = 'olivier';
		const cookie = (await signIn(app.url, name, addUser(app.db, name, 'operator'))).cookie!;
		const screen: TestScreen = await openScreen(app.url, cookie);
		await screen.resume(null);
		const act = (action: Record<string, unknown>) => screen.send('act', action);
		const id = await airbag(vin(), { position: { lat: 47.2184, lon: -1.5536 } });
		const samu = (await db.get<{ id: number }>(`select id from authorities where kind = 'emergency' and country = 'FR'`))!.id;
		expect(await act({ action: 'acknowledge', incidentId: id })).toMatchObject({ ok: true });
		const escalated = await act({ action: 'escalate', incidentId: id, authorityId: samu, reference: 'SAMU-44-0042', note: 'two injured' });
		expect(escalated).toMatchObject({ ok: true });
		expect(await act({ action: 'note', incidentId: id, note: 'ambulance <b>on site</b>' })).toMatchObject({ ok: true });
		expect(await act({ action: 'resolve', incidentId: id, outcome: 'handed_to_emergency_services' })).toMatchObject({ ok: true });
		screen.close();

		const page = await html(`/log/${id}`);
		expect(page).toContain('Airbag deployed');
		for (const what of ['Acknowledged', 'Escalated to', 'Note: ambulance &lt;b>on site&lt;/b>', 'Resolved: handed to emergency services']) {
			const entry = new RegExp(`<li class="entry[^"]*">(?:(?!</li>).)*${what.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:(?!</li>).)*</li>`, 's').exec(page);
			expect(entry, what).not.toBeNull();
			expect(entry![0]).toContain(`by ${name}`);
		}
		expect(page).toContain('SAMU-44-0042');
		// Times to the second in the SOC's zone, the zone named and UTC on hover.
		expect(page).toMatch(/<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z" title="\d{2}\/\d{2}\/\d{4}, \d{2}:\d{2}:\d{2} \(Europe\/Paris; \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\)">\d{2}\/\d{2}\/\d{4}, \d{2}:\d{2}:\d{2}<\/time>/);
	});
});

describe('the log', () => {
	// 120 incidents, one every ten minutes from 2025-06-01T00:00Z, for paging.
	const from = Date.parse('2025-06-01T00:00:00Z');
	const v = 'PAGING0000000TEST';
	beforeAll(async () => {
		await db.query(`insert into vehicles (vin, model, plate, updated_at) values (?, 'Kangoo', 'PG-001-NG', 0)`, v);
		await db.exec('begin');
		for (let i = 0; i < 120; i++) {
			await db.query(
				`insert into incidents (id, type, status, vin, opened_at, details) values (${nextId('incidents')}, ?, 'new', ?, ?, '{}')`,
				i % 3 === 0 ? 'airbag' : 'theft',
				v,
				from + i * 600_000
			);
		}
		await db.exec('commit');
	});
	const range = `from=2025-06-01T00:00:00Z&to=2025-06-02T00:00:00Z`;

	it('pages the filtered set newest first, 50 at a time, with its total, and back', async () => {
		const first = await html(`/log?${range}`);
		expect(first).toContain('Matching incidents: 120 · shown here: 50');
		const seen = idsOf(first);
		expect(seen).toHaveLength(50);
		expect(link(first, 'Previous')).toBeNull();
		let page = first;
		for (let next = link(page, 'Next'); next; next = link(page, 'Next')) {
			page = await html(next);
			seen.push(...idsOf(page));
		}
		expect(seen).toHaveLength(120);
		expect(new Set(seen).size).toBe(120);
		expect(seen).toEqual([...seen].sort((a, b) => b - a)); // ids grow with opening time here
		expect(idsOf(page)).toHaveLength(20);
		const previous = await html(link(page, 'Previous')!);
		expect(idsOf(previous)).toEqual(seen.slice(50, 100));
		const last = await html(link(first, 'Last')!);
		expect(idsOf(last)).toEqual(seen.slice(-50));
		expect(link(last, 'Next')).toBeNull();
		expect(idsOf(await html(link(last, 'First')!))).toEqual(seen.slice(0, 50));
	});

	it('sorts oldest first, and takes a page size from the list', async () => {
		const page = await html(`/log?${range}&sort=oldest&size=25`);
		const ids = idsOf(page);
		expect(ids).toHaveLength(25);
		expect(ids).toEqual([...ids].sort((a, b) => a - b));
	});

	it('filters by type, VIN (or its beginning), plate (without its dashes or case) and range', async () => {
		expect(await html(`/log?${range}&type=airbag`)).toContain('Matching incidents: 40 ');
		expect(await html(`/log?vin=${v}`)).toContain('Matching incidents: 120 ');
		expect(await html(`/log?vin=paging0000`)).toContain('Matching incidents: 120 ');
		expect(await html(`/log?plate=pg001ng`)).toContain('Matching incidents: 120 ');
		expect(await html(`/log?plate=PG-001`)).toContain('Matching incidents: 120 ');
		expect(await html(`/log?plate=PG-002`)).toContain('Matching incidents: 0 ');
		// 2025-06-01T02:00 in Paris is 00:00Z: the first twelve (00:00Z to 01:50Z) are before 04:00 Paris.
		expect(await html(`/log?vin=${v}&from=2025-06-01T02:00&to=2025-06-01T04:00`)).toContain('Matching incidents: 12 ');
	});

	it('says what is wrong with a bad value instead of failing', async () => {
		const page = unescape(await html(`/log?from=yesterday&type=boat&vin=${'X'.repeat(40)}&operator=nobody&status=open`));
		expect(page).toContain('From: "yesterday" is not a date and time');
		expect(page).toContain('Type: "boat" is not one of the values offered');
		expect(page).toContain('Status: "open" is not one of the values offered');
		expect(page).toContain('VIN: "XXXX');
		expect(page).toContain('there is no operator or supervisor named "nobody"');
		expect(idsOf(page)).toEqual([]);
		expect(await html('/log?from=2025-06-02&to=2025-06-01')).toContain('From must be before To.');
		expect(await html(`/log?${range}&after=garbage`)).toContain('The page link was not valid');
		const csv = await get('/log/export.csv?to=tomorrow', supervisor);
		expect(csv.status).toBe(400);
		expect(await csv.text()).toContain('to: not a date and time');
	});

	it('finds the incidents of an operator (their owner) in a range', async () => {
		const name = 'paula';
		addUser(app.db, name, 'operator');
		const owner = await accountId(name);
		const ids: number[] = [];
		for (const i of [0, 1, 2]) {
			const [{ id }] = await db.query<{ id: number }>(
				`insert into incidents (id, type, status, vin, opened_at, details, owner_id) values (${nextId('incidents')}, 'theft', 'resolved', ?, ?, '{}', ?) returning id`,
				v,
				Date.parse('2025-07-01T10:00:00Z') + i * 3_600_000,
				owner
			);
			ids.push(id);
		}
		const page = await html(`/log?operator=${name}&from=2025-07-01T12:30&to=2025-07-01T23:00`);
		expect(idsOf(page)).toEqual([ids[2], ids[1]]);
		expect(page).toMatch(/<option value="paula"[^>]*>paula<\/option>/);
	});
});

describe('the CSV export', () => {
	it('quotes a model with a comma, a quote, a newline and a leading =, and keeps a negative longitude a number', async () => {
		const v = vin();
		const model = '=Cab, "Le Mans"\nEdition';
		const id = await airbag(v, { position: { lat: 47.2184, lon: -1.5536 }, vehicle: { model, plate: 'AB-123-CD', colour: '+red' } });
		const response = await get(`/log/export.csv?vin=${v}`, supervisor);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
		expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="incidents-.*\.csv"$/);
		const text = await response.text();
		expect(text).toContain(`"'=Cab, ""Le Mans""\nEdition"`);
		expect(text).toContain(',47.2184,-1.5536,');
		expect(text).toContain(",'+red,");
		const [header, ...rows] = parseCsv(text);
		expect(rows).toHaveLength(1);
		const row = Object.fromEntries(header.map((h, i) => [h, rows[0][i]]));
		expect(row).toMatchObject({ id: String(id), type: 'airbag', vin: v, plate: 'AB-123-CD', model: `'${model}`, latitude: '47.2184', longitude: '-1.5536', place: 'Nantes', country: 'FR' });
		expect(text.endsWith('\r\n')).toBe(true);
	});

	it('exports the same filtered set as the log, in full, not a page', async () => {
		const text = await (await get('/log/export.csv?from=2025-06-01T00:00:00Z&to=2025-06-02T00:00:00Z&type=theft', supervisor)).text();
		const [, ...rows] = parseCsv(text);
		expect(rows).toHaveLength(80);
		expect(new Set(rows.map((r) => r[1]))).toEqual(new Set(['theft']));
	});
});

describe('reports', () => {
	// The morning shift of 10 March 2026 in Paris (UTC+1): 06:00 to 14:00, 05:00Z to 13:00Z.
	const T = Date.parse('2026-03-10T05:00:00Z');
	const s = (seconds: number) => T + seconds * 1000;
	const fixtureVin = 'REPORTS000000TEST';

	beforeAll(async () => {
		for (const name of ['alice', 'bob']) addUser(app.db, name, 'operator');
		const alice = await accountId('alice');
		const bob = await accountId('bob');
		const chief = await accountId('chief');
		await db.query(`insert into vehicles (vin, model, updated_at) values (?, 'Zoe', 0)`, fixtureVin);
		const entry = (incidentId: number, at: number, kind: string, actorId: number | null, data: string) =>
			db.query(`insert into timeline (id, incident_id, at, kind, actor_id, data) values (${nextId('timeline')}, ?, ?, ?, ?, ?)`, incidentId, at, kind, actorId, data);
		const open = async (p: { type: string; status: string; opened: number; owner?: number; ack?: number; esc?: number; res?: number; outcome?: string; testCall?: boolean }) => {
			const [{ id }] = await db.query<{ id: number }>(
				`insert into incidents (id, type, status, vin, opened_at, details, owner_id, acknowledged_at, escalated_at, resolved_at, outcome)
				values (${nextId('incidents')}, ?, ?, '${fixtureVin}', ?, ?, ?, ?, ?, ?, ?) returning id`,
				p.type,
				p.status,
				p.opened,
				JSON.stringify(p.testCall ? { testCall: true } : {}),
				p.owner ?? null,
				p.ack ?? null,
				p.esc ?? null,
				p.res ?? null,
				p.outcome ?? null
			);
			await entry(id, p.opened, 'alert', null, JSON.stringify({ event: p.type === 'airbag' ? 'airbag.deployed' : 'theft.started' }));
			return id;
		};
		await db.exec('begin');
		// A: airbag, acknowledged by alice after 30 s, escalated after 100 s, resolved after 1200 s.
		const a = await open({ type: 'airbag', status: 'resolved', opened: s(600), owner: alice, ack: s(630), esc: s(700), res: s(1800), outcome: 'handed_to_emergency_services' });
		await entry(a, s(630), 'acknowledge', alice, '{}');
		// B: airbag test call, acknowledged by bob after 90 s (over the 60 s target), resolved after 300 s.
		const b = await open({ type: 'airbag', status: 'resolved', opened: s(3600), owner: bob, ack: s(3690), res: s(3900), outcome: 'test_call', testCall: true });
		await entry(b, s(3690), 'acknowledge', bob, '{}');
		// C: theft, acknowledged by alice after 60 s, reassigned to bob by the supervisor, escalated
		// after 300 s, resolved after 3600 s: it counts for alice, who acknowledged it.
		const c = await open({ type: 'theft', status: 'resolved', opened: s(7200), owner: bob, ack: s(7260), esc: s(7500), res: s(10800), outcome: 'vehicle_recovered' });
		await entry(c, s(7260), 'acknowledge', alice, '{}');
		await entry(c, s(7400), 'reassign', chief, JSON.stringify({ from: 'alice', to: 'bob' }));
		// D: theft, acknowledged by bob after 150 s (over the 120 s target), resolved after 1000 s.
		const d = await open({ type: 'theft', status: 'resolved', opened: s(10000), owner: bob, ack: s(10150), res: s(11000), outcome: 'theft_cleared_by_owner' });
		await entry(d, s(10150), 'acknowledge', bob, '{}');
		// E: theft, acknowledged by alice after 10 s, still open.
		const e = await open({ type: 'theft', status: 'acknowledged', opened: s(20000), owner: alice, ack: s(20010) });
		await entry(e, s(20010), 'acknowledge', alice, '{}');
		// F: airbag, never acknowledged, still open: breached.
		await open({ type: 'airbag', status: 'new', opened: s(25000) });
		// Outside the shift: at its end (13:00Z is the next shift's start) and a second before it.
		await open({ type: 'airbag', status: 'new', opened: s(28800) });
		await open({ type: 'theft', status: 'new', opened: s(-1) });
		await db.exec('commit');
	});

	const spread = (count: number, median: number | null, p90: number | null) => ({
		count,
		median: median === null ? null : median * 1000,
		p90: p90 === null ? null : p90 * 1000
	});

	it('gives figures equal to those computed by hand, for the shift and for the same range', async () => {
		for (const query of ['shift=2026-03-10T06:00', 'from=2026-03-10T06:00&to=2026-03-10T14:00']) {
			const response = await get(`/reports/figures.json?${query}`, supervisor);
			expect(response.status, query).toBe(200);
			const r = await response.json();
			expect(r.period).toMatchObject({ from: T, to: T + 8 * 3_600_000 });
			expect(r.all.incidents).toBe(6);
			expect(r.all.byType).toEqual({ airbag: 3, theft: 3 });
			expect(r.all.byOutcome).toEqual({
				test_call: 1,
				false_alarm: 0,
				occupants_ok: 0,
				handed_to_emergency_services: 1,
				vehicle_recovered: 1,
				theft_cleared_by_owner: 1,
				other: 0,
				open: 2
			});
			// Acknowledge: 30, 90, 60, 150, 10 s → 10, 30, 60, 90, 150: median rank ⌈2.5⌉ = 3 → 60 s; p90 rank ⌈4.5⌉ = 5 → 150 s.
			expect(r.all.times.acknowledge).toEqual(spread(5, 60, 150));
			// Escalate: 100, 300 s: median rank 1 → 100 s; p90 rank ⌈1.8⌉ = 2 → 300 s.
			expect(r.all.times.escalate).toEqual(spread(2, 100, 300));
			// Resolve: 1200, 300, 3600, 1000 s → 300, 1000, 1200, 3600: median rank 2 → 1000 s; p90 rank ⌈3.6⌉ = 4 → 3600 s.
			expect(r.all.times.resolve).toEqual(spread(4, 1000, 3600));
			// Breached: B (90 s > 60), D (150 s > 120), F (never acknowledged, open for days).
			expect(r.all.breached).toEqual({ total: 3, airbag: 2, theft: 1, neverAcknowledged: 1 });

			expect(r.operators.map((o: { operator: string }) => o.operator)).toEqual(['alice', 'bob']);
			const [alice, bob] = r.operators;
			// alice: A, C, E. Acknowledge 30, 60, 10 → 10, 30, 60: median rank 2 → 30 s, p90 rank 3 → 60 s.
			expect(alice.incidents).toBe(3);
			expect(alice.byType).toEqual({ airbag: 1, theft: 2 });
			expect(alice.times.acknowledge).toEqual(spread(3, 30, 60));
			expect(alice.times.escalate).toEqual(spread(2, 100, 300));
			expect(alice.times.resolve).toEqual(spread(2, 1200, 3600));
			expect(alice.breached.total).toBe(0);
			// bob: B, D. Acknowledge 90, 150; resolve 300, 1000; both breached.
			expect(bob.incidents).toBe(2);
			expect(bob.times.acknowledge).toEqual(spread(2, 90, 150));
			expect(bob.times.escalate).toEqual(spread(0, null, null));
			expect(bob.times.resolve).toEqual(spread(2, 300, 1000));
			expect(bob.breached).toEqual({ total: 2, airbag: 1, theft: 1, neverAcknowledged: 0 });
			expect(bob.byOutcome).toMatchObject({ test_call: 1, theft_cleared_by_owner: 1 });
			// F: nobody acknowledged it.
			expect(r.unacknowledged.incidents).toBe(1);
			expect(r.unacknowledged.breached.total).toBe(1);
		}
	});

	it('shows them on the page, per operator, with the shift picked', async () => {
		const page = await html('/reports?shift=2026-03-10T06:00');
		expect(page).toContain('<option value="2026-03-10T06:00"');
		expect(page).toMatch(/<th scope="row"[^>]*>alice<\/th>/);
		expect(page).toMatch(/<th scope="row"[^>]*>bob<\/th>/);
		// The times table: acknowledge 5 incidents, median 1 min 0 s, p90 2 min 30 s.
		expect(page).toMatch(/<tr data-step="acknowledge"[^>]*>.*?<td class="num[^"]*">5<\/td>.*?1 min 0 s.*?2 min 30 s/s);
		expect(page).toMatch(/<tr data-step="resolve"[^>]*>.*?16 min 40 s.*?1 h 0 min/s);
	});

	it('says which value is wrong rather than failing', async () => {
		expect(await html('/reports?shift=2026-03-10T07:00')).toContain('is not the start of a shift');
		expect(await html('/reports?from=2026-01-01T00:00&to=2026-06-01T00:00')).toContain('A report covers at most 92 days');
		expect((await get('/reports/figures.json?from=nope', supervisor)).status).toBe(400);
	});

	it('names a date outside the years the console keeps, instead of reading year 1 as 1901', async () => {
		const from = '0001-01-01T00:00';
		expect(unescape(await html(`/reports?from=${from}&to=0001-01-02T00:00`))).toContain(`From: "${from}" is outside the years 2000 to 2099.`);
		const figures = await get(`/reports/figures.json?from=${from}&to=2026-01-02T00:00`, supervisor);
		expect(figures.status).toBe(400);
		expect(await figures.json()).toMatchObject({ problems: [{ field: 'from', code: 'date_range' }] });
		expect(unescape(await html(`/log?to=9999-12-31`))).toContain('To: "9999-12-31" is outside the years 2000 to 2099.');
		const csv = await get(`/log/export.csv?from=${from}`, supervisor);
		expect(csv.status).toBe(400);
		expect(await csv.text()).toContain('from: outside the years 2000 to 2099');
	});
});

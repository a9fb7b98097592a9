// Operators' actions over /ops: the lifecycle, races, roles, and what every screen sees.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AcceptedAck } from '../../src/lib/domain/gateway/schemas';
import type { IncidentView } from '../../src/lib/domain/incident';
import { connectGateway, eventId, iso, vin, type TestGateway } from '../helpers/gateway';
import { openScreen, until, type TestScreen } from '../helpers/ops';
import { openTestDatabase, type TestDatabase } from '../helpers/databases';
import { addUser, signIn, startConsole, type RunningConsole } from '../helpers/server';

let app: RunningConsole;
let gw: TestGateway;
let db: TestDatabase;

beforeAll(async () => {
	app = await startConsole({ SOC_GATEWAY_TOKENS: 'actions-token' });
	gw = await connectGateway(app.url, 'actions-token');
	db = await openTestDatabase(app.db);
});
afterAll(async () => {
	gw.close();
	await db.close();
	await app.dispose();
});

let people = 0;
async function person(role: string): Promise<{ name: string; id: number; screen: TestScreen; cookie: string }> {
	const name = `${role}-${++people}`;
	const password = addUser(app.db, name, role);
	const { cookie } = await signIn(app.url, name, password);
	const screen = await openScreen(app.url, cookie!);
	await screen.resume(null);
	const { id } = (await db.get<{ id: number }>('select id from accounts where username = ?', name))!;
	return { name, id, screen, cookie: cookie! };
}

const act = (screen: TestScreen, action: Record<string, unknown>) => screen.send('act', action);
const newAirbag = async () => Number(((await gw.send('airbag.deployed', { eventId: eventId(), vin: vin() })) as AcceptedAck).incidentId);
const emergency = async () => (await db.get<{ id: number }>(`select id from authorities where kind = 'emergency' and country = 'FR'`))!.id;
const timelineKinds = (id: number) =>
	db.query<{ kind: string; actor: string | null }>('select t.kind, a.username as actor from timeline t left join accounts a on a.id = t.actor_id where incident_id = ? order by t.id', id);

describe('the lifecycle', () => {
	it('acknowledge, escalate with a reference, add a reference, note, resolve: each on the timeline with its actor', async () => {
		const a = await person('operator');
		const id = await newAirbag();
		expect(await act(a.screen, { action: 'acknowledge', incidentId: id })).toMatchObject({ ok: true, incident: { status: 'acknowledged', ownerName: a.name } });
		const escalated = await act(a.screen, { action: 'escalate', incidentId: id, authorityId: await emergency(), reference: 'PSAP-1', note: 'two injured' });
		expect(escalated).toMatchObject({ ok: true, incident: { status: 'escalated' } });
		const escalationId = (escalated as { incident: IncidentView }).incident.escalations[0].id;
		expect(await act(a.screen, { action: 'add_reference', incidentId: id, escalationId, reference: 'PSAP-1-B' })).toMatchObject({ ok: true });
		expect(await act(a.screen, { action: 'note', incidentId: id, note: 'ambulance on site' })).toMatchObject({ ok: true });
		expect(await act(a.screen, { action: 'resolve', incidentId: id })).toMatchObject({ ok: false, error: 'invalid' });
		expect(await act(a.screen, { action: 'resolve', incidentId: id, outcome: 'other' })).toMatchObject({ ok: false, error: 'outcome_note_required' });
		expect(await act(a.screen, { action: 'resolve', incidentId: id, outcome: 'handed_to_emergency_services' })).toMatchObject({ ok: true, incident: { status: 'resolved' } });
		expect(await timelineKinds(id)).toEqual([
			{ kind: 'alert', actor: null },
			{ kind: 'acknowledge', actor: a.name },
			{ kind: 'escalate', actor: a.name },
			{ kind: 'add_reference', actor: a.name },
			{ kind: 'note', actor: a.name },
			{ kind: 'resolve', actor: a.name }
		]);
		// The reference added later stands beside the first one, each with its actor.
		expect(
			await db.query('select r.reference, a.username as actor from escalation_references r join escalations e on e.id = r.escalation_id join accounts a on a.id = r.actor_id where e.incident_id = ? order by r.id', id)
		).toEqual([
			{ reference: 'PSAP-1', actor: a.name },
			{ reference: 'PSAP-1-B', actor: a.name }
		]);
		a.screen.close();
	});

	it('lets exactly one of two simultaneous acknowledgements win, and tells the other who owns it', async () => {
		const a = await person('operator');
		const b = await person('operator');
		const id = await newAirbag();
		const [ra, rb] = await Promise.all([act(a.screen, { action: 'acknowledge', incidentId: id }), act(b.screen, { action: 'acknowledge', incidentId: id })]);
		const winners = [ra, rb].filter((r) => r.ok);
		expect(winners).toHaveLength(1);
		const loser = ra.ok ? rb : ra;
		const winner = ra.ok ? a : b;
		expect(loser).toEqual({ ok: false, error: 'owned_by_other', ownerName: winner.name });
		expect((await timelineKinds(id)).filter((e) => e.kind === 'acknowledge')).toHaveLength(1);
		a.screen.close();
		b.screen.close();
	});

	it('refuses escalate and resolve before acknowledging, and by someone who does not own it', async () => {
		const a = await person('operator');
		const b = await person('operator');
		const id = await newAirbag();
		expect(await act(a.screen, { action: 'resolve', incidentId: id, outcome: 'false_alarm' })).toMatchObject({ ok: false, error: 'not_acknowledged' });
		await act(a.screen, { action: 'acknowledge', incidentId: id });
		expect(await act(b.screen, { action: 'escalate', incidentId: id, authorityId: await emergency() })).toMatchObject({ ok: false, error: 'owned_by_other', ownerName: a.name });
		expect(await act(b.screen, { action: 'release', incidentId: id })).toMatchObject({ ok: false, error: 'not_owner' });
		expect(await act(a.screen, { action: 'release', incidentId: id })).toMatchObject({ ok: true, incident: { status: 'new', ownerId: null } });
		a.screen.close();
		b.screen.close();
	});

	it('lets a supervisor reassign, and an operator not', async () => {
		const a = await person('operator');
		const b = await person('operator');
		const sup = await person('supervisor');
		const id = await newAirbag();
		await act(a.screen, { action: 'acknowledge', incidentId: id });
		expect(await act(b.screen, { action: 'reassign', incidentId: id, toAccountId: b.id })).toMatchObject({ ok: false, error: 'not_allowed' });
		expect(await act(sup.screen, { action: 'reassign', incidentId: id, toAccountId: b.id })).toMatchObject({ ok: true, incident: { ownerName: b.name } });
		for (const p of [a, b, sup]) p.screen.close();
	});

	it('lets only the owner or a supervisor add a reference, only while open, and keeps every one with its actor', async () => {
		const a = await person('operator');
		const b = await person('operator');
		const sup = await person('supervisor');
		const v = vin();
		const id = Number(((await gw.send('airbag.deployed', { eventId: eventId(), vin: v })) as AcceptedAck).incidentId);
		await act(a.screen, { action: 'acknowledge', incidentId: id });
		const escalated = await act(a.screen, { action: 'escalate', incidentId: id, authorityId: await emergency(), reference: 'PSAP-7' });
		const escalationId = (escalated as { incident: IncidentView }).incident.escalations[0].id;
		expect(await act(b.screen, { action: 'add_reference', incidentId: id, escalationId, reference: 'FORGED' })).toMatchObject({ ok: false, error: 'owned_by_other' });
		expect(await act(sup.screen, { action: 'add_reference', incidentId: id, escalationId, reference: 'PSAP-7-SUP' })).toMatchObject({ ok: true });
		const added = await act(a.screen, { action: 'add_reference', incidentId: id, escalationId, reference: 'PSAP-7-B' });
		expect((added as { incident: IncidentView }).incident.escalations[0].references).toEqual([
			{ reference: 'PSAP-7', at: expect.any(Number), actorName: a.name },
			{ reference: 'PSAP-7-SUP', at: expect.any(Number), actorName: sup.name },
			{ reference: 'PSAP-7-B', at: expect.any(Number), actorName: a.name }
		]);
		expect(await act(a.screen, { action: 'resolve', incidentId: id, outcome: 'handed_to_emergency_services' })).toMatchObject({ ok: true });
		for (const p of [a, b, sup]) {
			expect(await act(p.screen, { action: 'add_reference', incidentId: id, escalationId, reference: 'LATE' })).toMatchObject({ ok: false, error: 'already_resolved' });
		}
		const csv = await (await fetch(`${app.url}/log/export.csv?vin=${v}`, { headers: { cookie: sup.cookie } })).text();
		expect(csv).toContain('PSAP-7, PSAP-7-SUP, PSAP-7-B');
		expect(csv).not.toMatch(/FORGED|LATE/);
		for (const p of [a, b, sup]) p.screen.close();
	});

	it('refuses every action from a display account', async () => {
		const wall = await person('display');
		const id = await newAirbag();
		expect(await act(wall.screen, { action: 'acknowledge', incidentId: id })).toMatchObject({ ok: false, error: 'not_allowed' });
		expect(await act(wall.screen, { action: 'note', incidentId: id, note: 'x' })).toMatchObject({ ok: false, error: 'not_allowed' });
		wall.screen.close();
	});

	it('refuses malformed actions with a message naming the field', async () => {
		const a = await person('operator');
		for (const bad of [null, 'acknowledge', { action: 'explode', incidentId: 1 }, { action: 'acknowledge', incidentId: 'one' }, { action: 'note', incidentId: 1, note: 'x'.repeat(3000) }]) {
			const reply = await act(a.screen, bad as Record<string, unknown>);
			expect(reply).toMatchObject({ ok: false, error: 'invalid' });
			expect((reply as { message: string }).message.length).toBeGreaterThan(0);
		}
		expect(await act(a.screen, { action: 'acknowledge', incidentId: 999_999 })).toMatchObject({ ok: false, error: 'not_found' });
		a.screen.close();
	});
});

describe('what every screen sees', () => {
	it('puts each change on every screen at once', async () => {
		const a = await person('operator');
		const b = await person('operator');
		const id = await newAirbag();
		await act(a.screen, { action: 'acknowledge', incidentId: id });
		await until(() => b.screen.entries.some((e) => e.kind === 'incident' && e.incidentId === id && e.data.ownerName === a.name));
		a.screen.close();
		b.screen.close();
	});

	it('marks an owner who signed out as offline on every screen, and back online when they return', async () => {
		const a = await person('operator');
		const b = await person('operator');
		const id = await newAirbag();
		await act(a.screen, { action: 'acknowledge', incidentId: id });
		await fetch(`${app.url}/logout`, { method: 'POST', redirect: 'manual', headers: { cookie: a.cookie, origin: app.url, 'content-type': 'application/x-www-form-urlencoded' } });
		await until(() => b.screen.entries.some((e) => e.kind === 'incident' && e.incidentId === id && e.data.ownerOnline === false));
		const password = `${a.name}-password-123`;
		await signIn(app.url, a.name, password);
		await until(() => b.screen.entries.some((e) => e.kind === 'incident' && e.incidentId === id && e.data.ownerOnline === true && e.seq > 0), 8_000);
		b.screen.close();
	});

	it('shows a theft track growing on every screen, one feed entry per group of fixes', async () => {
		const a = await person('operator');
		const v = vin();
		const t = Date.now();
		const fixes = Array.from({ length: 50 }, (_, i) => ({ eventId: eventId(), vin: v, fixAt: iso(t + i * 1000), lat: 48.1 + i * 0.0001, lon: 11.5 }));
		await gw.send('theft.positions', { fixes });
		await until(() => a.screen.entries.some((e) => e.kind === 'track' && e.data.fixes.length === 50));
		a.screen.close();
	});
});

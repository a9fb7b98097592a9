// Text that is not well-formed Unicode (a lone UTF-16 surrogate, which JSON over a socket can
// carry) from operators and gateways, and an unexpected failure inside an action: each is
// answered, and the console carries on for every other screen and gateway.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AcceptedAck, RefusedAck } from '../../src/lib/domain/gateway/schemas';
import type { IncidentView } from '../../src/lib/domain/incident';
import { connectGateway, eventId, iso, vin, type TestGateway } from '../helpers/gateway';
import { openScreen, operatorCookie, type TestScreen } from '../helpers/ops';
import { failInserts, openTestDatabase, type TestDatabase } from '../helpers/databases';
import { startConsole, type RunningConsole } from '../helpers/server';

const lone = ['x\ud800', '\udc00 tail', 'a\ud83d'];

let app: RunningConsole;
let gw: TestGateway;
let screen: TestScreen;
let bystander: TestScreen;
let db: TestDatabase;

beforeAll(async () => {
	app = await startConsole({ SOC_GATEWAY_TOKENS: 'broken-text-token' });
	gw = await connectGateway(app.url, 'broken-text-token');
	screen = await openScreen(app.url, await operatorCookie(app.url, app.db));
	await screen.resume(null);
	bystander = await openScreen(app.url, await operatorCookie(app.url, app.db));
	await bystander.resume(null);
	db = await openTestDatabase(app.db);
});
afterAll(async () => {
	gw?.close();
	screen?.close();
	bystander?.close();
	await db?.close();
	await app?.dispose();
});

const act = (action: Record<string, unknown>) => screen.send('act', action);
const healthy = async () => (await fetch(`${app.url}/healthz`)).status;
const authority = async () => (await db.get<{ id: number }>(`select id from authorities where kind = 'emergency' and country = 'FR'`))!.id;

/** An airbag incident acknowledged and escalated by the test's operator. */
async function escalated(): Promise<{ incidentId: number; escalationId: number }> {
	const incidentId = Number(((await gw.send('airbag.deployed', { eventId: eventId(), vin: vin() })) as AcceptedAck).incidentId);
	expect(await act({ action: 'acknowledge', incidentId })).toMatchObject({ ok: true });
	const reply = await act({ action: 'escalate', incidentId, authorityId: await authority(), reference: 'R-1' });
	return { incidentId, escalationId: (reply as { incident: IncidentView }).incident.escalations[0].id };
}

describe('an operator’s text with a lone surrogate', () => {
	it('is refused in every action that carries text, naming the field, and the console carries on', async () => {
		const { incidentId, escalationId } = await escalated();
		const timeline = async () => (await db.get<{ n: number }>('select count(*) as n from timeline where incident_id = ?', incidentId))!.n;
		const timelineBefore = await timeline();
		for (const text of lone) {
			const actions: [string, Record<string, unknown>][] = [
				['note', { action: 'note', incidentId, note: text }],
				['reference', { action: 'add_reference', incidentId, escalationId, reference: text }],
				['note', { action: 'escalate', incidentId, authorityId: await authority(), note: text }],
				['reference', { action: 'escalate', incidentId, authorityId: await authority(), reference: text }],
				['note', { action: 'resolve', incidentId, outcome: 'other', note: text }]
			];
			for (const [field, action] of actions) {
				const reply = await act(action);
				expect(reply, `${action.action} ${JSON.stringify(text)}`).toMatchObject({ ok: false, error: 'invalid' });
				expect((reply as { message: string }).message).toContain(`${field}: must be well-formed Unicode text`);
				expect(await healthy()).toBe(200);
			}
		}
		expect(await timeline()).toBe(timelineBefore);
		// Well-formed text, astral characters included, still goes through.
		expect(await act({ action: 'note', incidentId, note: 'ambulance 🚑 on site' })).toMatchObject({ ok: true });
		expect(bystander.socket.connected).toBe(true);
		expect(gw.socket.connected).toBe(true);
	});
});

describe('a gateway’s text with a lone surrogate', () => {
	it('refuses an event whose VIN holds one, naming the field', async () => {
		for (const text of lone) {
			const ack = (await gw.send('airbag.deployed', { eventId: eventId(), vin: `WDB${text}` })) as RefusedAck;
			expect(ack).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
			expect(ack.error.issues).toContainEqual({ path: 'vin', message: expect.stringContaining('well-formed Unicode') });
		}
		expect(await healthy()).toBe(200);
	});

	it('drops an optional text that holds one with a warning naming it, and keeps the alert', async () => {
		const v = vin();
		const ack = (await gw.send('theft.started', {
			eventId: eventId(),
			vin: v,
			occurredAt: iso(Date.now()),
			trigger: 'tow_away',
			vehicle: { model: 'Golf\ud800', plate: 'M-AB 1', owner: { name: '\udc00Erika', phone: '+49 89 1234' } }
		})) as AcceptedAck;
		expect(ack).toMatchObject({ ok: true });
		expect(ack.warnings.map((w) => w.path).sort()).toEqual(['vehicle.model', 'vehicle.owner.name']);
		const fix = (await gw.send('theft.position', { eventId: eventId(), vin: v, fixAt: iso(Date.now()), lat: 48.1, lon: 11.5 })) as AcceptedAck;
		expect(fix).toMatchObject({ ok: true, incidentId: ack.incidentId });
		expect(await db.get('select model, plate, owner_name from vehicles where vin = ?', v)).toEqual({ model: null, plate: 'M-AB 1', owner_name: null });
		expect(await healthy()).toBe(200);
	});
});

describe('an unexpected failure inside an action', () => {
	it('is answered internal, changes nothing, and leaves the console serving', async () => {
		const { incidentId } = await escalated();
		// A store call that throws: the database refuses the note's timeline entry.
		const undo = await failInserts(db, 'timeline', "new.kind = 'note'", 'injected failure');
		try {
			expect(await act({ action: 'note', incidentId, note: 'this write fails' })).toEqual({ ok: false, error: 'internal' });
			expect(await healthy()).toBe(200);
			expect(screen.socket.connected).toBe(true);
			expect(bystander.socket.connected).toBe(true);
			expect(app.output()).toContain('injected failure');
		} finally {
			await undo();
		}
		expect(await act({ action: 'note', incidentId, note: 'this one is kept' })).toMatchObject({ ok: true });
		expect((await gw.send('airbag.deployed', { eventId: eventId(), vin: vin() })) as AcceptedAck).toMatchObject({ ok: true });
	});
});

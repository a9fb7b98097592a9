import { afterEach, describe, expect, it } from 'vitest';
import { validateEvent } from '../../domain/gateway/validate';
import type { DataProblem } from '../../domain/incident';
import { mapPositionData } from '../../domain/traccar/mapping';
import { traccarDevice, traccarPosition } from '../../domain/traccar/examples';
import { traccarPositionDataSchema } from '../../domain/traccar/schemas';
import { openDatabase, type SqlDatabase } from '../db';
import { IncidentStore } from '../stores/incidents';
import { applyEvent, type IngestItem, type IngestRules } from './rules';

const rules: IngestRules = { clockSkewMs: 300_000, airbagMergeMs: 600_000, maxSpeedKmh: 300 };
const now = Date.parse('2026-11-27T04:48:08Z');
const iso = (ms: number) => new Date(ms).toISOString();
const vin = 'WP0ZZZ99ZTS392124';
let ids = 0;

const dbs: SqlDatabase[] = [];
afterEach(async () => {
	for (const db of dbs.splice(0)) await db.close();
});

// The rules do not know the engine: one is enough here (the store's tests run on both).
async function store() {
	const db = await openDatabase(':memory:');
	dbs.push(db);
	return new IncidentStore(db, { placeOf: () => null, countryOf: () => null });
}

/** An event as the gateway's receiver hands it on: judged, with its warnings. */
function item(event: string, payload: Record<string, unknown>, extra: Partial<IngestItem> = {}): IngestItem {
	const judged = validateEvent(event, { eventId: `e${++ids}`, vin, ...payload });
	if (!judged.ok || judged.event === 'theft.positions') throw new Error(`not a single accepted event: ${JSON.stringify(judged)}`);
	return { event: judged.event, value: judged.value, json: judged.json, warnings: judged.warnings, receivedAt: now, gateway: 'gw', ...extra } as IngestItem;
}

/** Applies the items in one transaction: their acks, and the problems the timeline noted. */
async function ingest(incidents: IncidentStore, ...items: IngestItem[]) {
	const { result: acks, feed } = await incidents.change(now, async (changes) => {
		const acks = [];
		for (const i of items) acks.push(await applyEvent(changes, i, rules, new Map()));
		return acks;
	});
	const problems = feed.flatMap((e) => (e.kind === 'timeline' && e.data.kind === 'data_problem' ? (e.data.data.problems as DataProblem[]) : []));
	return { acks, problems };
}

describe('the problems of an accepted event', () => {
	it('note a vehicle clock ahead with its seconds, and the ack says it in path and message only', async () => {
		const { acks, problems } = await ingest(await store(), item('theft.started', { occurredAt: iso(now + 600_000), trigger: 'tow_away' }));
		expect(problems).toEqual([
			{
				path: 'occurredAt',
				message: "the vehicle clock is 600 s ahead of the console's; kept and flagged as a clock problem",
				code: 'clock_skew',
				params: { seconds: 600, ahead: true },
				eventId: expect.any(String)
			}
		]);
		expect(acks[0].warnings).toEqual([{ path: 'occurredAt', message: problems[0].message }]);
	});

	it('note a clock behind and a dropped field, each with its code', async () => {
		const { acks, problems } = await ingest(await store(), item('airbag.deployed', { occurredAt: iso(now - 3_723_000), passengers: 'two' }));
		expect(problems).toMatchObject([
			{ path: 'passengers', code: 'field_ignored', params: { ignored: 'passengers' } },
			{ path: 'occurredAt', code: 'clock_skew', params: { seconds: 3723, ahead: false } }
		]);
		expect(acks[0].warnings.map((w) => Object.keys(w).sort())).toEqual([
			['message', 'path'],
			['message', 'path']
		]);
	});

	it('note a fix too fast from its neighbour, and one at the same time elsewhere, with the speed and the limit', async () => {
		const incidents = await store();
		await ingest(incidents, item('theft.started', { occurredAt: iso(now), trigger: 'tow_away' }), item('theft.position', { fixAt: iso(now - 10_000), lat: 48, lon: 11 }));
		// 1° of latitude (111 km) in 10 s, then 1° more at the very same time.
		const { acks, problems } = await ingest(
			incidents,
			item('theft.position', { fixAt: iso(now), lat: 49, lon: 11 }),
			item('theft.position', { fixAt: iso(now), lat: 50, lon: 11 })
		);
		expect(problems).toMatchObject([
			{ path: '', code: 'implausible_speed', params: { kmh: expect.any(Number), limitKmh: 300 } },
			{ path: '', code: 'implausible_speed', params: { kmh: null, limitKmh: 300 } }
		]);
		expect((problems[0] as { params: { kmh: number } }).params.kmh).toBeGreaterThan(39_000);
		for (const ack of acks) expect(ack.warnings).toEqual([{ path: '', message: expect.stringContaining('km/h from its neighbours') }]);
	});

	it('keep a Traccar fix marked not valid with its code, and answer Traccar in path and message only', async () => {
		const incidents = await store();
		await ingest(incidents, item('theft.started', { occurredAt: iso(now), trigger: 'tamper' }));
		const mapped = mapPositionData(traccarPositionDataSchema.parse({ position: traccarPosition({ valid: false, fixTime: iso(now) }), device: traccarDevice() }));
		const fix = item('theft.position', { ...mapped.payload, vin }, { warnings: mapped.warnings, invalidFix: true, followOnly: true, source: 'Traccar' });
		const { acks, problems } = await ingest(incidents, fix);
		expect(problems).toMatchObject([{ path: 'position.valid', code: 'traccar_fix_invalid' }]);
		expect(acks[0].warnings).toEqual([{ path: 'position.valid', message: mapped.warnings[0].message }]);
	});

	it('tell a duplicate nothing', async () => {
		const incidents = await store();
		const first = item('theft.started', { occurredAt: iso(now + 600_000), trigger: 'tow_away' });
		await ingest(incidents, first);
		const { result } = await incidents.change(now, (changes) => applyEvent(changes, first, rules, new Map([[first.value.eventId, 1]])));
		expect(result).toEqual({ ok: true, incidentId: '1', duplicate: true, warnings: [] });
	});
});

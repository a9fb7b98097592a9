import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { FixView } from '../../../domain/incident';
import { engines, freshDatabase } from '../../../../../tests/helpers/databases';
import { openDatabase, type SqlDatabase } from '../../db';
import { IncidentStore } from './index';

const opened: { database: SqlDatabase; dispose(): Promise<void> }[] = [];
afterEach(async () => {
	for (const { database, dispose } of opened.splice(0)) {
		await database.close();
		await dispose();
	}
});

const fix = (fixAt: number, lat: number): FixView => ({ fixAt, receivedAt: fixAt + 5, lat, lon: 11.5, speedKmh: null, headingDeg: null, accuracyM: null, flags: [] });

describe.each(engines)('the incident store on %s', (engine) => {
	/** A store on a fresh database, with a gazetteer that names every position "Testville". */
	async function store() {
		const { location, dispose } = await freshDatabase(engine);
		const database = await openDatabase(location);
		opened.push({ database, dispose });
		const asked: { lat: number; lon: number }[] = [];
		return { incidents: new IncidentStore(database, { placeOf: (p) => (asked.push(p), { name: 'Testville', country: 'DE' }), countryOf: () => null }), asked };
	}

	it('puts a new theft and its fixes on the feed, with the town its gazetteer gives', async () => {
		const { incidents, asked } = await store();
		const { result: id, feed } = await incidents.change(1_000, async (c) => {
			const id = await c.open('theft', 'WDB00000000000001', 1_000, 900, { trigger: 'tow_away' });
			const { before } = await c.neighbours(id, 2_000);
			expect(before).toBeUndefined();
			c.addFix(id, fix(2_000, 48.1), true);
			c.addFix(id, fix(3_000, 48.2), true);
			return id;
		});
		expect(feed.map((e) => e.kind)).toEqual(['incident', 'track']);
		const track = feed.find((e) => e.kind === 'track')!;
		expect(track.data).toMatchObject({ fixes: [{ fixAt: 2_000 }, { fixAt: 3_000 }], latest: { lastFixAt: 3_000, place: { name: 'Testville' } } });
		expect(asked).toContainEqual({ lat: 48.2, lon: 11.5, fixAt: 3_000 });
		expect(await incidents.get(id)).toMatchObject({ id, type: 'theft', status: 'new', lastFixAt: 3_000, place: { name: 'Testville', country: 'DE' } });
	});

	it('gives in a later snapshot the fixes committed since, late ones in place, as a fresh read of the database would', async () => {
		const { incidents } = await store();
		const { result: id } = await incidents.change(1_000, async (c) => {
			const id = await c.open('theft', 'WDB00000000000009', 1_000, 900, {});
			c.addFix(id, fix(2_000, 48.1), true);
			return id;
		});
		expect((await incidents.snapshot()).tracks[id].fixAt).toEqual([2_000]);
		await incidents.change(5_000, async (c) => c.addFix(id, fix(4_000, 48.3), true));
		// Off the straight line between its neighbours, so that the line keeps it.
		await incidents.change(6_000, async (c) => c.addFix(id, { ...fix(3_000, 48.2), lon: 11.6 }, false));
		const later = await incidents.snapshot();
		expect(later.tracks[id]).toMatchObject({ fixAt: [2_000, 3_000, 4_000], last: { fixAt: 4_000, lat: 48.3 } });
		const fresh = new IncidentStore(incidents.db, { placeOf: () => null, countryOf: () => null });
		expect((await fresh.snapshot()).tracks).toEqual(later.tracks);
	});

	it('gives a screen that catches up the track entries’ fixes, read back from their rows', async () => {
		const { incidents } = await store();
		const { result: id } = await incidents.change(1_000, async (c) => await c.open('theft', 'WDB00000000000002', 1_000, null, {}));
		await incidents.change(2_000, async (c) => c.addFix(id, fix(2_000, 48.1), true));
		await incidents.change(3_000, async (c) => c.addFix(id, fix(3_000, 48.2), true));
		const entries = (await incidents.feedAfter(0, 100))!;
		expect(entries.map((e) => [e.seq, e.kind])).toEqual([
			[1, 'incident'],
			[2, 'track'],
			[3, 'track']
		]);
		expect(entries[2].data).toMatchObject({ fixes: [{ fixAt: 3_000, lat: 48.2 }] });
		expect(await incidents.feedAfter(3, 100)).toEqual([]);
		expect(await incidents.feedAfter(0, 2)).toBeNull();
		const snapshot = await incidents.snapshot();
		expect(snapshot.seq).toBe(3);
		expect(snapshot.tracks[id]).toMatchObject({ fixAt: [2_000, 3_000], lat: [48.1, 48.2], last: { fixAt: 3_000, lat: 48.2 } });
	});

	it('judges a late fix against its stored neighbours, and an in-order one against the last commit', async () => {
		const { incidents } = await store();
		const { result: id } = await incidents.change(1_000, async (c) => {
			const id = await c.open('theft', 'WDB00000000000003', 1_000, null, {});
			c.addFix(id, fix(2_000, 48.1), true);
			c.addFix(id, fix(4_000, 48.3), true);
			return id;
		});
		await incidents.change(5_000, async (c) => {
			expect(await c.neighbours(id, 5_000)).toEqual({ before: { fixAt: 4_000, lat: 48.3, lon: 11.5 }, after: undefined });
			expect(await c.neighbours(id, 3_000)).toEqual({ before: { fixAt: 2_000, lat: 48.1, lon: 11.5 }, after: { fixAt: 4_000, lat: 48.3, lon: 11.5 } });
		});
	});

	it('finds a VIN’s open incident, and forgets it once an operator changes one', async () => {
		const { incidents } = await store();
		const vin = 'WDB00000000000004';
		const { result: id } = await incidents.change(1_000, async (c) => await c.open('airbag', vin, 1_000, null, {}));
		await incidents.change(2_000, async (c) => expect(await c.openOfType(vin, 'airbag')).toEqual({ id, openedAt: 1_000 }));
		await incidents.db.run(sql`insert into accounts (username, password_hash, role, created_at) values ('olga', 'x', 'operator', 0)`);
		await incidents.change(3_000, async (c) => {
			const state = (await c.current(id))!;
			expect(await c.update(state, { status: 'resolved', ownerId: 1, resolvedAt: 3_000, outcome: 'test_call', checklist: [] })).toBe(true);
		});
		await incidents.change(4_000, async (c) => expect(await c.openOfType(vin, 'airbag')).toBeUndefined());
	});

	it('stores a street address with the incident and puts it on the feed, once: the same address again changes nothing', async () => {
		const { incidents } = await store();
		const { result: id } = await incidents.change(1_000, async (c) => await c.open('airbag', 'WDB00000000000005', 1_000, null, { position: { lat: 48.1372, lon: 11.5755 } }));
		const address = { road: 'Leopoldstraße', houseNumber: '12', postcode: '80802', town: 'München', at: { lat: 48.13725, lon: 11.5755 } };
		const first = await incidents.change(2_000, async (c) => await c.setAddress(id, address));
		expect(first.result).toBe(true);
		expect(first.feed).toMatchObject([{ kind: 'incident', incidentId: id, data: { address } }]);
		const again = await incidents.change(3_000, async (c) => await c.setAddress(id, { ...address }));
		expect(again).toEqual({ result: false, feed: [] });
		expect(await incidents.get(id)).toMatchObject({ address });
		expect((await incidents.open()).map((i) => i.address)).toEqual([address]);
	});
	it('judges a late fix against the fixes of its own transaction too, before they are written', async () => {
		const { incidents } = await store();
		await incidents.change(1_000, async (c) => {
			const id = await c.open('theft', 'WDB00000000000006', 1_000, null, {});
			c.addFix(id, fix(2_000, 48.1), true);
			c.addFix(id, fix(4_000, 48.3), true);
			expect(await c.neighbours(id, 3_000)).toMatchObject({ before: { fixAt: 2_000 }, after: { fixAt: 4_000 } });
			expect(await c.neighbours(id, 1_500)).toMatchObject({ before: undefined, after: { fixAt: 2_000 } });
		});
	});

	it('forgets what it remembered when someone else changed incidents meanwhile (another node)', async () => {
		const { incidents } = await store();
		const vin = 'WDB00000000000007';
		const { result: id } = await incidents.change(1_000, (c) => c.open('airbag', vin, 1_000, null, {}));
		await incidents.change(2_000, async (c) => expect(await c.openOfType(vin, 'airbag')).toMatchObject({ id }));
		const other = new IncidentStore(incidents.db, { placeOf: () => null, countryOf: () => null });
		await incidents.db.run(sql`insert into accounts (username, password_hash, role, created_at) values ('olga', 'x', 'operator', 0)`);
		const { feed } = await other.change(3_000, async (c) => {
			const state = (await c.current(id))!;
			await c.update(state, { status: 'resolved', ownerId: 1, resolvedAt: 3_000, outcome: 'test_call', checklist: [] });
			return c.open('theft', vin, 3_000, null, {});
		});
		expect(feed.map((e) => e.seq)).toEqual([2, 3]);
		const next = await incidents.change(4_000, async (c) => {
			expect(await c.openOfType(vin, 'airbag')).toBeUndefined();
			return c.open('airbag', vin, 4_000, null, {});
		});
		// Ids and feed numbers go on from the other writer's.
		expect(next.result).toBe(id + 2);
		expect(next.feed.map((e) => e.seq)).toEqual([4]);
	});
});

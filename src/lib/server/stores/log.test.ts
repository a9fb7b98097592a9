import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, type Engine, type SqlDatabase } from '../db';
import { exportLog, logOperators, logPage, operatorId, replayTrack, type LogExportRow, type LogFilter, type LogRow } from './log';
import { reportIncidents } from './reports';
import { engines, freshDatabase } from '../../../../tests/helpers/databases';

const opened: (() => Promise<void>)[] = [];
afterEach(async () => {
	for (const close of opened.splice(0)) await close();
});

/** A migrated database of its own, closed and removed after the test. */
async function fresh(engine: Engine): Promise<SqlDatabase> {
	const { location, dispose } = await freshDatabase(engine);
	const database = await openDatabase(location);
	opened.push(async () => {
		await database.close();
		await dispose();
	});
	return database;
}

const t0 = 1_800_000_000_000;
const minute = 60_000;

/**
 * Ten incidents a minute apart (the 1st, 4th, 7th and 10th thefts, the rest airbags, the 2nd a
 * test call), on two vehicles; olga acknowledged the even ones and escalated the 4th (two
 * references) and the 6th (none); the 7th has a track, the 3rd a position of its own.
 */
async function seeded(engine: Engine) {
	const db = await fresh(engine);
	const olga = (await db.get<{ id: number }>(sql`insert into accounts (username, password_hash, role, created_at) values ('olga', 'x', 'operator', 0) returning id`))!.id;
	await db.run(sql`insert into accounts (username, password_hash, role, created_at) values ('wall', 'x', 'display', 0)`);
	const authority = (await db.get<{ id: number; name: string }>(sql`select id, name from authorities order by id limit 1`))!;
	await db.run(sql`insert into vehicles (vin, plate, model, model_year, colour, updated_at) values ('WDB00000000000001', 'AB-123 CD', 'Estate', 2021, 'blue', 0)`);
	await db.run(sql`insert into vehicles (vin, plate, updated_at) values ('VF100000000000002', 'XY 99', 0)`);
	for (let id = 1; id <= 10; id++) {
		const type = id % 3 === 1 ? 'theft' : 'airbag';
		const details = id === 2 ? { testCall: true } : id === 3 ? { position: { lat: 48.5, lon: -2.25 } } : {};
		const vin = id <= 5 ? 'WDB00000000000001' : 'VF100000000000002';
		const owner = id % 2 === 0 ? olga : null;
		await db.run(sql`insert into incidents (id, type, status, vin, opened_at, details, owner_id, acknowledged_at)
			values (${id}, ${type}, ${owner ? 'acknowledged' : 'new'}, ${vin}, ${t0 + id * minute}, ${JSON.stringify(details)}, ${owner}, ${owner ? t0 + id * minute + 5_000 : null})`);
		if (owner) await db.run(sql`insert into timeline (id, incident_id, at, kind, actor_id, data) values (${id}, ${id}, ${t0 + id * minute + 5_000}, 'acknowledge', ${olga}, '{}')`);
	}
	for (const [incident, references] of [[4, ['R-1', 'R-2']], [6, []]] as const) {
		const escalation = (await db.get<{ id: number }>(sql`insert into escalations (incident_id, authority_id, at, actor_id) values (${incident}, ${authority.id}, ${t0}, ${olga}) returning id`))!.id;
		for (const reference of references) await db.run(sql`insert into escalation_references (escalation_id, reference, at, actor_id) values (${escalation}, ${reference}, ${t0}, ${olga})`);
	}
	for (let i = 1; i <= 5; i++) {
		await db.run(sql`insert into fixes (id, incident_id, fix_at, received_at, lat, lon) values (${i}, 7, ${t0 + i * 1_000}, ${t0 + i * 1_000}, ${48 + i / 3}, ${11 + i / 7})`);
	}
	return { db, olga, authority };
}

const ids = (rows: LogRow[]) => rows.map((r) => r.id);

async function exported(db: SqlDatabase, filter: LogFilter, order: 'newest' | 'oldest', chunkSize: number): Promise<LogExportRow[][]> {
	const chunks: LogExportRow[][] = [];
	for await (const chunk of exportLog(db, filter, order, chunkSize)) chunks.push(chunk);
	return chunks;
}

describe.each(engines)('the incident log on %s', (engine) => {
	it('pages the log newest first with a keyset, forwards and back, with the total on each page', async () => {
		const { db } = await seeded(engine);
		const first = await logPage(db, { filter: {}, order: 'newest', size: 4 });
		expect(ids(first.rows)).toEqual([10, 9, 8, 7]);
		expect(first).toMatchObject({ total: 10, previous: null, next: { openedAt: t0 + 7 * minute, id: 7 } });
		const second = await logPage(db, { filter: {}, order: 'newest', size: 4, after: first.next! });
		expect(ids(second.rows)).toEqual([6, 5, 4, 3]);
		expect(second.previous).toEqual({ openedAt: t0 + 6 * minute, id: 6 });
		const back = await logPage(db, { filter: {}, order: 'newest', size: 4, before: second.previous! });
		expect(ids(back.rows)).toEqual([10, 9, 8, 7]);
		expect(back.previous).toBeNull();
		const last = await logPage(db, { filter: {}, order: 'newest', size: 4, last: true });
		expect(ids(last.rows)).toEqual([4, 3, 2, 1]);
		expect(last).toMatchObject({ previous: { openedAt: t0 + 4 * minute, id: 4 }, next: null });
		expect(ids((await logPage(db, { filter: {}, order: 'oldest', size: 3 })).rows)).toEqual([1, 2, 3]);
	});

	it('filters by range, type, status, owner, VIN beginning and plate', async () => {
		const { db, olga } = await seeded(engine);
		const page = async (filter: LogFilter) => {
			const p = await logPage(db, { filter, order: 'oldest', size: 50 });
			expect(p.total).toBe(p.rows.length);
			return ids(p.rows);
		};
		expect(await page({ from: t0 + 3 * minute, to: t0 + 6 * minute })).toEqual([3, 4, 5]);
		expect(await page({ type: 'theft' })).toEqual([1, 4, 7, 10]);
		expect(await page({ status: 'acknowledged', type: 'airbag' })).toEqual([2, 6, 8]);
		expect(await page({ operatorId: olga })).toEqual([2, 4, 6, 8, 10]);
		expect(await page({ vin: 'WDB' })).toEqual([1, 2, 3, 4, 5]);
		expect(await page({ vin: 'WDC' })).toEqual([]);
		expect(await page({ plate: 'AB123' })).toEqual([1, 2, 3, 4, 5]);
		expect(await page({ plate: 'XY99', from: t0 + 9 * minute })).toEqual([9, 10]);
	});

	it('gives each row its vehicle, owner, test call and position (the last fix, else the alert’s own)', async () => {
		const { db } = await seeded(engine);
		const rows = new Map((await logPage(db, { filter: {}, order: 'oldest', size: 50 })).rows.map((r) => [r.id, r]));
		expect(rows.get(2)).toMatchObject({ type: 'airbag', status: 'acknowledged', testCall: true, operator: 'olga', vin: 'WDB00000000000001', plate: 'AB-123 CD', model: 'Estate', modelYear: 2021, colour: 'blue', openedAt: t0 + 2 * minute, acknowledgedAt: t0 + 2 * minute + 5_000, lat: null, lon: null, place: null });
		expect(rows.get(3)).toMatchObject({ testCall: false, operator: null, lat: 48.5, lon: -2.25 });
		expect(rows.get(7)).toMatchObject({ lat: 48 + 5 / 3, lon: 11 + 5 / 7, plate: 'XY 99', model: null });
	});

	it('exports the same filtered set a chunk at a time, with each escalation and its references', async () => {
		const { db, authority } = await seeded(engine);
		const chunks = await exported(db, {}, 'newest', 3);
		expect(chunks.map((c) => c.length)).toEqual([3, 3, 3, 1]);
		const rows = chunks.flat();
		expect(ids(rows)).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
		const page = (await logPage(db, { filter: {}, order: 'newest', size: 50 })).rows;
		expect(rows.map(({ escalations: _, ...row }) => row)).toEqual(page);
		expect(rows.find((r) => r.id === 4)!.escalations).toEqual([`${authority.name}: R-1, R-2`]);
		expect(rows.find((r) => r.id === 6)!.escalations).toEqual([`${authority.name}: —`]);
		expect(rows.find((r) => r.id === 5)!.escalations).toEqual([]);
		expect((await exported(db, { type: 'theft' }, 'oldest', 2)).map((c) => ids(c))).toEqual([[1, 4], [7, 10]]);
		expect(await exported(db, { vin: 'NONE' }, 'oldest', 2)).toEqual([]);
	});

	it('names the accounts that can own incidents', async () => {
		const { db, olga } = await seeded(engine);
		expect(await logOperators(db)).toEqual([{ id: olga, username: 'olga' }]);
		expect(await operatorId(db, 'olga')).toBe(olga);
		expect(await operatorId(db, 'wall')).toBeUndefined();
	});

	it('replays the latest fixes of a track, oldest first, to 0.1 m', async () => {
		const { db } = await seeded(engine);
		const round = (x: number) => Math.round(x * 1e6) / 1e6;
		expect(await replayTrack(db, 7, 3)).toEqual({
			fixAt: [t0 + 3_000, t0 + 4_000, t0 + 5_000],
			lat: [3, 4, 5].map((i) => round(48 + i / 3)),
			lon: [3, 4, 5].map((i) => round(11 + i / 7)),
			limited: true
		});
		expect((await replayTrack(db, 7, 5)).limited).toBe(false);
		expect(await replayTrack(db, 1, 5)).toEqual({ fixAt: [], lat: [], lon: [], limited: false });
	});
});

describe.each(engines)('what the reports read on %s', (engine) => {
	it('reads the incidents opened in a range, oldest first, in chunks, with who acknowledged each', async () => {
		const { db } = await seeded(engine);
		const all = await reportIncidents(db, t0 + 2 * minute, t0 + 9 * minute, 2);
		expect(all.map((r) => r.id)).toEqual([2, 3, 4, 5, 6, 7, 8]);
		expect(all[0]).toEqual({
			id: 2,
			type: 'airbag',
			status: 'acknowledged',
			outcome: null,
			testCall: true,
			openedAt: t0 + 2 * minute,
			acknowledgedAt: t0 + 2 * minute + 5_000,
			escalatedAt: null,
			resolvedAt: null,
			acknowledgedBy: 'olga'
		});
		expect(all[1]).toMatchObject({ id: 3, testCall: false, acknowledgedBy: null });
		expect(await reportIncidents(db, t0 + 2 * minute, t0 + 9 * minute)).toEqual(all);
		expect(await reportIncidents(db, t0 + 20 * minute, t0 + 30 * minute)).toEqual([]);
	});
});

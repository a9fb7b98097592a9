import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, type Engine, type SqlDatabase } from '../db';
import { activeAuthority, addAuthority, listAuthorities, retireAuthority } from './authorities';
import { verifyAudit } from './audit';
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

const actions = async (db: SqlDatabase) => (await db.all<{ action: string }>(sql`select action from admin_log order by id`)).map((e) => e.action);

describe.each(engines)('the authority directory on %s', (engine) => {
	it('lists the seeded directory by country and kind', async () => {
		const db = await fresh(engine);
		const list = await listAuthorities(db);
		expect(list.length).toBeGreaterThan(0);
		const keys = list.map((a) => `${a.country} ${a.kind}`);
		expect(keys).toEqual([...keys].sort());
		expect(list.every((a) => a.retiredAt === null && typeof a.id === 'number' && typeof a.createdAt === 'number')).toBe(true);
	});

	it('adds an authority and retires it, each once on the admin log', async () => {
		const db = await fresh(engine);
		const input = { name: 'Polizei Testdorf', kind: 'police' as const, country: 'DE', phone: '+49 110' };
		const added = await addAuthority(db, input, 'admin', 1_000);
		expect(added).toEqual({ id: expect.any(Number), ...input, createdAt: 1_000, retiredAt: null });
		expect(await activeAuthority(db, added.id)).toEqual(added);
		expect(await listAuthorities(db)).toContainEqual(added);

		expect(await retireAuthority(db, added.id, 'admin', 2_000)).toBe(true);
		expect(await retireAuthority(db, added.id, 'admin', 3_000)).toBe(false);
		expect(await retireAuthority(db, 99_999, 'admin', 3_000)).toBe(false);
		expect(await activeAuthority(db, added.id)).toBeUndefined();
		expect((await listAuthorities(db)).map((a) => a.id)).not.toContain(added.id);
		expect(await listAuthorities(db, { includeRetired: true })).toContainEqual({ ...added, retiredAt: 2_000 });
		expect(await actions(db)).toEqual(['authority.add', 'authority.retire']);
		const [entry] = await db.all<{ data: string }>(sql`select data from admin_log order by id limit 1`);
		expect(JSON.parse(entry.data)).toEqual(input);
		expect((await verifyAudit(db)).intact).toBe(true);
	});
});

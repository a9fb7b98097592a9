import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { chainHash } from '../audit';
import { openDatabase, type Engine, type SqlDatabase } from '../db';
import { appendAdminEntry, verifyAudit } from './audit';
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

/** Changes an entry behind the console's back: its append-only trigger set aside first. */
async function rewrite(db: SqlDatabase, id: number, actor: string) {
	await db.run(db.engine === 'postgres' ? sql`alter table admin_log disable trigger admin_log_no_update` : sql`drop trigger if exists admin_log_no_update`);
	await db.run(sql`update admin_log set actor = ${actor} where id = ${id}`);
}

const append = (db: SqlDatabase, n: number, at = 1_000) =>
	db.transaction(
		async (tx) => {
			for (let i = 0; i < n; i++) await appendAdminEntry(tx, 'admin', 'account.add', { username: `user-${i}` }, at + i);
		},
		{ serial: true }
	);

describe.each(engines)('the admin log chain on %s', (engine) => {
	it('chains each entry to the one before it', async () => {
		const db = await fresh(engine);
		await append(db, 3);
		const rows = await db.all<{ id: number; at: number; actor: string; action: string; data: string; prev_hash: string; hash: string }>(
			sql`select id, at, actor, action, data, prev_hash, hash from admin_log order by id`
		);
		expect(rows.map((r) => r.id)).toEqual([1, 2, 3]);
		let prev = '';
		for (const r of rows) {
			expect(r.prev_hash).toBe(prev);
			expect(r.hash).toBe(chainHash(prev, { id: r.id, at: r.at, actor: r.actor, action: r.action, data: JSON.parse(r.data) }));
			prev = r.hash;
		}
		expect(await verifyAudit(db)).toEqual({ intact: true, timelineEntries: 0, adminEntries: 3, broken: null });
	});

	it('gives entries appended at the same time ids of their own', async () => {
		const db = await fresh(engine);
		await Promise.all(Array.from({ length: 6 }, (_, i) => append(db, 2, i * 10)));
		expect((await db.all<{ id: number }>(sql`select id from admin_log order by id`)).map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
		expect((await verifyAudit(db)).intact).toBe(true);
	});

	it('names the entry that was changed, past the first part of a long chain too', async () => {
		const db = await fresh(engine);
		await append(db, 1_005);
		expect(await verifyAudit(db)).toEqual({ intact: true, timelineEntries: 0, adminEntries: 1_005, broken: null });
		await rewrite(db, 1_002, 'someone-else');
		expect(await verifyAudit(db)).toEqual({ intact: false, timelineEntries: 0, adminEntries: 1_005, broken: { log: 'admin_log', id: 1_002 } });
		await rewrite(db, 3, 'someone-else');
		expect((await verifyAudit(db)).broken).toEqual({ log: 'admin_log', id: 3 });
	});

	it('names an entry added by hand', async () => {
		const db = await fresh(engine);
		await append(db, 2);
		await db.run(sql`insert into admin_log (id, at, actor, action, data, prev_hash, hash) values (3, 5, 'x', 'account.add', '{}', 'made-up', 'made-up')`);
		expect((await verifyAudit(db)).broken).toEqual({ log: 'admin_log', id: 3 });
	});
});

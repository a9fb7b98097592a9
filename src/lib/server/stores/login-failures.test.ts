import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, type Engine, type SqlDatabase } from '../db';
import { clearFailures, recordFailure, signInLockedUntil } from './login-failures';
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

const minute = 60_000;

describe.each(engines)('sign-in throttling store on %s', (engine) => {
	it('locks an account after 5 failures within 15 minutes, for 15 minutes, and only that account', async () => {
		const db = await fresh(engine);
		const t0 = 1_800_000_000_000;
		for (let i = 0; i < 4; i++) await recordFailure(db, 'alice', t0 + i * minute);
		expect(await signInLockedUntil(db, 'alice', t0 + 4 * minute)).toBeNull();
		await recordFailure(db, 'alice', t0 + 4 * minute);
		expect(await signInLockedUntil(db, 'alice', t0 + 5 * minute)).toBe(t0 + 19 * minute);
		expect(await signInLockedUntil(db, 'alice', t0 + 19 * minute - 1)).toBe(t0 + 19 * minute);
		expect(await signInLockedUntil(db, 'alice', t0 + 19 * minute)).toBeNull();
		expect(await signInLockedUntil(db, 'bob', t0 + 5 * minute)).toBeNull();
	});

	it('forgets the failures after a successful sign-in', async () => {
		const db = await fresh(engine);
		for (let i = 0; i < 5; i++) await recordFailure(db, 'carol', 1000 + i);
		await clearFailures(db, 'carol');
		expect(await signInLockedUntil(db, 'carol', 2000)).toBeNull();
	});

	it('drops failures older than two windows whenever one is recorded', async () => {
		const db = await fresh(engine);
		const t0 = 1_800_000_000_000;
		for (let i = 0; i < 5; i++) await recordFailure(db, 'dave', t0 + i);
		await recordFailure(db, 'erin', t0 + 31 * minute);
		const left = await db.all<{ username: string }>(sql`select username from login_failures order by id`);
		expect(left.map((r) => r.username)).toEqual(['erin']);
	});
});

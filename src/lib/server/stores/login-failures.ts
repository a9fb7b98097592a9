// Failed sign-ins, kept in the database so throttling holds across restarts and nodes.
import { sql } from 'drizzle-orm';
import { lockedUntil, maxFailures, throttleWindowMs } from '../../domain/throttle';
import type { Database, Sql } from '../db/sql';

export async function signInLockedUntil(db: Sql, username: string, now = Date.now()): Promise<number | null> {
	const recent = await db.all<{ at: number }>(
		sql`select at from login_failures where username = ${username} order by at desc limit ${maxFailures}`
	);
	return lockedUntil(recent.map((r) => r.at), now);
}

export async function recordFailure(database: Database, username: string, now = Date.now()): Promise<void> {
	await database.transaction(async (tx) => {
		await tx.run(sql`insert into login_failures (username, at) values (${username}, ${now})`);
		await tx.run(sql`delete from login_failures where at < ${now - 2 * throttleWindowMs}`);
	});
}

export async function clearFailures(db: Sql, username: string): Promise<void> {
	await db.run(sql`delete from login_failures where username = ${username}`);
}

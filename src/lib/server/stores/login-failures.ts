// Failed sign-ins, kept in the database so throttling holds across restarts (and, later, nodes).
import { desc, eq, lt } from 'drizzle-orm';
import { lockedUntil, maxFailures, throttleWindowMs } from '../../domain/throttle';
import type { Db } from '../db';
import { loginFailures } from '../db/schema';

export async function signInLockedUntil(db: Db, username: string, now = Date.now()): Promise<number | null> {
	const recent = db
		.select({ at: loginFailures.at })
		.from(loginFailures)
		.where(eq(loginFailures.username, username))
		.orderBy(desc(loginFailures.at))
		.limit(maxFailures)
		.all()
		.map((r) => r.at);
	return lockedUntil(recent, now);
}

export async function recordFailure(db: Db, username: string, now = Date.now()): Promise<void> {
	db.transaction((tx) => {
		tx.insert(loginFailures).values({ username, at: now }).run();
		tx.delete(loginFailures).where(lt(loginFailures.at, now - 2 * throttleWindowMs)).run();
	});
}

export async function clearFailures(db: Db, username: string): Promise<void> {
	db.delete(loginFailures).where(eq(loginFailures.username, username)).run();
}

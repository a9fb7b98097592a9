import type { Db } from '../db';

/** True when the database answers a query. */
export async function databaseAnswers(db: Db): Promise<boolean> {
	try {
		return db.$client.prepare('select 1 as ok').get() !== undefined;
	} catch {
		return false;
	}
}

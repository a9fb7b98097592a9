import { sql } from 'drizzle-orm';
import type { Sql } from '../db/sql';

/** True when the database answers a query. */
export async function databaseAnswers(db: Sql): Promise<boolean> {
	try {
		return (await db.get(sql`select 1 as ok`)) !== undefined;
	} catch {
		return false;
	}
}

import { existsSync } from 'node:fs';
import type { Db } from '../db';

/** An online, consistent copy of the database (SQLite's backup API), safe while the console writes. */
export async function backupDatabase(db: Db, file: string): Promise<void> {
	if (existsSync(file)) throw new Error(`${file} already exists`);
	await db.$client.backup(file);
}

import { existsSync } from 'node:fs';
import type { Db } from '../db';

/**
 * An online, consistent copy of the database while the console writes. VACUUM INTO reads one
 * snapshot (WAL lets writers go on), where the page-by-page backup API restarts whenever another
 * connection writes and may never finish on a busy console.
 */
export async function backupDatabase(db: Db, file: string): Promise<void> {
	if (existsSync(file)) throw new Error(`${file} already exists`);
	db.$client.prepare('VACUUM INTO ?').run(file);
}

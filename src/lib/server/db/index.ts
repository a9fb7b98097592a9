// Opens the SQLite database with the pragmas an alarm console needs and applies the migrations.
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** The `drizzle/` folder ships beside the built code: look for it above this module, then in the working directory. */
function migrationsFolder(): string {
	let dir = dirname(fileURLToPath(import.meta.url));
	for (;;) {
		if (existsSync(join(dir, 'drizzle', 'meta', '_journal.json'))) return join(dir, 'drizzle');
		const up = dirname(dir);
		if (up === dir) return resolve('drizzle');
		dir = up;
	}
}

export function openDb(path: string): Db {
	if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
	const client = new Database(path);
	client.pragma('journal_mode = WAL');
	// better-sqlite3 leaves WAL databases at NORMAL, which can lose the last commits on power loss.
	client.pragma('synchronous = FULL');
	client.pragma('busy_timeout = 5000');
	client.pragma('foreign_keys = ON');
	// Checkpoint every 10,000 WAL pages (about 40 MB), not SQLite's 1,000: the ingest rewrites the
	// same hot index pages in every commit, and a rarer checkpoint copies each of them back once.
	client.pragma('wal_autocheckpoint = 10000');
	const db = drizzle(client, { schema }) as Db;
	migrate(db, { migrationsFolder: migrationsFolder() });
	return db;
}

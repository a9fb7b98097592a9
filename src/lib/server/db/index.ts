// Opens the console's database: a SQLite file, or PostgreSQL when `SOC_DB` is a postgres:// URL
// (docs/nodes.md). Either is migrated before it is handed out.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PostgresDatabase } from './postgres';
import type { Database as SqlDatabase } from './sql';
import { SqliteDatabase } from './sqlite';

export type { Database as SqlDatabase, Engine, Sql } from './sql';

export const isPostgresUrl = (location: string): boolean => /^postgres(ql)?:\/\//.test(location);

/** Each engine's migrations ship beside the built code: look for them above this module, then in the working directory. */
function migrationsFolder(name: 'drizzle' | 'drizzle-pg'): string {
	let dir = dirname(fileURLToPath(import.meta.url));
	for (;;) {
		if (existsSync(join(dir, name, 'meta', '_journal.json'))) return join(dir, name);
		const up = dirname(dir);
		if (up === dir) return resolve(name);
		dir = up;
	}
}

/** `node`: what this process's connections are named on PostgreSQL (SOC_NODE_ID). */
export async function openDatabase(location: string, node?: string): Promise<SqlDatabase> {
	if (isPostgresUrl(location)) return PostgresDatabase.open(location, migrationsFolder('drizzle-pg'), node);
	return new SqliteDatabase(location, migrationsFolder('drizzle'));
}

export { SqliteDatabase };

// `soc backup`: an online, consistent copy of the database while the console writes.
import { sql } from 'drizzle-orm';
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import type { Sql } from '../db/sql';

/** A backup refused or failed, said in words fit for the operator (no password in them). */
export class BackupError extends Error {}

/**
 * SQLite: VACUUM INTO reads one snapshot (WAL lets writers go on), where the page-by-page backup
 * API restarts whenever another connection writes and may never finish on a busy console.
 */
export async function backupDatabase(db: Sql, file: string): Promise<void> {
	if (db.engine !== 'sqlite') throw new BackupError('a PostgreSQL database is copied with pg_dump (dumpPostgres)');
	if (existsSync(file)) throw new Error(`${file} already exists`);
	await db.run(sql`vacuum into ${file}`);
}

/** A postgres:// URL without its password (in the user part or a `password` parameter), and that password. */
export function withoutPassword(url: string): { url: string; password: string | undefined } {
	let password: string | undefined;
	const decoded = (s: string) => {
		try {
			return decodeURIComponent(s);
		} catch {
			return s;
		}
	};
	// The user part ends at the last @ before the host (a password's own @ is written %40).
	let bare = url.replace(/^(postgres(?:ql)?:\/\/)([^/?#]*)@/, (whole, scheme: string, userInfo: string) => {
		const colon = userInfo.indexOf(':');
		if (colon < 0) return whole;
		password = decoded(userInfo.slice(colon + 1));
		return `${scheme}${userInfo.slice(0, colon)}@`;
	});
	bare = bare
		.replace(/([?&])password=([^&#]*)&?/, (_, separator: string, value: string) => {
			password = decoded(value);
			return separator;
		})
		.replace(/[?&]$/, '');
	return { url: bare, password };
}

/** A command line as a POSIX shell reads it. */
const shellLine = (words: string[]) => words.map((w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`)).join(' ');

/**
 * PostgreSQL: pg_dump's custom format, one consistent snapshot. The password goes to pg_dump in
 * PGPASSWORD, never on its command line (which other users of the machine can list). Without
 * pg_dump on PATH, the error says the command to run instead, without the password.
 */
export async function dumpPostgres(url: string, file: string): Promise<void> {
	if (existsSync(file)) throw new Error(`${file} already exists`);
	const { url: bare, password } = withoutPassword(url);
	const args = ['--format=custom', '--file', file, bare];
	const env = password === undefined ? process.env : { ...process.env, PGPASSWORD: password };
	const exit = await new Promise<number | 'missing'>((resolve, reject) => {
		const child = spawn('pg_dump', args, { stdio: ['ignore', 'inherit', 'inherit'], env });
		child.once('error', (e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? resolve('missing') : reject(e)));
		child.once('close', (code) => resolve(code ?? 1));
	});
	if (exit === 'missing') {
		throw new BackupError(`pg_dump is not on PATH; to back up this database, run (it asks for the password, or takes PGPASSWORD or ~/.pgpass):\n${shellLine(['pg_dump', ...args])}`);
	}
	if (exit !== 0) {
		// A part-written copy is no backup, and would refuse the next attempt.
		rmSync(file, { force: true });
		throw new BackupError(`pg_dump failed (exit ${exit})`);
	}
}
